"""What an audit's summaries show: one ``Row`` per target and the ``AuditSummary`` of them all.

Its own module so that the writers (``summaries`` for CSV and Markdown, ``html`` for the page)
both read it and neither imports the other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from dpgcheck.audit.compare import Change
from dpgcheck.audit.records import Claim


@dataclass
class Row:
    """One target, as the summaries show it."""

    key: str
    label: str
    status: str
    revision: str | None
    statuses: dict[str, str]
    licenses: list[str]
    claims: list[Claim]
    error: str | None = None
    hint: str | None = None
    changes: list[Change] = field(default_factory=list)


@dataclass
class AuditSummary:
    """Everything the summaries show, for the whole audit."""

    rows: list[Row]
    indicator_ids: list[str]
    tool: str = ""
    standard: str = ""
    compared_with: str | None = None
    removed: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    generated_at: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))

    def totals(self) -> Counter[str]:
        """Targets per overall status."""
        return Counter(row.status for row in self.rows)

    def indicator_totals(self, indicator: str) -> Counter[str]:
        """Targets per status of one indicator."""
        return Counter(row.statuses[indicator] for row in self.rows if indicator in row.statuses)
