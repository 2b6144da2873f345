"""``audit --registry URL``: download a registry export (the DPGA platform's API answer) once.

The answer is kept in ``<cache>/registry/<key>.json`` beside ``<key>.meta.json`` (its ETag and
Last-Modified). Asking again is a conditional request: ``304 Not Modified`` reuses the kept
copy. A transfer cut short leaves ``<key>.json.part`` with the validator it was sent under: the
next run asks for the rest only (``Range`` + ``If-Range``), and starts again when the server
cannot resume or the export changed meanwhile. ``--offline`` uses the kept copy, or says there
is none. An export is read whole later, so it is capped at ``MAX_EXPORT_BYTES``.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import msgspec

from dpgcheck.cache_files import read_json, write_json
from dpgcheck.errors import InputError, SourceError
from dpgcheck.facts.manifest.registry_app_read import MAX_EXPORT_BYTES
from dpgcheck.sources.net import USER_AGENT, NetPolicy


class Download(msgspec.Struct, frozen=True):
    """Where the export is, and how it was had (``downloaded``, ``resumed``, ``not-modified``,
    ``offline``)."""

    path: Path
    how: str
    bytes_received: int = 0


def download_registry(
    url: str, cache_dir: Path, policy: NetPolicy, offline: bool = False, transport: Any = None
) -> Download:
    """The export at ``url`` as a file of the cache (downloaded, resumed or reused)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"--registry needs an http(s) address, not {policy.redact(url)}",
            "Give the address of the registry's API export, or a downloaded export as an input.",
        )
    files = _Files(cache_dir / "registry", url.strip())
    if offline:
        if files.final.exists():
            return Download(files.final, "offline")
        raise SourceError(
            f"{policy.redact(url)} is not in the cache and --offline forbids downloading it",
            "Run once without --offline to download it.",
        )
    try:
        files.folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SourceError(
            f"Cannot create {files.folder}: {exc.strerror or exc}", "Choose --cache-dir."
        ) from exc
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    with httpx.Client(
        headers=headers, timeout=policy.timeout, follow_redirects=True, transport=transport
    ) as client:
        for attempt in range(policy.retries + 1):
            try:
                return _transfer(client, url.strip(), files, policy)
            except httpx.TransportError as exc:  # refused, timed out, or cut mid-body
                if attempt < policy.retries:
                    policy.sleep(policy.backoff_delay(attempt))
                    continue
                raise SourceError(
                    f"Cannot download {policy.redact(url)} ({exc.__class__.__name__})",
                    "Run the same command again: the download goes on where it stopped.",
                ) from exc
    raise AssertionError("unreachable")


class _Files:
    """The cache files of one export URL."""

    def __init__(self, folder: Path, url: str) -> None:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]
        self.folder = folder
        self.final = folder / f"{key}.json"
        self.part = folder / f"{key}.json.part"
        self.meta_path = folder / f"{key}.meta.json"

    def meta(self) -> dict[str, Any]:
        data = read_json(self.meta_path)
        return data if isinstance(data, dict) else {}

    def save_meta(self, data: dict[str, Any]) -> None:
        write_json(self.meta_path, data, ".registry-")


def _validator(response: httpx.Response) -> str | None:
    """A strong ETag, else Last-Modified: what ``If-Range`` may name."""
    etag = str(response.headers.get("etag") or "")
    if etag and not etag.startswith("W/"):
        return etag
    return str(response.headers.get("last-modified") or "") or None


def _transfer(client: httpx.Client, url: str, files: _Files, policy: NetPolicy) -> Download:
    meta = files.meta()
    have = files.part.stat().st_size if files.part.exists() else 0
    partial = meta.get("partial") if isinstance(meta.get("partial"), str) else None
    headers: dict[str, str] = {}
    if have and partial:
        headers = {"Range": f"bytes={have}-", "If-Range": partial}
    elif files.final.exists() and isinstance(meta.get("etag"), str):
        headers = {"If-None-Match": meta["etag"]}
    elif files.final.exists() and isinstance(meta.get("last_modified"), str):
        headers = {"If-Modified-Since": meta["last_modified"]}
    with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        if status == 304 and files.final.exists():
            return Download(files.final, "not-modified")
        if status not in (200, 206):
            raise SourceError(
                f"{policy.redact(url)} answered HTTP {status}",
                "Check the address of the registry export; try again later if the server is busy.",
            )
        resuming = status == 206 and have > 0 and _range_start(response) == have
        if not resuming:
            have = 0
        meta["partial"] = _validator(response)
        files.save_meta(meta)  # before the body: a cut transfer can go on under this validator
        received = 0
        with files.part.open("ab" if resuming else "wb") as out:
            for chunk in response.iter_bytes():
                received += len(chunk)
                if have + received > MAX_EXPORT_BYTES:
                    raise SourceError(
                        f"{policy.redact(url)} sends more than {MAX_EXPORT_BYTES // 2**20} MB",
                        "That is not a registry export; check the address.",
                    )
                out.write(chunk)
    os.replace(files.part, files.final)
    files.save_meta(
        {
            "url": policy.redact(url),
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
            "downloaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    return Download(files.final, "resumed" if resuming else "downloaded", received)


def _range_start(response: httpx.Response) -> int | None:
    """The first byte a ``206`` answer's ``Content-Range: bytes START-END/TOTAL`` holds."""
    value = response.headers.get("content-range", "")
    unit, _, rest = value.partition(" ")
    start = rest.split("-", 1)[0]
    return int(start) if unit == "bytes" and start.isdigit() else None
