"""Run git for a remote repository under hard limits: wall-clock time, memory and file size.

A hostile server can answer with an endless body (git buffers it: 24 GB of memory) or drip a
byte at a time (a read time-out never fires). Per-read time-outs bound neither, so each git
command here gets:

- an overall deadline: past it the whole process group (git and its helpers such as
  ``git-remote-http`` and ``index-pack``) is killed;
- on POSIX an address-space limit (``RLIMIT_AS``): what git buffers in memory is bounded;
- on POSIX a file-size limit (``RLIMIT_FSIZE``): what git writes to disk (the received pack)
  is bounded, so together with the memory limit the bytes received are bounded too.

Tests lower the constants below (they are read at each call).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import IO

GIT_NETWORK_DEADLINE_SECONDS = 300.0
"""Longest a network git command (ls-remote, fetch) may run, in total."""

GIT_LOCAL_DEADLINE_SECONDS = 120.0
"""Longest a git command on the cache alone may run."""

GIT_MEMORY_BYTES = 2 * 1024**3
"""Address space of a network git command (and its helpers): an endless body stops here."""

GIT_FILE_BYTES = 1024**3
"""Largest file a network git command may write: the received pack stops here."""


class GitTimeout(Exception):
    """The command ran past its deadline and was killed."""


class _Watchdog:
    """Kills a process group when its deadline passes."""

    def __init__(self, process: subprocess.Popen[bytes], seconds: float) -> None:
        self.fired = False
        self._process = process
        self._timer = threading.Timer(seconds, self._kill)
        self._timer.daemon = True
        self._timer.start()

    def _kill(self) -> None:
        self.fired = True
        kill_group(self._process)

    def cancel(self) -> None:
        self._timer.cancel()


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill ``process`` and every process it started (it leads its own session)."""
    if process.returncode is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (AttributeError, OSError):  # no process groups here, or already gone
        with contextlib.suppress(OSError):
            process.kill()


def _limits(memory: int | None, file_size: int | None) -> Callable[[], None] | None:
    if os.name != "posix" or (memory is None and file_size is None):
        return None

    def apply() -> None:  # runs in the child between fork and exec
        import resource

        if file_size is not None:
            # Writing past the limit fails with EFBIG instead of killing git with SIGXFSZ.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        for kind, wanted in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_FSIZE, file_size)):
            if wanted is None:
                continue
            soft, hard = resource.getrlimit(kind)
            # Only ever lower a limit: the caller's own may already be tighter.
            low = min(v for v in (wanted, soft, hard) if v != resource.RLIM_INFINITY)
            resource.setrlimit(kind, (low, hard))

    return apply


def start(
    command: Sequence[str],
    env: Mapping[str, str],
    network: bool,
    stdin: int | IO[bytes] | None = subprocess.PIPE,
) -> subprocess.Popen[bytes]:
    """Start ``command`` in its own process group, with the limits of a network command if
    ``network`` (a cache-only command needs none: it reads what is already on disk)."""
    return subprocess.Popen(
        list(command),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(env),
        start_new_session=True,
        preexec_fn=_limits(GIT_MEMORY_BYTES, GIT_FILE_BYTES) if network else None,
    )


def run_limited(
    command: Sequence[str], env: Mapping[str, str], network: bool, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` to the end or to its deadline; raise GitTimeout past the deadline."""
    deadline = GIT_NETWORK_DEADLINE_SECONDS if network else GIT_LOCAL_DEADLINE_SECONDS
    process = start(command, env, network)
    watchdog = _Watchdog(process, deadline)
    try:
        out, err = process.communicate(input=stdin)
    finally:
        watchdog.cancel()
        if process.returncode is None:  # interrupted: leave nothing running
            kill_group(process)
            process.wait()
    if watchdog.fired:
        raise GitTimeout(deadline)
    return subprocess.CompletedProcess(list(command), process.returncode, out, err)


class Streaming:
    """A cache-only git command whose output is read as a stream, under the local deadline.

    Its input is written by a thread, so a command that answers while it reads (``cat-file
    --batch``) never blocks on a full pipe.
    """

    def __init__(self, command: Sequence[str], env: Mapping[str, str], stdin: bytes) -> None:
        self.process = start(command, env, network=False)
        self._watchdog = _Watchdog(self.process, GIT_LOCAL_DEADLINE_SECONDS)
        self._feeder = threading.Thread(target=self._feed, args=(stdin,), daemon=True)
        self._feeder.start()
        self._errors: list[bytes] = []
        self._drain = threading.Thread(target=self._read_errors, daemon=True)
        self._drain.start()

    def _feed(self, data: bytes) -> None:
        stream = self.process.stdin
        assert stream is not None
        with contextlib.suppress(OSError):
            stream.write(data)
        with contextlib.suppress(OSError):
            stream.close()

    def _read_errors(self) -> None:
        stream = self.process.stderr
        assert stream is not None
        # Keep only the start: git's own messages are short, a flood must not fill memory.
        while chunk := stream.read(65536):
            if sum(len(part) for part in self._errors) < 65536:
                self._errors.append(chunk)

    @property
    def stdout(self) -> IO[bytes]:
        """git's standard output."""
        assert self.process.stdout is not None
        return self.process.stdout

    def close(self, stop: bool = False) -> tuple[int, bytes, bool]:
        """Wait for the command (kill it first if ``stop``: its output is no longer wanted);
        its exit status, the start of its error output, and whether the deadline killed it."""
        if stop:
            kill_group(self.process)
        self.process.wait()
        self._watchdog.cancel()
        self._feeder.join()
        self._drain.join()
        self.stdout.close()
        return self.process.returncode, b"".join(self._errors), self._watchdog.fired
