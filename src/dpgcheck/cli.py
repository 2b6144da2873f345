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
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from dpgcheck import __version__
from dpgcheck.errors import DpgcheckError
from dpgcheck.model import FAIL_ON_LEVELS

if TYPE_CHECKING:
    from dpgcheck.model import Report

# The library (engine, facts, sources, formats) is imported inside the commands that use it,
# so that ``--version`` and ``--help`` start without loading it.

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
    sarif = "sarif"
    junit = "junit"
    markdown = "markdown"
    html = "html"
    badge = "badge"


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


CONFIG_OPTION = typer.Option(
    help="The configuration file (.dpgcheck.yaml or pyproject.toml); by default the one at the target's root."
)
NO_CONFIG_OPTION = typer.Option("--no-config", help="Ignore the configuration at the target's root.")
ONLY_OPTION = typer.Option(help="Check only this indicator (repeat, or DPG-2,DPG-5).")
SKIP_OPTION = typer.Option(help="Do not check this indicator (repeat, or DPG-1,DPG-8).")


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


def _write_output(text: str, output: Path | None, quiet: bool = False) -> None:
    from dpgcheck.outputs import write_atomically

    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(output, text)  # whole or not at all: never an empty or partial report
    except OSError as exc:
        _fail(f"Cannot write {output}: {exc.strerror or exc}", "Choose a writable --output path.")
    if not quiet:
        typer.echo(f"Report written to {output}", err=True)


def exit_code(report: Report, fail_on: str) -> int:
    """1 when any required, unwaived indicator is at or above the ``--fail-on`` level, else 0."""
    return EXIT_FINDINGS if report.gating(fail_on) else EXIT_OK


class _Countdown:
    """Shows a source's wait (a rate-limit reset) on stderr: a live countdown on a terminal."""

    def __init__(self) -> None:
        self._shown: str | None = None

    def __call__(self, message: str, remaining: float) -> None:
        if sys.stderr.isatty():
            end = "\n" if remaining <= 0 else ""
            typer.echo(f"\r{message}: {remaining:4.0f} s left ", err=True, nl=False)
            if end:
                typer.echo("", err=True)
        elif self._shown != message:
            self._shown = message
            typer.echo(f"{message} ({remaining:.0f} s)…", err=True)


