"""git's listing of a local folder, made when open_target opens it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dpgcheck.sources import open_target

FILES: dict[str, str | bytes] = {
    "README.md": "# R\n",
    "src/app.py": "x = 1\n",
    ".gitignore": "build/\n",
    "build/out.txt": "ignored\n",
}


def test_a_work_tree_lists_tracked_and_untracked_files_not_ignored_ones(
    make_repo: Callable[..., Path],
) -> None:
    root = make_repo(FILES, use_git=True)
    (root / "new.txt").write_text("untracked, not ignored\n")
    snapshot = open_target(str(root))
    assert snapshot.paths == (".gitignore", "README.md", "new.txt", "src/app.py")
    assert snapshot.target.revision is not None


def test_a_sub_folder_of_a_work_tree_is_a_project_of_its_own(make_repo: Callable[..., Path]) -> None:
    root = make_repo(FILES, use_git=True)
    snapshot = open_target(str(root / "src"))
    assert snapshot.paths == ("app.py",)


def test_a_plain_folder_is_walked(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "notes.md").write_text("# N\n")
    snapshot = open_target(str(tmp_path / "plain"))
    assert snapshot.paths == ("notes.md",)
    assert snapshot.target.revision is None


def test_the_git_folder_itself_is_walked_not_listed(make_repo: Callable[..., Path]) -> None:
    root = make_repo(FILES, use_git=True)
    snapshot = open_target(str(root / ".git"))
    assert snapshot.target.revision is None
    assert "HEAD" in snapshot.paths and "config" in snapshot.paths
