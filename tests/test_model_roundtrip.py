"""``Report.to_dict`` and ``Report.from_dict`` are inverses; a damaged report is a MalformedReport."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from dpgcheck.model import Evidence, IndicatorResult, Report, Status, Target, Waiver
from dpgcheck.model_facts import (
    ClosedDependencyFact,
    DependencyCounts,
    HostFact,
    LicenseApproval,
    LicenseFact,
    LinkCheckFact,
    LinkFact,
    ReportFacts,
    SkippedFile,
)
from dpgcheck.model_read import MalformedReport

GOLDEN = Path(__file__).parent / "golden"


def _facts() -> ReportFacts:
    return ReportFacts(
        files_indexed=42,
        licenses=(
            LicenseFact(
                spdx="MIT",
                path="LICENSE",
                method="text",
                confidence=0.9876,
                line=1,
                end_line=21,
                source="license text",
                how="license text",
                package="pkg/a",
                closest="MIT-0 (0.91)",
                note="a caveat",
                primary=True,
                scope="data",
                approved=True,
                approved_by="software: list",
                approval={"software": LicenseApproval(True, "list"), "data": LicenseApproval(False, "no")},
            ),
            LicenseFact(spdx=None, path="COPYING", method="text", confidence=0.0),
        ),
        effective_licenses=("MIT",),
        manifest="dpg.yaml",
        manifest_files=("dpg.yaml", "screening.json"),
        manifest_todos=2,
        publiccode="publiccode.yml",
        readme="README.md",
        docs_dirs=("docs",),
        policies={"security": ("SECURITY.md",), "privacy": ()},
        dependencies=DependencyCounts(
            3, 10, 7, (ClosedDependencyFact("firebase", "npm", "package.json", 4, "why"),)
        ),
        standards=("OpenAPI",),
        practices={"changelog": ("CHANGELOG.md",)},
        links=(
            LinkFact(
                "https://a.example",
                "homepage",
                "manifest",
                "dpg.yaml",
                3,
                LinkCheckFact("https://a.example", "ok", 200, None, ""),
            ),
            LinkFact("https://b.example", "documentation", "host"),
        ),
        host=HostFact(
            "github",
            "https://github.com/o/r",
            "d",
            ("t",),
            None,
            "main",
            False,
            "MIT",
            {"fork": False, "community": {"health": 80}},
        ),
        skipped_files=(SkippedFile("big.bin", "too large"),),
    )


def _report(facts: ReportFacts | None) -> Report:
    results = tuple(
        IndicatorResult(
            id=f"DPG-{n}",
            title=f"Indicator {n}",
            status=status,
            automation="partial",
            summary=f"summary {n}",
            evidence=(
                Evidence("file", "found", path="LICENSE", line=3),
                Evidence("url", "linked", url="https://x.example"),
                Evidence("manifest", "declared", path="dpg.yaml"),
                Evidence("metadata", "nothing to point at"),
            ),
            remediation="do it" if status is not Status.PASS else None,
            help_url="https://help.example" if n % 2 else None,
            requirement="the rule" if n % 3 else None,
            required=n != 2,
            waiver=(
                Waiver("accepted", "2030-01-01", False, ("closed-*",), "dpgcheck.yaml")
                if n == 3
                else Waiver("old", "2020-01-01", True)
                if n == 4
                else None
            ),
        )
        for n, status in enumerate(Status, start=1)
    )
    return Report(
        tool_version="1.2.3",
        standard_name="DPG Standard",
        standard_version="1.1.6",
        target=Target("git", "https://example.org/r.git", "abc123"),
        asset_types=("software", "data"),
        results=results,
        facts=facts,
        notes=("a note", "another"),
        fail_on="warn",
    )


@pytest.mark.parametrize("facts", [_facts(), ReportFacts(), ReportFacts(error="OSError: gone"), None])
def test_report_round_trips(facts: ReportFacts | None) -> None:
    report = _report(facts)
    data = json.loads(json.dumps(report.to_dict()))
    again = Report.from_dict(data)
    assert again == report
    assert again.to_dict() == report.to_dict()


def test_a_report_without_a_gate_round_trips() -> None:
    report = Report("1", "s", "1", Target("local", "/x"), ("software",), ())
    assert Report.from_dict(report.to_dict()) == report


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*ing.json")), ids=lambda p: p.name)
def test_golden_reports_read_back_to_the_same_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    report = Report.from_dict(json.loads(text))
    assert report.facts is not None and report.facts.readme == "README.md"
    assert json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n" == text


def test_an_older_report_without_later_keys_reads_with_defaults() -> None:
    data = _report(_facts()).to_dict()
    for indicator in data["indicators"]:
        for key in ("requirement", "required", "waiver", "waived"):
            del indicator[key]
    del data["facts"]["skipped_files"], data["facts"]["manifest_todos"], data["notes"]
    report = Report.from_dict(data)
    assert all(r.required and r.waiver is None for r in report.results)
    assert report.facts is not None and report.facts.skipped_files == () and report.facts.manifest_todos == 0


def _set(data: dict[str, Any], path: str, value: object) -> None:
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is _DELETE:
        del node[int(last) if last.isdigit() else last]
    else:
        node[int(last) if last.isdigit() else last] = value


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("schema_version", "2", "schema_version '2'"),
        ("schema_version", _DELETE, "schema_version is missing"),
        ("tool", _DELETE, "tool is missing"),
        ("tool.version", 3, "tool.version is a number, not a string"),
        ("target", [], "target is a list, not an object"),
        ("indicators", _DELETE, "indicators is missing"),
        ("indicators.0", "x", "indicators[0] is a string, not an object"),
        ("indicators.0.status", "great", "indicators[0].status is 'great'"),
        ("indicators.1.evidence.0.line", "3", "indicators[1].evidence[0].line is a string"),
        ("indicators.1.evidence.0.detail", _DELETE, "indicators[1].evidence[0].detail is missing"),
        ("indicators.2.waiver.findings", [1], "indicators[2].waiver.findings holds something"),
        ("indicators.2.required", "yes", "indicators[2].required is a string, not true or false"),
        ("summary.gate.fail_on", "sometimes", "summary.gate.fail_on is 'sometimes'"),
        ("facts.licenses.0.confidence", True, "facts.licenses[0].confidence is a boolean, not a number"),
        ("facts.files_indexed", None, "facts.files_indexed is null"),
        ("facts.policies.security", "SECURITY.md", "facts.policies.security is a string, not a list"),
        ("facts.dependencies.closed.0.line", 1.5, "facts.dependencies.closed[0].line is a number"),
        ("facts.host.topics", {}, "facts.host.topics is an object, not a list"),
        ("facts.links.0.check.status", None, "facts.links[0].check.status is null"),
        ("asset_types", "software", "asset_types is a string, not a list"),
    ],
)
def test_a_damaged_report_is_malformed_and_says_where(path: str, value: object, message: str) -> None:
    data = copy.deepcopy(_report(_facts()).to_dict())
    _set(data, path, value)
    with pytest.raises(MalformedReport, match=message.replace("[", r"\[").replace("]", r"\]")):
        Report.from_dict(data)


@pytest.mark.parametrize("data", [None, [], "report", 3])
def test_a_report_that_is_not_an_object_is_malformed(data: object) -> None:
    with pytest.raises(MalformedReport, match="not an object"):
        Report.from_dict(data)
