"""Plugins through the ``dpgcheck.indicators`` entry-point group, installed for real.

The example plugin is installed with pip into a temporary folder; dpgcheck runs in a
subprocess with that folder on PYTHONPATH, so importlib.metadata finds the entry point exactly
as it would in a virtual environment.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dpgcheck.api import RunOptions
from dpgcheck.api import check as api_check
from dpgcheck.catalog import with_indicators
from dpgcheck.engine import Checker, CheckOptions, build_checker
from dpgcheck.model import IndicatorResult, Report, Status
from dpgcheck.plugins import load_plugin
from dpgcheck.sources import SourceOptions
from tests.conftest import EXAMPLES, write_tree
from tests.servers import Reply, serve


def dpgcheck(*args: str, path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m dpgcheck`` with ``path`` first on the import path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path), os.environ.get("PYTHONPATH", "")])}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "dpgcheck", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/plugin installed by pip into a fresh target folder."""
    target = tmp_path_factory.mktemp("plugin-site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(EXAMPLES / "plugin"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert list(target.glob("dpgcheck_citation-*.dist-info/entry_points.txt"))
    return target


def test_installed_plugin_is_listed_by_indicators(installed_plugin: Path) -> None:
    result = dpgcheck("indicators", path=installed_plugin)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].split()[0] == "EXT-CITATION"
    assert "Citation metadata" in lines[-1]
    assert any(line.startswith("DPG-9C") for line in lines)


def test_installed_plugin_runs_in_check_with_evidence(installed_plugin: Path) -> None:
    result = dpgcheck("check", str(EXAMPLES / "passing"), "-f", "json", path=installed_plugin)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    ids = [indicator["id"] for indicator in report["indicators"]]
    assert ids[-1] == "EXT-CITATION" and len(ids) == 12
    citation = report["indicators"][-1]
    assert citation["status"] == "pass"
    assert citation["automation"] == "full"
    assert {(e["path"], e["line"]) for e in citation["evidence"] if e["kind"] == "file"} == {
        ("CITATION.cff", 3),
        ("CITATION.cff", 4),
    }
    # The homepage link the check declares it relies on is cited (not checked: the tests allow
    # only loopback hosts).
    (website,) = [e for e in citation["evidence"] if e["kind"] == "url"]
    assert (
        website["url"] == "https://openclinic.example.org" and "not verified (homepage" in website["detail"]
    )


def test_installed_plugin_fails_a_repository_without_citation(installed_plugin: Path) -> None:
    result = dpgcheck("check", str(EXAMPLES / "traps"), "-f", "json", path=installed_plugin)
    citation = json.loads(result.stdout)["indicators"][-1]
    assert citation["id"] == "EXT-CITATION"
    assert citation["status"] == "fail"
    assert citation["remediation"].startswith("Add a CITATION.cff")
    text = dpgcheck("check", str(EXAMPLES / "traps"), path=installed_plugin).stdout
    assert "EXT-CITATION FAIL" in text


def _fake_installed_plugin(site: Path, module: str, files: dict[str, str | bytes]) -> Path:
    """A minimal installed distribution: dist-info with an entry point, plus its module files."""
    write_tree(
        site,
        {
            "broken_plugin-1.0.dist-info/METADATA": (
                "Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n"
            ),
            "broken_plugin-1.0.dist-info/entry_points.txt": f"[dpgcheck.indicators]\nbroken = {module}\n",
            **files,
        },
    )
    return site


