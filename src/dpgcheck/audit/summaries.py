"""``summary.csv``, ``summary.md`` and ``report.html`` from an audit folder's ``results.jsonl``.

The results file is read line by line; what is kept per target is a small ``Row`` (statuses,
licenses, contradicted claims, changes), so summarising large audits stays cheap. The HTML
page's per-target details are streamed from a second read of the file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import msgspec

from dpgcheck.audit import html
from dpgcheck.audit.compare import Previous, changes_for, load_previous, removed_targets
from dpgcheck.audit.records import RESULTS_FILE, ReportRecord, iter_records
from dpgcheck.audit.summary_model import AuditSummary, Row, group_rows
from dpgcheck.errors import InputError
from dpgcheck.outputs import atomic_file, write_atomically

STATUS_RANK = {"error": 0, "fail": 1, "needs-review": 2, "pass": 3}
INDICATOR_STATUSES = ("pass", "fail", "warn", "needs-review", "not-applicable", "error")
MD_SYMBOLS = {
    "pass": "✅",
    "fail": "❌",
    "warn": "⚠️",
    "needs-review": "🔍",
    "not-applicable": "➖",
    "error": "💥",
}


def summarize(out_dir: Path, compare_dir: Path | None = None) -> AuditSummary:
    """Read ``out_dir/results.jsonl`` (and the earlier audit, if any) into an AuditSummary."""
    previous: dict[str, Previous] | None = load_previous(compare_dir) if compare_dir else None
    rows: dict[str, Row] = {}
    ids: dict[str, None] = {}
    tool = standard = ""
    titles: dict[str, str] = {}
    groups: dict[str, str] = {}  # key → the registry entry it is one repository of
    for record in iter_records(out_dir / RESULTS_FILE):
        key = record.audit.key
        if record.audit.group:
            groups[key] = record.audit.group
        statuses = record.indicator_statuses()
        ids.update(dict.fromkeys(statuses))
        if isinstance(record, ReportRecord):
            report = record.report
            for result in report.results:
                titles.setdefault(result.id, result.title)
            if not tool:
                tool = f"dpgcheck {report.tool_version}"
                standard = f"{report.standard_name} {report.standard_version}"
        rows[key] = Row(
            key=key,
            label=record.label,
            status=record.status,
            revision=record.audit.revision,
            statuses=statuses,
            licenses=record.license_ids(),
            claims=record.contradicted_claims(),
            error=None if isinstance(record, ReportRecord) else record.error,
            hint=None if isinstance(record, ReportRecord) else record.hint,
            changes=changes_for(record, previous.get(key)) if previous is not None else [],
        )
    ordered = sorted(
        group_rows(rows.values(), groups), key=lambda r: (STATUS_RANK.get(r.status, 0), r.label.lower())
    )
    return AuditSummary(
        rows=ordered,
        indicator_ids=list(ids),
        tool=tool,
        standard=standard,
        compared_with=str(compare_dir) if compare_dir else None,
        removed=removed_targets(previous, set(rows)) if previous is not None else [],
        titles=titles,
    )


class SummaryFiles(msgspec.Struct, frozen=True):
    """Where the summaries were written."""

    csv: Path
    markdown: Path
    html: Path


def write_summaries(out_dir: Path, compare_dir: Path | None = None) -> SummaryFiles:
    """Write summary.csv, summary.md and report.html into ``out_dir``."""
    summary = summarize(out_dir, compare_dir)
    files = SummaryFiles(out_dir / "summary.csv", out_dir / "summary.md", out_dir / "report.html")
    try:
        # Each file whole or not at all: a failure keeps the previous summary, never half of one.
        write_atomically(files.csv, render_csv(summary))
        write_atomically(files.markdown, render_markdown(summary))
        with atomic_file(files.html) as page:
            html.write_page(page, summary, iter_records(out_dir / RESULTS_FILE))
    except OSError as exc:
        raise InputError(f"Cannot write the summaries in {out_dir}: {exc.strerror or exc}") from exc
    return files


def render_csv(summary: AuditSummary) -> str:
    """One row per target, one column per indicator (its status), plus verdict and claims."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = [
        "target",
        "key",
        "status",
        "revision",
        *summary.indicator_ids,
        "licenses",
        "contradicted",
        "error",
    ]
    if summary.compared_with:
        header.append("changes")
    writer.writerow(header)
    for row in summary.rows:
        cells = [row.label, row.key, row.status, row.revision or ""]
        cells += [row.statuses.get(i, "") for i in summary.indicator_ids]
        cells += [" ".join(row.licenses), " ".join(claim.id for claim in row.claims), row.error or ""]
        if summary.compared_with:
            cells.append("; ".join(change.describe() for change in row.changes))
        writer.writerow([_cell(cell) for cell in cells])
    return buffer.getvalue()


