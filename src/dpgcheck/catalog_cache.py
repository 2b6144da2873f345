"""Parsed catalog YAML files, kept between runs as JSON.

Every run reads the same catalog: about fifteen YAML files (indicators, data lists, license
names). Importing PyYAML and parsing them costs ~20 ms of each run, more than anything the run
does with them; JSON of the same data loads in well under a millisecond, with no import.

An entry is keyed by the file's path, size and modification time, in a cache file named after
dpgcheck's version: an edited catalog file is parsed again, and a new release starts afresh.
Only data that JSON gives back unchanged is kept (a YAML date or a non-string key is not), so a
cached answer is always the parser's answer. Each ``load`` returns a fresh object, as parsing
did. The cache is an optimisation only: when it cannot be read or written, files are parsed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dpgcheck import __version__
from dpgcheck.cache_files import cache_path, read_json, write_json


class ParsedFileCache:
    """path → (size, mtime, JSON text of the parsed data), loaded once, written when it grew."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[str, list[Any]] | None = None

    def load(self, file: Path, parse: Callable[[str], Any]) -> Any:
        """``parse`` of the file's text, from the cache when the file has not changed since.

        Raises OSError when the file cannot be read, and whatever ``parse`` raises.
        """
        info = os.stat(file)
        key = str(file)
        entry = self._load().get(key)
        if entry is not None and entry[0] == info.st_size and entry[1] == info.st_mtime_ns:
            return json.loads(entry[2])
        data = parse(file.read_text(encoding="utf-8"))
        try:
            text = json.dumps(data, ensure_ascii=False)
            if json.loads(text) == data:
                self._load()[key] = [info.st_size, info.st_mtime_ns, text]
                write_json(self.path, self._entries, ".catalog-")
        except (TypeError, ValueError):
            pass  # not JSON data (a date, a non-string key): parsed on every run instead
        return data

    def _load(self) -> dict[str, list[Any]]:
        if self._entries is None:
            raw = read_json(self.path)
            self._entries = (
                {
                    str(key): value
                    for key, value in raw.items()
                    if isinstance(value, list) and len(value) == 3 and isinstance(value[2], str)
                }
                if isinstance(raw, dict)
                else {}
            )
        return self._entries


_shared: ParsedFileCache | None = None


def parsed_catalog_files() -> ParsedFileCache:
    """The process's cache of parsed catalog files (in the user cache folder; see
    ``cache_files`` for DPGCHECK_CACHE_DIR and DPGCHECK_NO_CACHE)."""
    global _shared
    path = cache_path(f"catalog-{__version__}.json")
    if _shared is None or _shared.path != path:
        _shared = ParsedFileCache(path)
    return _shared
