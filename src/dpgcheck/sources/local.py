"""Local directories: a git work tree (files from git) or any folder (a filtered walk)."""

from __future__ import annotations

import os
from pathlib import Path

from dpgcheck.errors import InputError
from dpgcheck.model import Target
from dpgcheck.sources.gitcmd import git_in, git_start
from dpgcheck.sources.snapshot import Snapshot

SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        "node_modules",
        "bower_components",
        "jspm_packages",
        "vendor",
        ".venv",
        "venv",
        "site-packages",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".gradle",
        ".idea",
        ".terraform",
    }
)
"""Folders never part of a project's own files when walking a folder without git."""

MAX_FILES = 1_000_000


def _git_listing(root: Path) -> tuple[list[str], str | None] | None:
    """Files git tracks (plus untracked, not ignored) and the HEAD commit; None outside git.

    ``ls-files`` fails outside a work tree (and inside ``.git``), which is how a folder that is
    not in one is told apart: no separate ``rev-parse --is-inside-work-tree`` is needed.
    """
    # Paths come out relative to root, so a sub-folder of a larger work tree is checked as a
    # project of its own.
    # Both at once: HEAD's commit (~8 ms of git's start-up) is ready while the listing walks.
    head = git_start(root, "rev-parse", "--verify", "-q", "HEAD")
    listing = git_in(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".")
    if listing is None:
        head.stop()
        return None
    revision = (head.output() or b"").decode("utf-8", "replace")
    listed = listing.decode("utf-8", "surrogateescape")
    paths = list(filter(None, listed.split("\0")))  # C-level passes over 50,000 names
    if listed.startswith("../") or "\0../" in listed:
        paths = [name for name in paths if not name.startswith("../")]
    return paths[:MAX_FILES], revision.strip() or None


def open_local(location: str) -> Snapshot:
    """Index the directory ``location``; raise InputError when it cannot be a repository."""
    root = Path(location).expanduser()
    if not root.exists():
        raise InputError(
            f"Path not found: {location}",
            "Give the folder of a repository, for example `dpgcheck check .`.",
        )
    if not root.is_dir():
        raise InputError(
            f"{location} is a file, not a directory",
            "Point dpgcheck at the repository's folder, not at one of its files.",
        )
    if not os.access(root, os.R_OK | os.X_OK):
        raise InputError(f"Cannot read the directory {location}", "Check its permissions.")
    root = root.resolve()
    listed = _git_listing(root)
    notes: list[str] = []
    if listed is not None:
        paths, revision = listed
        if revision is None:
            notes.append(
                "The git repository has no commits yet: its untracked, not ignored files were checked."
            )
    else:
        paths, revision = _walk(root), None
        if (root / ".git").exists():
            # Typically git's "dubious ownership" refusal, or a broken .git: say so, since the
            # walk cannot honour .gitignore.
            notes.append(
                "git could not list this work tree's files (run `git status` there to see why); "
                "every file below the folder was checked, ignored ones included."
            )
    if not paths:
        notes.append(f"{root} holds no files to check (an empty folder, or every file is ignored).")
    target = Target(kind="local", location=str(root), revision=revision)
    return Snapshot(root, paths, target, notes=notes)


def _walk(root: Path) -> list[str]:
    paths: list[str] = []
    for current, dirs, files in os.walk(root, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        relative = os.path.relpath(current, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        # A `.git` file (work trees, submodules) points at git's metadata: not a project file.
        paths.extend(prefix + name for name in files if name != ".git")
        if len(paths) >= MAX_FILES:
            break
    return paths[:MAX_FILES]
