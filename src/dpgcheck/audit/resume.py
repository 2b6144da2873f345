"""``--resume``: which targets of an earlier, interrupted audit are done, and the file cut to them."""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import IO

from dpgcheck.audit.items import AuditItem
from dpgcheck.audit.records import Brief, parse_line
from dpgcheck.audit.worker import is_local, manifest_digest
from dpgcheck.sources.fingerprint import local_revision


def plan_resume(results: Path, items: Sequence[AuditItem]) -> dict[str, Brief]:
    """Decide which targets are done, and rewrite ``results`` to hold exactly those lines.

    A target is done when its last line is a report (not an error line) and it is unchanged:
    a local folder at the same git HEAD (``tree:`` digest outside git), the same manifest
    content, and for a remote target any earlier report (its revision cannot be known without
    fetching it, which costs as much as checking it: use a new --out to recheck remotes).
    Error lines, damaged lines (a write cut by a kill) and stale reports are dropped and redone.
    """
    by_key = {item.key: item for item in items}
    latest: dict[str, tuple[Brief, str | None, str | None]] = {}
    damaged = 0
    total = 0
    with _open_or_empty(results) as handle:
        for line in handle:
            total += 1
            record = parse_line(line)
            if record is None:
                damaged += 1
                continue
            audit = record.audit
            latest[audit.key] = (record.brief(), audit.revision, audit.manifest_digest)
    done: dict[str, Brief] = {}
    for key, (brief, revision, digest) in latest.items():
        item = by_key.get(key)
        if brief.status == "error":
            continue
        if item is None:
            done[key] = brief  # a target of an earlier run not named now: kept, not rechecked
            continue
        current = local_revision(item.target) if is_local(item.target) else revision
        if current == revision and manifest_digest(item) == digest:
            done[key] = brief
    if damaged or len(done) != total:
        _rewrite_keeping(results, done)
    return done


def _rewrite_keeping(results: Path, keep: dict[str, Brief]) -> None:
    """Atomically replace ``results`` with the last valid line of each kept key."""
    last_line: dict[str, int] = {}
    with _open_or_empty(results) as handle:
        for number, line in enumerate(handle):
            record = parse_line(line)
            key = record.audit.key if record is not None else None
            if key is not None and key in keep:
                last_line[key] = number
    wanted = set(last_line.values())
    temporary = results.with_name(results.name + ".tmp")
    with _open_or_empty(results) as source, temporary.open("w", encoding="utf-8") as target:
        for number, line in enumerate(source):
            if number in wanted:
                target.write(line)
        target.flush()
        os.fsync(target.fileno())
    os.replace(temporary, results)
    with suppress(OSError):  # makes the rename durable on POSIX; Windows cannot open a folder
        directory = os.open(results.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _open_or_empty(path: Path) -> IO[str]:
    if not path.exists():
        path.touch()
    return path.open("r", encoding="utf-8", errors="replace", newline="\n")
