"""Builders of hostile git repositories, and a way to run dpgcheck on them under hard limits."""

from __future__ import annotations

import binascii
import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MEMORY_LIMIT = 2_000_000_000
"""Address space of every dpgcheck run on a hostile input: a runaway stops here, not the machine."""


def _git(bare: Path, *args: str, data: bytes | None = None) -> str:
    result = subprocess.run(
        ["git", "--git-dir", str(bare), *args], input=data, capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode().strip()


def _entry(mode: str, name: str, oid: str) -> bytes:
    return mode.encode() + b" " + name.encode() + b"\0" + binascii.unhexlify(oid)


def _publish(bare: Path, tree: str) -> str:
    commit = _git(
        bare, "-c", "user.name=Evil", "-c", "user.email=evil@example.org", "commit-tree", tree, "-m", "x"
    )
    _git(bare, "update-ref", "refs/heads/main", commit)
    _git(bare, "symbolic-ref", "HEAD", "refs/heads/main")
    _git(bare, "config", "uploadpack.allowFilter", "true")
    _git(bare, "config", "uploadpack.allowAnySHA1InWant", "true")
    _git(bare, "config", "http.receivepack", "false")
    return commit


def link_and_folder_repo(bare: Path, outside: Path) -> str:
    """A bare repository whose root tree names ``LICENSE`` twice: a link to ``outside`` and a
    folder holding ``package.json`` and ``README.md`` (files the checks read). Its commit."""
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True, timeout=60)

    def blob(data: bytes) -> str:
        return _git(bare, "hash-object", "-w", "--stdin", data=data)

    folder = _git(
        bare,
        "hash-object",
        "--literally",
        "-t",
        "tree",
        "-w",
        "--stdin",
        data=_entry("100644", "README.md", blob(b"# pwned\n"))
        + _entry("100644", "package.json", blob(b'{"name": "pwned"}')),
    )
    # A tree lists its entries sorted by name; git fsck would reject this one, git fetch does not.
    root = _git(
        bare,
        "hash-object",
        "--literally",
        "-t",
        "tree",
        "-w",
        "--stdin",
        data=_entry("120000", "LICENSE", blob(str(outside).encode()))
        + _entry("40000", "LICENSE", folder)
        + _entry("100644", "README.md", blob(b"# Evil\n\nNothing to see.\n")),
    )
    return _publish(bare, root)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_dpgcheck(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m dpgcheck ARGS`` in a child with a memory limit and a hard time-out."""
    return subprocess.run(
        [sys.executable, "-m", "dpgcheck", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        preexec_fn=_limit_memory,
        check=False,
    )


class _Hostile(BaseHTTPRequestHandler):
    """Answers git's first request (``info/refs``) with a body that never ends: ``drip`` sends a
    byte every 0.2 s, ``flood`` sends zeros as fast as it can. Either stops by itself after
    ``server.lifetime`` seconds or when the client goes away."""

    server: _HostileServer
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return

    def do_GET(self) -> None:
        self.server.requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/x-git-upload-pack-advertisement")
        self.end_headers()
        stop = time.monotonic() + self.server.lifetime
        chunk = b"0" * 65536
        try:
            while time.monotonic() < stop:
                if self.server.mode == "drip":
                    self.wfile.write(b"0")
                    self.wfile.flush()
                    time.sleep(0.2)
                else:
                    self.wfile.write(chunk)
        except OSError:  # the client gave up: that is the point
            return

    do_POST = do_GET


class _HostileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, mode: str, lifetime: float) -> None:
        super().__init__(("127.0.0.1", 0), _Hostile)
        self.mode = mode
        self.lifetime = lifetime
        self.requests = 0


@contextmanager
def hostile_server(mode: str, lifetime: float = 30.0) -> Iterator[_HostileServer]:
    """A git "server" on 127.0.0.1 whose answers never end (``drip`` or ``flood``)."""
    server = _HostileServer(mode, lifetime)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def server_url(server: _HostileServer) -> str:
    """The repository URL of a hostile server."""
    return f"http://127.0.0.1:{server.server_address[1]}/evil.git"
