"""Policies that live on a website and are linked from the README, as evidence."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dpgcheck.model import Evidence

if TYPE_CHECKING:
    from dpgcheck.facts import Facts


def readme_link_evidence(facts: Facts, pattern: re.Pattern[str], detail: str) -> list[Evidence]:
    """One evidence item per README link whose URL matches ``pattern`` (at most two)."""
    readme = facts.docs.readme
    if readme is None:
        return []
    return [
        Evidence(kind="url", url=url, path=readme.path, line=line, detail=detail)
        for line, url in readme.links_matching(pattern)
    ]
