"""Running git in a folder the user gave: safely, with a timeout, never raising.

A checked repository's own ``.git/config`` must not run commands: ``core.fsmonitor`` names a
program that ``git ls-files`` would execute. Configuration given on the command line overrides
the repository's, so every call here passes ``-c core.fsmonitor=false``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SAFE_GIT = ("-c", "core.fsmonitor=false")

GIT_TIMEOUT_SECONDS = 120


def git_in(root: Path, *args: str, timeout: float = GIT_TIMEOUT_SECONDS) -> bytes | None:
    """git's standard output for ``git -C root ARGS``, or None when git is missing or fails."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run(
            [git, *SAFE_GIT, "-C", str(root), *args],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def git_text(root: Path, *args: str, timeout: float = GIT_TIMEOUT_SECONDS) -> str | None:
    """``git_in`` decoded and stripped."""
    out = git_in(root, *args, timeout=timeout)
    return out.decode("utf-8", "replace").strip() if out is not None else None