@app.command()
def check(
    path: Annotated[
        str,
        typer.Argument(
            help="The repository to check: a local folder, a git URL, OWNER/REPO (GitHub), "
            "or a GitHub / GitLab URL."
        ),
    ] = ".",
    asset_type: Annotated[
        list[AssetType] | None,
        typer.Option("--type", "-t", help="Asset type(s) of the project; repeat for several."),
    ] = None,
    output_format: Annotated[
        list[OutputFormat] | None,
        typer.Option("--format", "-f", help="Report format; repeat, each with an --output, for several."),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to this file instead of stdout (repeatable; - is stdout).",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            help="Exit 1 when any required, unwaived indicator is at or above this status "
            "(default: the configuration's fail-on, else fail)."
        ),
    ] = None,
    manifest: Annotated[
        str | None,
        typer.Option(help="An evidence manifest file to use instead of the repository's dpg.yaml."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show the evidence of passing indicators too.")
    ] = False,
    ref: Annotated[
        str | None, typer.Option(help="Remote targets: the branch, tag or commit SHA to check.")
    ] = None,
    cache_dir: Annotated[
        str | None, typer.Option(help="Where remote repositories are cached (default: user cache dir).")
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            help="Token for GitHub / GitLab (default: GITHUB_TOKEN or GH_TOKEN; GITLAB_TOKEN).",
            show_default=False,
        ),
    ] = None,
    github_url: Annotated[
        str | None, typer.Option(help="GitHub Enterprise web address (default https://github.com).")
    ] = None,
    gitlab_url: Annotated[
        str | None, typer.Option(help="Self-hosted GitLab address (default https://gitlab.com).")
    ] = None,
    offline: Annotated[
        bool, typer.Option(help="No network at all: cached remote commits only, links not checked.")
    ] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    no_config: Annotated[bool, NO_CONFIG_OPTION] = False,
    only: Annotated[list[str] | None, ONLY_OPTION] = None,
    skip: Annotated[list[str] | None, SKIP_OPTION] = None,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Print nothing (errors aside); the exit code is the verdict."),
    ] = False,
) -> None:
    """Check a repository against every indicator of the DPG Standard."""
    from dpgcheck.sources import SourceOptions
    from dpgcheck.sources.net import NetPolicy

    with _user_errors(debug):
        source = SourceOptions(
            offline=offline,
            ref=ref,
            cache_dir=cache_dir,
            token=token,
            github_url=github_url,
            gitlab_url=gitlab_url,
            net=NetPolicy(on_wait=_Countdown()),
        )
        from dpgcheck.engine import CheckOptions
        from dpgcheck.formats import RenderOptions, get_renderer
        from dpgcheck.outputs import plan_outputs
        from dpgcheck.pipeline import PolicyRequest, run_with_policy

        types = tuple(t.value for t in asset_type) if asset_type else ()
        plan = plan_outputs([f.value for f in output_format or []], output or [])
        outcome = run_with_policy(
            path,
            CheckOptions(asset_types=types, manifest_path=manifest, source=source),
            PolicyRequest(
                config_path=config,
                use_config=not no_config,
                fail_on=fail_on.value if fail_on else None,
                only=tuple(only or ()),
                skip=tuple(skip or ()),
            ),
        )
        report = outcome.report
        width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
        rendered = [
            (
                spec,
                get_renderer(spec.format)(
                    report,
                    RenderOptions(color=_use_color(spec.path is not None), width=width, verbose=verbose),
                ),
            )
            for spec in plan
        ]
    if verbose and not quiet:
        typer.echo(f"Configuration: {outcome.config.source or 'none'}; fail-on: {outcome.fail_on}", err=True)
    if not quiet and not any(spec.path is None and spec.format == "text" for spec in plan):
        for note in report.notes:  # the text report prints them; other formats carry them inside
            typer.echo(f"Note: {note}", err=True)
    for spec, text in rendered:
        if not (quiet and spec.path is None):
            _write_output(text, spec.path, quiet)
    raise typer.Exit(exit_code(report, outcome.fail_on))


