"""``--compare PREVIOUS_DIR``: what changed for each target since an earlier audit.

Targets are matched on their audit key. A change is a new failure (an indicator now ``fail``
or ``error`` that was not), a fixed item (an indicator that failed, errored or warned and now
passes or does not apply), another status change, a change in the detected licenses, a target
new to this audit, or one that is gone from it.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from dpgcheck.audit.records import RESULTS_FILE, Record, iter_records
from dpgcheck.errors import InputError

_BAD = frozenset({"fail", "error"})
_FIXED_FROM = frozenset({"fail", "error", "warn"})
_GOOD = frozenset({"pass", "not-applicable"})


class Previous(msgspec.Struct, frozen=True):
    """What an earlier audit said about one target."""

    label: str
    status: str
    indicators: dict[str, str]
    licenses: tuple[str, ...]


class Change(msgspec.Struct, frozen=True):
    """One difference from the previous audit."""

    kind: str  # new-failure | fixed | changed | license | new-target | status
    indicator: str | None
    before: str | None
    after: str | None

    def describe(self) -> str:
        """A short sentence for summaries."""
        if self.kind == "new-target":
            return "new in this audit"
        if self.kind == "license":
            return f"license change: {self.before or 'none'} → {self.after or 'none'}"
        what = self.indicator or ("verdict" if self.kind == "status" else self.kind)
        label = {"new-failure": "new failure", "fixed": "fixed", "license": "license change"}.get(
            self.kind, "changed"
        )
        return f"{label}: {what} {self.before or 'none'} → {self.after or 'none'}"


def load_previous(folder: Path) -> dict[str, Previous]:
    """Each target's verdicts in the audit folder ``folder`` (an InputError when there is none)."""
    results = folder / RESULTS_FILE
    if not results.is_file():
        raise InputError(
            f"No earlier audit in {folder}: {RESULTS_FILE} is missing",
            "Give --compare the --out folder of an earlier `dpgcheck audit`.",
        )
    previous: dict[str, Previous] = {}
    for record in iter_records(results):
        previous[record.audit.key] = Previous(
            record.label, record.status, record.indicator_statuses(), tuple(record.license_ids())
        )
    return previous


def changes_for(record: Record, previous: Previous | None) -> list[Change]:
    """How ``record`` differs from the earlier verdict on the same target."""
    if previous is None:
        return [Change("new-target", None, None, record.status)]
    changes: list[Change] = []
    status = record.status
    if status != previous.status and "error" in (status, previous.status):
        changes.append(Change("status", None, previous.status, status))
    now = record.indicator_statuses()
    for indicator, after in now.items():
        before = previous.indicators.get(indicator)
        if before == after or (before is None and status == "error"):
            continue
        if after in _BAD and before not in _BAD:
            kind = "new-failure"
        elif before in _FIXED_FROM and after in _GOOD:
            kind = "fixed"
        else:
            kind = "changed"
        changes.append(Change(kind, indicator, before, after))
    licenses = tuple(record.license_ids())
    if status != "error" and previous.status != "error" and licenses != previous.licenses:
        changes.append(Change("license", None, ", ".join(previous.licenses), ", ".join(licenses)))
    return changes


def removed_targets(previous: dict[str, Previous], current: set[str]) -> list[str]:
    """Labels of the earlier audit's targets that this audit no longer has."""
    return sorted(p.label for key, p in previous.items() if key not in current)
