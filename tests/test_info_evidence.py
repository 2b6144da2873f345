"""Information lines (evidence kind ``info``) are not findings: waivers, SARIF locations."""

from __future__ import annotations

import json
from datetime import date

from msgspec.structs import replace

from dpgcheck.config import Config, WaiverRule
from dpgcheck.formats import RenderOptions, get_renderer
from dpgcheck.model import INFO, Evidence, IndicatorResult, Report, Status, Target
from dpgcheck.policy import apply_policy

TODAY = date(2026, 6, 1)
FINDING = Evidence("file", "firebase (npm, runtime): proprietary service", "package.json", 6)
TECHNOLOGY = Evidence(
    INFO, "core technology (framework): Express — npm dependency express", "package.json", 8
)


def _report(*evidence: Evidence) -> Report:
    result = IndicatorResult(
        "DPG-4", "Platform independence", Status.NEEDS_REVIEW, "partial", "s", evidence, None, None
    )
    return Report("0", "DPG Standard", "1.1.7", Target("local", "/x"), ("software",), (result,))


def _waive(report: Report) -> Report:
    rule = WaiverRule("DPG-4", "firebase is optional", finding="firebase")
    return apply_policy(report, Config(source="/x/.dpgcheck.yaml", waivers=(rule,)), "needs-review", TODAY)


def test_a_finding_waiver_need_not_cover_information_lines() -> None:
    assert _waive(_report(FINDING, TECHNOLOGY)).results[0].waived
    # The same line as a finding (another kind) must be covered: the waiver does not hold.
    as_finding = replace(TECHNOLOGY, kind="file")
    after = _waive(_report(FINDING, as_finding))
    assert not after.results[0].waived
    assert any("1 of 2 finding(s) match none" in note for note in after.notes)


def test_a_result_with_information_only_is_not_waived_by_a_finding_waiver() -> None:
    assert not _waive(_report(TECHNOLOGY)).results[0].waived


def test_sarif_locates_findings_not_information() -> None:
    log = json.loads(get_renderer("sarif")(_report(FINDING, TECHNOLOGY), RenderOptions()))
    result = log["runs"][0]["results"][0]
    lines = [loc["physicalLocation"].get("region", {}).get("startLine") for loc in result["locations"]]
    related = [loc["physicalLocation"]["region"]["startLine"] for loc in result.get("relatedLocations", [])]
    assert 8 not in lines + related and 6 in lines + related
