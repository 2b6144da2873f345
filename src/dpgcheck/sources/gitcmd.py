"""Running git in a folder the user gave: safely, with a timeout, never raising.

A checked repository's own ``.git/config`` must not run commands nor stall git:
``core.fsmonitor`` names a program that ``git ls-files`` would execute, and a
``core.excludesFile`` naming a FIFO blocks it until the time-out. Configuration given on the
command line overrides the repository's, so every call here passes ``-c core.fsmonitor=false``
and ``-c core.excludesFile=`` the reviewer's own global excludes file (or ``/dev/null``).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

_EXCLUDES_KEY = re.compile(r"^\s*excludesfile\s*=\s*(.+?)\s*$", re.IGNORECASE)
_SECTION = re.compile(r"^\s*\[([^\]]*)\]")


@functools.cache
def user_excludes_file() -> str:
    """The reviewer's global excludes file, as git would find it without a repository's say:
    ``core.excludesFile`` of the global configuration, else ``$XDG_CONFIG_HOME/git/ignore``;
    ``/dev/null`` unless it is a regular file (a FIFO would stall git)."""
    home = Path(os.environ.get("HOME") or Path.home())
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    named: str | None = None
    global_files = [os.environ.get("GIT_CONFIG_GLOBAL")] if os.environ.get("GIT_CONFIG_GLOBAL") else []
    for config in global_files or [str(xdg / "git" / "config"), str(home / ".gitconfig")]:
        named = _core_excludes(Path(str(config))) or named
    candidate = os.path.expanduser(named.strip('"')) if named else str(xdg / "git" / "ignore")
    try:
        return candidate if stat.S_ISREG(os.stat(candidate).st_mode) else os.devnull
    except (OSError, ValueError):
        return os.devnull


def _core_excludes(config: Path) -> str | None:
    """``core.excludesFile`` of one git configuration file, read plainly (includes not followed)."""
    try:
        if not stat.S_ISREG(os.stat(config).st_mode):
            return None
        text = config.read_text(encoding="utf-8", errors="replace")
    except (OSError, ValueError):
        return None
    found, section = None, ""
    for line in text.splitlines():
        header = _SECTION.match(line)
        if header:
            section = header.group(1).strip().lower()
            line = line[header.end() :]
        match = _EXCLUDES_KEY.match(line)
        if match and section == "core":
            found = match.group(1)
    return found


def safe_git_options() -> tuple[str, ...]:
    """``-c`` options that take from the repository what it must not control."""
    return ("-c", "core.fsmonitor=false", "-c", f"core.excludesFile={user_excludes_file()}")


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
            [git, *safe_git_options(), "-C", str(root), *args],
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
