"""Write a commit's files below ``trees/<commit>`` and nowhere else, whatever its tree says.

A hostile tree object can hold two entries of one name: ``LICENSE`` as a symbolic link to a
folder outside the cache and ``LICENSE/`` as a folder of files. Written naively, the files go
through the link. So:

- ``screen`` refuses duplicate names and every path below a file or link entry;
- ``TreeWriter`` creates each folder and file relative to a directory descriptor it opened
  itself, never following a link (``O_NOFOLLOW``, ``O_EXCL``), and checks where it landed.

Links of the tree are still written as links (reads refuse to follow them out of the tree);
they are never followed while writing.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

LINK_MODE = "120000"

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_SAFE_FDS = os.open in os.supports_dir_fd and os.mkdir in os.supports_dir_fd


class Refused(Exception):
    """A path that cannot be written without leaving the tree's folder."""


def screen(
    entries: Iterable[tuple[str, tuple[str, str]]],
) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """The entries safe to write (path → (mode, blob id)) and the refused ones (path → why).

    Refused: a path listed twice (a tree with two entries of one name), and a path whose folder
    is also a file or a link of the tree (``LICENSE`` a link, ``LICENSE/x`` a file).
    """
    kept: dict[str, tuple[str, str]] = {}
    refused: dict[str, str] = {}
    for path, entry in entries:
        if path in kept or path in refused:
            kept.pop(path, None)
            refused[path] = "refused: the tree names this path twice"
        else:
            kept[path] = entry
    for path in list(kept):
        folder = path.rpartition("/")[0]
        while folder:
            if folder in kept or folder in refused:
                del kept[path]
                refused[path] = f"refused: its folder {folder} is also a file or a link in the tree"
                refused.setdefault(folder, "refused: the tree names this path twice (a file and a folder)")
                kept.pop(folder, None)
                break
            folder = folder.rpartition("/")[0]
    return kept, refused


class TreeWriter:
    """Writes files and links below ``root`` through descriptors, never through a link."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self._real_root = os.path.realpath(root)
        self._root_fd = os.open(root, _DIR_FLAGS) if _SAFE_FDS else -1
        self._dirs: dict[str, int] = {}

    def close(self) -> None:
        """Close every descriptor held."""
        for fd in self._dirs.values():
            os.close(fd)
        self._dirs.clear()
        if self._root_fd >= 0:
            os.close(self._root_fd)
            self._root_fd = -1

    def __enter__(self) -> TreeWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _folder(self, folder: str) -> int:
        """A descriptor of ``folder`` (created if absent), opened part by part without links."""
        if not folder:
            return self._root_fd
        known = self._dirs.get(folder)
        if known is not None:
            return known
        parent, _, name = folder.rpartition("/")
        parent_fd = self._folder(parent)
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, 0o755, dir_fd=parent_fd)
        try:
            fd = os.open(name, _DIR_FLAGS, dir_fd=parent_fd)
        except OSError as exc:  # ELOOP / ENOTDIR: a link or a file sits where a folder goes
            raise Refused(f"refused: {folder} is not a plain folder in the cache") from exc
        real = os.path.realpath(f"/proc/self/fd/{fd}") if os.path.isdir("/proc/self/fd") else None
        if real is not None and not _inside(real, self._real_root):
            os.close(fd)
            raise Refused(f"refused: {folder} resolves outside the cache")
        self._dirs[folder] = fd
        return fd

    def _check_path(self, path: str) -> None:
        """Without descriptor-relative calls: refuse a link anywhere on the way."""
        folder = self.root
        for part in path.split("/")[:-1]:
            folder = folder / part
            if folder.is_symlink():
                raise Refused(f"refused: {part} is a link in the cache")
        if not _inside(os.path.realpath(self.root / path.rpartition("/")[0]), self._real_root):
            raise Refused("refused: resolves outside the cache")

    def exists(self, path: str) -> bool:
        """Whether ``path`` was written already (its folders are never followed through links)."""
        folder, _, name = path.rpartition("/")
        try:
            if not _SAFE_FDS:
                self._check_path(path)
                return os.path.lexists(self.root / path)
            os.stat(name, dir_fd=self._folder(folder), follow_symlinks=False)
        except (OSError, Refused):
            return False
        return True

    def write_link(self, path: str, target: bytes) -> None:
        """The link ``path`` → ``target``, as the tree says (never followed here)."""
        folder, _, name = path.rpartition("/")
        if not _SAFE_FDS:
            self._check_path(path)
            with contextlib.suppress(OSError):
                os.symlink(target, self.root / path)
            return
        with contextlib.suppress(FileExistsError):
            os.symlink(target, name, dir_fd=self._folder(folder))

    def write_file(self, path: str, stream: IO[bytes], size: int) -> None:
        """The file ``path`` with ``size`` bytes from ``stream``, written under a temporary name
        then renamed (a crash never leaves a half file that looks complete)."""
        folder, _, name = path.rpartition("/")
        temp = f".tmp-{secrets.token_hex(8)}"
        if not _SAFE_FDS:
            self._check_path(path)
            target_dir = self.root / folder
            fd = os.open(target_dir / temp, _FILE_FLAGS, 0o644)
            dir_fd = None
        else:
            dir_fd = self._folder(folder)
            fd = os.open(temp, _FILE_FLAGS, 0o644, dir_fd=dir_fd)
        try:
            with os.fdopen(fd, "wb") as out:
                copy_exactly(stream, out, size)
            if dir_fd is None:
                os.replace(self.root / folder / temp, self.root / path)
            else:
                os.replace(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            with contextlib.suppress(OSError):
                if dir_fd is None:
                    os.unlink(self.root / folder / temp)
                else:
                    os.unlink(temp, dir_fd=dir_fd)
            raise


def write_objects(
    writer: TreeWriter, source: IO[bytes], items: Sequence[tuple[str, str]], refused: dict[str, str]
) -> None:
    """Write each (path, mode) of ``items`` from ``git cat-file --batch`` output, one object at a
    time: never more than one chunk in memory. A path that cannot be written safely goes to
    ``refused``; malformed output raises ValueError."""
    for path, mode in items:
        header = source.readline(200).decode("ascii", "replace").split(" ")
        if len(header) < 3 or not header[2].strip().isdigit():
            raise ValueError(f"no object for {path} in git's output")
        size = int(header[2])
        try:
            if mode == LINK_MODE:
                writer.write_link(path, source.read(min(size, 4096)))
                copy_exactly(source, None, max(0, size - 4096))
            else:
                writer.write_file(path, source, size)
        except Refused as exc:
            refused[path] = str(exc)
            copy_exactly(source, None, size)
        source.read(1)  # the newline after each object


def copy_exactly(source: IO[bytes], out: IO[bytes] | None, size: int) -> None:
    """Copy (or with ``out`` None, skip) exactly ``size`` bytes of ``source``, in chunks."""
    left = size
    while left > 0:
        chunk = source.read(min(left, 1 << 20))
        if not chunk:
            raise EOFError("git's output ended early")
        if out is not None:
            out.write(chunk)
        left -= len(chunk)


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip("/") + "/")
