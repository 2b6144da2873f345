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


class RunningGit:
    """A git command started in the background; ``output`` waits for it."""

    def __init__(self, process: subprocess.Popen[bytes] | None, timeout: float) -> None:
        self._process = process
        self._timeout = timeout
        self._output: bytes | None = None
        self._done = process is None

    def output(self) -> bytes | None:
        """git's standard output, or None when git is missing, fails or times out."""
        if not self._done:
            self._done = True
            assert self._process is not None
            try:
                out, _ = self._process.communicate(timeout=self._timeout)
            except subprocess.TimeoutExpired:
                self.stop()
                return None
            self._output = out if self._process.returncode == 0 else None
        return self._output

    def stop(self) -> None:
        """Kill the command if it still runs (its output is no longer wanted)."""
        if self._process is not None and self._process.returncode is None:
            self._process.kill()
            self._process.communicate()
        self._done = True


def git_start(root: Path, *args: str, timeout: float = GIT_TIMEOUT_SECONDS) -> RunningGit:
    """Start ``git -C root ARGS`` and return at once; it never raises."""
    git = shutil.which("git")
    if git is None:
        return RunningGit(None, timeout)
    try:
        process = subprocess.Popen(
            [git, *SAFE_GIT, "-C", str(root), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return RunningGit(None, timeout)
    return RunningGit(process, timeout)


def git_in(root: Path, *args: str, timeout: float = GIT_TIMEOUT_SECONDS) -> bytes | None:
    """git's standard output for ``git -C root ARGS``, or None when git is missing or fails."""
    return git_start(root, *args, timeout=timeout).output()


def git_text(root: Path, *args: str, timeout: float = GIT_TIMEOUT_SECONDS) -> str | None:
    """``git_in`` decoded and stripped."""
    out = git_in(root, *args, timeout=timeout)
    return out.decode("utf-8", "replace").strip() if out is not None else None
