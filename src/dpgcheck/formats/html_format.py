"""A self-contained HTML report a person can read at a glance and print.

One file with inline CSS and no scripts, images, fonts or other external assets: it opens from
an e-mail attachment or a CI artifact as well as from disk. A summary table links to one card
per indicator with its status, evidence, what to do and any waiver. Print CSS drops the
colours' backgrounds where it helps, keeps each card on one page and spells out link targets.
"""

from __future__ import annotations

from html import escape

from dpgcheck.formats import RenderOptions, register_format
from dpgcheck.formats._shared import (
    ELIGIBILITY_HEADING,
    gate_text,
    status_word,
    technologies_text,
    waiver_text,
)
from dpgcheck.model import Evidence, IndicatorResult, Report, Status

LABEL = {
    Status.PASS: "Pass",
    Status.FAIL: "Fail",
    Status.WARN: "Warn",
    Status.NEEDS_REVIEW: "Needs review",
    Status.NOT_APPLICABLE: "Not applicable",
    Status.ERROR: "Error",
}
OVERALL_LABEL = {"pass": "Pass", "needs-review": "Needs review", "fail": "Fail"}

CSS = """
:root { --pass:#1a7f37; --fail:#cf222e; --warn:#9a6700; --needs-review:#0969da;
  --not-applicable:#6e7781; --error:#8250df; --ink:#1f2328; --muted:#59636e; --line:#d1d9e0; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
  Arial, sans-serif; color: var(--ink); background: #f6f8fa; }
main { max-width: 1040px; margin: 0 auto; padding: 24px; }
header.report { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 20px 24px; }
h1 { margin: 0 0 6px; font-size: 24px; }
h2 { font-size: 18px; margin: 28px 0 10px; }
.meta { color: var(--muted); margin: 2px 0; }
.meta code, td code, li code, p code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 13px; background: #eff2f5; padding: 1px 5px; border-radius: 4px; overflow-wrap: anywhere; }
.pill { display: inline-block; padding: 2px 10px; border-radius: 999px; color: #fff; font-weight: 600;
  font-size: 13px; white-space: nowrap; }
.pill.big { font-size: 16px; padding: 4px 14px; vertical-align: middle; }
.pass { background: var(--pass); } .fail { background: var(--fail); } .warn { background: var(--warn); }
.needs-review { background: var(--needs-review); } .not-applicable { background: var(--not-applicable); }
.error { background: var(--error); }
.mark { display: inline-block; margin-left: 6px; padding: 1px 8px; border-radius: 999px; font-size: 12px;
  border: 1px solid var(--muted); color: var(--muted); white-space: nowrap; }
.counts { margin-top: 12px; display: flex; flex-wrap: wrap; gap: 8px; }
.gate { margin-top: 10px; font-weight: 600; }
.gate.failed { color: var(--fail); } .gate.passed { color: var(--pass); }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line);
  border-radius: 8px; overflow: hidden; }
th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f8fa; font-size: 13px; color: var(--muted); }
td.id { white-space: nowrap; font-weight: 600; }
td.id a { color: inherit; }
article { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--line);
  border-radius: 8px; padding: 14px 20px; margin: 12px 0; break-inside: avoid; }
article.s-pass { border-left-color: var(--pass); }
article.s-fail { border-left-color: var(--fail); }
article.s-warn { border-left-color: var(--warn); }
article.s-needs-review { border-left-color: var(--needs-review); }
article.s-not-applicable { border-left-color: var(--not-applicable); }
article.s-error { border-left-color: var(--error); }
article h3 { margin: 0 0 6px; font-size: 17px; }
article .summary { font-weight: 600; margin: 6px 0; }
article .requirement { color: var(--muted); margin: 4px 0 8px; }
article ul { margin: 6px 0; padding-left: 20px; }
.todo, .waiver { border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.todo { background: #fff8c5; border: 1px solid #d4a72c66; }
.waiver { background: #ddf4ff; border: 1px solid #54aeff66; }
.waiver.expired { background: #ffebe9; border-color: #ff818266; }
.help a { color: var(--needs-review); }
footer { color: var(--muted); font-size: 13px; margin: 24px 0; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  header.report, table, article { border-color: #999; }
  .pill { color: #000; background: none !important; border: 1.5px solid currentColor; }
  .pill.pass { color: var(--pass); } .pill.fail { color: var(--fail); } .pill.warn { color: var(--warn); }
  .pill.needs-review { color: var(--needs-review); } .pill.error { color: var(--error); }
  .pill.not-applicable { color: var(--not-applicable); }
  .help a::after { content: " (" attr(href) ")"; font-size: 9pt; color: var(--muted); }
  tr, article { break-inside: avoid; }
  td.id a { text-decoration: none; }
}
"""


@register_format("html")
def render_html(report: Report, options: RenderOptions) -> str:
    """The report as one self-contained HTML page."""
    title = f"dpgcheck: {report.overall} — {report.target.location}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        _header(report),
        "<h2>Indicators</h2>",
        _table(report),
        *_eligibility(report),
        "<h2>Details</h2>",
        *(_card(result) for result in report.results),
    ]
    if report.notes:
        parts.append("<h2>Notes</h2>")
        parts.append("<ul>" + "".join(f"<li>{escape(note)}</li>" for note in report.notes) + "</ul>")
    parts.append(
        f"<footer>Generated by dpgcheck {escape(report.tool_version)} against the "
        f"{escape(report.standard_name)} {escape(report.standard_version)}.</footer>"
    )
    parts.extend(["</main>", "</body>", "</html>"])
    return "\n".join(parts) + "\n"


