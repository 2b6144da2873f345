"""Several formats in one run, --quiet, --verbose, `dpgcheck badge` and `dpgcheck schema report`."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.errors import UsageError
from dpgcheck.outputs import OutputSpec, plan_outputs
from dpgcheck.report_schema import report_errors, report_schema
from tests.conftest import EXAMPLES

runner = CliRunner()
FAILING = str(EXAMPLES / "failing")


def test_plan_pairs_formats_with_outputs_in_order() -> None:
    assert plan_outputs([], []) == [OutputSpec("text")]
    assert plan_outputs(["sarif", "markdown"], [Path("x.sarif"), Path("s.md")]) == [
        OutputSpec("sarif", Path("x.sarif")),
        OutputSpec("markdown", Path("s.md")),
    ]
    assert plan_outputs(["json", "text"], [Path("r.json")]) == [
        OutputSpec("json", Path("r.json")),
        OutputSpec("text"),
    ]
    assert plan_outputs([], [Path("r.sarif"), Path("r.xml"), Path("r.HTML")]) == [
        OutputSpec("sarif", Path("r.sarif")),
        OutputSpec("junit", Path("r.xml")),
        OutputSpec("html", Path("r.HTML")),
    ]
    assert plan_outputs([], [Path("report.out")]) == [OutputSpec("text", Path("report.out"))]
    # "-" is stdout, wherever it stands; alone it is the text report.
    assert plan_outputs(["text", "sarif"], [Path("-"), Path("r.sarif")]) == [
        OutputSpec("text"),
        OutputSpec("sarif", Path("r.sarif")),
    ]
    assert plan_outputs([], [Path("-")]) == [OutputSpec("text")]


@pytest.mark.parametrize(
    ("formats", "outputs", "message"),
    [
        (["sarif", "json"], [], "2 formats (sarif, json) would all go to stdout"),
        (["json"], [Path("a.json"), Path("b.out")], "Cannot tell the format of --output b.out"),
        (["json", "sarif"], [Path("a"), Path("a")], "--output a is given twice"),
        (["json", "sarif"], [Path("-")], "2 formats (json, sarif) would all go to stdout"),
        (["json", "sarif"], [Path("-"), Path("-")], "2 formats (json, sarif) would all go to stdout"),
    ],
)
def test_plan_rejects_contradictions(formats: list[str], outputs: list[Path], message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        plan_outputs(formats, outputs)


def test_several_formats_at_once(tmp_path: Path) -> None:
    sarif, summary, junit = tmp_path / "x.sarif", tmp_path / "summary.md", tmp_path / "out" / "junit.xml"
    result = runner.invoke(
        app,
        ["check", FAILING, "--format", "sarif", "--output", str(sarif), "--format", "markdown", "--output",
         str(summary), "-f", "junit", "-o", str(junit), "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert summary.read_text().startswith("## ❌ dpgcheck: fail")
    assert ET.parse(junit).getroot().tag == "testsuites"
    assert report_errors(json.loads(result.stdout)) == []  # the one format without an output
    assert result.stderr.count("Report written to") == 3


def test_dash_sends_the_report_it_is_paired_with_to_stdout(tmp_path: Path) -> None:
    sarif = tmp_path / "x.sarif"
    result = runner.invoke(app, ["check", FAILING, "-f", "json", "-o", "-", "-f", "sarif", "-o", str(sarif)])
    assert result.exit_code == 1
    assert report_errors(json.loads(result.stdout)) == []
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert not (Path.cwd() / "-").exists()
    assert result.stderr.count("Report written to") == 1


def test_too_many_formats_for_stdout_is_a_usage_error() -> None:
    result = runner.invoke(app, ["check", FAILING, "-f", "json", "-f", "sarif"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: 2 formats (json, sarif) would all go to stdout\nHint: ")


def test_quiet_prints_nothing_and_still_writes_files(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", FAILING, "--quiet"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    report = tmp_path / "r.html"
    result = runner.invoke(app, ["check", FAILING, "-q", "-o", str(report)])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    assert report.read_text().startswith("<!DOCTYPE html>")
    passing = runner.invoke(app, ["check", str(EXAMPLES / "passing"), "-q"])
    assert (passing.exit_code, passing.stdout) == (0, "")
    bad = runner.invoke(app, ["check", "/nonexistent/x", "-q"])
    assert bad.exit_code == 2 and bad.stderr.startswith("Error: Path not found")  # errors still speak


def test_verbose_says_which_configuration_applied(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", FAILING, "-v", "-f", "json"])
    assert "Configuration: none; fail-on: fail" in result.stderr
    config = tmp_path / "c.yaml"
    config.write_text("fail-on: needs-review\n")
    result = runner.invoke(app, ["check", FAILING, "--verbose", "--config", str(config), "-f", "json"])
    assert f"Configuration: {config}; fail-on: needs-review" in result.stderr
    text = runner.invoke(app, ["check", str(EXAMPLES / "passing"), "--verbose"])
    assert "DPG-2 PASS" in text.stdout  # passing indicators are detailed too


def test_badge_command(tmp_path: Path) -> None:
    result = runner.invoke(app, ["badge", FAILING])
    assert result.exit_code == 0  # a badge is produced whatever the verdict
    badge = json.loads(result.stdout)
    assert badge["schemaVersion"] == 1 and badge["color"] == "red"
    out = tmp_path / "badge.json"
    result = runner.invoke(app, ["badge", str(EXAMPLES / "passing"), "-o", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text())["message"] == "passing"
    assert runner.invoke(app, ["badge", "/nonexistent/x"]).exit_code == 2


def test_schema_report_command_prints_the_shipped_schema() -> None:
    result = runner.invoke(app, ["schema", "report"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert runner.invoke(app, ["schema"]).exit_code in (0, 2)  # lists its commands


def test_the_report_schema_rejects_broken_reports() -> None:
    result = runner.invoke(app, ["check", str(EXAMPLES / "passing"), "-f", "json"])
    good = json.loads(result.stdout)
    assert report_errors(good) == []
    broken = json.loads(result.stdout)
    broken["indicators"][0]["status"] = "great"
    del broken["summary"]["counts"]["pass"]
    broken["indicators"][1]["evidence"] = []  # a pass without evidence
    errors = report_errors(broken)
    assert any(e.startswith("indicators/0/status") for e in errors)
    assert any(e.startswith("summary/counts") for e in errors)
    assert any(e.startswith("indicators/1/evidence") for e in errors)


def test_a_failed_write_keeps_the_earlier_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    from dpgcheck.outputs import atomic_file

    report = tmp_path / "r.json"
    report.write_text("earlier report", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_file(report) as handle:
        handle.write("half of a new rep")
        raise RuntimeError("the render failed halfway")
    assert report.read_text(encoding="utf-8") == "earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_a_failed_first_write_leaves_no_empty_file(tmp_path: Path) -> None:
    from dpgcheck.outputs import atomic_file

    report = tmp_path / "new.html"
    with pytest.raises(RuntimeError), atomic_file(report):
        raise RuntimeError("nothing rendered")
    assert list(tmp_path.iterdir()) == []


def test_an_atomic_write_keeps_links_and_modes(tmp_path: Path) -> None:
    from dpgcheck.outputs import write_atomically

    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert real.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "fresh.md"
    write_atomically(fresh, "x")
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
