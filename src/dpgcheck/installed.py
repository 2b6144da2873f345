"""What is installed, as dpgcheck asks on every run, remembered until something is (un)installed.

Every run asks two things about the installed distributions: which entry points of the
``dpgcheck.indicators`` group exist (the plugins), and which versions of a few libraries are
installed (they name the files that cache those libraries' answers). ``importlib.metadata``
answers both but costs ~15 ms a run: importing it pulls in email, zipfile and csv (~11 ms), and
finding entry points reads every installed distribution's metadata (~3 ms).

The answers change only when a distribution is installed, upgraded or removed. That adds or
removes a ``*.dist-info`` folder (or a ``.pth`` or ``.egg-link`` file) directly in a folder of
sys.path, which changes that folder's modification time; a ``.pth`` file that adds a folder
changes sys.path itself. So the answers are kept in one small JSON file of the cache folder,
keyed by the state of sys.path (each entry's absolute path and modification time, or null when
it does not exist), sys.executable and dpgcheck's version. When the key matches, importlib.metadata
is not even imported; otherwise the answers are computed with it and written back.

Two changes to one folder within the file system's timestamp granularity leave it one time, and
the second would go unnoticed. So an answer is only remembered once every folder of sys.path has
kept its time for ``SETTLE_NS`` and none changed while the answer was computed: right after an
install, runs ask importlib.metadata until the folder has settled. Not noticed: a distribution's
metadata files edited in place, or distributions found by a custom ``sys.meta_path`` finder that
no sys.path folder reflects; installers do neither.

The file is an optimisation only: an unreadable, corrupt or unwritable file is ignored, and with
``DPGCHECK_NO_CACHE=1`` every run asks importlib.metadata.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpgcheck import __version__
from dpgcheck.cache_files import cache_path, read_json, write_json

ENTRY_POINT_GROUP = "dpgcheck.indicators"
# The distributions whose version dpgcheck asks for; looked up (and remembered) together.
DISTRIBUTIONS = ("license-expression", "pyaskalono")
CACHE_NAME = "installed.json"
# A few states are kept so that alternating between interpreters or virtual environments (each a
# key of its own) does not rewrite the file on every run.
KEEP = 8
# FAT keeps modification times to 2 s; the common file systems to a few milliseconds.
SETTLE_NS = 2_000_000_000

# JSON-shaped so that it compares equal to what the file gives back:
# [dpgcheck version, sys.executable, [[absolute path, st_mtime_ns or None], ...]]
Key = list[Any]


@dataclass(frozen=True)
class Installed:
    """The answers for one state of sys.path."""

    entry_points: tuple[tuple[str, str], ...]  # (name, value) in the dpgcheck.indicators group
    versions: Mapping[str, str | None]  # DISTRIBUTIONS → installed version, None when absent


# This process's last answer: several modules ask, and sys.path rarely changes within a run.
_last: tuple[Key, Installed] | None = None


def indicator_entry_points() -> tuple[tuple[str, str], ...]:
    """(name, value) of every installed entry point of the ``dpgcheck.indicators`` group."""
    return _installed().entry_points


def distribution_version(name: str) -> str | None:
    """The installed version of distribution ``name`` (one of ``DISTRIBUTIONS``), or None."""
    if name not in DISTRIBUTIONS:
        # Versions are remembered for a fixed set, so that a warm run needs no lookup at all.
        raise ValueError(f"{name!r} is not in dpgcheck.installed.DISTRIBUTIONS")
    return _installed().versions[name]


def _installed() -> Installed:
    global _last
    key = _path_key()
    if key is None:  # sys.path cannot be described: nothing is remembered
        return _compute()
    if _last is not None and _last[0] == key:
        return _last[1]
    path = cache_path(CACHE_NAME)
    remembered = _read(path, key) if path is not None else None
    if remembered is not None:
        _last = (key, remembered)
        return remembered
    answer = _compute()
    if _settled(key) and _path_key() == key:
        _last = (key, answer)
        if path is not None:
            _write(path, key, answer)
    return answer


def _path_key() -> Key | None:
    """The state the answers depend on, or None when it cannot be told."""
    entries: list[list[Any]] = []
    for entry in sys.path:
        if not isinstance(entry, str):
            return None
        try:
            # Relative entries ("" among them) name folders of the current folder, as
            # importlib.metadata reads them.
            path = os.path.abspath(entry)
        except OSError:  # the current folder was deleted
            return None
        try:
            mtime: int | None = os.stat(path).st_mtime_ns
        except (OSError, ValueError):
            mtime = None
        entries.append([path, mtime])
    return [__version__, sys.executable, entries]


def _settled(key: Key) -> bool:
    now = time.time_ns()
    return all(mtime is None or now - mtime >= SETTLE_NS for _, mtime in key[2])


def _compute() -> Installed:
    # The slow path, and the only place importlib.metadata is imported (~11 ms by itself).
    from importlib import metadata

    points = tuple((entry.name, entry.value) for entry in metadata.entry_points(group=ENTRY_POINT_GROUP))
    versions: dict[str, str | None] = {}
    for name in DISTRIBUTIONS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return Installed(points, versions)


def _records(path: Path) -> list[tuple[Key, Installed]]:
    """The well-formed records of the file, newest first; none when it is missing or corrupt."""
    raw = read_json(path)
    entries = raw.get("entries") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        return []
    records = []
    for record in entries:
        parsed = _parse(record)
        if parsed is not None:
            records.append(parsed)
    return records


def _parse(record: object) -> tuple[Key, Installed] | None:
    if not isinstance(record, dict):
        return None
    key, points, versions = record.get("key"), record.get("entry_points"), record.get("versions")
    if not isinstance(key, list) or not isinstance(points, list) or not isinstance(versions, dict):
        return None
    if not all(
        isinstance(point, list) and len(point) == 2 and all(isinstance(part, str) for part in point)
        for point in points
    ):
        return None
    if not all(name in versions and isinstance(versions[name], str | None) for name in DISTRIBUTIONS):
        return None
    return key, Installed(
        tuple((name, value) for name, value in points),
        {name: versions[name] for name in DISTRIBUTIONS},
    )


def _read(path: Path, key: Key) -> Installed | None:
    for record_key, answer in _records(path):
        if record_key == key:
            return answer
    return None


def _write(path: Path, key: Key, answer: Installed) -> None:
    """Put ``answer`` first in the file, atomically; a failure only costs speed next time."""
    records = [(key, answer)] + [record for record in _records(path) if record[0] != key]
    data = {
        "entries": [
            {
                "key": record_key,
                "entry_points": [list(point) for point in installed.entry_points],
                "versions": dict(installed.versions),
            }
            for record_key, installed in records[:KEEP]
        ]
    }
    write_json(path, data, ".installed-")
