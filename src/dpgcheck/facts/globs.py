"""Case-insensitive glob sets matched against thousands of repository paths, fast.

``fnmatch`` pattern by pattern costs a Python call per path and pattern; over 50,000 paths and
a hundred catalog patterns that is millions of calls. A GlobSet compiles all its patterns into
one regular expression and first rejects, with one C-level ``str.endswith``, every path that
cannot end like any pattern's literal tail (``.yml``, ``/openapi.json``…), which is nearly all.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable

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


def _compile(patterns: Iterable[str]) -> re.Pattern[str] | None:
    listed = list(patterns)
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in listed)) if listed else None


class GlobSet:
    """A set of fnmatch-style patterns (``*`` crosses ``/``), matched case-insensitively.

    Each pattern is tried only on paths that can match it: those that start with its literal
    head (``.github/workflows/``), else end with its literal tail (``.geojson``), else contain
    its longest literal part (``/sdmx/``). Those tests are single C calls on a string.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        lowered = [str(pattern).lower() for pattern in patterns]
        self.patterns = tuple(lowered)
        headed = [p for p in lowered if literal_head(p)]
        tailed = [p for p in lowered if not literal_head(p) and literal_tail(p)]
        self._heads = tuple({literal_head(p) for p in headed})
        self._headed = _compile(headed)
        self._tails = tuple({literal_tail(p) for p in tailed})
        self._tailed = _compile(tailed)
        self._others = [
            (_longest_literal(p), re.compile(fnmatch.translate(p)))
            for p in lowered
            if not literal_head(p) and not literal_tail(p)
        ]

    def match(self, path: str) -> bool:
        """Whether ``path`` matches any pattern (``path`` is lower-cased here)."""
        return self.match_lower(path.lower())

    def match_lower(self, lower: str) -> bool:
        """Whether an already lower-cased path matches any pattern."""
        if self._headed is not None and lower.startswith(self._heads) and self._headed.match(lower):
            return True
        if self._tailed is not None and lower.endswith(self._tails) and self._tailed.match(lower):
            return True
        return any(chunk in lower and regex.match(lower) for chunk, regex in self._others)

    def first(self, paths: Iterable[str], limit: int) -> list[str]:
        """Up to ``limit`` of ``paths`` that match, in order."""
        hits: list[str] = []
        if not self.patterns or limit <= 0:
            return hits
        heads, tails, others = self._heads or None, self._tails or None, bool(self._others)
        for path in paths:
            lower = path.lower()
            # The cheap prefilters inline: this loop runs over every path of the repository.
            if (
                (heads is not None and lower.startswith(heads))
                or (tails is not None and lower.endswith(tails))
                or others
            ) and self.match_lower(lower):
                hits.append(path)
                if len(hits) >= limit:
                    break
        return hits
