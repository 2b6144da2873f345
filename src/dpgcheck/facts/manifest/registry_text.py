"""Answers the DPGA application platform writes as sentences, and lists it cut at commas.

The platform stores some Yes/No questions as one generated sentence
(``"PII data is collected but NOT stored and NOT distributed."``) and stores free texts typed
into list fields cut at every comma (``["Users bring their own data", " which may include PII."]``).
These helpers read both back conservatively: a sentence is read only when each verb it should
hold is there, with or without its ``NOT``; anything else is left unanswered.
"""

from __future__ import annotations

import re
from typing import Any

ANSWERS = {"yes": "Yes", "no": "No", "unknown": "Unknown", "true": "Yes", "false": "No"}


def plain_answer(value: Any) -> str | None:
    """``Yes`` / ``No`` / ``Unknown`` from a boolean or a one-word answer, else None."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        return ANSWERS.get(value.strip().rstrip(".").lower())
    return None


def verbs_of(sentence: str, verbs: tuple[str, ...]) -> dict[str, bool] | None:
    """Each verb of the sentence → whether it is affirmed (no ``NOT`` before it).

    None unless every verb is there exactly once: a sentence worded otherwise is not guessed at.
    """
    found: dict[str, bool] = {}
    for verb in verbs:
        matches = re.findall(rf"\b(not\s+)?{verb}\b", sentence, re.IGNORECASE)
        if len(matches) != 1:
            return None
        found[verb] = not matches[0]
    return found


def joined_text(value: Any) -> str:
    """A text field, or a list the platform cut at commas, as one text (commas put back)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        parts = [item.strip() for item in value if isinstance(item, str) and item.strip()]
        return ", ".join(parts)
    return ""


def text_items(value: Any) -> list[str]:
    """A list of short texts (country names, standards), or one text, without empty items."""
    items = value if isinstance(value, list) else [value]
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def sdg_number(label: Any) -> int | None:
    """``"SDG4: Quality Education"`` → 4; ``"4"`` / 4 → 4; anything else (or not 1–17) → None."""
    if isinstance(label, bool):
        return None
    if isinstance(label, int):
        number = label
    elif isinstance(label, str):
        match = re.match(r"\s*(?:SDG\s*)?(\d{1,2})\b", label, re.IGNORECASE)
        if not match:
            return None
        number = int(match.group(1))
    else:
        return None
    return number if 1 <= number <= 17 else None


def quote(text: str, limit: int = 100) -> str:
    """A short quotation of an entry's text for a note: one line, cut with an ellipsis."""
    flat = " ".join(text.split())
    return f"“{flat[:limit]}…”" if len(flat) > limit else f"“{flat}”"
