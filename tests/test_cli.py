"""The command line end to end: exit codes, formats, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dpgcheck.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def run_cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_passing_example_exits_zero_and_every_indicator_has_evidence() -> None:
    code, out, _ = run_cli("check", str(EXAMPLES / "passing"), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["summary"]["status"] == "pass"
    assert [i["id"] for i in report["indicators"]] == [
        "DPG-1",
        "DPG-2",
        "DPG-3",
        "DPG-4",
        "DPG-5",
        "DPG-6",
        "DPG-7",
        "DPG-8",
        "DPG-9A",
        "DPG-9B",
        "DPG-9C",
    ]
    for indicator in report["indicators"]:
        assert indicator["evidence"], indicator["id"]
        assert indicator["status"] in ("pass", "not-applicable")


def test_failing_example_exits_one() -> None:
    code, out, _ = run_cli("check", str(EXAMPLES / "failing"), "--format", "json")
    assert code == 1
    statuses = {i["id"]: i["status"] for i in json.loads(out)["indicators"]}
    assert statuses["DPG-2"] == "fail"
    assert statuses["DPG-5"] == "fail"
    assert statuses["DPG-7"] == "needs-review"  # absence of a policy is not proof (issue 13)
    assert statuses["DPG-9A"] == "fail"
    assert statuses["DPG-9C"] == "fail"


def test_traps_example_is_not_fooled() -> None:
    code, out, _ = run_cli("check", str(EXAMPLES / "traps"), "--format", "json")
    report = json.loads(out)
    statuses = {i["id"]: i for i in report["indicators"]}
    assert code == 1
    assert statuses["DPG-2"]["status"] == "pass"
    assert [lic["spdx"] for lic in report["facts"]["licenses"] if lic["path"] == "LICENSE.md"] == ["MPL-2.0"]
    assert statuses["DPG-3"]["status"] == "fail"
    assert "placeholder" in statuses["DPG-3"]["summary"]
    assert statuses["DPG-9C"]["status"] == "fail"
    assert any("INSERT CONTACT METHOD" in e["detail"] for e in statuses["DPG-9C"]["evidence"])


def test_json_contract_fields() -> None:
    _, out, _ = run_cli("check", str(EXAMPLES / "passing"), "--format", "json")
    report = json.loads(out)
    assert report["schema_version"] == "1"
    assert report["tool"]["name"] == "dpgcheck"
    assert report["standard"] == {"name": "DPG Standard", "version": report["standard"]["version"]}
    assert report["target"]["kind"] == "local"
    assert set(report["summary"]["counts"]) == {
        "pass",
        "fail",
        "warn",
        "needs-review",
        "not-applicable",
        "error",
    }
    indicator = report["indicators"][1]
    assert set(indicator) >= {
        "id",
        "title",
        "status",
        "automation",
        "summary",
        "evidence",
        "remediation",
        "help_url",
    }
    assert set(indicator["evidence"][0]) == {"kind", "path", "line", "url", "detail"}
    lic = report["facts"]["licenses"][0]
    assert set(lic) >= {"spdx", "path", "confidence", "approved", "approved_by"}


def test_fail_on_levels() -> None:
    target = str(EXAMPLES / "traps")
    assert run_cli("check", target, "--fail-on", "never")[0] == 0
    assert run_cli("check", target, "--fail-on", "fail")[0] == 1
    passing = str(EXAMPLES / "passing")
    assert run_cli("check", passing, "--fail-on", "needs-review")[0] == 0


def test_review_level_gates_when_asked(make_repo) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import license_text

    repo = make_repo(
        {
            "LICENSE": "Copyright 2024 Ada\n\n" + license_text("MIT"),
            "README.md": "# x\n" + "word " * 80 + "\n## Installation\nrun it\n",
        }
    )
    # No code of conduct is needs-review (absence is not proof): only the review level gates on it.
    assert run_cli("check", str(repo), "--fail-on", "needs-review", "-f", "json")[0] == 1
    assert run_cli("check", str(repo), "--fail-on", "fail", "-f", "json")[0] == 0
    assert run_cli("check", str(repo), "--fail-on", "never", "-f", "json")[0] == 0


def test_missing_path_is_one_clear_error() -> None:
    code, out, err = run_cli("check", "/nonexistent/dpgcheck-target")
    assert code == 2
    assert err.startswith("Error: Path not found: /nonexistent/dpgcheck-target\nHint: ")
    assert "Traceback" not in out + err


def test_file_instead_of_directory(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    code, _, err = run_cli("check", str(target))
    assert code == 2
    assert "is a file, not a directory" in err


def test_bad_asset_type_is_usage_error() -> None:
    code, _, err = run_cli("check", str(EXAMPLES / "passing"), "--type", "music")
    assert code == 2
    assert "music" in err


def test_output_file_and_unwritable_output(tmp_path: Path) -> None:
    out_file = tmp_path / "sub" / "report.json"
    code, _, err = run_cli("check", str(EXAMPLES / "passing"), "-f", "json", "-o", str(out_file))
    assert code == 0
    assert json.loads(out_file.read_text())["schema_version"] == "1"
    assert "Report written to" in err
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    code, _, err = run_cli("check", str(EXAMPLES / "passing"), "-o", str(blocker / "x.json"))
    assert code == 2
    assert err.startswith("Error: Cannot write")


def test_text_report_is_plain_when_piped_and_lists_remediation() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "dpgcheck", "check", str(EXAMPLES / "traps")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "\x1b[" not in result.stdout
    assert "DPG-9C FAIL" in result.stdout
    assert "To do:" in result.stdout


def test_version_and_indicators() -> None:
    code, out, _ = run_cli("--version")
    assert code == 0 and out.startswith("dpgcheck ")
    code, out, _ = run_cli("indicators")
    assert code == 0
    assert "DPG-9C" in out and "partial" in out


def test_manifest_option_reads_a_file_outside_the_repository(tmp_path: Path) -> None:
    manifest = tmp_path / "elsewhere.yaml"
    manifest.write_text("doNoHarm:\n  inappropriateIllegalContent:\n    collectStoreDistribute: 'No'\n")
    _, out, _ = run_cli("check", str(EXAMPLES / "traps"), "-f", "json", "--manifest", str(manifest))
    statuses = {i["id"]: i for i in json.loads(out)["indicators"]}
    assert statuses["DPG-9B"]["status"] == "not-applicable"
    assert statuses["DPG-9B"]["evidence"][0]["path"] == str(manifest)


def test_malformed_manifest_is_one_clear_error(tmp_path: Path) -> None:
    manifest = tmp_path / "dpg.yaml"
    manifest.write_text("name: x\nSDGs: [unclosed\n")
    code, out, err = run_cli("check", str(EXAMPLES / "traps"), "--manifest", str(manifest))
    assert code == 2
    assert err.startswith(f"Error: {manifest}:")
    assert "Traceback" not in out + err


def test_a_real_process_ends_with_every_output_complete(tmp_path: Path) -> None:
    """Whatever ``dpgcheck check`` printed or wrote is complete when the process ends, the exit
    code is right, and a reader that stops early sees no traceback."""
    report, sarif = tmp_path / "report.json", tmp_path / "report.sarif"
    outputs = ["-f", "json", "-f", "sarif", "-o", str(report), "-o", str(sarif)]
    done = subprocess.run(
        [sys.executable, "-m", "dpgcheck", "check", str(EXAMPLES / "failing"), "--offline", *outputs],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(report.read_text())["summary"]["status"] == "fail"
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert f"Report written to {sarif}" in done.stderr
    piped = subprocess.run(
        f"{sys.executable} -m dpgcheck check {EXAMPLES / 'passing'} --offline -f json | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert piped.stdout == '{\n  "schem'
    assert "Traceback" not in piped.stderr and "Exception ignored" not in piped.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "dpgcheck", "check", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert usage.returncode == 2 and usage.stderr.startswith("Error: ")


@pytest.mark.parametrize(
    "argv",
    [["check", "--help"], ["schema", "--help"], ["explain", "DPG-1"], ["--help"], ["chek"], []],
)
def test_the_dpgcheck_command_answers_as_the_whole_application(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``main`` builds only the command its command line names; nothing a user sees changes."""
    from dpgcheck.cli.app import COMMANDS, build_app, main

    monkeypatch.setenv("COLUMNS", "100")
    whole = CliRunner().invoke(app, argv)
    monkeypatch.setattr(sys, "argv", ["dpgcheck", *argv])
    with pytest.raises(SystemExit) as ended:
        main()
    out, err = capsys.readouterr()
    assert (ended.value.code or 0, out, err) == (whole.exit_code, whole.stdout, whole.stderr)
    assert list(typer.main.get_command(build_app(["check"])).commands) == ["check"]  # type: ignore[attr-defined]
    assert set(typer.main.get_command(app).commands) == set(COMMANDS)  # type: ignore[attr-defined]
