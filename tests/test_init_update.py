"""``dpgcheck init --update``: what is detected now is merged in; no answer or comment is lost."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.facts.manifest.parse import load_manifest_file
from tests.conftest import EXAMPLES, git

runner = CliRunner()

MAINTAINED = """\
# Our manifest: hand-written, reviewed by the board.
name: OpenClinic Registry   # the official name
description: 'Self-hosted patient registry.'
website: "TODO: the product's website (or delete this line)"
type: [software]
license:
  - spdx: MIT  # we say MIT, whatever dpgcheck detects
    licenseURL: LICENSE
clearOwnership:
  isOwnershipExplicit: "TODO: Yes once a copyright notice names the owner"
  copyrightURL: "TODO: where ownership is stated"
SDGs:
  - SDGNumber: 3   # health
    evidenceText: We help health workers.
# Screening answers below.
doNoHarm:
  protectionFromHarassment:
    userInteraction: "No"  # maintainers' answer
"""


def _project(tmp_path: Path, manifest: str | None = MAINTAINED) -> Path:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES / "passing", root)
    (root / "dpg.yaml").unlink()
    if manifest is not None:
        (root / "dpg.yaml").write_text(manifest, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "remote", "add", "origin", "https://user:tok@github.com/example/openclinic.git")
    git(root, "add", "-A")
    return root


def test_update_keeps_every_answer_and_comment_and_lists_its_changes(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = runner.invoke(app, ["init", "--update", str(root)])
    assert result.exit_code == 0, result.output
    text = (root / "dpg.yaml").read_text(encoding="utf-8")
    for line in MAINTAINED.splitlines():
        if "TODO" not in line:  # every line the maintainer wrote is still there, as written
            assert line in text, line
    manifest = load_manifest_file(str(root / "dpg.yaml"))
    assert manifest.get("license") == [{"spdx": "MIT", "licenseURL": "LICENSE"}]  # not "corrected"
    assert 'website: "TODO: the product\'s website (or delete this line)"' in text  # nothing to fill it
    assert manifest.get("clearOwnership", "copyrightURL") == "NOTICE"  # a TODO answered
    assert manifest.get("doNoHarm", "protectionFromHarassment", "codeOfConductURL") == "CODE_OF_CONDUCT.md"
    assert manifest.get("repositories", 0, "url") == "https://github.com/example/openclinic"
    assert "tok" not in text
    changes = result.stdout.splitlines()
    assert '~ clearOwnership.copyrightURL: "TODO: where ownership is stated" → "NOTICE"' in changes
    assert '+ doNoHarm.protectionFromHarassment.codeOfConductURL: "CODE_OF_CONDUCT.md"' in changes
    assert not any(change.startswith(("+ license", "~ license", "+ SDGs", "~ website")) for change in changes)
    # A field the draft can only leave as a TODO is not added (it may have been deleted on purpose).
    assert "NonPII" not in text and "privacy:" not in text
    assert "Each goal the product advances" not in text  # the draft's comment for another field
    again = runner.invoke(app, ["init", "--update", str(root)])
    assert again.exit_code == 0 and again.stdout == ""
    assert "up to date" in again.stderr
    assert (root / "dpg.yaml").read_text(encoding="utf-8") == text


def test_update_without_a_manifest_drafts_one(tmp_path: Path) -> None:
    root = _project(tmp_path, manifest=None)
    result = runner.invoke(app, ["init", "--update", str(root)])
    assert result.exit_code == 0, result.output
    assert "TODO" in (root / "dpg.yaml").read_text(encoding="utf-8")


def test_update_and_force_together_are_refused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = runner.invoke(app, ["init", "--update", "--force", str(root)])
    assert result.exit_code == 2 and result.stderr.startswith("Error: --force and --update")
    assert (root / "dpg.yaml").read_text(encoding="utf-8") == MAINTAINED


def test_update_refuses_json_links_and_broken_yaml_in_one_line(tmp_path: Path) -> None:
    root = _project(tmp_path, manifest=None)
    (root / "dpg.json").write_text('{"name": "x"}', encoding="utf-8")
    result = runner.invoke(app, ["init", "--update", str(root)])
    assert result.exit_code == 2 and "init --update edits dpg.yaml" in result.stderr
    (root / "dpg.json").unlink()
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: theirs\n", encoding="utf-8")
    (root / "dpg.yaml").symlink_to(outside)
    result = runner.invoke(app, ["init", "--update", str(root)])
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert outside.read_text(encoding="utf-8") == "name: theirs\n"
    (root / "dpg.yaml").unlink()
    (root / "dpg.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["init", "--update", str(root)])
    assert result.exit_code == 2 and result.stderr.startswith("Error:")
    assert "Traceback" not in result.output
    assert (root / "dpg.yaml").read_text(encoding="utf-8") == "name: [unclosed\n"


def test_update_of_a_file_of_comments_only_keeps_them(tmp_path: Path) -> None:
    root = _project(tmp_path, manifest="# To be written by the board.\n# Do not remove.\n")
    result = runner.invoke(app, ["init", "--update", str(root)])
    assert result.exit_code == 0, result.output
    text = (root / "dpg.yaml").read_text(encoding="utf-8")
    assert text.startswith("# To be written by the board.\n# Do not remove.\n")
    assert load_manifest_file(str(root / "dpg.yaml")).get("license", 0, "spdx") == "Apache-2.0"
