"""Lines of a text by offset: where each starts, and which hold a literal.

Large texts (manuals, configuration files, manifests) are searched the cheap way: ``str.find``
for a literal every match must contain, then the regular expression on those lines alone. Only
for patterns that never cross a line break.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


def line_starts(text: str) -> list[int]:
    """The offset of every line's first character (0 first): a line is then a binary search."""
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def line_span(text: str, starts: list[int], index: int) -> tuple[int, int]:
    """(start, end) offsets of line ``index`` (from 0), its line break left out."""
    end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
    return starts[index], end


def lines_holding(lowered: str, literals: Iterable[str], starts: list[int]) -> list[int]:
    """The indexes (from 0) of the lines of ``lowered`` holding one of ``literals``, in order.

    ``starts`` are ``lowered``'s line starts. Each literal is looked for once per line that has
    it: after a hit, the search goes on from the next line.
    """
    lines: set[int] = set()
    for literal in literals:
        position = lowered.find(literal)
        while position >= 0:
            index = bisect_right(starts, position) - 1
            lines.add(index)
            if index + 1 >= len(starts):
                break
            position = lowered.find(literal, starts[index + 1])
    return sorted(lines)
