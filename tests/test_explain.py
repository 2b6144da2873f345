"""`dpgcheck explain DPG-4` / `indicators DPG-4`, `indicators -f json`, and each indicator's link.

Every result's "See:" link is its indicator's own row of the Standard's 1.1.7 text, pinned to the
commit that text comes from (tests/data/dpg-standard-1.1.7, its SOURCE.txt): standard.md is one
table without headings, so a GitHub line anchor (``?plain=1#L12``) is what points at one row.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.catalog import load_catalog
from dpgcheck.cli import app

runner = CliRunner()
STANDARD = Path(__file__).parent / "data" / "dpg-standard-1.1.7"
COMMIT = re.search(r"commit ([0-9a-f]{40})", (STANDARD / "SOURCE.txt").read_text()).group(1)  # type: ignore[union-attr]
LINK = re.compile(
    rf"https://github\.com/DPGAlliance/DPG-Standard/blob/{COMMIT}/standard\.md\?plain=1#L(?P<line>\d+)"
)


@pytest.mark.parametrize("indicator", load_catalog().indicators, ids=lambda i: i.id)
def test_each_indicator_links_its_own_row_of_the_standard(indicator: object) -> None:
    from dpgcheck.catalog import Indicator

    assert isinstance(indicator, Indicator)
    match = LINK.fullmatch(indicator.help_url or "")
    assert match, indicator.help_url
    row = (STANDARD / "standard.md").read_text(encoding="utf-8").splitlines()[int(match["line"]) - 1]
    number = indicator.id.removeprefix("DPG-")
    # "**4. Platform Independence** | …", "**9a) Data Privacy & Security** | …"
    heading = re.match(r"\*\*(\d+)(?:\.|([a-c])\))", row)
    assert heading, row
    assert (heading[1] + (heading[2] or "")).upper() == number


def test_links_differ_per_indicator() -> None:
    urls = [indicator.help_url for indicator in load_catalog().indicators]
    assert len(set(urls)) == len(urls)


def test_a_result_see_link_is_its_indicator_row() -> None:
    from tests.conftest import EXAMPLES

    result = runner.invoke(app, ["check", str(EXAMPLES / "failing"), "--offline", "-f", "json"])
    report = json.loads(result.stdout)
    by_id = {item["id"]: item for item in report["indicators"]}
    assert by_id["DPG-2"]["help_url"].endswith("standard.md?plain=1#L10")
    assert by_id["DPG-9C"]["help_url"].endswith("standard.md?plain=1#L20")


def test_explain_answers_every_question_about_one_indicator() -> None:
    result = runner.invoke(app, ["explain", "DPG-4"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    sections = [
        "DPG-4  Platform independence",
        "The Standard (DPG Standard 1.1.7)",
        "Evidence a reviewer accepts",
        "What dpgcheck looks at",
        "What gives each status",
        "How to state it",
    ]
    positions = [text.index(heading) for heading in sections]
    assert positions == sorted(positions)
    assert "  - pass: " in text and "  - fail: Proof only" in text and "  - needs-review: " in text
    assert "platformIndependence" in text.split("What dpgcheck looks at")[1].split("What gives")[0]
    assert "`platformIndependence.pltIndependenceDesc`" in text.split("How to state it")[1]
    assert text.rstrip().splitlines()[-1].endswith("standard.md?plain=1#L12")
    assert all(len(line) <= 98 or line.startswith("See: ") for line in text.splitlines())
    assert all(line == line.rstrip() for line in text.splitlines())


@pytest.mark.parametrize("spelling", ["DPG-4", "dpg-4", "4"])
def test_indicators_with_an_id_explains_it_like_explain(spelling: str) -> None:
    explained = runner.invoke(app, ["explain", "DPG-4"])
    via_indicators = runner.invoke(app, ["indicators", spelling])
    assert via_indicators.exit_code == 0, via_indicators.output
    assert via_indicators.stdout == explained.stdout


def test_explain_quotes_the_standard_where_the_yaml_does() -> None:
    result = runner.invoke(app, ["explain", "9a"])
    assert result.exit_code == 0
    assert "The Standard (DPG Standard 1.1.7) says" in result.stdout
    assert "In short" in result.stdout


def test_an_unknown_indicator_is_one_error_line_with_the_known_ids() -> None:
    result = runner.invoke(app, ["explain", "DPG-99"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "Error: No indicator 'DPG-99' in the catalog"
    assert "DPG-9C" in result.stderr.splitlines()[1]


def test_indicators_json_lists_the_catalog() -> None:
    result = runner.invoke(app, ["indicators", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["standard"]["version"] == "1.1.7"
    ids = [item["id"] for item in data["indicators"]]
    assert ids == [indicator.id for indicator in load_catalog().indicators]
    for item in data["indicators"]:
        assert item["title"] and item["requirement"] and item["remediation"]
        assert item["rule"] and all(rule["when"] for rule in item["rule"])
        assert LINK.fullmatch(item["help_url"])
    dpg6 = next(item for item in data["indicators"] if item["id"] == "DPG-6")
    assert dpg6["manifest_fields"] == ["NonPII"]


def test_explain_json_is_the_catalog_entry() -> None:
    one = json.loads(runner.invoke(app, ["explain", "DPG-4", "-f", "json"]).stdout)
    listed = json.loads(runner.invoke(app, ["indicators", "-f", "json"]).stdout)
    assert one == next(item for item in listed["indicators"] if item["id"] == "DPG-4")


def test_every_indicator_says_where_in_the_repository_it_looks() -> None:
    from dpgcheck.catalog import load_catalog

    for indicator in load_catalog().indicators:
        assert indicator.looks_at, indicator.id
    result = CliRunner().invoke(app, ["explain", "DPG-4"], env={"COLUMNS": "100"})
    looks = result.output.split("What dpgcheck looks at", 1)[1].split("What gives each status", 1)[0]
    assert "dependency manifests" in looks and "service images" in looks
