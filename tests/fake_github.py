"""A fake GitHub on 127.0.0.1 for many repositories: REST answers for ``/api/v3/repos/OWNER/NAME``
(and its community profile) and git's smart HTTP for ``/OWNER/NAME.git``, from bare repositories
under one folder. Tests and ``bench/registry_audit.py`` count what it answers: API requests per
repository, git fetches, bytes sent. Scripted replies (rate limits) go before the real answers.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.servers import Reply, Running, Seen, serve

API = "/api/v3/repos/"


def quota(remaining: int = 4999, reset: float | None = None) -> dict[str, str]:
    """Rate-limit headers as GitHub sends them."""
    reset_at = int(reset if reset is not None else time.time() + 3600)
    return {
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": str(remaining),
        "x-ratelimit-reset": str(reset_at),
        "x-ratelimit-resource": "core",
    }


@dataclass
class FakeGitHub:
    """Answers for the repositories below ``root`` (``root/OWNER/NAME.git``)."""

    root: Path
    base: str = ""
    scripted: list[Reply] = field(default_factory=list)
    """Replies given, in order, to the next API requests instead of the real answer."""
    limit_after: int | None = None
    """After this many API requests every one is refused: the hourly quota is spent."""
    answered: int = 0
    not_modified: int = 0  # 304 answers to a matching If-None-Match
    delay: float = 0.0  # seconds each API answer takes (to see requests overlap)
    in_flight: int = 0
    most_in_flight: int = 0  # the most API requests answered at once
    lock: threading.Lock = field(default_factory=threading.Lock)

    def route(self, method: str, path: str, headers: dict[str, str]) -> Reply | None:
        """The API answer for ``path``; None lets git's smart HTTP answer."""
        if not path.startswith(API):
            return None
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            time.sleep(self.delay)
            return self._answer(path, headers)
        finally:
            with self.lock:
                self.in_flight -= 1

    def _answer(self, path: str, headers: dict[str, str]) -> Reply:
        with self.lock:
            self.answered += 1
            if self.scripted:
                return self.scripted.pop(0)
            if self.limit_after is not None and self.answered > self.limit_after:
                message = {"message": "API rate limit exceeded for 127.0.0.1."}
                return Reply(403, message, quota(0, reset=time.time() + 3600))
        parts = path[len(API) :].split("?", 1)[0].strip("/").split("/")
        if len(parts) < 2 or not (self.root / parts[0] / f"{parts[1]}.git").is_dir():
            return Reply(404, {"message": "Not Found"})
        owner, name, rest = parts[0], parts[1], parts[2:]
        if not rest:
            body: dict[str, Any] = self.repo_json(owner, name)
        elif rest == ["community", "profile"]:
            body = {"health_percentage": 50, "documentation": None, "files": {}}
        else:
            return Reply(404, {"message": "Not Found"})
        etag = '"' + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:20] + '"'
        if headers.get("if-none-match") == etag:
            with self.lock:
                self.not_modified += 1
            return Reply(304, b"", {**quota(), "etag": etag})
        return Reply(200, body, {**quota(), "etag": etag})

    def repo_json(self, owner: str, name: str) -> dict[str, Any]:
        """The fields of ``GET /repos/OWNER/NAME`` dpgcheck reads."""
        return {
            "id": abs(hash((owner, name))) % 10**8,
            "name": name,
            "full_name": f"{owner}/{name}",
            "private": False,
            "owner": {"login": owner, "id": 1, "type": "Organization"},
            "html_url": f"{self.base}/{owner}/{name}",
            "description": f"The {name} project",
            "fork": False,
            "url": f"{self.base}{API}{owner}/{name}",
            "homepage": None,
            "archived": False,
            "visibility": "public",
            "pushed_at": "2024-05-01T10:00:00Z",
            "stargazers_count": 1,
            "topics": [],
            "default_branch": "main",
            "license": None,
        }


def api_requests(seen: list[Seen]) -> list[Seen]:
    """The REST requests among ``seen``."""
    return [s for s in seen if s.path.startswith(API)]


def git_commands(seen: list[Seen]) -> list[str]:
    """The git protocol v2 command of each upload-pack request (``ls-refs``, ``fetch``)."""
    commands = []
    for s in seen:
        if s.method == "POST" and s.path.endswith("/git-upload-pack"):
            found = re.search(r"command=([a-z-]+)", s.body.decode("latin-1"))
            commands.append(found.group(1) if found else "?")
    return commands


def fetch_bytes(seen: list[Seen]) -> int:
    """Bytes sent in answer to git ``fetch`` commands (packs of trees and blobs)."""
    return sum(
        s.sent
        for s in seen
        if s.method == "POST" and s.path.endswith("/git-upload-pack") and b"command=fetch" in s.body
    )


@contextmanager
def serve_github(root: Path) -> Iterator[tuple[Running, FakeGitHub]]:
    """Serve the repositories below ``root`` as a fake GitHub for the block."""
    fake = FakeGitHub(root)
    with serve(fake.route, git_root=root) as server:
        fake.base = server.url
        yield server, fake


def publish(source: Path, bare: Path) -> None:
    """Serve the git work tree ``source`` as the bare repository ``bare`` (filters allowed)."""
    bare.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(source), str(bare)], check=True)
    for key in ("uploadpack.allowFilter", "uploadpack.allowAnySHA1InWant"):
        subprocess.run(["git", "-C", str(bare), "config", key, "true"], check=True)
