"""The revision of a local target, cheaply, so an audit can tell whether it changed since.

A git work tree's revision is its HEAD commit (what the report records). A folder outside git
(or a repository without commits) has none, so its revision is a digest of its file list with
sizes and modification times: ``tree:<sha256>``. Remote targets are left to their sources.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from dpgcheck.sources.gitcmd import git_text
from dpgcheck.sources.local import MAX_FILES, SKIPPED_DIRS


def local_revision(location: str) -> str | None:
    """The HEAD commit, else ``tree:<digest>``; None when ``location`` is not a local folder."""
    root = Path(location).expanduser()
    if not root.is_dir():
        return None
    return _git_head(root) or tree_fingerprint(root)


def _git_head(root: Path) -> str | None:
    lines = (git_text(root, "rev-parse", "--is-inside-work-tree", "--verify", "-q", "HEAD") or "").split()
    return lines[1] if len(lines) == 2 and lines[0] == "true" else None


def tree_fingerprint(root: Path) -> str:
    """A digest of every file's relative path, size and mtime below ``root`` (VCS and deps skipped)."""
    digest = hashlib.sha256()
    count = 0
    for current, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in sorted(files):
            path = os.path.join(current, name)
            try:
                stat = os.lstat(path)
            except OSError:
                continue
            relative = os.path.relpath(path, root)
            digest.update(
                f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape")
            )
            count += 1
        if count >= MAX_FILES:
            break
    return f"tree:{digest.hexdigest()}"
