"""Every output format: golden files, SARIF 2.1.0 validity, JUnit mapping, Markdown, HTML, badge.

Golden files live in tests/golden/. After an intended change to a renderer, regenerate them with

    DPGCHECK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_formats.py

and review the diff before committing it.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from msgspec.structs import replace

from dpgcheck.api import CheckOptions, Policy, RunOptions, check
from dpgcheck.catalog import load_catalog
from dpgcheck.formats import RenderOptions, format_names, get_renderer
from dpgcheck.model import Evidence, IndicatorResult, Report, Status, Target
from dpgcheck.report_schema import report_errors
from tests.conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden"
SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())
UPDATE = os.environ.get("DPGCHECK_UPDATE_GOLDEN") == "1"

EXTENSIONS = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "junit": "junit.xml",
    "markdown": "md",
    "html": "html",
    "badge": "badge.json",
}


def normalised(report: Report, name: str) -> Report:
    """The report without what differs between machines and commits."""
    results = tuple(
        replace(r, waiver=replace(r.waiver, source="tests/golden/config.yaml")) if r.waiver else r
        for r in report.results
    )
    return replace(
        report,
        tool_version="0.0.0",
        target=Target("local", f"/checkout/examples/{name}", "1234567890abcdef1234567890abcdef12345678"),
        results=results,
    )


def golden_report(name: str) -> Report:
    config = str(GOLDEN / "config.yaml") if name == "failing" else None
    outcome = check(
        str(EXAMPLES / name),
        RunOptions(
            CheckOptions(asset_types=()), Policy(config_path=config, use_config=False, today=date(2026, 6, 1))
        ),
    )
    return normalised(outcome.report, name)


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {name: golden_report(name) for name in ("failing", "passing")}


def render(fmt: str, report: Report) -> str:
    return get_renderer(fmt)(report, RenderOptions(color=False, width=100))


def test_every_format_has_golden_files() -> None:
    assert set(format_names()) >= set(EXTENSIONS)


@pytest.mark.parametrize("name", ["failing", "passing"])
@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_golden(reports: dict[str, Report], fmt: str, name: str) -> None:
    rendered = render(fmt, reports[name])
    path = GOLDEN / f"{name}.{EXTENSIONS[fmt]}"
    if UPDATE:
        path.write_text(rendered, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run with DPGCHECK_UPDATE_GOLDEN=1"
    assert rendered == path.read_text(encoding="utf-8"), (
        f"{fmt} output changed; if intended, regenerate with DPGCHECK_UPDATE_GOLDEN=1"
    )


def test_golden_json_reports_match_the_report_schema() -> None:
    for name in ("failing", "passing"):
        assert report_errors(json.loads((GOLDEN / f"{name}.json").read_text())) == []


# SARIF ----------------------------------------------------------------------------------------


def sarif_errors(document: Any) -> list[str]:
    validator = jsonschema.Draft4Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_the_sarif_schema_catches_mistakes() -> None:
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    assert sarif_errors({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{}]}]})
    assert sarif_errors({"version": "2.0.0", "runs": []})
    assert sarif_errors({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "bogus": 1}}}]})


@pytest.mark.parametrize("name", ["failing", "passing"])
def test_sarif_is_valid_and_complete(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    log = json.loads(render("sarif", report))
    assert sarif_errors(log) == []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [r.id for r in report.results]
    for rule in rules:
        assert rule["helpUri"].startswith("https://")
        assert rule["help"]["text"] and rule["shortDescription"]["text"].startswith(rule["id"])
    expected = [r.id for r in report.results if r.status not in (Status.PASS, Status.NOT_APPLICABLE)]
    assert [res["ruleId"] for res in run["results"]] == expected
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        (location,) = res["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert uri and not uri.startswith("/") and "://" not in uri


def test_sarif_locations_levels_and_suppressions(reports: dict[str, Report]) -> None:
    run = json.loads(render("sarif", reports["failing"]))["runs"][0]
    by_id = {res["ruleId"]: res for res in run["results"]}

    def where(indicator: str) -> tuple[str, int | None]:
        physical = by_id[indicator]["locations"][0]["physicalLocation"]
        return physical["artifactLocation"]["uri"], physical.get("region", {}).get("startLine")

    assert where("DPG-2") == ("LICENSE", 1)  # the evidence file and line
    assert where("DPG-3") == ("LICENSE", None)  # no evidence file: the license file
    assert where("DPG-9C") == ("dpg.yaml", 10)  # the declared userInteraction: Yes it rests on
    assert (
        by_id["DPG-2"]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "package.json"
    )
    assert by_id["DPG-2"]["level"] == "error" and by_id["DPG-1"]["level"] == "note"
    assert by_id["DPG-2"]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "Relicensing to Apache-2.0 is under way (#12)",
        }
    ]
    assert "suppressions" not in by_id["DPG-5"]  # expired
    assert "suppressions" not in by_id["DPG-4"]  # the finding waiver covers one of two findings


def test_sarif_falls_back_to_readme_and_keeps_outside_paths_out() -> None:
    outside = IndicatorResult(
        "DPG-7",
        "Privacy",
        Status.FAIL,
        "partial",
        "No policy",
        (
            Evidence("manifest", "declared elsewhere", path="/elsewhere/dpg.yaml", line=3),
            Evidence("url", "policy page is gone", url="https://example.org/privacy"),
        ),
        "Publish one",
        None,
    )
    inside = replace(
        outside, id="DPG-9A", evidence=(Evidence("file", "x", path="/repo/docs/SECURITY.md", line=2),)
    )
    report = Report("1", "DPG Standard", "1.1.7", Target("local", "/repo"), ("software",), (outside, inside))
    log = json.loads(render("sarif", report))
    assert sarif_errors(log) == []
    results = log["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "README.md"
    assert results[0]["locations"][0]["physicalLocation"].get("region") is None
    assert "https://example.org/privacy" in results[0]["message"]["text"]
    assert results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/SECURITY.md"
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"].startswith(
        "https://github.com/DPGAlliance"
    )


# JUnit ----------------------------------------------------------------------------------------


def test_junit_maps_the_gate(reports: dict[str, Report]) -> None:
    root = ET.fromstring(render("junit", reports["failing"]))
    suite = root.find("testsuite")
    assert suite is not None
    cases = {case.get("classname"): case for case in suite.findall("testcase")}
    assert len(cases) == 11
    failed = sorted(k.split(".", 1)[1] for k, c in cases.items() if c.find("failure") is not None)
    gating = sorted(r.id for r in reports["failing"].gating())
    assert failed == gating and "DPG-5" in failed  # the expired waiver gates again
    skipped = {
        k.split(".", 1)[1]: c.find("skipped") for k, c in cases.items() if c.find("skipped") is not None
    }
    assert set(skipped) == {"DPG-2"}
    message = skipped["DPG-2"].get("message") or ""  # type: ignore[union-attr]
    assert message.startswith("fail (waived): Waived, until 2026-12-31: Relicensing")
    dpg8 = cases["dpgcheck.DPG-8"]
    assert dpg8.find("failure") is None and "advisory" in (dpg8.findtext("system-out") or "")
    assert root.get("failures") == str(len(gating)) and root.get("tests") == "11"
    assert suite.find("properties/property[@name='fail_on']").get("value") == "fail"  # type: ignore[union-attr]


def test_junit_errors_and_control_characters() -> None:
    broken = IndicatorResult(
        "DPG-1",
        "SDG",
        Status.ERROR,
        "partial",
        "check crashed \x00\x1b",
        (Evidence("metadata", "bad\x07"),),
        None,
        None,
    )
    report = replace(
        Report("1", "DPG Standard", "1", Target("local", "/r"), ("software",), (broken,)), fail_on="fail"
    )
    root = ET.fromstring(render("junit", report))  # parses: the control characters are replaced
    error = root.find("testsuite/testcase/error")
    assert error is not None and error.get("type") == "error"
    assert root.get("errors") == "1" and root.get("failures") == "0"


# Markdown, HTML, badge ------------------------------------------------------------------------


def test_markdown_for_pull_requests(reports: dict[str, Report]) -> None:
    text = render("markdown", reports["failing"])
    # The version comes from the catalog (indicators/standard.yaml), the one place it is stated.
    assert text.startswith(f"## ❌ dpgcheck: fail — DPG Standard {load_catalog().standard_version}\n")
    assert text.count("<details") == 11 and text.count("</details>") == 11
    assert "<details open><summary><b>DPG-5</b>" in text  # gates: open
    assert "<details><summary><b>DPG-2</b>" in text  # waived: closed
    assert "fail (waived)" in text and "fail (waiver expired)" in text and "needs-review (advisory)" in text
    assert "**Gate:** `--fail-on fail` — failed by DPG-5," in text
    table = [line for line in text.splitlines() if line.startswith("| **DPG-")]
    assert len(table) == 11 and all(line.count(" | ") == 2 for line in table)


def test_markdown_escapes_what_would_break_it() -> None:
    item = IndicatorResult(
        "DPG-1", "A | B", Status.FAIL, "full", "uses <script> and *stars* | pipes", (), None, None
    )
    text = render("markdown", Report("1", "S", "1", Target("local", "/r"), ("software",), (item,)))
    assert "&lt;script&gt;" in text and "<script>" not in text
    assert "A \\| B" in text and "\\*stars\\*" in text


def test_html_is_self_contained_and_complete(reports: dict[str, Report]) -> None:
    page = render("html", reports["failing"])
    assert page.startswith("<!DOCTYPE html>")
    for external in ("<script", "<link", "<img", "src=", "@import", "url("):
        assert external not in page, external
    assert "@media print" in page
    for result in reports["failing"].results:
        assert f'<article id="{result.id}" class="s-{result.status.value}">' in page
    assert "Waived, until 2026-12-31" in page and 'class="waiver expired"' in page
    assert page.count('class="todo"') == sum(1 for r in reports["failing"].results if r.remediation)
    assert "<code>LICENSE:1</code>" in page


def test_html_escapes_repository_text() -> None:
    item = IndicatorResult(
        "DPG-1",
        "T",
        Status.FAIL,
        "full",
        "<img src=x onerror=alert(1)>",
        (Evidence("file", "<b>", "a<b>.md"),),
        None,
        None,
    )
    page = render("html", Report("1", "S", "1", Target("local", "/r"), ("software",), (item,)))
    assert "<img" not in page and "&lt;img src=x" in page and "a&lt;b&gt;.md" in page


def test_badge(reports: dict[str, Report]) -> None:
    failing = json.loads(render("badge", reports["failing"]))
    assert failing == {
        "schemaVersion": 1,
        "label": "DPG Standard",
        "message": failing["message"],
        "color": "red",
    }
    assert failing["message"] == "0/11 pass, 4 failing, 1 waived"
    assert json.loads(render("badge", reports["passing"]))["color"] == "brightgreen"
    review = Report(
        "1", "S", "1", Target("local", "/r"), ("software",),
        (IndicatorResult("DPG-1", "T", Status.NEEDS_REVIEW, "full", "s", (), None, None),),
    )  # fmt: skip
    assert json.loads(render("badge", review)) == {
        "schemaVersion": 1,
        "label": "DPG Standard",
        "message": "0/1 pass, 1 to review",
        "color": "yellow",
    }


def test_sarif_prefers_a_file_at_a_line_over_a_folder() -> None:
    practices = IndicatorResult(
        "DPG-8",
        "Standards",
        Status.NEEDS_REVIEW,
        "partial",
        "Missing CI",
        (
            Evidence("file", "best practice: automated tests", path="tests"),
            Evidence("file", "best practice: changelog", path="HISTORY.md"),
            Evidence("file", "declared standard", path="openapi/spec", line=4),
        ),
        None,
        None,
    )
    report = Report("1", "DPG Standard", "1", Target("local", "/repo"), ("software",), (practices,))
    (res,) = json.loads(render("sarif", report))["runs"][0]["results"]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "openapi/spec"
    related = [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in res["relatedLocations"]]
    assert related == ["HISTORY.md", "tests"]
