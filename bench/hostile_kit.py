"""The harness of ``bench/hostile.py``: run dpgcheck's CLI under a wall-clock time-out and a memory
limit, measure its time and peak memory, and give the cases small builders (files, git, servers).

Every run is a child in its own session (its own process group) with ``RLIMIT_AS`` set before exec:
on time-out the whole group (dpgcheck, its git and link children) is killed, so nothing outlives the
case. Peak memory is the larger of the process group's summed RSS, sampled from /proc, and the
``ru_maxrss`` of the children reaped (which catches a short spike between samples).
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Worst first: the outcome of a case with several runs is its worst run's.
OUTCOMES = ("timeout", "memory-limit", "traceback", "internal-error", "ok")
_PAGE = os.sysconf("SC_PAGE_SIZE")
_OUTPUT_CAP = 64 * 1024 * 1024  # what is read back of a run's stdout/stderr


@dataclass
class Run:
    """One dpgcheck process: its exit code (None: killed at the time-out), cost and output."""

    argv: list[str]
    code: int | None
    seconds: float
    peak_mb: float
    outcome: str
    stdout: bytes
    stderr: bytes

    @property
    def output(self) -> bytes:
        return self.stdout + self.stderr


@dataclass
class Case:
    """A registered case: its builder-and-runner and whether it is slow to build."""

    name: str
    func: Callable[[Ctx], None]
    doc: str
    heavy: bool = False


CASES: dict[str, Case] = {}


def case(name: str, heavy: bool = False) -> Callable[[Callable[[Ctx], None]], Callable[[Ctx], None]]:
    """Register ``func`` as the case ``name`` (its docstring's first line describes it)."""

    def register(func: Callable[[Ctx], None]) -> Callable[[Ctx], None]:
        doc = (func.__doc__ or name).strip().splitlines()[0]
        CASES[name] = Case(name, func, doc, heavy)
        return func

    return register


@dataclass
class Ctx:
    """What a case gets: a private temp folder, the CLI to run and the limits; what it reports."""

    tmp: Path
    dpgcheck: list[str]  # the command that runs dpgcheck
    timeout: float
    memory_limit: int
    runs: list[Run] = field(default_factory=list)
    verdict: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    elapsed: float = 0.0  # wall time of the runs (runs at once count once)

    def __post_init__(self) -> None:
        # Loopback only: a link to any other host is never contacted, whatever a case builds.
        self.env = {
            **os.environ,
            "DPGCHECK_CACHE_DIR": str(self.tmp / "cache"),
            "DPGCHECK_LINK_HOSTS": "127.0.0.1",
            "NO_COLOR": "1",
            "COLUMNS": "200",
        }

    def run(self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
        """Run ``dpgcheck ARGS`` under the limits; the run (also kept in ``runs``)."""
        return self.run_many([list(args)], cwd=cwd, env=env)[0]

    def run_many(
        self, argvs: list[list[str]], cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> list[Run]:
        """Start several dpgcheck processes at once and wait for all (one shared deadline)."""
        runs = _run_limited(
            [[*self.dpgcheck, *a] for a in argvs],
            cwd or self.tmp,
            {**self.env, **(env or {})},
            self.timeout,
            self.memory_limit,
            self.tmp,
        )
        self.runs.extend(runs)
        self.elapsed += max(run.seconds for run in runs)
        return runs


def _limits(memory_limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def _group_rss(pgids: set[int]) -> int:
    """Bytes of RSS of every process in these process groups, from /proc."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rpartition(b")")[2].split()
        except OSError:
            continue
        if len(fields) > 21 and int(fields[2]) in pgids:
            total += int(fields[21]) * _PAGE
    return total


def _run_limited(
    commands: list[list[str]], cwd: Path, env: dict[str, str], timeout: float, memory_limit: int, tmp: Path
) -> list[Run]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    outs = []
    procs = []
    start = time.monotonic()
    for command in commands:
        # Files, not pipes: a run may print gigabytes, and nothing has to read it while it runs.
        out = tempfile.TemporaryFile(dir=tmp)  # noqa: SIM115 (closed below)
        err = tempfile.TemporaryFile(dir=tmp)  # noqa: SIM115
        outs.append((out, err))
        procs.append(
            subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
                preexec_fn=_limits(memory_limit),
            )
        )
    pgids = {p.pid for p in procs}
    peak = 0
    ended: dict[int, float] = {}
    timed_out: set[int] = set()
    deadline = start + timeout
    while len(ended) < len(procs):
        peak = max(peak, _group_rss(pgids))
        now = time.monotonic()
        for i, proc in enumerate(procs):
            if i in ended:
                continue
            if proc.poll() is not None:
                ended[i] = now - start
            elif now >= deadline:
                timed_out.add(i)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                ended[i] = now - start
        time.sleep(0.05)
    for pgid in pgids:  # a git or link child left behind by a finished run goes too
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if after > before:
        peak = max(peak, after * 1024)
    runs = []
    for i, (proc, (out, err)) in enumerate(zip(procs, outs, strict=True)):
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(_OUTPUT_CAP), err.read(_OUTPUT_CAP)
        out.close()
        err.close()
        code = None if i in timed_out else proc.returncode
        runs.append(
            Run(commands[i], code, ended[i], peak / 1e6, _classify(code, stdout + stderr), stdout, stderr)
        )
    return runs


def _classify(code: int | None, output: bytes) -> str:
    if code is None:
        return "timeout"
    if (
        b"MemoryError" in output
        or b"Cannot allocate memory" in output
        or b"out of memory" in output.lower()
        or code in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGKILL)
    ):
        return "memory-limit"
    if b"Traceback (most recent call last)" in output:
        return "traceback"
    if b"internal error" in output.lower():
        return "internal-error"
    return "ok"


def worst(outcomes: list[str]) -> str:
    """The worst of several outcomes (ok when there are none)."""
    return min(outcomes, key=OUTCOMES.index) if outcomes else "ok"


def yes(flag: bool) -> str:
    return "yes" if flag else "no"


# -- builders ---------------------------------------------------------------------------------


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path → text or bytes) under ``root``; ``root``."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    root.mkdir(parents=True, exist_ok=True)
    return root


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> str:
    """Run a trusted git command (building a case, not running one); its stdout."""
    return subprocess.run(
        ["git", "-c", "user.name=b", "-c", "user.email=b@b", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        input=stdin,
        check=True,
        capture_output=True,
        timeout=300,
    ).stdout.decode()


def commit_all(repo: Path) -> None:
    """Make ``repo`` a git repository with one commit of everything in it."""
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")


def publish(repo: Path, bare: Path) -> str:
    """Clone the committed ``repo`` as the bare ``bare``, served by file:// or HTTP; its URL."""
    git(repo.parent, "clone", "-q", "--bare", str(repo), str(bare))
    allow_filters(bare)
    return bare.as_uri()


def allow_filters(bare: Path) -> None:
    """What dpgcheck's partial, by-id fetches need of the serving side."""
    git(bare, "config", "uploadpack.allowFilter", "true")
    git(bare, "config", "uploadpack.allowAnySHA1InWant", "true")


Handler = Callable[[BaseHTTPRequestHandler, threading.Event], None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def serve(handle: Handler) -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 for the block: its base URL and the paths it was asked for.

    ``handle(request, stop)`` answers one request; a handler that loops must check ``stop``
    (set when the block ends) and bound its own iterations.
    """
    stop = threading.Event()
    seen: list[str] = []

    class Request(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            seen.append(self.path)
            with contextlib.suppress(OSError):
                handle(self, stop)

        do_POST = do_HEAD = do_GET

    server = _Server(("127.0.0.1", 0), Request)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def answer(request: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
    """A complete, small HTTP response."""
    request.send_response(status)
    for key, value in headers.items():
        request.send_header(key, value)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    if request.command != "HEAD":
        request.wfile.write(body)
