"""Bad input end to end through the CLI: a clear message or an evidence entry, never a traceback.

You run these as root, so permissions do not make a file unreadable: the unreadable cases are a
FIFO named README.md, a directory named LICENSE, dangling symbolic links and links that point
outside the repository (whose content must never be read).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from dpgcheck.cli import app
from tests.conftest import git, license_text, write_tree

runner = CliRunner()
SECRET = "TOP-SECRET-3f9c2a-never-in-a-report"
PROSE = " ".join(["The registry keeps vaccination records for community health workers."] * 8)


def check_json(path: Path | str) -> tuple[int, dict[str, Any], str]:
    """Run ``dpgcheck check PATH -f json``; the exit code, the report and stderr."""
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout), result.stderr


def indicator(report: dict[str, Any], indicator_id: str) -> dict[str, Any]:
    return next(item for item in report["indicators"] if item["id"] == indicator_id)


def skipped(report: dict[str, Any]) -> dict[str, str]:
    return {item["path"]: item["reason"] for item in report["facts"]["skipped_files"]}


def every_indicator_has_evidence(report: dict[str, Any]) -> None:
    assert len(report["indicators"]) == 11
    for item in report["indicators"]:
        assert item["evidence"], item["id"]
        assert item["status"] != "error", item


def test_missing_path_and_non_directories_are_one_clear_error(tmp_path: Path) -> None:
    for target, message in (
        (tmp_path / "nope", "Error: Path not found: "),
        (Path("/dev/null"), "Error: /dev/null is a file, not a directory"),
    ):
        result = runner.invoke(app, ["check", str(target)])
        assert result.exit_code == 2
        assert result.stderr.startswith(message)
        assert "\nHint: " in result.stderr
        assert "Traceback" not in result.stderr


def test_fifo_named_readme_is_skipped_without_hanging(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", {"LICENSE": license_text("MIT")})
    os.mkfifo(repo / "README.md")
    # A subprocess with a timeout: a blocking open() of the FIFO would hang forever.
    result = subprocess.run(
        [sys.executable, "-m", "dpgcheck", "check", str(repo), "-f", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert skipped(report)["README.md"] == "not a regular file"
    dpg5 = indicator(report, "DPG-5")
    assert dpg5["status"] == "needs-review"  # an unreadable README is no proof
    assert dpg5["evidence"][0] == {
        "kind": "file",
        "path": "README.md",
        "line": None,
        "url": None,
        "detail": "README not read: not a regular file",
    }
    every_indicator_has_evidence(report)


def test_directory_named_license(make_repo) -> None:  # type: ignore[no-untyped-def]
    for use_git in (False, True):
        repo = make_repo({"LICENSE/README.txt": "see the folder", "README.md": "# x\n"}, use_git=use_git)
        _, report, _ = check_json(repo)
        # No readable license is absence of evidence: needs-review, never a fail.
        assert indicator(report, "DPG-2")["status"] == "needs-review"
        every_indicator_has_evidence(report)


def test_dangling_symbolic_links(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"README.md": f"# x\n\n{PROSE}\n"})
    (repo / "LICENSE").symlink_to("LICENSE.txt")  # inside the tree, target missing
    (repo / "SECURITY.md").symlink_to("/nonexistent/dpgcheck/SECURITY.md")
    _, report, _ = check_json(repo)
    assert skipped(report)["LICENSE"] == "broken symbolic link (its target does not exist)"
    assert skipped(report)["SECURITY.md"] == "symbolic link pointing outside the repository (not followed)"
    dpg2 = indicator(report, "DPG-2")
    assert dpg2["status"] == "needs-review"
    assert any(e["path"] == "LICENSE" and "broken symbolic link" in e["detail"] for e in dpg2["evidence"])
    assert any(e["path"] == "SECURITY.md" for e in indicator(report, "DPG-9A")["evidence"])
    every_indicator_has_evidence(report)


def test_binary_license(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"LICENSE": bytes(range(256)) * 20})
    _, report, _ = check_json(repo)
    assert skipped(report)["LICENSE"] == "binary file (not text)"
    dpg2 = indicator(report, "DPG-2")
    assert dpg2["status"] == "needs-review"
    assert {"path": "LICENSE", "detail": "license file not read: binary file (not text)"}.items() <= next(
        e for e in dpg2["evidence"] if e["path"] == "LICENSE"
    ).items()


def test_fifty_megabyte_license_is_not_read(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"README.md": "# x\n"})
    with (repo / "LICENSE").open("wb") as handle:  # sparse: no 50 MB written to disk
        handle.truncate(50 * 1024 * 1024)
    _, report, _ = check_json(repo)
    reason = skipped(report)["LICENSE"]
    assert reason == "too large to read (50.0 MiB; the limit is 2.0 MiB)"
    assert any(
        e["path"] == "LICENSE" and reason in e["detail"] for e in indicator(report, "DPG-2")["evidence"]
    )


def test_latin1_readme_is_read_and_flagged(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = f"# Système de santé\n\n{PROSE}\n\n## Installation\n\nLancez « make ».\n"
    repo = make_repo({"README.md": text.encode("latin-1")})
    _, report, _ = check_json(repo)
    assert skipped(report)["README.md"] == "not UTF-8; read as Latin-1"
    dpg5 = indicator(report, "DPG-5")
    assert dpg5["status"] == "pass"
    assert any(e["path"] == "README.md" and e["line"] == 5 for e in dpg5["evidence"])


def test_utf16_readme_is_read(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = f"# Registry\n\n{PROSE}\n\n## Installation\n\nmake\n"
    repo = make_repo({"README.md": text.encode("utf-16")})
    _, report, _ = check_json(repo)
    assert indicator(report, "DPG-5")["status"] == "pass"


def test_symbolic_links_out_of_the_tree_are_never_read(tmp_path: Path, make_repo) -> None:  # type: ignore[no-untyped-def]
    outside = write_tree(
        tmp_path / "outside",
        {
            "secret.txt": f"Copyright 2024 {SECRET}\nContact {SECRET}@example.net\nSDG 3 {SECRET}\n",
            "dir/README.md": f"# {SECRET}\n",
            "dir/package.json": json.dumps({"dependencies": {SECRET: "1"}, "license": SECRET}),
        },
    )
    secret = outside / "secret.txt"
    for use_git in (False, True):
        repo = make_repo({"src/app.py": "print('hi')\n"})
        for name in ("LICENSE", "README.md", "SECURITY.md", "CODE_OF_CONDUCT.md", "NOTICE", "src/main.py"):
            (repo / name).symlink_to(secret)
        (repo / "package.json").symlink_to(outside / "dir" / "package.json")
        (repo / "docs").symlink_to(outside / "dir")  # a whole folder outside
        if use_git:
            git(repo, "init", "-q")
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "-m", "links")
        result = runner.invoke(app, ["check", str(repo), "-f", "json"])
        assert SECRET not in result.stdout + result.stderr
        report = json.loads(result.stdout)
        reasons = skipped(report)
        for name in ("LICENSE", "README.md", "SECURITY.md", "CODE_OF_CONDUCT.md", "package.json"):
            assert reasons[name] == "symbolic link pointing outside the repository (not followed)", name
        every_indicator_has_evidence(report)
        text = runner.invoke(app, ["check", str(repo), "--verbose"]).stdout
        assert SECRET not in text


def test_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, report, _ = check_json(tmp_path / "empty")
    # Nothing proves non-compliance (fail is for proof), and nothing passes without evidence:
    # every indicator is left to a person, so the default gate (--fail-on fail) does not trip.
    assert code == 0
    assert {i["status"] for i in report["indicators"]} <= {"needs-review", "not-applicable"}
    assert report["facts"]["files_indexed"] == 0
    assert any("holds no files" in note for note in report["notes"])
    every_indicator_has_evidence(report)
    text = runner.invoke(app, ["check", str(tmp_path / "empty")]).stdout
    assert "Note: " in text and "holds no files" in text


def test_git_repository_without_commits(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "fresh", {"README.md": f"# x\n\n{PROSE}\n\n## Install\n\nmake\n"})
    git(repo, "init", "-q")
    _, report, _ = check_json(repo)
    assert report["target"]["revision"] is None
    assert report["facts"]["files_indexed"] == 1
    assert any("no commits yet" in note for note in report["notes"])
    assert indicator(report, "DPG-5")["status"] == "pass"
    bare = tmp_path / "bare"
    bare.mkdir()
    git(bare, "init", "-q")
    _, report, _ = check_json(bare)
    assert report["facts"]["files_indexed"] == 0
    every_indicator_has_evidence(report)


def test_file_deleted_but_still_in_the_git_index(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"LICENSE": license_text("MIT"), "README.md": "# x\n"}, use_git=True)
    (repo / "LICENSE").unlink()
    _, report, _ = check_json(repo)
    assert skipped(report)["LICENSE"] == "missing from the working tree (deleted but still in the git index)"
    assert indicator(report, "DPG-2")["status"] == "needs-review"


def test_broken_git_metadata_falls_back_to_a_walk_with_a_note(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", {"README.md": "# x\n", ".git": "gitdir: /nonexistent/dpgcheck\n"})
    _, report, _ = check_json(repo)
    assert report["facts"]["files_indexed"] == 1  # README.md; .git itself is never a project file
    assert any(note.startswith("git could not list") for note in report["notes"])


def test_repository_config_cannot_run_commands(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"README.md": "# x\n"}, use_git=True)
    marker = tmp_path / "pwned"
    git(repo, "config", "core.fsmonitor", f"touch {marker}; false")
    _, report, _ = check_json(repo)
    assert report["facts"]["files_indexed"] == 1
    assert not marker.exists()
