"""Markdown for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

A heading with the overall status and the gate, a table with one row per indicator, then one
collapsible ``<details>`` block per indicator with its evidence and what to do (open for
anything that gates, so the reason for a red build is visible without a click).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from dpgcheck.display import terminal_report
from dpgcheck.formats import RenderOptions, register_format
from dpgcheck.formats._shared import ELIGIBILITY_HEADING, ICON, status_word, technologies_text, waiver_text
from dpgcheck.model import IndicatorResult, Report, Status

_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]]")

OVERALL_ICON = {"pass": "✅", "needs-review": "🔍", "fail": "❌"}


@register_format("markdown")
def render_markdown(report: Report, options: RenderOptions) -> str:
    """The report as GitHub-flavoured Markdown."""
    # Read in a terminal or an editor: no control sequence from the repository gets through.
    report = terminal_report(report)
    gating = {result.id for result in report.gating()} if report.fail_on else set()
    out: list[str] = []
    out.append(
        f"## {OVERALL_ICON[report.overall]} dpgcheck: {report.overall} — "
        f"{_text(report.standard_name)} {_text(report.standard_version)}"
    )
    out.append("")
    revision = f" @ `{report.target.revision[:12]}`" if report.target.revision else ""
    out.append(
        f"**Target:** `{_code(report.target.location)}`{revision} · "
        f"**Asset type:** {', '.join(report.asset_types)}"
    )
    if report.fail_on:
        verdict = f"failed by {', '.join(sorted(gating, key=_order(report)))}" if gating else "passed"
        out.append("")
        out.append(f"**Gate:** `--fail-on {_code(report.fail_on)}` — {verdict}")
    counts = report.counts()
    parts = [f"{counts[s.value]} {s.value}" for s in Status if counts[s.value]]
    waived = sum(1 for r in report.results if r.waived)
    if waived:
        parts.append(f"{waived} waived")
    out.append("")
    out.append(f"**Counts:** {', '.join(parts)}")
    out.append("")
    technologies = technologies_text(report)
    if technologies:
        out.append(f"**Core technologies:** {_text(technologies)}")
        out.append("")
    out.append("| Indicator | Status | Summary |")
    out.append("|---|---|---|")
    for result in report.results:
        out.append(
            f"| **{result.id}** {_cell(result.title)} | {ICON[result.status]} {status_word(result)} "
            f"| {_cell(result.summary)} |"
        )
    out.append("")
    if report.eligibility:
        out.append(f"**{ELIGIBILITY_HEADING}**")
        out.append("")
        for note in report.eligibility:
            source = f" (source: {_text(note.source)})" if note.source else ""
            out.append(f"- **{_text(note.kind)}:** {_text(note.note)}{source}")
            for item in note.evidence:
                where = item.location()
                out.append(f"  - {f'`{_code(where)}`: ' if where else ''}{_text(item.detail)}")
        out.append("")
    for result in report.results:
        out.extend(_details(result, result.id in gating))
    if report.notes:
        out.append("**Notes**")
        out.append("")
        out.extend(f"- {_text(note)}" for note in report.notes)
        out.append("")
    out.append(f"<sub>dpgcheck {_text(report.tool_version)}</sub>")
    return "\n".join(out) + "\n"


def _details(result: IndicatorResult, gates: bool) -> list[str]:
    opened = " open" if gates else ""
    lines = [
        f"<details{opened}><summary><b>{result.id}</b> {ICON[result.status]} "
        f"{html.escape(status_word(result))} — {html.escape(result.title)}</summary>",
        "",
        _rich(result.summary),
        "",
    ]
    for item in result.evidence:
        where = item.location()
        if item.url and not item.path:
            lines.append(f"- <{item.url}> — {_rich(item.detail)}")
        else:
            lines.append(f"- {'`' + _code(where) + '` — ' if where else ''}{_rich(item.detail)}")
    if result.evidence:
        lines.append("")
    note = waiver_text(result)
    if note:
        head, _, reason = note.partition(": ")
        lines.extend([f"> **{_text(head)}:** {_rich(reason)}", ""])
    if result.remediation:
        lines.extend([f"**To do:** {_rich(result.remediation)}", ""])
    if result.help_url:
        lines.extend([f"[What the DPG Standard asks]({result.help_url})", ""])
    lines.extend(["</details>", ""])
    return lines


def _order(report: Report) -> Callable[[str], int]:
    positions = {result.id: index for index, result in enumerate(report.results)}
    return lambda indicator_id: positions.get(indicator_id, len(positions))


def _text(value: str) -> str:
    """Text that Markdown and the HTML GitHub allows inside it show literally."""
    return _escape(" ".join(value.split()))


def _escape(segment: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", html.escape(segment, quote=False))


def _rich(value: str) -> str:
    """Like _text, but `code spans` (the catalog's and the checks' own markup) stay code spans.

    Text inside a code span is shown literally by Markdown, so it needs no escaping.
    """
    parts = " ".join(value.split()).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: treat it all as plain text
        return _text(value)
    return "`".join(_escape(part) if index % 2 == 0 else part for index, part in enumerate(parts))


def _cell(value: str) -> str:
    return _rich(value).replace("|", "\\|")


def _code(value: str) -> str:
    # Backticks would end the code span; nothing else needs escaping inside one.
    return value.replace("`", "'")
