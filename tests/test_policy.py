"""Waivers, advisory indicators, --only/--skip and the exit code under every --fail-on level."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.api import indicator_catalog
from dpgcheck.cli import app
from dpgcheck.config import Config, WaiverRule, parse_config
from dpgcheck.errors import UsageError
from dpgcheck.model import Evidence, IndicatorResult, Report, Status, Target
from dpgcheck.policy import apply_policy, select_indicators
from tests.conftest import EXAMPLES

runner = CliRunner()
TODAY = date(2026, 6, 1)


def result(indicator: str, status: Status, *details: str) -> IndicatorResult:
    evidence = tuple(
        Evidence(kind="file", detail=d, path="package.json", line=n + 1) for n, d in enumerate(details)
    )
    return IndicatorResult(indicator, indicator, status, "full", "summary", evidence, None, None)


def report(*results: IndicatorResult) -> Report:
    return Report("0", "DPG Standard", "1", Target("local", "/x"), ("software",), tuple(results))


def config(*waivers: WaiverRule, **keys: object) -> Config:
    return Config(source="/x/.dpgcheck.yaml", waivers=waivers, **keys)  # type: ignore[arg-type]


def test_waiver_keeps_the_status_and_takes_the_result_out_of_the_gate() -> None:
    before = report(result("DPG-2", Status.FAIL, "SSPL"), result("DPG-5", Status.PASS, "README"))
    after = apply_policy(before, config(WaiverRule("DPG-2", "relicensing", date(2026, 6, 1))), "fail", TODAY)
    waived = after.results[0]
    assert waived.status is Status.FAIL  # the original status stays visible
    assert waived.waived and waived.waiver is not None
    assert waived.waiver.reason == "relicensing"
    assert waived.waiver.expires == "2026-06-01"  # the expiry day itself still waives
    assert after.gating() == ()
    assert after.overall == "pass"
    assert after.to_dict()["summary"]["waived"] == 1
    assert after.to_dict()["summary"]["gate"] == {"fail_on": "fail", "status": "pass", "gating": []}
    assert after.to_dict()["indicators"][0]["waiver"]["source"] == "/x/.dpgcheck.yaml"
    assert before.gating("fail") == (before.results[0],)


def test_expired_waiver_stops_waiving_and_says_so() -> None:
    before = report(result("DPG-2", Status.FAIL, "SSPL"))
    after = apply_policy(
        before, config(WaiverRule("DPG-2", "old", date(2026, 5, 31), key="waivers[3]")), "fail", TODAY
    )
    item = after.results[0]
    assert not item.waived
    assert item.waiver is not None and item.waiver.expired
    assert [r.id for r in after.gating()] == ["DPG-2"]
    assert "Waiver waivers[3] for DPG-2 expired on 2026-05-31; it no longer waives this fail" in after.notes
    assert after.to_dict()["indicators"][0]["waived"] is False


def test_a_valid_waiver_wins_over_an_expired_one() -> None:
    rules = (WaiverRule("DPG-2", "old", date(2020, 1, 1)), WaiverRule("DPG-2", "new"))
    after = apply_policy(report(result("DPG-2", Status.FAIL, "x")), config(*rules), "fail", TODAY)
    assert after.results[0].waived and after.results[0].waiver.reason == "new"  # type: ignore[union-attr]


def test_finding_waivers_must_cover_every_finding() -> None:
    closed = result("DPG-4", Status.NEEDS_REVIEW, "firebase (npm)", "@googlemaps/js-api-loader (npm)")
    one = WaiverRule("DPG-4", "firebase is optional", finding="FIREBASE")
    partly = apply_policy(report(closed), config(one), "needs-review", TODAY)
    assert not partly.results[0].waived
    assert [r.id for r in partly.gating()] == ["DPG-4"]
    assert any("1 of 2 finding(s) match none; not waived" in note for note in partly.notes)
    both = (one, WaiverRule("DPG-4", "maps behind a flag", date(2027, 1, 1), finding="googlemaps"))
    fully = apply_policy(report(closed), config(*both), "needs-review", TODAY)
    waiver = fully.results[0].waiver
    assert fully.results[0].waived and waiver is not None
    assert waiver.findings == ("FIREBASE", "googlemaps")
    assert waiver.reason == "firebase is optional; maps behind a flag"
    assert waiver.expires == "2027-01-01"


def test_finding_waiver_matches_the_location_too() -> None:
    item = result("DPG-4", Status.NEEDS_REVIEW, "some dependency")
    after = apply_policy(
        report(item), config(WaiverRule("DPG-4", "r", finding="package.json:1")), "fail", TODAY
    )
    assert after.results[0].waived


def test_unused_waiver_on_a_passing_indicator_is_noted() -> None:
    after = apply_policy(
        report(result("DPG-5", Status.PASS, "README")),
        config(WaiverRule("DPG-5", "r", key="waivers[0]")),
        "fail",
        TODAY,
    )
    assert after.results[0].waiver is None
    assert "Waiver waivers[0] for DPG-5 is unused: the indicator is pass; remove it" in after.notes


def test_advisory_and_required_indicators() -> None:
    results = (result("DPG-1", Status.NEEDS_REVIEW, "x"), result("DPG-2", Status.FAIL, "y"))
    advisory = apply_policy(report(*results), config(advisory=("DPG-2",)), "needs-review", TODAY)
    assert [r.required for r in advisory.results] == [True, False]
    assert [r.id for r in advisory.gating()] == ["DPG-1"]
    assert advisory.overall == "fail"  # advisory results still count in the overall verdict
    required = apply_policy(report(*results), config(required=("DPG-2",)), "needs-review", TODAY)
    assert [r.required for r in required.results] == [False, True]
    assert [r.id for r in required.gating()] == ["DPG-2"]


def test_select_indicators() -> None:
    indicators = indicator_catalog(plugins=False).indicators
    assert [i.id for i in select_indicators(indicators, ["dpg-2,DPG-5"])] == ["DPG-2", "DPG-5"]
    skipped = select_indicators(indicators, skip=["DPG-1", "DPG-9C"])
    assert len(skipped) == 9 and "DPG-1" not in {i.id for i in skipped}
    assert select_indicators(indicators) == indicators
    with pytest.raises(UsageError, match="--only: unknown indicator DPG-99"):
        select_indicators(indicators, ["DPG-99"])
    with pytest.raises(UsageError, match="No indicator is left"):
        select_indicators(indicators, ["DPG-2"], ["DPG-2"])


def test_only_and_skip_on_the_command_line() -> None:
    result_ = runner.invoke(
        app, ["check", str(EXAMPLES / "failing"), "-f", "json", "--skip", "DPG-1", "--skip", "dpg-2"]
    )
    ids = [i["id"] for i in json.loads(result_.stdout)["indicators"]]
    assert "DPG-1" not in ids and "DPG-2" not in ids and len(ids) == 9
    bad = runner.invoke(app, ["check", str(EXAMPLES / "failing"), "--only", "DPG-42"])
    assert bad.exit_code == 2
    assert bad.stderr.startswith("Error: --only: unknown indicator DPG-42\nHint: Indicator ids are: DPG-1,")


# The failing example ends: DPG-1/4/6/8 needs-review, DPG-2/3/5/7/9A/9B/9C fail.
FAILS = ["DPG-2", "DPG-3", "DPG-5", "DPG-7", "DPG-9A", "DPG-9B", "DPG-9C"]
REVIEWS = ["DPG-1", "DPG-4", "DPG-6", "DPG-8"]


def _waive(ids: list[str], expires: str = "2999-12-31") -> str:
    return "waivers:\n" + "".join(
        f"  - indicator: {i}\n    reason: accepted for the test\n    expires: {expires}\n" for i in ids
    )


@pytest.mark.parametrize(
    ("waived", "fail_on", "code"),
    [
        ([], "fail", 1),
        ([], "warn", 1),
        ([], "needs-review", 1),
        ([], "never", 0),
        (FAILS, "fail", 0),
        (FAILS, "warn", 0),  # nothing is warn
        (FAILS, "needs-review", 1),  # the reviews still gate
        (FAILS + REVIEWS, "needs-review", 0),
        (FAILS[:-1], "fail", 1),  # one fail left unwaived
    ],
)
def test_exit_codes_under_every_level_with_waivers(
    tmp_path: Path, waived: list[str], fail_on: str, code: int
) -> None:
    target = Path(shutil.copytree(EXAMPLES / "failing", tmp_path / "failing"))
    (target / ".dpgcheck.yaml").write_text(_waive(waived) if waived else "")
    outcome = runner.invoke(app, ["check", str(target), "--fail-on", fail_on, "-f", "json"])
    assert outcome.exit_code == code, outcome.stderr
    data = json.loads(outcome.stdout)
    assert data["summary"]["waived"] == len(waived)
    assert data["summary"]["gate"]["status"] == ("fail" if code else "pass")
    assert {i["id"]: i["status"] for i in data["indicators"]}["DPG-2"] == "fail"  # waived, still fail


def test_expired_waivers_gate_again_via_the_cli(tmp_path: Path) -> None:
    target = Path(shutil.copytree(EXAMPLES / "failing", tmp_path / "failing"))
    (target / ".dpgcheck.yaml").write_text(_waive(FAILS, expires="2001-01-01"))
    outcome = runner.invoke(app, ["check", str(target), "--fail-on", "fail", "-f", "sarif"])
    assert outcome.exit_code == 1
    assert (
        "Note: Waiver waivers[0] for DPG-2 expired on 2001-01-01; it no longer waives this fail"
        in outcome.stderr
    )
    assert "suppressions" not in outcome.stdout


def test_config_from_parse_reaches_the_policy() -> None:
    parsed = parse_config({"waivers": [{"indicator": "dpg-2", "reason": "r", "finding": "SSPL"}]}, "c.yaml")
    after = apply_policy(report(result("DPG-2", Status.FAIL, "SSPL-1.0 text")), parsed, "fail", TODAY)
    assert after.results[0].waived