def _header(report: Report) -> str:
    target = report.target
    revision = f" @ <code>{escape(target.revision[:12])}</code>" if target.revision else ""
    counts = report.counts()
    chips = [
        f'<span class="pill {s.value}">{counts[s.value]} {escape(LABEL[s].lower())}</span>'
        for s in Status
        if counts[s.value]
    ]
    waived = sum(1 for r in report.results if r.waived)
    if waived:
        chips.append(f'<span class="mark">{waived} waived</span>')
    lines = [
        '<header class="report">',
        f'<h1>DPG Standard check <span class="pill big {escape(report.overall)}">'
        f"{escape(OVERALL_LABEL[report.overall])}</span></h1>",
        f'<p class="meta">Target: <code>{escape(target.location)}</code>{revision} '
        f"({escape(target.kind)})</p>",
        f'<p class="meta">Standard: {escape(report.standard_name)} {escape(report.standard_version)} · '
        f"Asset type: {escape(', '.join(report.asset_types))}</p>",
        f'<div class="counts">{"".join(chips)}</div>',
    ]
    technologies = technologies_text(report)
    if technologies:
        lines.insert(-1, f'<p class="meta">Core technologies: {escape(technologies)}</p>')
    gate = gate_text(report)
    if gate:
        state = "failed" if report.gating() else "passed"
        lines.append(f'<p class="gate {state}">Gate {escape(gate)}</p>')
    lines.append("</header>")
    return "\n".join(lines)


def _eligibility(report: Report) -> list[str]:
    """The eligibility notes (a library, a fork) with their evidence and the DPGA's source."""
    if not report.eligibility:
        return []
    items = []
    for note in report.eligibility:
        source = ""
        if note.source.startswith("https://"):
            source = f' <a href="{escape(note.source)}">Source</a>'
        evidence = "".join(_evidence(item) for item in note.evidence)
        items.append(
            f"<li><strong>{escape(note.kind)}:</strong> {escape(note.note)}{source}<ul>{evidence}</ul></li>"
        )
    return [f"<h2>{escape(ELIGIBILITY_HEADING)}</h2>", "<ul>" + "".join(items) + "</ul>"]


def _table(report: Report) -> str:
    rows = [
        "<table>",
        "<thead><tr><th>Indicator</th><th>Title</th><th>Status</th><th>Summary</th></tr></thead>",
        "<tbody>",
    ]
    for result in report.results:
        rows.append(
            f'<tr><td class="id"><a href="#{escape(result.id)}">{escape(result.id)}</a></td>'
            f"<td>{escape(result.title)}</td><td>{_pill(result)}</td><td>{escape(result.summary)}</td></tr>"
        )
    rows.extend(["</tbody>", "</table>"])
    return "\n".join(rows)


def _pill(result: IndicatorResult) -> str:
    pill = f'<span class="pill {result.status.value}">{escape(LABEL[result.status])}</span>'
    word = status_word(result)
    if "(" in word:
        pill += f'<span class="mark">{escape(word.split("(", 1)[1].rstrip(")"))}</span>'
    return pill


def _card(result: IndicatorResult) -> str:
    lines = [
        f'<article id="{escape(result.id)}" class="s-{result.status.value}">',
        f"<h3>{escape(result.id)} · {escape(result.title)} {_pill(result)}</h3>",
        f'<p class="summary">{_rich(result.summary)}</p>',
    ]
    if result.requirement:
        lines.append(f'<p class="requirement">The Standard asks: {escape(result.requirement)}</p>')
    if result.evidence:
        lines.append("<ul>" + "".join(_evidence(item) for item in result.evidence) + "</ul>")
    note = waiver_text(result)
    if note and result.waiver is not None:
        expired = " expired" if result.waiver.expired else ""
        lines.append(f'<p class="waiver{expired}">{escape(note)}</p>')
    if result.remediation:
        lines.append(f'<p class="todo"><strong>To do:</strong> {_rich(result.remediation)}</p>')
    if result.help_url:
        lines.append(
            f'<p class="help"><a href="{escape(result.help_url)}">What the DPG Standard asks</a></p>'
        )
    lines.append("</article>")
    return "\n".join(lines)


def _rich(text: str) -> str:
    """Escaped text in which `code spans` (the catalog's and the checks' markup) become <code>."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick is just a character
        return escape(text)
    return "".join(
        escape(part) if i % 2 == 0 else f"<code>{escape(part)}</code>" for i, part in enumerate(parts)
    )


def _evidence(item: Evidence) -> str:
    if item.path:
        where = f"<code>{escape(item.location())}</code> — "
    elif item.url:
        where = f'<a href="{escape(item.url)}">{escape(item.url)}</a> — '
    else:
        where = ""
    return f"<li>{where}{_rich(item.detail)}</li>"
