"""Small helpers several renderers share: status words and icons, file locations, waiver text."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from dpgcheck.model import INFO, Evidence, IndicatorResult, Report, Status

STANDARD_URL = "https://github.com/DPGAlliance/DPG-Standard/blob/main/standard.md"
"""Where a rule without its own help link points (plugin indicators may have none)."""

ICON = {
    Status.PASS: "✅",
    Status.FAIL: "❌",
    Status.WARN: "⚠️",
    Status.NEEDS_REVIEW: "🔍",
    Status.NOT_APPLICABLE: "➖",
    Status.ERROR: "💥",
}


def status_word(result: IndicatorResult) -> str:
    """``fail``, ``fail (waived)``, ``needs-review (advisory)`` …: the status and how policy treats it."""
    marks = []
    if result.waived:
        marks.append("waived")
    elif result.waiver is not None and result.waiver.expired:
        marks.append("waiver expired")
    if not result.required and result.status not in (Status.PASS, Status.NOT_APPLICABLE):
        marks.append("advisory")
    return f"{result.status.value} ({', '.join(marks)})" if marks else result.status.value


def waiver_text(result: IndicatorResult) -> str | None:
    """One sentence about the result's waiver, or None when it has none."""
    waiver = result.waiver
    if waiver is None:
        return None
    scope = f" (findings matching {', '.join(repr(f) for f in waiver.findings)})" if waiver.findings else ""
    if waiver.expired:
        return f"Waiver expired on {waiver.expires}; it no longer waives this result{scope}: {waiver.reason}"
    until = f", until {waiver.expires}" if waiver.expires else ""
    return f"Waived{scope}{until}: {waiver.reason}"


def evidence_lines(result: IndicatorResult) -> list[str]:
    """The plain-text body of a finding (SARIF message, JUnit output): one ``- where: detail``
    line per evidence item, then ``To do:`` with the remediation and the waiver sentence."""
    lines = []
    for item in result.evidence:
        where = item.location()
        lines.append(f"- {where + ': ' if where else ''}{item.detail}")
    if result.remediation:
        lines.append(f"To do: {result.remediation}")
    note = waiver_text(result)
    if note:
        lines.append(note)
    return lines


def gate_text(report: Report) -> str | None:
    """``--fail-on fail: failed by DPG-2, DPG-5`` / ``… passed``; None when no policy ran."""
    if report.fail_on is None:
        return None
    gating = report.gating()
    if gating:
        return f"--fail-on {report.fail_on}: failed by {', '.join(r.id for r in gating)}"
    return f"--fail-on {report.fail_on}: passed"


def relative_path(path: str, report: Report) -> str | None:
    """``path`` relative to the checked folder, or None when it lies outside it."""
    if not posixpath.isabs(path):
        normal = posixpath.normpath(path)
        return None if normal.startswith("../") or normal == ".." else normal
    root = report.target.location.rstrip("/")
    if report.target.kind == "local" and path.startswith(root + "/"):
        return path[len(root) + 1 :]
    return None


def evidence_files(result: IndicatorResult, report: Report) -> Iterator[tuple[str, Evidence]]:
    """The evidence items that point at a file of the repository, with the relative path.

    Informational lines (``INFO``: core technologies, the owner's country) are not where a
    finding is, so they give no location.
    """
    for item in result.evidence:
        if item.path and item.kind != INFO:
            relative = relative_path(item.path, report)
            if relative:
                yield relative, item


def fallback_file(result: IndicatorResult, report: Report) -> str:
    """The repository root file a finding without a file of its own is attached to.

    The result's own anchor files first (license and ownership findings go to the license files,
    as their checks declare), then the evidence manifest (dpg.yaml), else the README, else
    ``README.md`` (what the project should add first).
    """
    facts = report.facts
    candidates: list[str | None] = [*result.anchor_files]
    if facts is not None:
        candidates.extend([facts.manifest, facts.readme])
    for candidate in candidates:
        if candidate:
            relative = relative_path(candidate, report)
            if relative:
                return relative
    return "README.md"


_KIND_PLURAL = {
    "language": "languages",
    "framework": "frameworks",
    "database": "databases",
    "service": "services",
}


def technologies_text(report: Report) -> str | None:
    """``Python, TypeScript (languages); Django (framework)…``: DPG-4's core technologies, or None."""
    facts = report.facts
    if facts is None or not facts.technologies:
        return None
    groups: dict[str, list[str]] = {}
    for item in facts.technologies:
        groups.setdefault(item.kind, []).append(item.name)
    return "; ".join(
        f"{', '.join(names)} ({_KIND_PLURAL.get(kind, kind) if len(names) > 1 else kind})"
        for kind, names in groups.items()
    )


ELIGIBILITY_HEADING = "Eligibility notes (for the reviewer; not verdicts)"
