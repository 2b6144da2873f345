"""A Snapshot: the file index of one repository plus bounded, safe reads of its files.

Every fact is derived from a Snapshot, whatever the source (local folder, git clone, host).
Reads never leave the repository (symlinks out of the tree are refused), never load more than
a cap, and never hand binary data to a parser: a file that cannot be read as text is recorded
in ``skipped`` with the reason, so a check can cite it as evidence instead of crashing.
"""

from __future__ import annotations

import copy
import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

import msgspec

from dpgcheck.model import Target

MAX_READ_BYTES = 2 * 1024 * 1024
"""Largest file read in full; real license files, READMEs and manifests are far smaller."""

# O_NONBLOCK: a FIFO named README.md must not hang the run; O_NOFOLLOW: the resolved path must
# not have been swapped for a link since. fstat then decides on the open file.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)

_BINARY_SNIFF_BYTES = 8192

_T = TypeVar("_T")


class HostMetadata(msgspec.Struct, frozen=True):
    """What a code host says about a repository (empty for a plain folder)."""

    host: str
    url: str
    description: str | None = None
    topics: tuple[str, ...] = ()
    homepage: str | None = None
    default_branch: str | None = None
    archived: bool | None = None
    license_spdx: str | None = None
    extra: Mapping[str, Any] = msgspec.field(default_factory=dict)


