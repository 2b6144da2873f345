"""The command line: parse options, call the library, render, choose the exit code.

This is the only module that prints or exits. Errors the user can fix arrive as
DpgcheckError and leave as ``Error: … / Hint: …`` on stderr with exit code 2; a traceback
appears only with ``--debug``.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from dpgcheck import __version__
from dpgcheck.engine import CheckOptions, build_checker, run
from dpgcheck.errors import DpgcheckError
from dpgcheck.formats import RenderOptions, get_renderer
from dpgcheck.model import FAIL_ON_LEVELS, Report

app = typer.Typer(
    name="dpgcheck",
    help="Check a repository against the Digital Public Goods Standard, indicator by indicator.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class OutputFormat(StrEnum):
    """Report formats of ``check``."""

    text = "text"
    json = "json"


class FailOn(StrEnum):
    """The lowest status that makes ``check`` exit 1."""

    fail = "fail"
    warn = "warn"
    needs_review = "needs-review"
    never = "never"


class AssetType(StrEnum):
    """The DPG asset types."""

    software = "software"
    data = "data"
    content = "content"
    standard = "standard"
    aimodel = "aimodel"


def _fail(message: str, hint: str | None = None) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    if hint:
        typer.echo(f"Hint: {hint}", err=True)
    raise typer.Exit(EXIT_ERROR)


@contextmanager
def _user_errors(debug: bool) -> Iterator[None]:
    """Turn dpgcheck's errors (and, without --debug, any crash) into one clear line."""
    try:
        yield
    except DpgcheckError as exc:
        if debug:
            raise
        _fail(exc.message, exc.hint)
    except KeyboardInterrupt:
        _fail("Interrupted", None)
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if debug:
            raise
        _fail(
            f"Internal error: {exc.__class__.__name__}: {exc}",
            "Run again with --debug for the traceback, and report it as a dpgcheck bug.",
        )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dpgcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Check a repository against the Digital Public Goods Standard."""


def _use_color(to_file: bool) -> bool:
    if to_file or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


def _write_output(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"Cannot write {output}: {exc.strerror or exc}", "Choose a writable --output path.")
    typer.echo(f"Report written to {output}", err=True)


def exit_code(report: Report, fail_on: str) -> int:
    """1 when any indicator is at or above the ``--fail-on`` level, else 0."""
    return EXIT_FINDINGS if report.worst_severity() >= FAIL_ON_LEVELS[fail_on] else EXIT_OK


@app.command()
def check(
    path: Annotated[str, typer.Argument(help="The repository to check: a local folder.")] = ".",
    asset_type: Annotated[
        list[AssetType] | None,
        typer.Option("--type", "-t", help="Asset type(s) of the project; repeat for several."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = OutputFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 when any indicator is at or above this status.")
    ] = FailOn.fail,
    manifest: Annotated[
        str | None,
        typer.Option(help="An evidence manifest file to use instead of the repository's dpg.yaml."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show the evidence of passing indicators too.")
    ] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Check a repository against every indicator of the DPG Standard."""
    with _user_errors(debug):
        types = tuple(t.value for t in asset_type) if asset_type else ("software",)
        report = run(path, CheckOptions(asset_types=types, manifest_path=manifest))
        width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
        rendered = get_renderer(output_format.value)(
            report,
            RenderOptions(color=_use_color(output is not None), width=width, verbose=verbose),
        )
    _write_output(rendered, output)
    raise typer.Exit(exit_code(report, fail_on.value))


