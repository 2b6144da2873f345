"""``dpgcheck init`` on hostile folders: no write through a link, no YAML from a name (issue 11)."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.init_manifest import _one_line, _q

runner = CliRunner()


def test_init_refuses_a_dangling_dpg_yaml_link(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    outside = tmp_path / "outside" / "victim.txt"
    outside.parent.mkdir()
    (root / "dpg.yaml").symlink_to(outside)  # dangling: the target does not exist yet
    for args in (["init", str(root)], ["init", str(root), "--force"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("Error: ")
        assert not outside.exists()
    assert (root / "dpg.yaml").is_symlink()


def test_init_force_does_not_overwrite_a_linked_outside_file(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    outside = tmp_path / "authorized_keys"
    outside.write_text("ssh-ed25519 AAAA the reviewer's key\n")
    (root / "dpg.yaml").symlink_to(outside)
    result = runner.invoke(app, ["init", str(root), "--force"])
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.stderr
    assert outside.read_text() == "ssh-ed25519 AAAA the reviewer's key\n"


def test_init_force_replaces_a_regular_manifest(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "dpg.yaml").write_text("name: old\n")
    result = runner.invoke(app, ["init", str(root), "--force"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((root / "dpg.yaml").read_text())["name"] == "repo"
    assert [p.name for p in root.iterdir()] == ["dpg.yaml"]  # no temporary file left behind
    assert oct((root / "dpg.yaml").stat().st_mode & 0o777) == oct(0o644 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_folder_name_cannot_inject_yaml(tmp_path: Path) -> None:
    name = "x\nSDGs: [{SDGNumber: 1}]"
    root = tmp_path / name
    root.mkdir()
    result = runner.invoke(app, ["init", str(root)])
    assert result.exit_code == 0, result.output
    draft = yaml.safe_load((root / "dpg.yaml").read_text(encoding="utf-8"))
    assert draft["name"] == name
    assert [sdg["SDGNumber"] for sdg in draft["SDGs"]] == ["TODO: a goal number from 1 to 17"]


def test_yaml_significant_names_round_trip(tmp_path: Path) -> None:
    for name in ("a: b", "# not a comment", "'quoted'", '"dq"', "---", "x\u2028SDGs: 1", "é ü"):
        root = tmp_path / name
        root.mkdir()
        assert runner.invoke(app, ["init", str(root)]).exit_code == 0
        assert yaml.safe_load((root / "dpg.yaml").read_text(encoding="utf-8"))["name"] == name


@settings(max_examples=300, deadline=None)
@given(st.text() | st.text(st.characters(categories=["Cs", "Cc", "Zl", "Zp", "Cf", "Ll"])))
def test_any_text_is_one_scalar_and_one_comment(text: str) -> None:
    # What init writes for a value and beside it in a comment: always exactly one key back
    # (lone surrogates too: a file name that is not UTF-8 reaches Python as one).
    document = f"key: {_q(text)}  # {_one_line(text)}\nafter: 1\n"
    assert yaml.safe_load(document) == {"key": text, "after": 1}