@app.command()
def badge(
    path: Annotated[str, typer.Argument(help="The repository to check: a local folder.")] = ".",
    asset_type: Annotated[
        list[AssetType] | None,
        typer.Option("--type", "-t", help="Asset type(s) of the project; repeat for several."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the badge JSON to this file.")
    ] = None,
    manifest: Annotated[
        str | None,
        typer.Option(help="An evidence manifest file to use instead of the repository's dpg.yaml."),
    ] = None,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    no_config: Annotated[bool, NO_CONFIG_OPTION] = False,
    only: Annotated[list[str] | None, ONLY_OPTION] = None,
    skip: Annotated[list[str] | None, SKIP_OPTION] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Print a shields.io endpoint badge (JSON) for the repository; exits 0 whatever the verdict."""
    from dpgcheck.engine import CheckOptions
    from dpgcheck.formats import RenderOptions, get_renderer
    from dpgcheck.pipeline import PolicyRequest, run_with_policy

    with _user_errors(debug):
        types = tuple(t.value for t in asset_type) if asset_type else ()
        outcome = run_with_policy(
            path,
            CheckOptions(asset_types=types, manifest_path=manifest),
            PolicyRequest(
                config_path=config, use_config=not no_config, only=tuple(only or ()), skip=tuple(skip or ())
            ),
        )
        rendered = get_renderer("badge")(outcome.report, RenderOptions())
    _write_output(rendered, output)


schema_app = typer.Typer(
    name="schema", help="Print the JSON Schemas of dpgcheck's files.", no_args_is_help=True
)
app.add_typer(schema_app)


@schema_app.command("report")
def schema_report() -> None:
    """The JSON Schema (draft 2020-12) of the JSON report, `check --format json`."""
    from dpgcheck.report_schema import report_schema_text

    typer.echo(report_schema_text(), nl=False)


@app.command()
def indicators(
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """List the indicators of the catalog (id, title, automation level)."""
    with _user_errors(debug):
        from dpgcheck.engine import build_checker

        checker = build_checker()
    catalog = checker.catalog
    typer.echo(f"{catalog.standard_name} {catalog.standard_version}")
    width = max([8, *(len(indicator.id) for indicator in catalog.indicators)])  # plugin ids are longer
    for indicator in catalog.indicators:
        typer.echo(f"{indicator.id:<{width}} {indicator.automation:<8} {indicator.title}")


@schema_app.command("manifest")
def schema_manifest() -> None:
    """The JSON Schema of the evidence manifest (dpg.yaml / dpg.json), for editors and CI."""
    from dpgcheck.facts.manifest_schema import schema_text

    typer.echo(schema_text("manifest"), nl=False)


@app.command()
def init(
    path: Annotated[str, typer.Argument(help="The repository to draft a dpg.yaml for.")] = ".",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing manifest.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Draft dpg.yaml from what dpgcheck detects, with TODOs for what only the project can answer."""
    from dpgcheck.init_manifest import draft_manifest, write_draft

    with _user_errors(debug):
        draft = draft_manifest(path)
    if draft.existing and not force:
        _fail(
            f"{', '.join(draft.existing)} already exists in {path}",
            "Use --force to replace it with a fresh draft (the current answers are lost).",
        )
    with _user_errors(debug):
        target = write_draft(path, draft.text)
    typer.echo(
        f"Wrote {target}: {draft.todos} TODO(s) for the project to answer; "
        "then run `dpgcheck check` to verify it.",
        err=True,
    )


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
        from dpgcheck.display import clean_terminal

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
            self.current[event.item.key] = clean_terminal(_short_label(event.item.name, event.item.target))
        elif isinstance(event, TargetFinished):
            self.current.pop(event.item.key, None)
            self.done += 1
            self.counts[event.brief.status] = self.counts.get(event.brief.status, 0) + 1
            if not self.live:
                # Registry names and target errors are a repository's text: no control gets through.
                detail = clean_terminal(event.error or " ".join(event.brief.failing))
                label = clean_terminal(event.item.name or event.item.target)
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
    from dpgcheck.engine import CheckOptions, validate_asset_types

    with _user_errors(debug):
        if resume and overwrite:
            _fail("--resume and --overwrite contradict each other", "Choose one.")
        if compare is not None and compare.resolve() == out.resolve():
            _fail("--compare names the --out folder itself", "Compare with the folder of an earlier audit.")
        types = tuple(t.value for t in asset_type) if asset_type else ()
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


class LicensesFormat(StrEnum):
    """Output formats of ``licenses``."""

    text = "text"
    json = "json"


@app.command()
def licenses(
    path: Annotated[str, typer.Argument(help="The repository to inspect: a local folder.")] = ".",
    output_format: Annotated[
        LicensesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = LicensesFormat.text,
    asset_type: Annotated[
        list[AssetType] | None,
        typer.Option("--type", "-t", help="Asset type(s) to judge approval for; repeat for several."),
    ] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Detect the licenses of a repository (files, manifests, headers, README), like licensee detect."""
    from dpgcheck.engine import validate_asset_types
    from dpgcheck.facts.licenses import detect_licenses
    from dpgcheck.formats.licenses import render_licenses_json, render_licenses_text
    from dpgcheck.sources import open_target

    with _user_errors(debug):
        types = validate_asset_types([t.value for t in asset_type] if asset_type else ["software"])
        snapshot = open_target(path)
        found = detect_licenses(snapshot, types)
        render = render_licenses_json if output_format is LicensesFormat.json else render_licenses_text
        rendered = render(found, snapshot.target.location, types)
    typer.echo(rendered, nl=False)


def main() -> None:
    """Entry point of the ``dpgcheck`` command."""
    app()