@app.command()
def indicators(
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """List the indicators of the catalog (id, title, automation level)."""
    with _user_errors(debug):
        checker = build_checker()
    catalog = checker.catalog
    typer.echo(f"{catalog.standard_name} {catalog.standard_version}")
    for indicator in catalog.indicators:
        typer.echo(f"{indicator.id:<8} {indicator.automation:<8} {indicator.title}")


def _short_label(name: str | None, target: str) -> str:
    """A name that fits a progress line: the registry name, else the last part of the target."""
    if name:
        return name
    parts = [part for part in target.rstrip("/").split("/") if part]
    return "/".join(parts[-2:]) if "://" in target else (parts[-1] if parts else target)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


_AUDIT_STYLES = {"fail": "red", "needs-review": "blue", "pass": "green", "error": "magenta"}


class _AuditDisplay:
    """Audit progress on stderr: a rich bar with counts and current targets, or one log line each."""

    def __init__(self, live: bool) -> None:
        from rich.console import Console

        self.live = live
        self.console = Console(stderr=True)
        self.counts: dict[str, int] = dict.fromkeys(_AUDIT_STYLES, 0)
        self.current: dict[str, str] = {}  # audit key → short label, in submission order
        self.done = 0
        self.total = 0
        self.progress: Any = None
        self.task: Any = None

    def __enter__(self) -> _AuditDisplay:
        if self.live:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
            from rich.text import Text

            display = self

            class _Progress(Progress):
                def get_renderables(self) -> Any:
                    yield self.make_tasks_table(self.tasks)
                    if display.current:
                        now = ", ".join(list(display.current.values())[:6])
                        yield Text(f"  checking: {now}", style="dim", no_wrap=True, overflow="ellipsis")

            self.progress = _Progress(
                TextColumn("[bold]audit[/bold]"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[counts]}"),
                console=self.console,
                transient=False,
            )
            self.progress.__enter__()
            self.task = self.progress.add_task("audit", total=None, counts="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.__exit__(None, None, None)

    def _counts_markup(self) -> str:
        return "  ".join(f"[{style}]{self.counts[s]} {s}[/{style}]" for s, style in _AUDIT_STYLES.items())

    def handle(self, event: object) -> None:
        """Receive the runner's events (called in the main thread)."""
        from dpgcheck.audit.runner import AuditStarted, TargetFinished, TargetStarted

        if isinstance(event, AuditStarted):
            self.total, self.done = event.total, event.resumed
            for status, count in event.resumed_counts.items():
                self.counts[status] = self.counts.get(status, 0) + count
            if not self.live:
                self.console.print(
                    f"audit: {event.total} targets, {event.resumed} already done, {event.to_check} to check",
                    highlight=False,
                    markup=False,
                )
        elif isinstance(event, TargetStarted):
            self.current[event.item.key] = _short_label(event.item.name, event.item.target)
        elif isinstance(event, TargetFinished):
            self.current.pop(event.item.key, None)
            self.done += 1
            self.counts[event.brief.status] = self.counts.get(event.brief.status, 0) + 1
            if not self.live:
                detail = event.error or " ".join(event.brief.failing)
                label = event.item.name or event.item.target
                took = f"({event.seconds:.2f}s)"
                self.console.print(
                    f"[{self.done}/{self.total}] {event.brief.status:<12} {label}  {detail}  {took}",
                    highlight=False,
                    markup=False,
                    soft_wrap=True,
                )
        if self.progress is not None:
            self.progress.update(
                self.task, total=self.total, completed=self.done, counts=self._counts_markup()
            )


@app.command()
def audit(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Targets (folders, git URLs, owner/repo), text files listing targets, CSV files "
            "with a `target` column, or registry folders (nominees/ + digitalpublicgoods/).",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Folder for results.jsonl and the summaries.", show_default=False),
    ],
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Targets checked at once (default: one process per CPU for local targets, "
            "4 threads for remote ones; N sets both).",
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option(help="Continue an audit in --out: skip targets done at the same revision.")
    ] = False,
    overwrite: Annotated[
        bool, typer.Option(help="Discard an earlier audit in --out and start again.")
    ] = False,
    compare: Annotated[
        Path | None,
        typer.Option(help="An earlier audit folder: mark new failures, fixed items and license changes."),
    ] = None,
    asset_type: Annotated[
        list[AssetType] | None,
        typer.Option("--type", "-t", help="Asset type(s) of every target; repeat for several."),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 when any target has an indicator at or above this status.")
    ] = FailOn.fail,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Check many targets at once into --out: results.jsonl, summary.csv, summary.md, report.html."""
    import signal

    from dpgcheck.audit.inputs import expand_inputs
    from dpgcheck.audit.runner import DEFAULT_REMOTE_JOBS, AuditSettings, default_local_jobs, run_audit
    from dpgcheck.audit.summaries import write_summaries
    from dpgcheck.engine import validate_asset_types

    with _user_errors(debug):
        if resume and overwrite:
            _fail("--resume and --overwrite contradict each other", "Choose one.")
        if compare is not None and compare.resolve() == out.resolve():
            _fail("--compare names the --out folder itself", "Compare with the folder of an earlier audit.")
        types = tuple(t.value for t in asset_type) if asset_type else ("software",)
        settings = AuditSettings(
            out_dir=out,
            options=CheckOptions(asset_types=validate_asset_types(types)),
            local_jobs=jobs or default_local_jobs(),
            remote_jobs=jobs or DEFAULT_REMOTE_JOBS,
            resume=resume,
            overwrite=overwrite,
        )
        items = expand_inputs(inputs)
        if compare is not None:
            from dpgcheck.audit.compare import load_previous

            load_previous(compare)  # a wrong --compare is a usage error before the long run
        # `kill` (SIGTERM) stops the audit like Ctrl-C: what finished is kept and summarised.
        previous_handler = signal.signal(signal.SIGTERM, _raise_interrupt)
        try:
            with _AuditDisplay(live=sys.stderr.isatty() and os.environ.get("TERM") != "dumb") as display:
                outcome = run_audit(items, settings, display.handle)
        finally:
            signal.signal(signal.SIGTERM, previous_handler)
        files = write_summaries(out, compare)
    counts = ", ".join(
        f"{outcome.counts[s]} {s}" for s in ("fail", "needs-review", "pass", "error") if outcome.counts[s]
    )
    done = outcome.checked + outcome.resumed
    typer.echo(f"Audited {done} of {outcome.total} targets ({outcome.resumed} resumed): {counts or 'none'}")
    typer.echo(f"Results: {out / 'results.jsonl'}")
    typer.echo(f"Report:  {files.html}  (also {files.markdown.name}, {files.csv.name})")
    if outcome.interrupted:
        typer.echo(
            f"Interrupted: the targets finished so far are in {out / 'results.jsonl'}; "
            "run the same command with --resume to finish.",
            err=True,
        )
        raise typer.Exit(130)
    raise typer.Exit(EXIT_FINDINGS if outcome.worst_severity >= FAIL_ON_LEVELS[fail_on.value] else EXIT_OK)


def main() -> None:
    """Entry point of the ``dpgcheck`` command."""
    app()
