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
    # Lower-case the letters, not the escapes (\b stays a word boundary). Unicode's \s also
    # matches the ASCII separators \x1c-\x1f, ASCII's does not: they are added back.
    source = re.sub(r"\\.|[A-Z]", _lower_letter, pattern.pattern)
    return re.compile(source.replace(r"\s", r"[\s\x1c-\x1f]"), re.ASCII)


def _lower_letter(match: re.Match[str]) -> str:
    text = match.group()
    return text.lower() if len(text) == 1 else text


def caseless_found(pattern: re.Pattern[str], twin: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` finds something in ``text``: with ``twin`` (its ``ascii_twin``) on
    the lower-cased text when ``text`` is ASCII."""
    if text.isascii():
        return twin.search(text.lower()) is not None
    return pattern.search(text) is not None
