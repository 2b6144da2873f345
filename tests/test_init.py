"""``dpgcheck init``: the draft, never overwriting, and the round trip through ``check``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.facts.manifest.parse import load_manifest_file
from dpgcheck.sources.gitremote import browsable_url
from tests.conftest import EXAMPLES, git

runner = CliRunner()

# Indicators whose answers only the project can give: after init they must not pass.
DECLARATIONS = ("DPG-1", "DPG-6", "DPG-7", "DPG-9A", "DPG-9B", "DPG-9C")


def _project(tmp_path: Path, remote: str | None = "git@github.com:example/openclinic.git") -> Path:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES / "passing", root)
    (root / "dpg.yaml").unlink()
    git(root, "init", "-q")
    if remote:
        git(root, "remote", "add", "origin", remote)
    git(root, "add", "-A")
    return root


def test_init_drafts_what_was_detected(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = runner.invoke(app, ["init", str(root)])
    assert result.exit_code == 0, result.output
    assert "TODO(s)" in result.stderr
    manifest = load_manifest_file(str(root / "dpg.yaml"))  # valid against the schema
    assert manifest.get("license") == [
        {"spdx": "Apache-2.0", "licenseURL": "https://github.com/example/openclinic/blob/HEAD/LICENSE"}
    ]
    assert manifest.get("repositories", 0, "url") == "https://github.com/example/openclinic"
    assert manifest.get("organizations", 0, "name") == "Example Health Foundation"
    assert manifest.get("documentation", "documentationURL") == ["README.md", "docs/"]
    assert manifest.get("doNoHarm", "protectionFromHarassment", "codeOfConductURL") == "CODE_OF_CONDUCT.md"
    assert manifest.get("doNoHarm", "dataPrivacySecurity", "privacyPolicyURL") == "PRIVACY.md"
    assert "OpenAPI" in manifest.get("standards", "standardsList")
    assert (
        manifest.get("SDGs") is None
        and manifest.get("doNoHarm", "dataPrivacySecurity", "collectsPII") is None
    )
    text = (root / "dpg.yaml").read_text()
    assert "# Security policy found: SECURITY.md" in text
    assert 'collectsPII: "TODO: ' in text


def test_init_round_trip_shows_todos_as_needs_review(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    result = runner.invoke(app, ["check", str(root), "-f", "json"])
    assert result.exit_code == 0, result.output  # needs-review is below the default --fail-on
    by_id = {i["id"]: i for i in json.loads(result.stdout)["indicators"]}
    for indicator in DECLARATIONS:
        assert by_id[indicator]["status"] == "needs-review", (indicator, by_id[indicator]["summary"])
        assert any(
            e["path"] == "dpg.yaml" and "TODO" in e["detail"] and e["line"]
            for e in by_id[indicator]["evidence"]
        ), indicator
    for indicator in ("DPG-2", "DPG-3", "DPG-5"):  # detected, verified claims
        assert by_id[indicator]["status"] == "pass", indicator


def test_init_lists_closed_dependencies_for_the_project_to_answer(tmp_path: Path) -> None:
    root = tmp_path / "app"
    shutil.copytree(EXAMPLES / "failing", root)
    (root / "dpg.yaml").unlink()
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    text = (root / "dpg.yaml").read_text()
    assert "firebase (package.json:6); known open alternatives: Supabase" in text
    assert 'pltIndependenceDesc: "TODO: for each of @googlemaps/js-api-loader, firebase' in text
    assert 'repositories:\n  - name: main\n    url: "TODO' in text  # no git remote
    by_id = {
        i["id"]: i
        for i in json.loads(runner.invoke(app, ["check", str(root), "-f", "json"]).stdout)["indicators"]
    }
    assert by_id["DPG-4"]["status"] == "needs-review"


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "dpg.json").write_text("{}")
    result = runner.invoke(app, ["init", str(root)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: dpg.json already exists")
    assert "--force" in result.stderr
    assert not (root / "dpg.yaml").exists()
    (root / "dpg.json").unlink()
    (root / "dpg.yaml").write_text("name: mine\n")
    assert runner.invoke(app, ["init", str(root)]).exit_code == 2
    assert (root / "dpg.yaml").read_text() == "name: mine\n"
    assert runner.invoke(app, ["init", str(root), "--force"]).exit_code == 0
    assert "TODO" in (root / "dpg.yaml").read_text()


def test_init_on_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Path not found")


@pytest.mark.parametrize(
    ("remote", "url"),
    [
        ("git@github.com:owner/repo.git", "https://github.com/owner/repo"),
        ("https://user:secret-token@gitlab.com/group/sub/repo.git", "https://gitlab.com/group/sub/repo"),
        ("ssh://git@git.example.org:2222/owner/repo.git", "https://git.example.org/owner/repo"),
        ("http://localhost:8080/owner/repo/", "http://localhost:8080/owner/repo"),
        ("/srv/git/repo.git", None),
        ("../other", None),
    ],
)
def test_remote_urls_become_browsable_without_credentials(remote: str, url: str | None) -> None:
    assert browsable_url(remote) == url


def test_init_uses_the_git_remote_without_credentials(tmp_path: Path) -> None:
    root = _project(tmp_path, remote="https://bot:ghp_secret@github.com/example/openclinic.git")
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    text = (root / "dpg.yaml").read_text()
    assert "ghp_secret" not in text
    assert 'url: "https://github.com/example/openclinic"' in text


def test_a_declared_no_beside_leftover_todos_stays_not_applicable(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    text = (root / "dpg.yaml").read_text()
    answered = text.replace(
        'collectStoreDistribute: "TODO: Yes or No: does it collect, store or distribute user content?"',
        'collectStoreDistribute: "No"',
    )
    (root / "dpg.yaml").write_text(answered)
    by_id = {
        i["id"]: i
        for i in json.loads(runner.invoke(app, ["check", str(root), "-f", "json"]).stdout)["indicators"]
    }
    assert by_id["DPG-9B"]["status"] == "not-applicable"
    # The TODOs left under the question answered "No" are moot (issue 17): not cited as unanswered.
    assert not any("TODO" in e["detail"] for e in by_id["DPG-9B"]["evidence"])
