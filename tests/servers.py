"""Real servers for offline tests: an HTTP server on 127.0.0.1 answering scripted routes, with
git's smart HTTP protocol (``git http-backend``) for repositories, and bare repositories to serve.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.conftest import git, write_tree


@dataclass
class Reply:
    """What a route answers."""

    status: int = 200
    body: bytes | str | Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    sent: int = 0  # body bytes of the reply (what a bench compares with a repository's size)
    body: bytes = b""  # the request body's first bytes (git protocol v2 names its command there)


Route = Callable[[str, str, dict[str, str]], Reply | None]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return

    def _handle(self) -> None:
        headers = {key.lower(): value for key, value in self.headers.items()}
        length = int(headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        head = body
        if headers.get("content-encoding") == "gzip":  # git compresses long fetch requests
            import zlib

            with contextlib.suppress(zlib.error):
                head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, 200)
        seen = Seen(self.command, self.path, headers, body=head[:200])
        self.server.seen.append(seen)
        reply = self.server.route(self.command, self.path, headers)
        if reply is None and self.server.git_root is not None and ".git/" in self.path.split("?")[0]:
            seen.sent = self._git(headers, body)
            return
        reply = reply or Reply(404, {"message": "Not Found"})
        if reply.delay:
            time.sleep(reply.delay)
        payload = reply.body
        if not isinstance(payload, bytes | str):
            import json

            payload = json.dumps(payload)
            reply.headers.setdefault("Content-Type", "application/json; charset=utf-8")
        data = payload.encode() if isinstance(payload, str) else payload
        seen.sent = len(data)
        try:
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _git(self, headers: dict[str, str], body: bytes) -> int:
        path, _, query = self.path.partition("?")
        env = {
            "PATH": os.environ.get("PATH", ""),
            "GIT_PROJECT_ROOT": str(self.server.git_root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "REQUEST_METHOD": self.command,
            "CONTENT_TYPE": headers.get("content-type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1",
        }
        if "git-protocol" in headers:
            env["GIT_PROTOCOL"] = headers["git-protocol"]
        if "content-encoding" in headers:
            env["HTTP_CONTENT_ENCODING"] = headers["content-encoding"]
        result = subprocess.run(
            ["git", "http-backend"], input=body, env=env, capture_output=True, check=False
        )
        head, _, payload = result.stdout.partition(b"\r\n\r\n")
        status = 200
        extra: list[tuple[str, str]] = []
        for line in head.decode("latin-1").split("\r\n"):
            key, _, value = line.partition(":")
            if key.lower() == "status":
                status = int(value.strip().split()[0])
            elif key:
                extra.append((key, value.strip()))
        self.send_response(status)
        for key, value in extra:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        return len(payload)

    do_GET = do_POST = do_HEAD = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, route: Route, git_root: Path | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.route = route
        self.git_root = git_root
        self.seen: list[Seen] = []


@dataclass
class Running:
    """A running server: its base URL and what it saw."""

    url: str
    server: _Server

    @property
    def seen(self) -> list[Seen]:
        return self.server.seen

    def paths(self, prefix: str = "") -> list[str]:
        return [s.path for s in self.seen if s.path.startswith(prefix)]


@contextmanager
def serve(route: Route, git_root: Path | None = None) -> Iterator[Running]:
    """Run an HTTP server on 127.0.0.1 in a thread for the duration of the block."""
    server = _Server(route, git_root)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Running(f"http://127.0.0.1:{server.server_address[1]}", server)
    finally:
        server.shutdown()
        server.server_close()


def bare_repo(workdir: Path, bare: Path, files: dict[str, str | bytes], tag: str | None = None) -> str:
    """Commit ``files`` in a work tree, publish it as the bare repository ``bare``; the commit id."""
    workdir.mkdir(parents=True, exist_ok=True)
    write_tree(workdir, files)
    git(workdir, "init", "-q")
    git(workdir, "add", "-A")
    git(workdir, "commit", "-q", "-m", "initial")
    if tag:
        git(workdir, "tag", "-a", tag, "-m", tag)
    bare.parent.mkdir(parents=True, exist_ok=True)
    if bare.exists():
        shutil.rmtree(bare)
    subprocess.run(["git", "clone", "-q", "--bare", str(workdir), str(bare)], check=True)
    subprocess.run(["git", "-C", str(bare), "config", "uploadpack.allowFilter", "true"], check=True)
    subprocess.run(["git", "-C", str(bare), "config", "uploadpack.allowAnySHA1InWant", "true"], check=True)
    return git(workdir, "rev-parse", "HEAD").strip()


def add_commit(workdir: Path, bare: Path, files: dict[str, str]) -> str:
    """A second commit pushed to ``bare``; its id."""
    write_tree(workdir, files)
    git(workdir, "add", "-A")
    git(workdir, "commit", "-q", "-m", "more")
    git(workdir, "push", "-q", str(bare), "HEAD:main")
    return git(workdir, "rev-parse", "HEAD").strip()
