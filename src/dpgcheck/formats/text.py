"""The terminal report: a table of indicators, then what to do about everything short of pass."""

from __future__ import annotations

import re
import shlex
from io import StringIO
from typing import TYPE_CHECKING

from dpgcheck.display import terminal_report
from dpgcheck.formats import RenderOptions, register_format
from dpgcheck.formats._shared import ELIGIBILITY_HEADING, gate_text, technologies_text, waiver_text
from dpgcheck.model import IndicatorResult, Report, Status

if TYPE_CHECKING:
    from rich.text import Text

STATUS_STYLE = {
    Status.PASS: "bold green",
    Status.FAIL: "bold red",
    Status.WARN: "bold yellow",
    Status.NEEDS_REVIEW: "bold cyan",
    Status.NOT_APPLICABLE: "dim",
    Status.ERROR: "bold magenta",
}
STATUS_LABEL = {
    Status.PASS: "PASS",
    Status.FAIL: "FAIL",
    Status.WARN: "WARN",
    Status.NEEDS_REVIEW: "REVIEW",
    Status.NOT_APPLICABLE: "N/A",
    Status.ERROR: "ERROR",
}


@register_format("text")
def render_text(report: Report, options: RenderOptions) -> str:
    """A rich table and details; plain text when colour is off (pipes, NO_COLOR)."""
    # Read in a terminal or an editor: no control sequence from the repository gets through.
    report = terminal_report(report)
    # rich is imported here, not at module level: a JSON run should not pay for loading it.
    from rich.console import Console
    from rich.markup import escape
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    buffer = StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        color_system="standard" if options.color else None,
    )
    target = report.target
    revision = f" @ {target.revision[:12]}" if target.revision else ""
    console.print(
        Text(
            f"dpgcheck {report.tool_version} — {report.standard_name} {report.standard_version}",
            style="bold",
        )
    )
    console.print(
        f"Target: {escape(target.location)}{revision} ({target.kind}); "
        f"asset type: {', '.join(report.asset_types)}"
    )
    table = Table(show_lines=False, expand=False, pad_edge=False)
    table.add_column("Indicator", no_wrap=True)
    table.add_column("Title")
    table.add_column("Status", no_wrap=True)
    table.add_column("Summary")
    for result in report.results:
        table.add_row(
            result.id,
            escape(result.title),
            Text(STATUS_LABEL[result.status], style=STATUS_STYLE[result.status]) + _policy_mark(result),
            escape(result.summary),
        )
    console.print(table)
    counts = report.counts()
    parts = [f"{counts[s.value]} {STATUS_LABEL[s].lower()}" for s in Status if counts[s.value]]
    console.print(
        Text(
            f"Overall: {report.overall.upper()} ({', '.join(parts)})",
            style=STATUS_STYLE[Status(report.overall)],
        )
    )
    gate = gate_text(report)
    if gate:
        console.print(Text(f"Gate: {gate}", style="bold"))
    technologies = technologies_text(report)
    if technologies:
        console.print(Text(f"Core technologies: {technologies}"))
    if report.eligibility:
        console.print()
        console.print(Text(ELIGIBILITY_HEADING, style="bold"))
        for eligibility in report.eligibility:
            console.print(
                Padding(Text(f"{eligibility.kind}: {eligibility.note}"), (0, 0, 0, 2), expand=False)
            )
            for item in eligibility.evidence:
                where = item.location()
                line = Text.assemble("• ", (where + ": " if where else "", "underline"), item.detail)
                console.print(Padding(line, (0, 0, 0, 4), expand=False))
            if eligibility.source:
                console.print(
                    Padding(Text(f"Source: {eligibility.source}", style="dim"), (0, 0, 0, 4), expand=False)
                )
    for result in report.results:
        if result.status is Status.PASS and not options.verbose:
            continue
        console.print()
        console.print(
            Text.assemble(
                (f"{result.id} ", "bold"),
                (STATUS_LABEL[result.status], STATUS_STYLE[result.status]),
                _policy_mark(result),
                f"  {result.title}",
            )
        )
        console.print(Padding(Text(result.summary), (0, 0, 0, 2), expand=False))
        for item in result.evidence:
            where = item.location()
            line = Text.assemble("• ", (where + ": " if where else "", "underline"), item.detail)
            console.print(Padding(line, (0, 0, 0, 2), expand=False))
        waiver = waiver_text(result)
        if waiver:
            console.print(Padding(Text(waiver, style="bold"), (0, 0, 0, 2), expand=False))
        if result.remediation:
            console.print(
                Padding(Text(f"To do: {result.remediation}", style="bold"), (0, 0, 0, 2), expand=False)
            )
        if result.help_url and result.status is not Status.NOT_APPLICABLE:
            # One line however wide: a link folded across lines cannot be clicked or copied.
            console.print(Text(f"  See: {result.help_url}", style="dim"), soft_wrap=True)
    for note in report.notes:
        console.print(f"Note: {escape(note)}", style="dim")
    if report.overall == "pass":
        # Nothing left to fix: the next step is the application, which dpgcheck drafts.
        console.print()
        console.print(
            Text(
                "Next step: draft the DPGA application with "
                f"`dpgcheck application {shlex.quote(report.target.location)}`.",
                style="bold",
            )
        )
    return _without_trailing_spaces(buffer.getvalue())


# A line's tail of spaces and colour codes: rich pads wrapped text to the width, in and out of styles.
_TAIL = re.compile(r"(?:[ \t]|\x1b\[[0-9;]*m)+$", re.MULTILINE)


def _without_trailing_spaces(text: str) -> str:
    """``text`` with no line ending in padding (which diffs, editors and pastes all show); the
    colour codes of the tail are kept, so a style still ends where it did."""
    return _TAIL.sub(lambda tail: tail.group().replace(" ", "").replace("\t", ""), text)


def _policy_mark(result: IndicatorResult) -> Text:
    """`` waived`` / `` waiver expired`` / `` advisory`` after a status, or nothing."""
    from rich.text import Text

    if result.waived:
        return Text(" waived", style="bold blue")
    if result.waiver is not None and result.waiver.expired:
        return Text(" waiver expired", style="bold red")
    if not result.required and result.status not in (Status.PASS, Status.NOT_APPLICABLE):
        return Text(" advisory", style="dim")
    return Text("")
