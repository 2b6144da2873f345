"""Path excludes from the configuration: fixtures, vendored code and examples that are not the project.

A pattern is a glob over repository-relative POSIX paths (``*`` also crosses ``/``, as in
``fnmatch``). A pattern that names a folder (``vendor``, ``vendor/``, ``tests/fixtures/*``)
excludes everything below it.

Hundreds of patterns over hundreds of thousands of paths must stay cheap: the patterns are
compiled once into one set of literal names and one combined regular expression, and each
folder is judged once (its verdict is remembered for every path below it), so the cost is
about one C-level match per path instead of one ``fnmatch`` call per path, parent and pattern.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from dpgcheck.sources.snapshot import Snapshot

_WILDCARDS = re.compile(r"[*?\[]")
_SPLIT = re.compile(r"[*?\[\]]")  # every character that may belong to a wildcard


def _combined(globs: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(fnmatch.translate(glob) for glob in globs))


def normalise_pattern(pattern: str) -> str:
    """The pattern without a leading ``./`` or ``/`` and without a trailing ``/``."""
    cleaned = pattern.strip().replace("\\", "/")
    while cleaned.startswith("./"):
        cleaned = cleaned[2:]
    return cleaned.strip("/")


class ExcludeMatcher:
    """Answers ``is_excluded`` for many paths against one fixed list of patterns."""

    def __init__(self, patterns: Sequence[str]) -> None:
        # fnmatchcase semantics: a pattern without wildcards matches only itself.
        self._literals = frozenset(p for p in patterns if not _WILDCARDS.search(p))
        # One regular expression tried against every path is still one alternative per pattern:
        # the globs are grouped so that a path meets only those it can match. A glob whose
        # literal head holds a "/" can match only paths of that first folder; one with a literal
        # tail only paths with that ending; the rest (``**/gen/**``) are tried on every path.
        by_folder: dict[str, list[str]] = {}
        by_tail: list[str] = []
        rest: list[str] = []
        for glob in (p for p in patterns if _WILDCARDS.search(p)):
            head = _SPLIT.split(glob, 1)[0]
            tail = _SPLIT.split(glob)[-1]
            if "/" in head:
                by_folder.setdefault(head.partition("/")[0], []).append(glob)
            elif tail:
                by_tail.append(glob)
            else:
                rest.append(glob)
        self._by_folder = {folder: _combined(globs) for folder, globs in by_folder.items()}
        self._tails = tuple({_SPLIT.split(glob)[-1] for glob in by_tail})
        self._tailed = _combined(by_tail) if by_tail else None
        self._rest = _combined(rest) if rest else None
        # Each of the rest holds a literal part (``/gen/``) a matching path must contain: one
        # C-level search for any of them spares the slower glob match on most paths.
        # (Text between brackets is a character set, not a literal part: no filter then.)
        chunks = {max(_SPLIT.split(glob), key=len) for glob in rest if "[" not in glob}
        usable = rest and all(chunks) and not any("[" in glob for glob in rest)
        self._chunks = re.compile("|".join(map(re.escape, chunks))) if usable else None
        self._folders: dict[str, bool] = {}

    def _matches(self, candidate: str) -> bool:
        if candidate in self._literals:
            return True
        folder = self._by_folder.get(candidate.partition("/")[0])
        if folder is not None and folder.match(candidate):
            return True
        if self._tailed is not None and candidate.endswith(self._tails) and self._tailed.match(candidate):
            return True
        if self._rest is None or (self._chunks is not None and self._chunks.search(candidate) is None):
            return False
        return self._rest.match(candidate) is not None

    def _folder_excluded(self, folder: str) -> bool:
        """Whether a clean folder path (no empty or ``.`` parts) or one of its parents matches."""
        # Walk up to the nearest folder already judged, then judge the unknown ones top-down (a
        # loop, not recursion: a hostile tree may nest thousands of folders).
        unknown: list[str] = []
        verdict = False
        while folder:
            known = self._folders.get(folder)
            if known is not None:
                verdict = known
                break
            unknown.append(folder)
            folder = folder.rpartition("/")[0]
        for name in reversed(unknown):
            verdict = verdict or self._matches(name)
            self._folders[name] = verdict
        return verdict

    def is_excluded(self, path: str) -> bool:
        """Whether ``path`` or one of its parent folders matches one of the patterns."""
        if self._matches(path):
            return True
        if "//" in f"/{path}/" or "/./" in f"/{path}/":
            # An unusual spelling: let pathlib normalise the parents, as the patterns expect.
            parents = [str(p) for p in PurePosixPath(path).parents if str(p) != "."]
            return any(self._matches(parent) for parent in parents)
        parent = path.rpartition("/")[0]
        return bool(parent) and self._folder_excluded(parent)


def is_excluded(path: str, patterns: Sequence[str]) -> bool:
    """Whether ``path`` or one of its parent folders matches one of ``patterns``."""
    return bool(patterns) and ExcludeMatcher(patterns).is_excluded(path)


def exclude_paths(snapshot: Snapshot, patterns: Sequence[str]) -> Snapshot:
    """``snapshot`` without the paths the patterns exclude (the same snapshot when none are given)."""
    cleaned = [p for p in (normalise_pattern(raw) for raw in patterns) if p]
    if not cleaned:
        return snapshot
    matcher = ExcludeMatcher(cleaned)
    kept = [path for path in snapshot.paths if not matcher.is_excluded(path)]
    left_out = len(snapshot.paths) - len(kept)
    if left_out:
        note = f"{left_out} file(s) excluded by configuration ({', '.join(cleaned)})"
    else:  # most likely a typo in the pattern: say so rather than stay silent
        note = f"The exclude patterns matched no file: {', '.join(cleaned)}"
    return snapshot.restricted(kept, note)
