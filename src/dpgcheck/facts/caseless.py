"""Case-insensitive searches made cheap for ASCII text.

``re.IGNORECASE`` folds case through Unicode tables at every step: on the thousands of file
names or the long configuration files of a large tree it costs three times a plain search. A
text that is all ASCII can instead be lower-cased and searched with the pattern's *ASCII twin*
(letters lower-cased, ``re.ASCII``): the same matches at the same places. Other texts keep the
original pattern, whose Unicode case folding (the long s matching ``s``) the twin lacks.
"""

from __future__ import annotations

import re


def ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` (case-insensitive) for the lower-cased text of an ASCII text."""
    return re.compile("".join(_twin_parts(pattern.pattern)), re.ASCII)


def _twin_parts(source: str) -> list[str]:
    """The pattern's text with its letters lower-cased, escapes kept (``\\b`` stays a word
    boundary), and ``\\s`` widened: Unicode's matches the ASCII separators \\x1c-\\x1f, ASCII's
    does not. Inside a character class the separators join the class; outside, ``\\s`` becomes
    one (a class inside a class would be a nested set, read differently)."""
    parts: list[str] = []
    in_class = False
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            escape = source[index : index + 2]
            if escape == "\\s":
                parts.append("\\s\\x1c-\\x1f" if in_class else "[\\s\\x1c-\\x1f]")
            else:
                parts.append(escape)
            index += 2
            continue
        if not in_class and char == "[":
            in_class = True
            # A "]" right after "[" or "[^" is a literal member, not the class's end.
            opening = "[^" if source.startswith("[^", index) else "["
            index += len(opening)
            parts.append(opening)
            if source.startswith("]", index):
                parts.append("]")
                index += 1
            continue
        if in_class and char == "]":
            in_class = False
        parts.append(char.lower() if "A" <= char <= "Z" else char)
        index += 1
    return parts


def caseless_found(pattern: re.Pattern[str], twin: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` finds something in ``text``: with ``twin`` (its ``ascii_twin``) on
    the lower-cased text when ``text`` is ASCII."""
    if text.isascii():
        return twin.search(text.lower()) is not None
    return pattern.search(text) is not None
