"""SARIF 2.1.0 for code scanning (GitHub and others).

One rule per indicator (ruleId is the indicator id) with help text and a help URI; one result
per indicator that is not pass or not-applicable. Every result has a location: its first
evidence file, else a root file of the repository (see ``fallback_file``). A waived result is
kept, with an accepted external suppression carrying the waiver's reason, so code scanning
shows it as dismissed rather than losing it. File URIs percent-encode the file name's own bytes
(``pkg%FF/package.json``), which the report's escaped paths keep exactly.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from dpgcheck.display import unescape_path
from dpgcheck.formats import RenderOptions, register_format
from dpgcheck.formats._shared import STANDARD_URL, evidence_files, evidence_lines, fallback_file
from dpgcheck.model import Evidence, IndicatorResult, Report, Status

SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
MAX_RELATED = 20

LEVEL = {
    Status.FAIL: "error",
    Status.ERROR: "error",
    Status.WARN: "warning",
    Status.NEEDS_REVIEW: "note",
}


@register_format("sarif")
def render_sarif(report: Report, options: RenderOptions) -> str:
    """The report as a SARIF 2.1.0 log with one run."""
    rules = [_rule(result) for result in report.results]
    results = [
        _result(index, result, report)
        for index, result in enumerate(report.results)
        if result.status in LEVEL
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "dpgcheck",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": STANDARD_URL,
                "rules": rules,
            }
        },
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "standard": {"name": report.standard_name, "version": report.standard_version},
            "target": {"kind": report.target.kind, "location": report.target.location},
            "summary": {"status": report.overall, "counts": report.counts()},
            "notes": list(report.notes),
        },
    }
    if report.target.kind == "local" and PurePosixPath(report.target.location).is_absolute():
        run["originalUriBaseIds"] = {
            SRCROOT: {"uri": "file://" + quote(unescape_path(report.target.location.rstrip("/") + "/"))}
        }
    if report.target.revision:
        run["versionControlProvenance"] = [
            {"repositoryUri": _repository_uri(report), "revisionId": report.target.revision}
        ]
    log = {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _repository_uri(report: Report) -> str:
    location = report.target.location
    if "://" in location:
        return location
    return "file://" + quote(unescape_path(location))


def _rule(result: IndicatorResult) -> dict[str, Any]:
    help_uri = result.help_url or STANDARD_URL
    requirement = result.requirement or result.title
    help_text = f"{requirement}\n\nThe DPG Standard on this indicator: {help_uri}"
    help_markdown = f"**{result.id} {result.title}**\n\n{requirement}\n\n[The DPG Standard]({help_uri})"
    if result.remediation:
        help_text += f"\n\nTo do: {result.remediation}"
        help_markdown += f"\n\n**To do:** {result.remediation}"
    return {
        "id": result.id,
        "name": "".join(word.capitalize() for word in re.sub(r"[^A-Za-z0-9]+", " ", result.title).split()),
        "shortDescription": {"text": f"{result.id} {result.title}"},
        "fullDescription": {"text": requirement},
        "help": {"text": help_text, "markdown": help_markdown},
        "helpUri": help_uri,
        "defaultConfiguration": {"level": "error"},
        "properties": {"automation": result.automation, "tags": ["dpg-standard", "compliance"]},
    }


def _result(index: int, result: IndicatorResult, report: Report) -> dict[str, Any]:
    # Code scanning shows a file at a line best: prefer evidence with a line, then names that look
    # like files; some evidence names a folder (a tests/ directory), which only fits a related location.
    files = sorted(evidence_files(result, report), key=_file_likelihood)
    if files:
        primary_path, primary_item = files[0]
        line = primary_item.line
    else:
        primary_path, line = fallback_file(result, report), None
    lines = [result.summary, *evidence_lines(result)]
    sarif: dict[str, Any] = {
        "ruleId": result.id,
        "ruleIndex": index,
        "level": LEVEL[result.status],
        "message": {"text": "\n".join(lines)},
        "locations": [_location(primary_path, line)],
        "partialFingerprints": {"dpgcheck/indicator/v1": result.id},
        "properties": {
            "status": result.status.value,
            "required": result.required,
            "waived": result.waived,
            "evidence": [item.to_dict() for item in result.evidence],
        },
    }
    related = [
        {**_location(path, item.line), "id": number, "message": {"text": item.detail}}
        for number, (path, item) in enumerate(files[1 : MAX_RELATED + 1], start=1)
    ]
    if related:
        sarif["relatedLocations"] = related
    if result.waiver is not None and result.waived:
        sarif["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": result.waiver.reason}
        ]
    return sarif


def _file_likelihood(entry: tuple[str, Evidence]) -> int:
    path, item = entry
    if item.line:
        return 0
    name = PurePosixPath(path).name
    return 1 if "." in name or name.isupper() else 2


def _location(path: str, line: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(unescape_path(path)), "uriBaseId": SRCROOT}}
    if line:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}