class Snapshot:
    """The tracked files of one repository rooted at a local directory."""

    def __init__(
        self,
        root: Path,
        paths: Iterable[str],
        target: Target,
        metadata: HostMetadata | None = None,
        notes: Sequence[str] = (),
    ) -> None:
        self.root = root
        self._real_root = os.path.realpath(root)
        # dict.fromkeys keeps the order of git's (already sorted) listing, which sorts in
        # linear time; a set's order would cost a full sort.
        self.paths: tuple[str, ...] = tuple(sorted(dict.fromkeys(paths)))
        self.target = target
        self.metadata = metadata
        self.notes: list[str] = list(notes)
        self.skipped: dict[str, str] = {}
        self._cache: dict[str, str | None] = {}
        self._real_dirs: dict[str, str] = {}
        self._derived: dict[str, object] = {}

    @cached_property
    def path_set(self) -> frozenset[str]:
        """All paths, for membership tests."""
        return frozenset(self.paths)

    @cached_property
    def _index(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Files by folder and by lower-cased file name, from one pass over every path."""
        children: dict[str, list[str]] = {}
        by_name: dict[str, list[str]] = {}
        # String operations, not PurePosixPath: this runs over every path of 50,000-file trees.
        for path in self.paths:
            folder, _, name = path.rpartition("/")
            siblings = children.get(folder)
            if siblings is None:
                children[folder] = [path]
            else:
                siblings.append(path)
            name = name.lower()
            same = by_name.get(name)
            if same is None:
                by_name[name] = [path]
            else:
                same.append(path)
        return children, by_name

    @cached_property
    def by_lower_name(self) -> dict[str, list[str]]:
        """Paths grouped by lower-cased file name (``LICENSE.md`` and ``license.md`` alike)."""
        return self._index[1]

    @cached_property
    def by_extension(self) -> dict[str, list[str]]:
        """Paths grouped by the lower-cased text after the last dot of their file name.

        ``a/b.tar.gz`` is under ``gz``, ``.eslintrc`` under ``eslintrc``; names without a dot are
        left out. Built from the distinct file names, not from every path; each list is in path
        order within one file name only, so sort when the order matters.
        """
        index: dict[str, list[str]] = {}
        for name, paths in self.by_lower_name.items():
            dot = name.rfind(".")
            if dot >= 0:
                index.setdefault(name[dot + 1 :], []).extend(paths)
        return index

    @cached_property
    def directories(self) -> frozenset[str]:
        """Every directory that holds at least one file, as a relative POSIX path."""
        dirs: set[str] = set()
        for directory in self._children:
            while directory and directory not in dirs:
                dirs.add(directory)
                directory = directory.rpartition("/")[0]
        return frozenset(dirs)

    def children(self, directory: str = "") -> list[str]:
        """Files directly inside ``directory`` ("" for the root)."""
        return self._children.get(directory, [])

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        return self._index[0]

    @property
    def file_folders(self) -> Iterable[str]:
        """The folders that hold files directly ("" for the root), in path order."""
        return self._children.keys()

    def derived(self, key: str, build: Callable[[Snapshot], _T]) -> _T:
        """``build(self)``, computed once per snapshot and key: for indexes that facts share."""
        if key not in self._derived:
            self._derived[key] = build(self)
        return cast("_T", self._derived[key])

    def restricted(self, paths: Iterable[str], note: str) -> Snapshot:
        """A copy limited to ``paths``, of the same class so remote snapshots keep their reader."""
        clone = copy.copy(self)
        # cached_property values live in __dict__ under their names: drop them so they are
        # recomputed over the restricted file list.
        for derived in ("path_set", "_index", "by_lower_name", "by_extension", "directories", "_children"):
            clone.__dict__.pop(derived, None)
        clone._derived = {}
        clone.paths = tuple(sorted(dict.fromkeys(paths)))
        clone.notes = [*self.notes, note]
        clone.skipped = {}
        clone._cache = {}
        return clone

    def exists(self, path: str) -> bool:
        """Whether ``path`` is a file of the repository."""
        return path in self.path_set

    def read_text(self, path: str, max_bytes: int = MAX_READ_BYTES) -> str | None:
        """The text of ``path``, or None (and a reason in ``skipped``) when it cannot be read."""
        if path in self._cache:
            return self._cache[path]
        text = self._read(path, max_bytes)
        self._cache[path] = text
        return text

    def _resolve(self, path: str) -> str:
        """The real path of ``path``: its folder resolved once per folder, then the file itself.

        Same answer as ``os.path.realpath`` on the full path, without re-resolving every
        folder of a deep monorepo path for each of its thousands of manifests.
        """
        folder, _, name = path.rpartition("/")
        candidate = os.path.join(self._real_dir(folder), name)
        return os.path.realpath(candidate) if os.path.islink(candidate) else candidate

    def _real_dir(self, folder: str) -> str:
        """The real path of a folder, from its parent's: one ``lstat`` per folder, not per part."""
        real = self._real_dirs.get(folder)
        if real is None:
            if not folder:
                real = self._real_root
            else:
                parent, _, name = folder.rpartition("/")
                candidate = os.path.join(self._real_dir(parent), name)
                real = os.path.realpath(candidate) if os.path.islink(candidate) else candidate
            self._real_dirs[folder] = real
        return real

    def _read(self, path: str, max_bytes: int) -> str | None:
        if path not in self.path_set:
            self.skipped[path] = "not in the repository's file index"
            return None
        real = self._resolve(path)
        if not _inside(real, self._real_root):
            self.skipped[path] = "symbolic link pointing outside the repository (not followed)"
            return None
        try:
            descriptor = os.open(real, _OPEN_FLAGS)
        except FileNotFoundError:
            self.skipped[path] = (
                "broken symbolic link (its target does not exist)"
                if os.path.islink(os.path.join(self.root, path))
                else "missing from the working tree (deleted but still in the git index)"
            )
            return None
        except OSError as exc:
            self.skipped[path] = f"unreadable ({exc.strerror or exc.__class__.__name__})"
            return None
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                self.skipped[path] = "not a regular file"
                return None
            if info.st_size > max_bytes:
                self.skipped[path] = too_large(info.st_size, max_bytes)
                return None
            data = _read_all(descriptor, info.st_size, max_bytes)
        except OSError as exc:
            self.skipped[path] = f"unreadable ({exc.strerror or exc.__class__.__name__})"
            return None
        finally:
            os.close(descriptor)
        return self._decode(path, data)

    def _decode(self, path: str, data: bytes) -> str | None:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                self.skipped[path] = "invalid UTF-16 text"
                return None
        if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
            self.skipped[path] = "binary file (not text)"
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Old READMEs and license files are often Latin-1; Latin-1 decodes any byte string,
            # so the text is readable even if a few characters are wrong.
            self.skipped.setdefault(path, "not UTF-8; read as Latin-1")
            return data.decode("latin-1")

    def find_names(self, names: Iterable[str]) -> list[str]:
        """Paths whose lower-cased file name is one of ``names``, anywhere in the tree."""
        found: list[str] = []
        for name in names:
            found.extend(self.by_lower_name.get(name.lower(), []))
        return sorted(set(found))


def _read_all(descriptor: int, size: int, max_bytes: int) -> bytes:
    """Up to ``max_bytes`` from an open regular file of ``size`` bytes (it may have changed
    since): plain ``os.read`` calls, without the cost of a buffered file object per file."""
    parts: list[bytes] = []
    remaining = max_bytes
    want = min(size + 1, remaining)  # one byte more than fstat said, to see the end at once
    while remaining > 0:
        chunk = os.read(descriptor, max(want, 1))
        parts.append(chunk)
        remaining -= len(chunk)
        if len(chunk) < want:  # a short read of a regular file is its end
            break
        want = min(65536, remaining)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def too_large(size: int, limit: int) -> str:
    """The reason recorded for a file over the read cap."""
    return f"too large to read ({_human_size(size)}; the limit is {_human_size(limit)})"


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _inside(real: str, root: str) -> bool:
    """``os.path.commonpath([real, root]) == root`` for normalised absolute paths, as string tests."""
    return real == root or real.startswith(root if root.endswith("/") else root + "/")
