"""Case-insensitive glob sets matched against thousands of repository paths, fast.

``fnmatch`` pattern by pattern costs a Python call per path and pattern; over 50,000 paths and
a hundred catalog patterns that is millions of calls. A GlobSet compiles all its patterns into
one regular expression and first rejects, with one C-level ``str.endswith``, every path that
cannot end like any pattern's literal tail (``.yml``, ``/openapi.json``…), which is nearly all.
``select`` goes further on a Snapshot: it gathers the few paths that can match from the
snapshot's file-name, extension and folder indexes, and never looks at the others.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable

from dpgcheck.sources.snapshot import Snapshot

_WILDCARDS = re.compile(r"[*?\[\]]")


def literal_tail(pattern: str) -> str:
    """The literal text after a glob's last wildcard (the whole pattern when it has none)."""
    ends = [match.end() for match in _WILDCARDS.finditer(pattern)]
    return pattern[ends[-1] :] if ends else pattern


def literal_head(pattern: str) -> str:
    """The literal text before a glob's first wildcard (the whole pattern when it has none)."""
    return _WILDCARDS.split(pattern, 1)[0]


def _longest_literal(pattern: str) -> str:
    return max(_WILDCARDS.split(pattern), key=len)


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))


class GlobSet:
    """A set of fnmatch-style patterns (``*`` crosses ``/``), matched case-insensitively.

    Each pattern is tried only on paths that can match it: those that start with its literal
    head (``.github/workflows/``), else end with its literal tail (``.geojson``), else contain
    its longest literal part (``/sdmx/``). Those tests are single C calls on a string.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        lowered = [str(pattern).lower() for pattern in patterns]
        self.patterns = tuple(lowered)
        # Most catalog patterns are plain names or ``**/name`` / ``**/*.ext``: those are answered
        # by string tests alone, which also spares compiling a regular expression for each run.
        exact: set[str] = set()
        nested_names: list[str] = []
        nested_suffixes: list[str] = []
        rest: list[str] = []
        for pattern in lowered:
            if not _WILDCARDS.search(pattern):
                exact.add(pattern)
            elif pattern.startswith("**/*") and not _WILDCARDS.search(pattern[4:]) and pattern[4:]:
                nested_suffixes.append(pattern[4:])
            elif pattern.startswith("**/") and not _WILDCARDS.search(pattern[3:]) and pattern[3:]:
                nested_names.append(pattern[2:])  # keep the "/": "**/x" is "…/x"
            else:
                rest.append(pattern)
        self._exact = frozenset(exact)
        self._nested_names = tuple(nested_names)
        self._nested_suffixes = tuple(nested_suffixes)
        lowered = rest
        headed = [p for p in lowered if literal_head(p)]
        tailed = [p for p in lowered if not literal_head(p) and literal_tail(p)]
        self._heads = tuple({literal_head(p) for p in headed})
        self._tails = tuple({literal_tail(p) for p in tailed})
        # The regular expressions are compiled when a path first passes the string tests: most
        # runs never need most of them, and compiling costs more than the tests.
        self._headed_patterns = headed
        self._tailed_patterns = tailed
        self._headed_re: re.Pattern[str] | None = None
        self._tailed_re: re.Pattern[str] | None = None
        self._others = [
            (_longest_literal(p), p) for p in lowered if not literal_head(p) and not literal_tail(p)
        ]
        self._other_res: dict[str, re.Pattern[str]] = {}
        # One C-level search tells whether a path contains any of those literal parts.
        chunks = [chunk for chunk, _ in self._others]
        self._chunks = re.compile("|".join(re.escape(c) for c in chunks)) if chunks and all(chunks) else None

    def match(self, path: str) -> bool:
        """Whether ``path`` matches any pattern (``path`` is lower-cased here)."""
        return self.match_lower(path.lower())

    def match_lower(self, lower: str) -> bool:
        """Whether an already lower-cased path matches any pattern."""
        if lower in self._exact or (self._nested_names and lower.endswith(self._nested_names)):
            return True
        if self._nested_suffixes and lower.endswith(self._nested_suffixes) and self._nested_suffix(lower):
            return True
        if self._headed_patterns and lower.startswith(self._heads) and self._headed().match(lower):
            return True
        if self._tailed_patterns and lower.endswith(self._tails) and self._tailed().match(lower):
            return True
        return any(chunk in lower and self._other(pattern).match(lower) for chunk, pattern in self._others)

    def _headed(self) -> re.Pattern[str]:
        if self._headed_re is None:
            self._headed_re = _compile(self._headed_patterns)
        return self._headed_re

    def _tailed(self) -> re.Pattern[str]:
        if self._tailed_re is None:
            self._tailed_re = _compile(self._tailed_patterns)
        return self._tailed_re

    def _other(self, pattern: str) -> re.Pattern[str]:
        regex = self._other_res.get(pattern)
        if regex is None:
            regex = self._other_res[pattern] = re.compile(fnmatch.translate(pattern))
        return regex

    def _nested_suffix(self, lower: str) -> bool:
        # ``**/*.ext``: the path ends with ``.ext`` and has a ``/`` before that ending.
        return any(lower.endswith(s) and "/" in lower[: -len(s)] for s in self._nested_suffixes)

    def select(self, snapshot: Snapshot, limit: int) -> list[str]:
        """``first(snapshot.paths, limit)``, from the snapshot's indexes: the paths that can
        match are looked up by file name, extension and folder instead of testing every path."""
        candidates = self._candidates(snapshot)
        if candidates is None:
            return self.first(snapshot.paths, limit)
        # snapshot.paths is sorted, so sorting the matches gives them in the same order.
        return sorted(path for path in candidates if self.match_lower(path.lower()))[: max(limit, 0)]

    def _candidates(self, snapshot: Snapshot) -> set[str] | None:
        """Every path that may match (a superset), or None when an index cannot tell."""
        names, extensions = snapshot.by_lower_name, snapshot.by_extension
        found: set[str] = set()
        # A literal tail ends the file name: the name itself when the tail holds a "/", else
        # (".geojson", ".sdmx.xml") the name's extension, the text after its last dot.
        for pattern in self._exact:
            found.update(names.get(pattern.rpartition("/")[2], ()))
        for tail in (*self._nested_names, *self._nested_suffixes, *self._tails):
            if "/" in tail:
                found.update(names.get(tail.rpartition("/")[2], ()))
            elif "." in tail and not tail.endswith("."):
                found.update(extensions.get(tail.rpartition(".")[2], ()))
            else:
                return None
        if self._heads:
            heads = self._heads
            for folder in snapshot.file_folders:
                if (folder.lower() + "/" if folder else "").startswith(heads):
                    found.update(snapshot.children(folder))
            if not all(head.endswith("/") for head in heads):
                found.update(p for p in snapshot.children("") if p.lower().startswith(heads))
        for chunk, _ in self._others:
            hits = _lines_containing(snapshot, chunk)
            if hits is None:
                return None
            found.update(hits)
        return found

    def first(self, paths: Iterable[str], limit: int) -> list[str]:
        """Up to ``limit`` of ``paths`` that match, in order."""
        hits: list[str] = []
        if not self.patterns or limit <= 0:
            return hits
        heads = self._heads or None
        tails = (*self._tails, *self._nested_names, *self._nested_suffixes) or None
        exact, others, chunks = self._exact, bool(self._others), self._chunks
        for path in paths:
            lower = path.lower()
            # The cheap prefilters inline: this loop runs over every path of the repository.
            if (
                lower in exact
                or (heads is not None and lower.startswith(heads))
                or (tails is not None and lower.endswith(tails))
                or (others and (chunks is None or chunks.search(lower) is not None))
            ) and self.match_lower(lower):
                hits.append(path)
                if len(hits) >= limit:
                    break
        return hits


_MAX_CHUNK_HITS = 200


def _lines_containing(snapshot: Snapshot, chunk: str) -> list[str] | None:
    """The paths whose lower-cased form contains ``chunk``, found by C-level searches of one
    string of every path; None when there are so many that testing every path is as fast."""
    if not chunk or "\n" in chunk:
        return None
    blob = snapshot.derived("globs.lower_paths", _lower_paths)
    if blob is None:
        return None
    hits: list[str] = []
    line, counted = 0, 0
    at = blob.find(chunk)
    while at >= 0:
        if len(hits) >= _MAX_CHUNK_HITS:
            return None
        # Lower-casing keeps the newlines, so the hit's line number is the path's index.
        line += blob.count("\n", counted, at)
        counted = at
        hits.append(snapshot.paths[line])
        end = blob.find("\n", at)
        at = blob.find(chunk, end + 1) if end >= 0 else -1
    return hits


def _lower_paths(snapshot: Snapshot) -> str | None:
    """Every path lower-cased, one per line; None when a path holds a newline itself."""
    blob = "\n".join(snapshot.paths).lower()
    return blob if blob.count("\n") == max(len(snapshot.paths) - 1, 0) else None