def _assert_one_error_line(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert result.stderr.startswith("Error: Plugin 'broken'")
    for fragment in fragments:
        assert fragment in errors[0]
    assert "\nHint: " in result.stderr


def test_plugin_that_fails_to_import_is_an_error_not_a_skip(tmp_path: Path) -> None:
    site = _fake_installed_plugin(
        tmp_path, "broken_plugin:plugin", {"broken_plugin.py": "import no_such_module_dpgcheck\n"}
    )
    for args in (("check", str(EXAMPLES / "passing")), ("indicators",)):
        _assert_one_error_line(dpgcheck(*args, path=site), "ModuleNotFoundError", "no_such_module_dpgcheck")


def test_plugin_yaml_binding_an_unknown_check_is_an_error(tmp_path: Path) -> None:
    code = (
        "from pathlib import Path\n"
        "from dpgcheck.plugins import Plugin\n"
        "def plugin():\n"
        "    here = Path(__file__).parent / 'broken_indicators'\n"
        "    return Plugin('broken', [here / 'EXT-X.yaml'], {'something_else': lambda f, c: None})\n"
    )
    yaml_text = (
        "id: EXT-X\ntitle: X\nrequirement: x\nautomation: full\ncheck: no_such_check\nremediation: x\n"
    )
    site = _fake_installed_plugin(
        tmp_path,
        "broken_plugin:plugin",
        {"broken_plugin.py": code, "broken_indicators/EXT-X.yaml": yaml_text},
    )
    result = dpgcheck("check", str(EXAMPLES / "passing"), "-f", "json", path=site)
    _assert_one_error_line(result, "EXT-X", "no_such_check")
    assert result.stdout == ""


def test_plugin_returning_the_wrong_type_or_a_bad_yaml_is_an_error(tmp_path: Path) -> None:
    site = _fake_installed_plugin(
        tmp_path, "broken_plugin:plugin", {"broken_plugin.py": "def plugin():\n    return {'checks': {}}\n"}
    )
    _assert_one_error_line(dpgcheck("indicators", path=site), "not dpgcheck.plugins.Plugin")


def test_plugin_redefining_a_standard_indicator_is_an_error(tmp_path: Path) -> None:
    code = (
        "from pathlib import Path\n"
        "from dpgcheck.plugins import Plugin\n"
        "def plugin():\n"
        "    here = Path(__file__).parent / 'broken_indicators'\n"
        "    return Plugin('broken', [here / 'DPG-2.yaml'], {'mine': lambda f, c: None})\n"
    )
    yaml_text = "id: DPG-2\ntitle: X\nrequirement: x\nautomation: full\ncheck: mine\nremediation: x\n"
    site = _fake_installed_plugin(
        tmp_path,
        "broken_plugin:plugin",
        {"broken_plugin.py": code, "broken_indicators/DPG-2.yaml": yaml_text},
    )
    result = dpgcheck("indicators", path=site)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: Indicator DPG-2 is defined twice")
    assert "Traceback" not in result.stderr


def _citation_checker(monkeypatch: pytest.MonkeyPatch) -> Checker:
    """The built-in indicators plus the example plugin's, loaded in-process like an installed one."""
    monkeypatch.syspath_prepend(str(EXAMPLES / "plugin" / "src"))
    citation = importlib.import_module("dpgcheck_citation")
    builtin = build_checker(plugins=False)
    loaded = load_plugin(citation.plugin())
    return Checker(with_indicators(builtin.catalog, loaded.indicators), {**builtin.checks, **loaded.checks})


def _citation_project(tmp_path: Path, website: str) -> Path:
    return write_tree(
        tmp_path / "proj",
        {
            "README.md": "# P\n",
            "CITATION.cff": "cff-version: 1.2.0\ntitle: P\nauthors:\n  - name: A\n",
            "dpg.yaml": f"name: P\nwebsite: {website!r}\n",
        },
    )


def run(target: str, options: CheckOptions, checker: Checker) -> Report:
    """The report of one check through the library's entry point, with no configuration or gate."""
    return api_check(target, RunOptions(options, policy=None), checker).report


def _citation(report: Report) -> IndicatorResult:
    return next(result for result in report.results if result.id == "EXT-CITATION")


def test_plugin_check_declares_a_manifest_key_and_a_todo_there_needs_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checker = _citation_checker(monkeypatch)
    offline = CheckOptions(source=SourceOptions(offline=True))
    answered = _citation(run(str(_citation_project(tmp_path / "a", "https://p.example")), offline, checker))
    assert answered.status is Status.PASS
    todo = _citation(run(str(_citation_project(tmp_path / "b", "TODO: the website")), offline, checker))
    assert todo.status is Status.NEEDS_REVIEW
    assert any(e.path == "dpg.yaml" and e.line == 2 and "`website`" in e.detail for e in todo.evidence)


def test_plugin_check_declares_a_link_role_and_a_dead_link_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checker = _citation_checker(monkeypatch)

    def route(method: str, path: str, headers: dict[str, str]) -> Reply:
        return Reply(200, "ok") if path == "/ok" else Reply(404, "gone")

    with serve(route) as server:
        alive = _citation(
            run(str(_citation_project(tmp_path / "a", f"{server.url}/ok")), CheckOptions(), checker)
        )
        dead = _citation(
            run(str(_citation_project(tmp_path / "b", f"{server.url}/gone")), CheckOptions(), checker)
        )
    assert alive.status is Status.PASS
    assert dead.status is Status.WARN
    assert any(
        e.url == f"{server.url}/gone" and e.detail.startswith("dead link (homepage") for e in dead.evidence
    )


def test_the_quick_look_for_plugins_sees_every_metadata_shape_and_misses_none(tmp_path: Path) -> None:
    """``may_have_plugins`` skips importlib.metadata only when no entry_points.txt names the group."""
    from dpgcheck.plugins import ENTRY_POINT_GROUP, may_have_plugins

    other = tmp_path / "other"
    write_tree(other, {"tool-1.0.dist-info/entry_points.txt": "[console_scripts]\ntool = tool:main\n"})
    declared = f"[{ENTRY_POINT_GROUP}]\ncitation = citation:plugin\n"
    assert not may_have_plugins([str(other), str(tmp_path / "missing")])
    for name, layout in {
        "dist": {"plugin-1.0.dist-info/entry_points.txt": declared},
        "egg-info": {"plugin.egg-info/entry_points.txt": declared},
        "egg": {"plugin-1.0-py3.11.egg/EGG-INFO/entry_points.txt": declared},
        "zipped-egg": {"plugin-1.0-py3.11.egg": "PK"},
    }.items():
        write_tree(tmp_path / name, layout)
        assert may_have_plugins([str(other), str(tmp_path / name)]), name
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    assert may_have_plugins([str(archive)])  # a zip on the path: cannot tell, so "may"
