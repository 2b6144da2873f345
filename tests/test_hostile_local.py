"""A local work tree's own git configuration cannot stall the listing of its files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dpgcheck.sources import gitcmd
from dpgcheck.sources.local import open_local
from tests.conftest import git, write_tree
from tests.hostile_git import run_dpgcheck


def _work_tree(root: Path) -> Path:
    write_tree(root, {"README.md": "# A project\n", "notes.tmp": "scratch\n"})
    git(root, "init", "-q")
    return root


def test_an_excludes_file_that_is_a_fifo_does_not_stall_the_check(tmp_path: Path) -> None:
    work = _work_tree(tmp_path / "work")
    fifo = tmp_path / "excludes"
    os.mkfifo(fifo)
    git(work, "config", "core.excludesFile", str(fifo))
    # Before: git blocked on the FIFO for the 120 s time-out; the guard fails long before that.
    result = run_dpgcheck("check", str(work), "--format", "json", timeout=60)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["target"]["kind"] == "local"
    assert not any("could not list" in note for note in report["notes"])  # git listed it


def test_the_reviewers_own_excludes_file_still_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = _work_tree(tmp_path / "work")
    ignore = tmp_path / "global-ignore"
    ignore.write_text("*.tmp\n")
    config = tmp_path / "gitconfig"
    config.write_text(f'[user]\n\tname = x\n[core]\n\texcludesfile = "{ignore}"\n')
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    gitcmd.user_excludes_file.cache_clear()
    try:
        assert gitcmd.user_excludes_file() == str(ignore)
        git(work, "config", "core.excludesFile", "/dev/null")  # the repository's say is ignored
        assert open_local(str(work)).paths == ("README.md",)
    finally:
        gitcmd.user_excludes_file.cache_clear()


def test_a_global_excludes_file_that_is_no_regular_file_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    config = tmp_path / "gitconfig"
    config.write_text(f"[core]\nexcludesFile = {fifo}\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    gitcmd.user_excludes_file.cache_clear()
    try:
        assert gitcmd.user_excludes_file() == os.devnull
    finally:
        gitcmd.user_excludes_file.cache_clear()
