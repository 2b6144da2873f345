"""GitHub API answers kept with their ETag, so asking again costs no quota when nothing changed.

A request carrying ``If-None-Match: <etag>`` is answered ``304 Not Modified`` with no body when
the resource is unchanged; GitHub does not count such a 304 against an authenticated client's
primary rate limit. A re-audit of unchanged repositories therefore spends (almost) no quota.
Entries live in ``<cache>/github-api/<key>.json``; the key hashes the API root, the path and
the token (an answer to one token is not served to another), and no file holds the token.
A missing or damaged entry is simply a request without ``If-None-Match``.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import msgspec

from dpgcheck.cache_files import read_json, write_json


class Kept(msgspec.Struct, frozen=True):
    """One kept answer."""

    etag: str
    data: Any


class EtagStore:
    """Kept answers below ``folder`` (None: nothing is kept)."""

    def __init__(self, folder: Path | None, api_url: str, token: str | None) -> None:
        self.folder = folder
        self._scope = f"{api_url}\0{hashlib.sha256((token or '').encode()).hexdigest()}"

    def _path(self, path: str) -> Path | None:
        if self.folder is None:
            return None
        key = hashlib.sha256(f"{self._scope}\0{path}".encode()).hexdigest()[:32]
        return self.folder / f"{key}.json"

    def get(self, path: str) -> Kept | None:
        """The kept answer for ``path``, if any."""
        data = read_json(self._path(path))
        if isinstance(data, dict) and isinstance(data.get("etag"), str) and "data" in data:
            return Kept(data["etag"], data["data"])
        return None

    def put(self, path: str, etag: str | None, data: Any) -> None:
        """Keep ``data`` for ``path`` under ``etag`` (nothing without an ETag)."""
        if etag:
            write_json(self._path(path), {"etag": etag, "data": data}, ".gh-")


_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


@contextmanager
def one_at_a_time(api_url: str) -> Iterator[None]:
    """Hold the lock of ``api_url`` for one request (with its retries and waits).

    GitHub asks integrators to make requests for one client serially, not concurrently (its
    secondary limits punish bursts). An audit's threads fetch git data in parallel but ask the
    API one at a time; a thread waiting out a limit holds the others back too, which is right:
    they would hit the same limit.
    """
    with _LOCKS_GUARD:
        lock = _LOCKS.setdefault(api_url, threading.Lock())
    with lock:
        yield
