"""``report.html``: one self-contained page (inline CSS and JS, no external assets).

A matrix of targets × indicators coloured by status, totals, filters (verdict, indicator
status, changes, claims, free text), sorting by any column, and per-target details with the
evidence of every indicator. Each target's details are written as their own inline JSON block
while the results file is read, so the page is produced without holding the audit in memory.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from importlib import resources
from typing import Any, TextIO

from dpgcheck.audit.records import ErrorRecord, Record
from dpgcheck.audit.summary_model import AuditSummary

MAX_EVIDENCE = 40
"""Evidence items per indicator shown in the page; the rest are counted (results.jsonl has all)."""


def _json(value: Any) -> str:
    # Inside <script>, "</script>" or "<!--" in a repository's text would end the block early.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def write_page(page: TextIO, summary: AuditSummary, records: Iterable[Record]) -> None:
    """Write the whole page to ``page``."""
    index = {row.key: number for number, row in enumerate(summary.rows)}
    data = {
        "indicators": summary.indicator_ids,
        "titles": summary.titles,
        "compared": summary.compared_with,
        "removed": summary.removed,
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "name": display_name(row.label),
                "status": row.status,
                "revision": row.revision,
                "statuses": row.statuses,
                "licenses": row.licenses,
                "claims": [claim.id for claim in row.claims],
                "error": row.error,
                "hint": row.hint,
                "changes": [
                    {"kind": c.kind, "indicator": c.indicator, "text": c.describe()} for c in row.changes
                ],
            }
            for row in summary.rows
        ],
    }
    about = f"{len(summary.rows)} targets"
    if summary.tool:
        about += f" · {summary.tool} · {summary.standard}"
    about += f" · {summary.generated_at}"
    if summary.compared_with:
        about += f" · compared with {summary.compared_with}"
    page.write(_HEAD.replace("@ABOUT@", html.escape(about)).replace("@CSS@", _asset("report.css")))
    page.write(f'<script type="application/json" id="audit-data">{_json(data)}</script>\n')
    for record in records:
        number = index.get(record.audit.key)
        if number is None:
            continue
        # A key met twice (a results file joined by hand) is written twice; the page reads the last.
        page.write(
            f'<script type="application/json" data-detail="{number}">{_json(_detail(record))}</script>\n'
        )
    page.write(_TAIL.replace("@JS@", _asset("report.js")))


def display_name(label: str) -> str:
    """What the target column shows: a folder's name, a URL's owner/repo; a name as it is.

    The full label (an absolute path, a URL) stays on hover and in the details: a column of
    ``/home/…/work/corpus/…`` paths pushes the statuses off a narrow screen.
    """
    text = label.strip()
    if text.endswith(")") and " (" in text:  # "Name (repository)", as registry rows are labelled
        return text.split(" (", 1)[0] or text
    if "://" in text or text.startswith("git@"):
        path = (
            text.split("://", 1)[-1].split(":", 1)[-1] if text.startswith("git@") else text.split("://", 1)[1]
        )
        parts = [part for part in path.split("?", 1)[0].rstrip("/").split("/") if part]
        parts = parts[1:] if "://" in text else parts  # the host
        for stop in ("-", "tree"):  # GitLab's /-/tree/REF, GitHub's /tree/REF
            if stop in parts:
                parts = parts[: parts.index(stop)]
        return "/".join(parts[-2:]).removesuffix(".git") or text
    if text.startswith(("/", "~", "./", "../")) or (len(text) > 2 and text[1:3] in (":\\", ":/")):
        parts = [part for part in text.replace("\\", "/").rstrip("/").split("/") if part not in ("", ".")]
        return parts[-1] if parts else text
    return text


def _asset(name: str) -> str:
    """The page's stylesheet or script, inlined so the page needs nothing else."""
    return resources.files("dpgcheck.audit").joinpath(name).read_text(encoding="utf-8")


def _detail(record: Record) -> dict[str, Any]:
    """What the details panel shows for one target."""
    if isinstance(record, ErrorRecord):
        return {"error": record.error, "hint": record.hint, "audit": record.audit.to_dict()}
    report = record.report
    indicators = [
        {
            "id": result.id,
            "title": result.title,
            "status": result.status.value,
            "summary": result.summary,
            "remediation": result.remediation,
            "help_url": result.help_url,
            "evidence": [item.to_dict() for item in result.evidence[:MAX_EVIDENCE]],
            "more": max(0, len(result.evidence) - MAX_EVIDENCE),
        }
        for result in report.results
    ]
    target = report.target
    return {
        "target": {"kind": target.kind, "location": target.location, "revision": target.revision},
        "audit": record.audit.to_dict(),
        "asset_types": list(report.asset_types),
        "indicators": indicators,
        "notes": list(report.notes),
    }


_HEAD = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dpgcheck audit</title>
<style>
@CSS@</style>
</head>
<body>
<header>
<h1>dpgcheck audit</h1>
<div class="about">@ABOUT@</div>
<div class="cards" id="cards"></div>
</header>
<div class="controls">
<input type="search" id="q" placeholder="Filter targets, licenses, errors…" aria-label="Filter by text">
<label>Indicator <select id="ind"><option value="">any</option></select></label>
<label>is <select id="indst"><option value="">any status</option></select></label>
<label><input type="checkbox" id="onlyclaims"> contradicted claims</label>
<label><input type="checkbox" id="onlychanged"> changed</label>
<span id="shown"></span>
</div>
<main>
<div class="frame"><table class="matrix" id="matrix">
<thead></thead><tbody></tbody><tfoot></tfoot></table></div>
<div class="legend" id="legend"></div>
<div class="empty" id="empty" hidden>No target matches the filters.</div>
<div id="removed"></div>
</main>
"""

_TAIL = """<script>
@JS@</script>
</body>
</html>
"""
