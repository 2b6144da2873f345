"""`-o` files: a format that contradicts the file's extension is refused; a gate that fails while
every report goes to a file still says why on stderr."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.errors import UsageError
from dpgcheck.outputs import OutputSpec, plan_outputs
from tests.conftest import EXAMPLES

runner = CliRunner()


@pytest.mark.parametrize(
    ("fmt", "name", "means"),
    [("json", "report.html", "html"), ("html", "r.json", "json"), ("text", "r.sarif", "sarif"),
     ("sarif", "r.xml", "junit"), ("junit", "r.md", "markdown"), ("json", "r.txt", "text")],
)  # fmt: skip
def test_a_format_that_contradicts_a_known_extension_is_refused(fmt: str, name: str, means: str) -> None:
    with pytest.raises(UsageError, match=re.escape(f"--format {fmt} contradicts --output {name}")) as caught:
        plan_outputs([fmt], [Path(name)])
    assert caught.value.hint is not None and f"--format {means}" in caught.value.hint


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("sarif", "r.json"), ("badge", "badge.json"), ("markdown", "r.txt"), ("text", "r.log"),
     ("json", "R.JSON"), ("html", "r.HTM")],
)  # fmt: skip
def test_formats_that_fit_their_extension_or_an_unknown_one_are_written(fmt: str, name: str) -> None:
    assert plan_outputs([fmt], [Path(name)]) == [OutputSpec(fmt, Path(name))]


def test_cli_refuses_json_into_report_html_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = runner.invoke(
        app, ["check", str(EXAMPLES / "passing"), "--offline", "-o", str(target), "-f", "json"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --format json contradicts --output")
    assert "Hint: Use --format html" in result.stderr
    assert not target.exists()


def test_a_failing_gate_with_only_file_outputs_says_why_on_stderr(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["check", str(EXAMPLES / "failing"), "--offline", "-o", str(tmp_path / "r.sarif")]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    gate = [line for line in result.stderr.splitlines() if line.startswith("Gate:")]
    assert len(gate) == 1 and re.fullmatch(r"Gate: --fail-on fail: failed by DPG-\S+(, DPG-\S+)*", gate[0])


def test_no_gate_line_when_the_gate_passes_or_a_report_is_on_stdout(tmp_path: Path) -> None:
    passing = runner.invoke(
        app, ["check", str(EXAMPLES / "passing"), "--offline", "-o", str(tmp_path / "r.sarif")]
    )
    assert passing.exit_code == 0 and "Gate:" not in passing.stderr
    failing = runner.invoke(
        app, ["check", str(EXAMPLES / "failing"), "--offline", "-f", "sarif", "-o", str(tmp_path / "r.sarif"),
              "-f", "json"],
    )  # fmt: skip
    assert failing.exit_code == 1 and "Gate:" not in failing.stderr
    quiet = runner.invoke(
        app, ["check", str(EXAMPLES / "failing"), "--offline", "-q", "-o", str(tmp_path / "q.sarif")]
    )
    assert quiet.exit_code == 1 and quiet.stderr == ""
