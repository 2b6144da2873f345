"""A persistent cache of license-text classifications, keyed by the text's digest.

The askalono binding reloads its license store on every call (~130 ms), so classifying the same
LICENSE texts on every run would dominate dpgcheck's time. Results depend only on the text and
the askalono version, so they are kept in one small JSON file under the user cache directory
(see ``dpgcheck.cache_files``).
The cache is an optimisation only: an unreadable or unwritable cache is ignored.
"""

from __future__ import annotations

import os
from pathlib import Path

from dpgcheck.cache_files import cache_path, read_json, write_json


def distribution_version(name: str, module_file: str | None = None) -> str:
    """The installed version of distribution ``name``, or "unknown": it names the cache files
    of that library's answers, so an upgrade starts a fresh file.

    ``module_file``: a file of the distribution's top-level package. Its ``NAME-VERSION.dist-info``
    folder is then looked for beside the package, one folder listing, instead of
    importlib.metadata searching every entry of sys.path (~40 ms per run); an upgrade replaces
    that folder, so the answer is never stale."""
    if module_file is not None:
        site = Path(module_file).resolve().parent.parent
        prefix = name.replace("-", "_").lower() + "-"
        try:
            found = [e.name for e in os.scandir(site) if e.name.lower().startswith(prefix)]
        except OSError:
            found = []
        versions = [f[len(prefix) : -len(".dist-info")] for f in found if f.endswith(".dist-info")]
        if len(versions) == 1:
            return versions[0]
    from importlib import metadata  # ~11 ms to import, more to search: only as the fallback

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def _askalono_version() -> str:
    import askalono

    return distribution_version("pyaskalono", askalono.__file__)


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
