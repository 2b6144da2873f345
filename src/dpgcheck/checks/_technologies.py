"""Evidence lines for the core technologies a repository shows (DPG-4's informational question)."""

from __future__ import annotations

from collections.abc import Sequence

from dpgcheck.facts.technologies import Technology
from dpgcheck.model import INFO, Evidence


def technology_evidence(technologies: Sequence[Technology]) -> list[Evidence]:
    """One line per core technology: languages by file count, the others cited by manifest line.

    Informational (``INFO``): a waiver of the indicator's findings need not cover them.
    """
    return [
        Evidence(
            kind=INFO,
            path=item.path,
            line=item.line,
            detail=f"core technology ({item.kind}): {item.name} — {item.detail}",
        )
        for item in technologies
    ]
