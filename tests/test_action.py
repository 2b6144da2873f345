"""The GitHub Action, the pre-commit hook and the example workflow, run locally where possible.

The composite steps' shell scripts are taken out of action.yml and run with bash, with the
inputs as the environment variables the action passes and fake GITHUB_OUTPUT and
GITHUB_STEP_SUMMARY files. The setup-python, install and upload steps need GitHub's runners
and the network; for those the test checks what action.yml says.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = {step.get("id") or step["name"]: step for step in ACTION["runs"]["steps"]}
SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())


def test_action_shape() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"target", "format", "fail-on", "config", "upload-sarif"} <= set(ACTION["inputs"])
    upload = STEPS["Upload SARIF to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "inputs.upload-sarif == 'true'" in upload["if"] and "always()" in upload["if"]
    assert "always()" in STEPS["Gate on the result"]["if"]
    for step in ACTION["runs"]["steps"]:
        # Inputs reach scripts only through env: an input pasted into a script could run code.
        assert "${{" not in step.get("run", ""), step["name"]


def _env(step: dict[str, Any], inputs: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    values = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values.update(inputs)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    for name, expression in step.get("env", {}).items():
        match = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", str(expression))
        if match:
            env[name] = values[match.group(1)]
    env.update(extra)
    return env


def _run_step(
    name: str, cwd: Path, inputs: dict[str, str] | None = None, extra: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    step = STEPS[name]
    output_file = cwd / "github_output"
    output_file.touch()
    env = _env(step, inputs or {}, {"GITHUB_OUTPUT": str(output_file), **(extra or {})})
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
    return result, outputs


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "failing", tmp_path / "project")
    return tmp_path


def test_run_step_writes_reports_summary_and_outputs(workspace: Path) -> None:
    summary = workspace / "step_summary.md"
    summary.write_text("earlier step\n")
    result, outputs = _run_step(
        "run",
        workspace,
        {"target": "project", "format": "junit, html", "upload-sarif": "true"},
        {"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.returncode == 0, result.stderr  # the gate comes later
    assert outputs["exit-code"] == "1"
    assert outputs["sarif-file"] == "dpgcheck-reports/dpgcheck.sarif"  # added because of upload-sarif
    sarif = json.loads((workspace / outputs["sarif-file"]).read_text())
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA)
    assert list(validator.iter_errors(sarif)) == []
    reports = workspace / outputs["output-dir"]
    assert {p.name for p in reports.iterdir()} == {
        "dpgcheck.sarif",
        "dpgcheck-junit.xml",
        "dpgcheck.html",
        "dpgcheck-summary.md",
    }
    text = summary.read_text()
    assert text.startswith("earlier step\n## ❌ dpgcheck: fail")  # appended, not overwritten
    assert "<details" in text
    assert "DPG-9C FAIL" in result.stdout  # the readable report in the log

    gate, _ = _run_step("Gate on the result", workspace, extra={"DPGCHECK_EXIT_CODE": outputs["exit-code"]})
    assert gate.returncode == 1
    assert "::error title=dpgcheck::" in gate.stdout


def test_run_step_honours_fail_on_and_config(workspace: Path) -> None:
    (workspace / "project" / ".dpgcheck.yaml").write_text("fail-on: never\n")
    result, outputs = _run_step("run", workspace, {"target": "project", "summary": "false", "format": ""})
    assert result.returncode == 0 and outputs["exit-code"] == "0" and outputs["sarif-file"] == ""
    gate, _ = _run_step("Gate on the result", workspace, extra={"DPGCHECK_EXIT_CODE": "0"})
    assert gate.returncode == 0
    strict = workspace / "strict.yaml"
    strict.write_text("fail-on: needs-review\n")
    _, outputs = _run_step("run", workspace, {"target": "project", "config": str(strict), "format": "json"})
    assert outputs["exit-code"] == "1"
    _, outputs = _run_step("run", workspace, {"target": "project", "fail-on": "fail", "format": "json"})
    assert outputs["exit-code"] == "1"  # the input beats the file's fail-on: never


def test_run_step_fails_at_once_on_errors(workspace: Path) -> None:
    result, _ = _run_step("run", workspace, {"target": "project", "format": "pdf"})
    assert result.returncode == 2
    assert "::error title=dpgcheck::Unknown format 'pdf'" in result.stdout
    (workspace / "project" / ".dpgcheck.yaml").write_text("fail_on: never\n")
    result, outputs = _run_step("run", workspace, {"target": "project"})
    assert result.returncode == 2 and outputs["exit-code"] == "2"
    assert "fail_on: unknown key (did you mean 'fail-on'?)" in result.stderr


def test_install_step_installs_the_action_checkout_unless_told_otherwise() -> None:
    script = STEPS["install"]["run"]
    assert '"$DPGCHECK_ACTION_PATH"' in script and '"$DPGCHECK_PACKAGE"' in script
    assert STEPS["install"]["env"]["DPGCHECK_ACTION_PATH"] == "${{ github.action_path }}"
    subprocess.run(["bash", "-n", "-c", script], check=True)  # at least it parses


def test_example_workflow_uses_only_declared_inputs() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "github-workflow.yml").read_text())
    steps = workflow["jobs"]["dpgcheck"]["steps"]
    ours = next(step for step in steps if "dpgcheck" in step.get("uses", ""))
    assert set(ours["with"]) <= set(ACTION["inputs"])
    assert workflow["permissions"]["security-events"] == "write"


def test_example_configuration_is_valid() -> None:
    from dpgcheck.api import indicator_catalog
    from dpgcheck.config import check_indicator_ids, load_config

    config = load_config(ROOT / "examples" / "ci" / "dpgcheck.yaml")
    check_indicator_ids(config, [i.id for i in indicator_catalog().indicators])
    assert config.waivers and config.waivers[0].reason


def test_pre_commit_hook_runs_dpgcheck() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "dpgcheck" and hook["language"] == "python"
    assert hook["pass_filenames"] is False and hook["always_run"] is True
    entry = shlex.split(hook["entry"])
    assert entry[0] == "dpgcheck"
    # pre-commit runs the entry at the repository root with the hook's args appended.
    command = [sys.executable, "-m", "dpgcheck", *entry[1:], *hook.get("args", [])]
    passing = subprocess.run(command, cwd=EXAMPLES / "passing", capture_output=True, text=True, check=False)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    failing = subprocess.run(command, cwd=EXAMPLES / "failing", capture_output=True, text=True, check=False)
    assert failing.returncode == 1
    assert "DPG-2 FAIL" in failing.stdout
