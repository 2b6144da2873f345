"""Policy: which indicators run, which gate, and which findings are waived.

Everything here is pure over data: the catalog's indicators or a Report go in, a new selection
or Report comes out (``dpgcheck.api`` runs the checks in between). Waivers never
change a status; they attach a Waiver to the result (the status stays visible in every
format) and take it out of the gate. An expired waiver stays attached, marked expired, so the
report says that it stopped waiving.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from msgspec.structs import replace

from dpgcheck.catalog import Indicator
from dpgcheck.config import Config, WaiverRule
from dpgcheck.errors import UsageError
from dpgcheck.model import INFO, Evidence, IndicatorResult, Report, Status, Waiver


def select_indicators(
    indicators: Sequence[Indicator], only: Sequence[str] = (), skip: Sequence[str] = ()
) -> tuple[Indicator, ...]:
    """The indicators in ``only`` (all when empty) minus ``skip``, in order; unknown ids are errors."""
    known = [indicator.id for indicator in indicators]
    wanted_only = _normalise(only, known, "--only")
    wanted_skip = _normalise(skip, known, "--skip")
    kept = tuple(
        indicator
        for indicator in indicators
        if (not wanted_only or indicator.id in wanted_only) and indicator.id not in wanted_skip
    )
    if not kept:
        raise UsageError(
            "No indicator is left to check after --only/--skip",
            "Skip fewer indicators, or name at least one with --only.",
        )
    return kept


def _normalise(ids: Sequence[str], known: Sequence[str], option: str) -> set[str]:
    wanted: set[str] = set()
    for raw in ids:
        # Accept "DPG-2,DPG-5" as well as repeated options.
        for part in raw.split(","):
            name = part.strip().upper()
            if not name:
                continue
            if name not in known:
                raise UsageError(
                    f"{option}: unknown indicator {part.strip()}",
                    f"Indicator ids are: {', '.join(known)} (see `dpgcheck indicators`).",
                )
            wanted.add(name)
    return wanted


def apply_policy(report: Report, config: Config, fail_on: str, today: date) -> Report:
    """The report with advisory marks, waivers and the gate level applied (a new Report)."""
    notes: list[str] = []
    results = tuple(_apply_to_result(result, config, today, notes) for result in report.results)
    present = {result.id for result in report.results}
    for rule in config.waivers:
        if rule.indicator in present and not any(
            result.waiver is not None and result.id == rule.indicator for result in results
        ):
            # Told apart from an expired or partial waiver, which _apply_to_result reports.
            status = next(r.status for r in report.results if r.id == rule.indicator)
            if status in (Status.PASS, Status.NOT_APPLICABLE):
                notes.append(
                    f"Waiver {rule.key} for {rule.indicator} is unused: the indicator is {status.value}; "
                    "remove it"
                )
    return replace(report, results=results, notes=(*report.notes, *notes), fail_on=fail_on)


def _apply_to_result(
    result: IndicatorResult, config: Config, today: date, notes: list[str]
) -> IndicatorResult:
    required = _is_required(result.id, config)
    if result.status in (Status.PASS, Status.NOT_APPLICABLE):
        return replace(result, required=required)
    rules = [rule for rule in config.waivers if rule.indicator == result.id]
    if not rules:
        return replace(result, required=required)
    active = [rule for rule in rules if not _expired(rule, today)]
    expired = [rule for rule in rules if _expired(rule, today)]
    waiver = _waiver_for(result, active, config.source)
    if waiver is not None:
        return replace(result, required=required, waiver=waiver)
    if expired:
        rule = expired[0]
        notes.append(
            f"Waiver {rule.key} for {result.id} expired on {rule.expires}; it no longer waives "
            f"this {result.status.value}"
        )
        return replace(result, required=required, waiver=_to_waiver(rule, config.source, expired=True))
    findings = _findings(result)
    uncovered = [item for item in findings if not _covered(item, active)]
    notes.append(
        f"Waiver(s) for {result.id} cover findings matching "
        f"{', '.join(repr(rule.finding) for rule in active)}, but {len(uncovered)} of "
        f"{len(findings)} finding(s) match none; not waived"
    )
    return replace(result, required=required)


def _waiver_for(result: IndicatorResult, active: Sequence[WaiverRule], source: str | None) -> Waiver | None:
    """The waiver that covers the whole result: an indicator-wide one, or finding waivers
    that together match every evidence item."""
    whole = [rule for rule in active if rule.finding is None]
    if whole:
        return _to_waiver(whole[0], source)
    by_finding = [rule for rule in active if rule.finding is not None]
    findings = _findings(result)
    if not by_finding or not findings:
        return None
    if not all(_covered(item, by_finding) for item in findings):
        return None
    used = [rule for rule in by_finding if any(_matches(item, rule) for item in findings)]
    return Waiver(
        reason="; ".join(dict.fromkeys(rule.reason for rule in used)),
        expires=_earliest(used),
        expired=False,
        findings=tuple(rule.finding for rule in used if rule.finding),
        source=source,
    )


def _to_waiver(rule: WaiverRule, source: str | None, expired: bool = False) -> Waiver:
    return Waiver(
        reason=rule.reason,
        expires=rule.expires.isoformat() if rule.expires else None,
        expired=expired,
        findings=(rule.finding,) if rule.finding else (),
        source=source,
    )


def _earliest(rules: Sequence[WaiverRule]) -> str | None:
    dates = [rule.expires for rule in rules if rule.expires is not None]
    return min(dates).isoformat() if dates else None


def _expired(rule: WaiverRule, today: date) -> bool:
    # The expiry date is the last day the waiver holds.
    return rule.expires is not None and today > rule.expires


def _findings(result: IndicatorResult) -> list[Evidence]:
    """The result's evidence a finding waiver must cover: informational lines are not findings."""
    return [item for item in result.evidence if item.kind != INFO]


def _covered(item: Evidence, rules: Sequence[WaiverRule]) -> bool:
    return any(_matches(item, rule) for rule in rules)


def _matches(item: Evidence, rule: WaiverRule) -> bool:
    """A finding waiver matches evidence whose location or detail contains its text (any case)."""
    if rule.finding is None:
        return True
    needle = rule.finding.lower()
    return needle in item.location().lower() or needle in item.detail.lower()


def _is_required(indicator_id: str, config: Config) -> bool:
    if indicator_id in config.advisory:
        return False
    return config.required is None or indicator_id in config.required
