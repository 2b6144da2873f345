"""A persistent cache of license-text classifications, keyed by the text's digest.

The askalono binding reloads its license store on every call (~130 ms), so classifying the same
LICENSE texts on every run would dominate dpgcheck's time. Results depend only on the text and
the askalono version, so they are kept in one small JSON file under the user cache directory
(see ``dpgcheck.cache_files``).
The cache is an optimisation only: an unreadable or unwritable cache is ignored.
"""

from __future__ import annotations

from pathlib import Path

from dpgcheck.cache_files import cache_path, read_json, write_json


def distribution_version(name: str) -> str:
    """The installed version of distribution ``name``, or "unknown": it names the cache files
    of that library's answers, so an upgrade starts a fresh file."""
    from importlib import metadata  # ~11 ms: only when a cache file is needed

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def _askalono_version() -> str:
    return distribution_version("pyaskalono")


def cache_file() -> Path | None:
    """Where the classification cache lives, or None when caching is disabled."""
    return cache_path(f"askalono-{_askalono_version()}.json")


class ClassificationCache:
    """digest → (license name, score), loaded once and written back when it grew."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[str, tuple[str, float]] | None = None
        self._dirty = False

    def _load(self) -> dict[str, tuple[str, float]]:
        if self._entries is None:
            self._entries = {}
            raw = read_json(self.path)
            if isinstance(raw, dict):
                for key, value in raw.items():
                    if isinstance(value, list) and len(value) == 2:
                        self._entries[str(key)] = (str(value[0]), float(value[1]))
        return self._entries

    def get(self, digest: str) -> tuple[str, float] | None:
        """The remembered result for a text digest."""
        return self._load().get(digest)

    def put(self, digest: str, result: tuple[str, float]) -> None:
        """Remember a result (written by ``flush``)."""
        self._load()[digest] = result
        self._dirty = True

    def flush(self) -> None:
        """Write new results atomically; a failure only costs speed next time."""
        if not self._dirty or self.path is None or self._entries is None:
            return
        # Merge with what another process may have written meanwhile.
        merged = {**ClassificationCache(self.path)._load(), **self._entries}
        data = {key: [name, score] for key, (name, score) in merged.items()}
        if write_json(self.path, data, ".askalono-"):
            self._dirty = False


class NameMemo:
    """A persistent ``str -> str`` memo in one JSON file, written whenever it learns something.

    For facts that depend only on their input and an installed library's version (which is then
    part of the file name), and that are learnt rarely: once per distinct input.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[str, str] | None = None

    def _load(self) -> dict[str, str]:
        if self._entries is None:
            self._entries = {}
            raw = read_json(self.path)
            if isinstance(raw, dict):
                self._entries = {str(k): v for k, v in raw.items() if isinstance(v, str)}
        return self._entries

    def get(self, key: str) -> str | None:
        """The remembered value of ``key``."""
        return self._load().get(key)

    def put(self, key: str, value: str) -> None:
        """Remember a value and write the file at once (atomically, merged with other writers)."""
        entries = self._load()
        if entries.get(key) == value:
            return
        entries[key] = value
        if self.path is not None:
            write_json(self.path, {**NameMemo(self.path)._load(), **entries}, ".memo-")
