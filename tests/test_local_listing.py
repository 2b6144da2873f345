"""git's listing of a local folder, started early by the CLI and taken up by open_target."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dpgcheck.sources import SourceOptions, open_target, start_target
from dpgcheck.sources.local import GitListing

FILES: dict[str, str | bytes] = {
    "README.md": "# R\n",
    "src/app.py": "x = 1\n",
    ".gitignore": "build/\n",
    "build/out.txt": "ignored\n",
}


def test_a_started_listing_gives_what_opening_from_scratch_gives(make_repo: Callable[..., Path]) -> None:
    root = make_repo(FILES, use_git=True)
    (root / "new.txt").write_text("untracked, not ignored\n")
    started = start_target(str(root))
    assert isinstance(started, GitListing)
    early = open_target(str(root), started=started)
    fresh = open_target(str(root))
    assert early.paths == fresh.paths == (".gitignore", "README.md", "new.txt", "src/app.py")
    assert early.target.revision == fresh.target.revision is not None


def test_nothing_is_started_for_what_is_not_a_local_folder(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    assert start_target(str(tmp_path / "missing")) is None
    assert start_target(str(tmp_path / "file.txt")) is None
    assert start_target("someone/project") is None
    assert start_target("https://example.org/repo.git") is None
    assert start_target(str(tmp_path), SourceOptions(ref="v1")) is None  # an error open_target reports


def test_a_listing_started_for_another_folder_is_stopped_not_used(make_repo: Callable[..., Path]) -> None:
    first = make_repo({"a.txt": "a"}, use_git=True)
    second = make_repo({"b.txt": "b"}, use_git=True)
    other = start_target(str(first))
    assert other is not None
    snapshot = open_target(str(second), started=other)
    assert snapshot.paths == ("b.txt",)
    assert other.result() is None  # stopped: it yields nothing any more


def test_a_plain_folder_is_walked_even_with_a_listing_started(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "notes.md").write_text("# N\n")
    started = start_target(str(tmp_path / "plain"))
    snapshot = open_target(str(tmp_path / "plain"), started=started)
    assert snapshot.paths == ("notes.md",)
    assert snapshot.target.revision is None


def test_the_git_folder_itself_is_walked_not_listed(make_repo: Callable[..., Path]) -> None:
    root = make_repo(FILES, use_git=True)
    snapshot = open_target(str(root / ".git"), started=start_target(str(root / ".git")))
    assert snapshot.target.revision is None
    assert "HEAD" in snapshot.paths and "config" in snapshot.paths
