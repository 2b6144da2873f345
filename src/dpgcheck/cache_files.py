"""dpgcheck's cache folder: where its files live, and reading and writing them as JSON.

Two things are kept between runs (license classifications, license-expression answers).
Each is an optimisation only, so every file here is
read and written the same way: a missing, unreadable or corrupt file reads as nothing, and a
write goes to a temporary file renamed over the old one (readers never see half a file), or
does not happen at all. ``DPGCHECK_CACHE_DIR`` moves the folder; ``DPGCHECK_NO_CACHE=1`` turns
every cache off.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any


def cache_folder() -> Path:
    """``DPGCHECK_CACHE_DIR``, else the user cache folder (``~/.cache/dpgcheck`` on Linux)."""
    base = os.environ.get("DPGCHECK_CACHE_DIR")
    if not base:
        import platformdirs  # only when no folder was given

        base = platformdirs.user_cache_dir("dpgcheck")
    return Path(base)


def cache_path(name: str) -> Path | None:
    """A file of the cache folder, or None when caching is disabled."""
    if os.environ.get("DPGCHECK_NO_CACHE"):
        return None
    return cache_folder() / name


def read_json(path: Path | None) -> Any:
    """The JSON data of a cache file; None when there is none, or it cannot be read."""
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None


def write_json(path: Path | None, data: Any, prefix: str) -> bool:
    """Replace the cache file with ``data`` atomically; False when it could not be written
    (the cost is only speed next time). ``prefix`` names the temporary file."""
    if path is None:
        return False
    try:
        import tempfile  # only when a cache grew

        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(temp, path)
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    return True
