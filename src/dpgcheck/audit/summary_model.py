"""What an audit's summaries show: one ``Row`` per target and the ``AuditSummary`` of them all.

Its own module so that the writers (``summaries`` for CSV and Markdown, ``html`` for the page)
both read it and neither imports the other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
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
    repositories: list[str] = field(default_factory=list)  # an entry's rows merged into this one


# Worst first: an entry of several repositories shows each indicator's worst status.
_ROW_RANK = {"error": 0, "fail": 1, "needs-review": 2, "pass": 3}
_INDICATOR_RANK = {"error": 0, "fail": 1, "warn": 2, "needs-review": 3, "pass": 4, "not-applicable": 5}


def group_rows(rows: Iterable[Row], groups: Mapping[str, str]) -> list[Row]:
    """One row per registry entry: its repositories' rows merged, worst status per indicator.

    Rows outside any group (``groups`` has no entry for their key) are kept as they are.
    """
    merged: dict[str, Row] = {}
    for row in rows:
        group = groups.get(row.key)
        if group is None:
            merged[row.key] = row
            continue
        repository = row.label.rsplit(" (", 1)[-1].rstrip(")") if " (" in row.label else row.label
        first = merged.get(group)
        if first is None:
            name = row.label.rsplit(" (", 1)[0]
            merged[group] = replace(row, key=group, label=name, repositories=[repository])
            continue
        first.repositories.append(repository)
        first.status = min(first.status, row.status, key=lambda s: _ROW_RANK.get(s, 0))
        for indicator, status in row.statuses.items():
            held = first.statuses.get(indicator, status)
            first.statuses[indicator] = min(held, status, key=lambda s: _INDICATOR_RANK.get(s, 0))
        first.licenses = sorted({*first.licenses, *row.licenses})
        first.claims = [*first.claims, *row.claims]
        first.changes = [*first.changes, *row.changes]
        if row.error:
            first.error = "; ".join(filter(None, [first.error, f"{repository}: {row.error}"]))
            first.hint = first.hint or row.hint
    for row in merged.values():
        if len(row.repositories) > 1:
            row.label = f"{row.label} ({len(row.repositories)} repositories: {', '.join(row.repositories)})"
        elif row.repositories:
            row.label = f"{row.label} ({row.repositories[0]})"
    return list(merged.values())


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
