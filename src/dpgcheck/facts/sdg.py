"""Mentions of the Sustainable Development Goals in the README and the host's topics (DPG-1)."""

from __future__ import annotations

import re

import msgspec

from dpgcheck.facts.text import find_lines
from dpgcheck.sources.snapshot import Snapshot

SDG_MENTION = re.compile(
    r"\bSDGs?\b|sustainable development goals?|\bglobal goals?\b|sdgs\.un\.org|\bSDG[\s-]?\d{1,2}\b",
    re.IGNORECASE,
)
SDG_TOPIC = re.compile(
    r"^(sdgs?|sdg-?\d{1,2}|sustainable-development(-goals?)?|digital-public-goods?)$", re.IGNORECASE
)


class SdgMention(msgspec.Struct, frozen=True):
    """A place that names the SDGs (a person must judge it)."""

    path: str | None
    line: int | None
    text: str


def find_sdg_mentions(snapshot: Snapshot, readme_path: str | None) -> list[SdgMention]:
    """SDG mentions in the README and in the host's topics."""
    mentions: list[SdgMention] = []
    if readme_path:
        text = snapshot.read_text(readme_path) or ""
        mentions += [
            SdgMention(readme_path, line, content) for line, content in find_lines(text, SDG_MENTION, limit=5)
        ]
    if snapshot.metadata:
        mentions += [
            SdgMention(None, None, f"repository topic `{topic}`")
            for topic in snapshot.metadata.topics
            if SDG_TOPIC.match(topic)
        ]
    return mentions
