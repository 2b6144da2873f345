"""Lines of a text by offset: where each starts, and which hold a literal.

Large texts (manuals, configuration files, manifests) are searched the cheap way: ``str.find``
for a literal every match must contain, then the regular expression on those lines alone. Only
for patterns that never cross a line break.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def line_starts(text: str) -> list[int]:
    """The offset of every line's first character (0 first): a line is then a binary search."""
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def lines_holding(text: str, lowered: str, literals: Iterable[str]) -> Iterator[tuple[int, int]]:
    """(start, end) in ``text`` of each line whose lower-cased form holds one of ``literals``, in
    order, its line break left out. ``lowered`` is ``text.lower()``.

    Each literal is looked for once per line that has it (after a hit, from the next line on);
    no line break is counted unless the lines must be matched by number.
    """
    spans: dict[int, int] = {}
    for literal in literals:
        position = lowered.find(literal)
        while position >= 0:
            end = lowered.find("\n", position)
            end = end if end >= 0 else len(lowered)
            spans[lowered.rfind("\n", 0, position) + 1] = end
            position = lowered.find(literal, end + 1)
    if len(lowered) == len(text):
        yield from sorted(spans.items())
        return
    # str.lower() lengthened a few characters ("İ"), never a line break: lines agree by number.
    starts = line_starts(text)
    for start in sorted(spans):
        index = lowered.count("\n", 0, start)
        yield starts[index], (starts[index + 1] - 1 if index + 1 < len(starts) else len(text))
