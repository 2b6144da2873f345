"""Configuration: discovery at the target's root, --config, --no-config, and clear errors."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.config import Config, discover_config, find_config, load_config, parse_config
from dpgcheck.errors import ConfigError
from tests.conftest import EXAMPLES

runner = CliRunner()


def run_cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def failing(tmp_path: Path) -> Path:
    """A copy of examples/failing that a test may add a configuration to."""
    return Path(shutil.copytree(EXAMPLES / "failing", tmp_path / "failing"))


def test_yaml_at_the_root_is_found_and_read(failing: Path) -> None:
    (failing / ".dpgcheck.yaml").write_text(
        "type: [software, data]\nfail-on: never\nadvisory: [dpg-1]\nexclude: [vendor/]\n"
        "waivers:\n  - indicator: DPG-2\n    reason: relicensing\n    expires: 2030-01-31\n"
    )
    config = discover_config(str(failing))
    assert config.source == str(failing / ".dpgcheck.yaml")
    assert config.asset_types == ("software", "data")
    assert config.fail_on == "never"
    assert config.advisory == ("DPG-1",)
    assert config.exclude == ("vendor/",)
    assert config.waivers[0].indicator == "DPG-2"
    assert config.waivers[0].expires == date(2030, 1, 31)
    code, out, _ = run_cli("check", str(failing), "-f", "json")
    assert code == 0  # fail-on: never from the file
    assert json.loads(out)["asset_types"] == ["software", "data"]


def test_pyproject_table_is_found_and_yaml_wins_over_it(failing: Path) -> None:
    (failing / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.dpgcheck]\nfail-on = "never"\n')
    assert find_config(failing) == failing / "pyproject.toml"
    assert run_cli("check", str(failing), "-q")[0] == 0
    (failing / ".dpgcheck.yml").write_text("fail-on: fail\n")
    assert find_config(failing) == failing / ".dpgcheck.yml"
    assert run_cli("check", str(failing), "-q")[0] == 1


def test_pyproject_without_the_table_is_not_a_configuration(failing: Path) -> None:
    (failing / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(failing) is None
    code, _, err = run_cli("check", str(failing), "--config", str(failing / "pyproject.toml"))
    assert code == 2
    assert "no [tool.dpgcheck] table" in err


def test_explicit_config_and_no_config(failing: Path, tmp_path: Path) -> None:
    (failing / ".dpgcheck.yaml").write_text("fail-on: never\n")
    other = tmp_path / "strict.yaml"
    other.write_text("fail-on: fail\n")
    assert run_cli("check", str(failing), "-q")[0] == 0
    assert run_cli("check", str(failing), "-q", "--config", str(other))[0] == 1
    assert run_cli("check", str(failing), "-q", "--no-config")[0] == 1


def test_command_line_beats_the_configuration(failing: Path) -> None:
    (failing / ".dpgcheck.yaml").write_text("fail-on: never\ntype: data\nonly: [DPG-2]\n")
    code, out, _ = run_cli("check", str(failing), "-f", "json", "--fail-on", "fail", "-t", "software")
    report = json.loads(out)
    assert code == 1
    assert report["asset_types"] == ["software"]
    assert [i["id"] for i in report["indicators"]] == ["DPG-2"]
    code, out, _ = run_cli("check", str(failing), "-f", "json", "--only", "DPG-5")
    assert [i["id"] for i in json.loads(out)["indicators"]] == ["DPG-5"]


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    code, _, err = run_cli("check", str(EXAMPLES / "passing"), "--config", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert err.startswith(f"Error: Configuration file not found: {tmp_path / 'nope.yaml'}\nHint: ")


@pytest.mark.parametrize(
    ("content", "key", "words"),
    [
        ("fial-on: fail\n", "fial-on", "unknown key (did you mean 'fail-on'?)"),
        ("fail-on: sometimes\n", "fail-on", "'sometimes' is not one of fail, warn, needs-review, never"),
        ("fail-on: [fail]\n", "fail-on", "is not one of"),
        ("type: music\n", "type", "unknown asset type music"),
        ("exclude: {a: 1}\n", "exclude", "must be a string or a list of strings, not a mapping"),
        ("waivers: DPG-2\n", "waivers", "must be a list of waivers"),
        ("waivers:\n  - indicator: DPG-2\n", "waivers[0].reason", "is required"),
        ("waivers:\n  - indicator: DPG-2\n    reason: '  '\n", "waivers[0].reason", "is required"),
        ("waivers:\n  - reason: x\n", "waivers[0].indicator", "is required"),
        (
            "waivers:\n  - indicator: DPG-2\n    reason: x\n    expires: next year\n",
            "waivers[0].expires",
            "'next year' is not a date; write it as YYYY-MM-DD",
        ),
        (
            "waivers:\n  - indicator: DPG-2\n    reason: x\n    expiry: 2030-01-01\n",
            "waivers[0].expiry",
            "unknown key (did you mean 'expires'?)",
        ),
        (
            "waivers:\n  - indicator: DPG-22\n    reason: x\n",
            "waivers[0].indicator",
            "unknown indicator DPG-22",
        ),
        ("advisory: [DPG-10]\n", "advisory", "unknown indicator DPG-10"),
        ("required: [DPG-2]\nadvisory: [DPG-2]\n", "advisory", "DPG-2 is also listed under required"),
        ("- fail-on\n", "top level", "must be a mapping"),
    ],
)
def test_bad_configuration_names_file_and_key(failing: Path, content: str, key: str, words: str) -> None:
    path = failing / ".dpgcheck.yaml"
    path.write_text(content)
    code, out, err = run_cli("check", str(failing))
    assert code == 2, err
    first = err.splitlines()[0]
    assert first.startswith(f"Error: {path}: {key}: "), first
    assert words in first
    assert "Hint: " in err
    assert "Traceback" not in out + err


def test_bad_toml_key_is_named_with_its_table(failing: Path) -> None:
    path = failing / "pyproject.toml"
    path.write_text('[tool.dpgcheck]\nfailon = "fail"\n')
    code, _, err = run_cli("check", str(failing))
    assert code == 2
    assert err.startswith(f"Error: {path}: tool.dpgcheck.failon: unknown key")


def test_invalid_yaml_and_toml_are_errors(tmp_path: Path) -> None:
    bad_yaml = tmp_path / ".dpgcheck.yaml"
    bad_yaml.write_text("fail-on: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad_yaml)
    bad_toml = tmp_path / "pyproject.toml"
    bad_toml.write_text("[tool.dpgcheck\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad_toml)


def test_empty_file_is_an_empty_configuration(tmp_path: Path) -> None:
    path = tmp_path / ".dpgcheck.yaml"
    path.write_text("# nothing yet\n")
    assert load_config(path) == Config(source=str(path))


def test_single_strings_are_accepted_for_lists() -> None:
    config = parse_config({"type": "data", "skip": "dpg-8", "exclude": "vendor"}, "x.yaml")
    assert config.asset_types == ("data",)
    assert config.skip == ("DPG-8",)
    assert config.exclude == ("vendor",)


def test_exclude_leaves_fixtures_out(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "README.md": "# x\n",
            "package.json": '{"name": "x", "dependencies": {"leaflet": "^1.9"}}\n',
            "legacy/sdk/package.json": '{"name": "sdk", "dependencies": {"firebase": "^10"}}\n',
        }
    )
    _, out, _ = run_cli("check", str(repo), "-f", "json", "--only", "DPG-4")
    assert json.loads(out)["indicators"][0]["status"] == "needs-review"
    (repo / ".dpgcheck.yaml").write_text("exclude: [legacy]\n")
    _, out, _ = run_cli("check", str(repo), "-f", "json", "--only", "DPG-4")
    report = json.loads(out)
    assert report["indicators"][0]["status"] == "pass"
    assert report["facts"]["dependencies"]["closed"] == []
    assert "1 file(s) excluded by configuration (legacy)" in report["notes"]
    (repo / ".dpgcheck.yaml").write_text("exclude: [legcay/]\n")
    _, out, _ = run_cli("check", str(repo), "-f", "json", "--only", "DPG-4")
    assert "The exclude patterns matched no file: legcay" in json.loads(out)["notes"]


@pytest.mark.parametrize(
    ("pattern", "path", "excluded"),
    [
        ("vendor", "vendor/lib/a.js", True),
        ("./vendor/", "vendor/lib/a.js", True),
        ("vendor", "src/vendor.py", False),
        ("docs", "docsite/index.md", False),
        ("tests/fixtures/*", "tests/fixtures/bad/LICENSE", True),
        ("*.min.js", "static/js/app.min.js", True),
        ("third_party/**", "third_party/x/package.json", True),
        ("LICENSE", "LICENSE", True),
    ],
)
def test_exclude_patterns(pattern: str, path: str, excluded: bool) -> None:
    from dpgcheck.excludes import is_excluded, normalise_pattern

    assert is_excluded(path, [normalise_pattern(pattern)]) is excluded