MAX_CSV_CELL = 32_000
"""Spreadsheets hold at most 32,767 characters a cell, and the csv module reads 131,072 by
default: a longer cell (a registry name, an error message) is cut, with a marker saying so."""


def _cell(value: str) -> str:
    if len(value) <= MAX_CSV_CELL:
        return value
    marker = f" … [cut: {len(value):,} characters; the full text is in results.jsonl]"
    return value[: MAX_CSV_CELL - len(marker)] + marker


def _md(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(summary: AuditSummary) -> str:
    """The audit for a pull request or an issue: totals, matrix, changes, claims, errors."""
    totals = summary.totals()
    out = ["# dpgcheck audit", ""]
    about = f"{len(summary.rows)} targets"
    if summary.tool:
        about += f" · {summary.tool} · {summary.standard}"
    out += [f"{about} · {summary.generated_at}", ""]
    out += ["| verdict | targets |", "|---|---:|"]
    out += [f"| {status} | {totals.get(status, 0)} |" for status in ("fail", "needs-review", "pass", "error")]
    out += ["", "## Indicators", ""]
    out += [
        "| indicator | " + " | ".join(INDICATOR_STATUSES) + " |",
        "|---|" + "---:|" * len(INDICATOR_STATUSES),
    ]
    for indicator in summary.indicator_ids:
        counts = summary.indicator_totals(indicator)
        out.append(f"| {indicator} | " + " | ".join(str(counts.get(s, 0)) for s in INDICATOR_STATUSES) + " |")
    out += ["", "## Targets", ""]
    out.append("Legend: " + " · ".join(f"{symbol} {status}" for status, symbol in MD_SYMBOLS.items()))
    out += ["", "| target | verdict | " + " | ".join(summary.indicator_ids) + " | licenses |"]
    out.append("|---|---|" + ":---:|" * len(summary.indicator_ids) + "---|")
    for row in summary.rows:
        cells = [MD_SYMBOLS.get(row.statuses.get(i, ""), "") for i in summary.indicator_ids]
        marks = " 🆕" if any(c.kind == "new-failure" for c in row.changes) else ""
        out.append(
            f"| {_md(row.label)}{marks} | {row.status} | "
            + " | ".join(cells)
            + f" | {_md(' '.join(row.licenses))} |"
        )
    if summary.compared_with:
        out += ["", f"## Changes since {_md(summary.compared_with)}", ""]
        changed = [row for row in summary.rows if row.changes]
        for row in changed:
            out.append(f"- **{_md(row.label)}**: " + "; ".join(change.describe() for change in row.changes))
        out += [f"- **{_md(label)}**: not in this audit" for label in summary.removed]
        if not changed and not summary.removed:
            out.append("Nothing changed.")
    claimed = [row for row in summary.rows if row.claims]
    out += ["", "## Claims the repository contradicts", ""]
    if not claimed:
        out.append("None: no failing or warning indicator cites a declaration.")
    for row in claimed:
        out.append(f"### {_md(row.label)}")
        out.append("")
        for claim in row.claims:
            out.append(f"- **{claim.id}** ({claim.status}): {_md(claim.summary)}")
            for item in claim.claims:
                out.append(f"  - declared: {_md(item.detail)} ({_md(item.location())})")
            for item in claim.evidence[:5]:
                out.append(f"  - repository: {_md(item.detail)} ({_md(item.location())})")
        out.append("")
    errored = [row for row in summary.rows if row.status == "error"]
    if errored:
        out += ["", "## Errors", ""]
        for row in errored:
            hint = f" — {_md(row.hint)}" if row.hint else ""
            out.append(f"- **{_md(row.label)}**: {_md(row.error)}{hint}")
    return "\n".join(out).rstrip() + "\n"
