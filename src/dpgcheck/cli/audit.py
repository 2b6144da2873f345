"""``dpgcheck audit``: check many targets into an output folder, with live progress on stderr."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from dpgcheck.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    AssetType,
    CacheDir,
    Debug,
    FailOn,
    GitHubUrl,
    GitLabUrl,
    Offline,
    Token,
    fail,
    source_options,
    user_errors,
    values,
)
from dpgcheck.model import FAIL_ON_LEVELS

DEFAULT_MAX_WAIT = 300.0
"""Five minutes: a secondary limit (a minute or so) is waited out; an exhausted hourly quota
stops the audit, which --resume continues after the reset."""

EXIT_STOPPED = 75
"""A rate limit stopped the audit (EX_TEMPFAIL: try again later, with --resume)."""


def audit(
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Folder for results.jsonl and the summaries.", show_default=False),
    ],
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Targets (folders, git URLs, owner/repo), text files listing targets, CSV files "
            "with a `target` column, registry folders (nominees/ + digitalpublicgoods/), or DPGA "
            "application-platform entries (one entry, an API export, or a folder of entry files).",
            show_default=False,
        ),
    ] = None,
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
        bool,
        typer.Option(
            "--resume",
            help="Continue an audit in --out: skip targets done at the same revision.",
            show_default=False,
        ),
    ] = False,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite", help="Discard an earlier audit in --out and start again.", show_default=False
        ),
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
    ] = "fail",
    cache_dir: CacheDir = None,
    token: Token = None,
    github_url: GitHubUrl = None,
    gitlab_url: GitLabUrl = None,
    offline: Offline = False,
    registry: Annotated[
        list[str] | None,
        typer.Option(
            "--registry",
            help="Download a registry export (the DPGA application platform's API answer, a JSON "
            "list of entries) from this URL and audit it; kept in the cache, asked again only if "
            "changed, a cut download resumes. Repeatable.",
            show_default=False,
        ),
    ] = None,
    max_wait: Annotated[
        float,
        typer.Option(
            "--max-wait",
            min=0,
            help="Wait out an API rate limit that resets within this many seconds (with a "
            "countdown); a later reset stops the audit (exit 75) and --resume continues it.",
        ),
    ] = DEFAULT_MAX_WAIT,
    no_config: Annotated[
        bool,
        typer.Option(
            "--no-config",
            help="Ignore the audited repositories' configuration (what an audit always does: "
            "accepted so a `check` command line works here too).",
        ),
    ] = False,
    debug: Debug = False,
) -> None:
    """Check many targets at once into --out: results.jsonl, summary.csv, summary.md, report.html."""
    import signal

    from dpgcheck.audit.inputs import expand_inputs
    from dpgcheck.audit.runner import DEFAULT_REMOTE_JOBS, AuditSettings, default_local_jobs, run_audit
    from dpgcheck.audit.summaries import write_summaries
    from dpgcheck.engine import CheckOptions, validate_asset_types
    from dpgcheck.sources.net import NetPolicy, wait_scale_from_env

    with user_errors(debug):
        if resume and overwrite:
            fail("--resume and --overwrite contradict each other", "Choose one.")
        if compare is not None and compare.resolve() == out.resolve():
            fail("--compare names the --out folder itself", "Compare with the folder of an earlier audit.")
        display = AuditDisplay(live=sys.stderr.isatty() and os.environ.get("TERM") != "dumb")
        settings = AuditSettings(
            out_dir=out,
            options=CheckOptions(
                asset_types=validate_asset_types(values(asset_type)),
                # The audit never reads a target's configuration (policy=None in the worker):
                # --no-config only confirms it.
                source=source_options(
                    offline=offline,
                    cache_dir=cache_dir,
                    token=token,
                    github_url=github_url,
                    gitlab_url=gitlab_url,
                    net=NetPolicy(
                        on_wait=_DisplayWait(display), max_wait=max_wait, wait_scale=wait_scale_from_env()
                    ),
                ),
            ),
            local_jobs=jobs or default_local_jobs(),
            remote_jobs=jobs or DEFAULT_REMOTE_JOBS,
            resume=resume,
            overwrite=overwrite,
        )
        net = settings.options.source.net
        downloaded = [_download(url, cache_dir, net, offline) for url in registry or ()]
        items = expand_inputs([*(inputs or ()), *downloaded])
        if compare is not None:
            from dpgcheck.audit.compare import load_previous

            load_previous(compare)  # a wrong --compare is a usage error before the long run
        # `kill` (SIGTERM) stops the audit like Ctrl-C: what finished is kept and summarised.
        previous_handler = signal.signal(signal.SIGTERM, _raise_interrupt)
        try:
            with display:
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
    if outcome.stopped is not None:
        typer.echo(f"Stopped: {outcome.stopped.message}", err=True)
        if outcome.stopped.hint:
            typer.echo(f"Hint: {outcome.stopped.hint}", err=True)
        typer.echo(
            f"The targets finished so far are in {out / 'results.jsonl'}; "
            "run the same command with --resume to check the rest.",
            err=True,
        )
        raise typer.Exit(EXIT_STOPPED)
    raise typer.Exit(EXIT_FINDINGS if outcome.worst_severity >= FAIL_ON_LEVELS[str(fail_on)] else EXIT_OK)


class _DisplayWait:
    """The display's countdown as a NetPolicy hook that crosses to a worker process as a no-op
    (local targets, the only ones checked there, never wait on a host; a display cannot be pickled)."""

    def __init__(self, display: AuditDisplay) -> None:
        self.display = display

    def __call__(self, message: str, remaining: float) -> None:
        self.display.on_wait(message, remaining)

    def __reduce__(self) -> tuple[type[_NoWait], tuple[()]]:
        return (_NoWait, ())


class _NoWait:
    """A wait hook that shows nothing."""

    def __call__(self, message: str, remaining: float) -> None:
        return None


def _download(url: str, cache_dir: str | None, policy: Any, offline: bool) -> str:
    """The cached file of the registry export at ``url`` (downloaded first if needed)."""
    from dpgcheck.audit.registry_app_items import app_document
    from dpgcheck.errors import InputError
    from dpgcheck.sources.registry_download import download_registry
    from dpgcheck.sources.remote import default_cache_dir

    cache = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
    got = download_registry(url, cache, policy, offline)
    if app_document(got.path) is None:
        raise InputError(
            f"{policy.redact(url)} answered no registry entries (kept as {got.path})",
            "Give the address of an export: a JSON list of the platform's entries (or an object "
            "wrapping one).",
        )
    typer.echo(f"registry: {policy.redact(url)} ({got.how}) → {got.path}", err=True)
    return str(got.path)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _short_label(name: str | None, target: str) -> str:
    """A name that fits a progress line: the registry name, else the last part of the target."""
    if name:
        return name
    parts = [part for part in target.rstrip("/").split("/") if part]
    return "/".join(parts[-2:]) if "://" in target else (parts[-1] if parts else target)


_AUDIT_STYLES = {"fail": "red", "needs-review": "blue", "pass": "green", "error": "magenta"}


class AuditDisplay:
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
        self.waiting: tuple[str, float] | None = None  # a source's rate-limit wait, shown live
        self._shown_wait: str | None = None

    def __enter__(self) -> AuditDisplay:
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
                    waiting = display.waiting
                    if waiting is not None:
                        yield Text(f"  {waiting[0]}: {waiting[1]:.0f} s left", style="yellow")

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

    def on_wait(self, message: str, remaining: float) -> None:
        """A source waits out a rate limit (called from worker threads, about once a second).

        Live: a countdown line under the bar. Otherwise one line per wait on stderr.
        """
        if self.live:
            self.waiting = (message, remaining) if remaining > 0 else None
            return
        if remaining > 0 and self._shown_wait != message:
            self._shown_wait = message
            self.console.print(f"{message} ({remaining:.0f} s)…", highlight=False, markup=False)
        elif remaining <= 0:
            self._shown_wait = None

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
