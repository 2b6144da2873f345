"""Path excludes from the configuration: fixtures, vendored code and examples that are not the project.

A pattern is a glob over repository-relative POSIX paths (``*`` also crosses ``/``, as in
``fnmatch``). A pattern that names a folder (``vendor``, ``vendor/``, ``tests/fixtures/*``)
excludes everything below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from dpgcheck.sources.snapshot import Snapshot


def normalise_pattern(pattern: str) -> str:
    """The pattern without a leading ``./`` or ``/`` and without a trailing ``/``."""
    cleaned = pattern.strip().replace("\\", "/")
    while cleaned.startswith("./"):
        cleaned = cleaned[2:]
    return cleaned.strip("/")


def is_excluded(path: str, patterns: Sequence[str]) -> bool:
    """Whether ``path`` or one of its parent folders matches one of ``patterns``."""
    if not patterns:
        return False
    candidates = [path, *(str(parent) for parent in PurePosixPath(path).parents if str(parent) != ".")]
    return any(fnmatchcase(candidate, pattern) for pattern in patterns for candidate in candidates)


def exclude_paths(snapshot: Snapshot, patterns: Sequence[str]) -> Snapshot:
    """``snapshot`` without the paths the patterns exclude (the same snapshot when none are given)."""
    cleaned = [p for p in (normalise_pattern(raw) for raw in patterns) if p]
    if not cleaned:
        return snapshot
    kept = [path for path in snapshot.paths if not is_excluded(path, cleaned)]
    left_out = len(snapshot.paths) - len(kept)
    if left_out:
        note = f"{left_out} file(s) excluded by configuration ({', '.join(cleaned)})"
    else:  # most likely a typo in the pattern: say so rather than stay silent
        note = f"The exclude patterns matched no file: {', '.join(cleaned)}"
    return snapshot.restricted(kept, note)
