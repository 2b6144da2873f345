"""Check many targets concurrently and append each result to ``results.jsonl`` the moment it ends.

Local targets are CPU-bound (license classification, parsing), so they run in worker
*processes* (the GIL would hold threads to one core); remote targets mostly wait on the
network, so they run in threads. Only this parent process writes the results file: one line
per target, flushed and fsync'd before the next, so a crash, Ctrl-C or kill loses at most the
targets in flight. ``--resume`` keeps the lines of targets whose revision has not changed and
rechecks the rest (see ``resume.plan_resume``). The work on one target is ``worker.check_item``.

The runner never prints: it reports what happens through ``on_event`` callbacks.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO

from dpgcheck.audit.items import AuditItem
from dpgcheck.audit.lock import audit_lock
from dpgcheck.audit.records import RESULTS_FILE, Brief
from dpgcheck.audit.resume import plan_resume
from dpgcheck.audit.worker import RateLimitStop, check_item, error_line, is_local, process_pool
from dpgcheck.engine import Checker, CheckOptions, build_checker
from dpgcheck.errors import InputError

DEFAULT_REMOTE_JOBS = 4
"""Remote hosts are shared: a handful of concurrent fetches is polite and already network-bound."""


def default_local_jobs() -> int:
    """One worker process per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class AuditSettings:
    """How to run an audit."""

    out_dir: Path
    options: CheckOptions = field(default_factory=CheckOptions)
    local_jobs: int = field(default_factory=default_local_jobs)
    remote_jobs: int = DEFAULT_REMOTE_JOBS
    resume: bool = False
    overwrite: bool = False


@dataclass(frozen=True)
class AuditStarted:
    """Emitted once, before the first target."""

    total: int
    resumed: int
    to_check: int
    resumed_counts: dict[str, int]


@dataclass(frozen=True)
class TargetStarted:
    """A target was handed to a worker."""

    item: AuditItem


@dataclass(frozen=True)
class TargetFinished:
    """A target ended and its line is on disk."""

    item: AuditItem
    brief: Brief
    seconds: float
    error: str | None = None


AuditEvent = AuditStarted | TargetStarted | TargetFinished
EventHandler = Callable[[AuditEvent], None]


@dataclass
class AuditOutcome:
    """The audit as a whole: counts per status over every target, resumed ones included."""

    total: int = 0
    checked: int = 0
    resumed: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    worst_severity: int = 0
    interrupted: bool = False
    stopped: RateLimitStop | None = None
    """Why the audit stopped before its last target (a rate limit): resume it later."""

    def add(self, brief: Brief) -> None:
        """Count one finished or resumed target."""
        self.counts[brief.status] += 1
        self.worst_severity = max(self.worst_severity, brief.severity)


def run_audit(items: Sequence[AuditItem], settings: AuditSettings, on_event: EventHandler) -> AuditOutcome:
    """Check every item, appending to ``out_dir/results.jsonl``; return the counts.

    Raises InputError when another audit holds ``out_dir`` (see ``audit_lock``).
    """
    with audit_lock(settings.out_dir):
        return _run_locked(items, settings, on_event)


def _run_locked(items: Sequence[AuditItem], settings: AuditSettings, on_event: EventHandler) -> AuditOutcome:
    results = _prepare_out_dir(settings)
    outcome = AuditOutcome(total=len(items))
    done: dict[str, Brief] = plan_resume(results, items) if settings.resume else {}
    todo = [item for item in items if item.key not in done]
    named = {item.key for item in items}
    for key, brief in done.items():
        if key in named:
            outcome.resumed += 1
            outcome.add(brief)
    on_event(AuditStarted(len(items), outcome.resumed, len(todo), dict(outcome.counts)))
    # Built here first so a broken plugin stops the audit before any target (exit 2).
    checker = build_checker(settings.options.plugins)
    with results.open("a", encoding="utf-8") as sink:
        try:
            _schedule(todo, settings, checker, sink, outcome, on_event)
        except KeyboardInterrupt:
            outcome.interrupted = True
    return outcome


def _prepare_out_dir(settings: AuditSettings) -> Path:
    try:
        settings.out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"Cannot create {settings.out_dir}: {exc.strerror or exc}", "Choose a writable --out."
        ) from exc
    results = settings.out_dir / RESULTS_FILE
    if results.exists() and results.stat().st_size > 0 and not settings.resume:
        if not settings.overwrite:
            raise InputError(
                f"{results} already holds an audit",
                "Add --resume to continue it, --overwrite to start again, or choose another --out folder.",
            )
        results.unlink()
    return results


# --- Scheduling ---------------------------------------------------------------------------------


def _schedule(
    todo: Sequence[AuditItem],
    settings: AuditSettings,
    checker: Checker,
    sink: IO[str],
    outcome: AuditOutcome,
    on_event: EventHandler,
) -> None:
    for item in todo:
        if item.problem is not None:
            line, brief = error_line(item, item.problem, "Fix the input; see the `origin` of this line.", 0.0)
            _record(sink, outcome, on_event, line, brief, item, 0.0, item.problem)
    local = [item for item in todo if item.problem is None and is_local(item.target)]
    remote = [item for item in todo if item.problem is None and not is_local(item.target)]
    lanes: list[Lane] = []
    if local and settings.local_jobs > 1 and len(local) > 1:
        workers = min(settings.local_jobs, len(local))
        lanes.append(Lane(lambda: process_pool(workers, settings.options.plugins), local, workers * 2, True))
    elif local:
        lanes.append(Lane(lambda: ThreadPoolExecutor(1, "dpgcheck-local"), local, 1, False))
    if remote:
        jobs = max(1, settings.remote_jobs)
        lanes.append(Lane(lambda: ThreadPoolExecutor(jobs, "dpgcheck-remote"), remote, jobs, False))
    try:
        outcome.stopped = drive(
            lanes, settings.options, checker, partial(_record, sink, outcome, on_event), on_event
        )
    except BaseException:
        for lane in lanes:
            lane.close(now=True)
        raise
    for lane in lanes:
        lane.close(now=False)


def _record(
    sink: IO[str],
    outcome: AuditOutcome,
    on_event: EventHandler,
    line: str,
    brief: Brief,
    item: AuditItem,
    seconds: float,
    error: str | None,
) -> None:
    _append(sink, line)
    outcome.checked += 1
    outcome.add(brief)
    on_event(TargetFinished(item, brief, seconds, error))


class Lane:
    """One executor and the targets it runs, with at most ``window`` of them submitted at once.

    A process pool breaks as a whole when one worker dies (killed by the OS for memory, a crash
    in native code): the lane then starts a new pool and resubmits the targets that were in it,
    once each; a target that breaks a pool twice gets an error line.
    """

    def __init__(
        self, factory: Callable[[], Executor], items: Sequence[AuditItem], window: int, processes: bool
    ):
        self.factory = factory
        self.source = iter(items)
        self.window = window
        self.processes = processes  # worker processes build their own checker
        self.executor: Executor | None = None
        self.in_flight = 0
        self.retry: list[AuditItem] = []
        self.broken = False

    def next_item(self) -> AuditItem | None:
        """The next target to submit: retries first."""
        return self.retry.pop(0) if self.retry else next(self.source, None)

    def submit(self, item: AuditItem, options: CheckOptions, checker: Checker) -> Future[tuple[str, Brief]]:
        """Hand ``item`` to this lane's executor (a fresh one after a break)."""
        if self.executor is None or self.broken:
            if self.executor is not None:
                self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor, self.broken = self.factory(), False
        self.in_flight += 1
        return self.executor.submit(check_item, item, options, None if self.processes else checker)

    def close(self, now: bool) -> None:
        """Shut the executor down; ``now`` ends worker processes at once (Ctrl-C)."""
        if self.executor is None:
            return
        if now and isinstance(self.executor, ProcessPoolExecutor):
            _stop_processes(self.executor)
        self.executor.shutdown(wait=not now, cancel_futures=True)


Sink = Callable[[str, Brief, AuditItem, float, "str | None"], None]


def drive(
    lanes: Sequence[Lane], options: CheckOptions, checker: Checker, sink: Sink, on_event: EventHandler
) -> RateLimitStop | None:
    """Keep every lane's window full; hand each result to ``sink`` as soon as it arrives.

    A target stopped by a rate limit ends the scheduling: the targets in flight finish (and are
    recorded, unless the limit stops them too), no new one starts, and the stop is returned.
    """
    pending: dict[Future[tuple[str, Brief]], tuple[AuditItem, float, Lane, Executor | None]] = {}
    attempts: Counter[str] = Counter()
    stopped: RateLimitStop | None = None

    def refill(lane: Lane) -> None:
        while stopped is None and lane.in_flight < lane.window:
            item = lane.next_item()
            if item is None:
                return
            future = lane.submit(item, options, checker)
            pending[future] = (item, time.monotonic(), lane, lane.executor)
            on_event(TargetStarted(item))

    for lane in lanes:
        refill(lane)
    while pending:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            item, started, lane, executor = pending.pop(future)
            lane.in_flight -= 1
            seconds = time.monotonic() - started
            error: str | None = None
            try:
                line, brief = future.result()
            except RateLimitStop as exc:
                stopped = stopped or exc
                continue
            except BrokenExecutor as exc:
                # Only the pool this future ran in is broken; a replacement already started is not.
                lane.broken = lane.broken or executor is lane.executor
                attempts[item.key] += 1
                if attempts[item.key] == 1:
                    lane.retry.append(item)
                    continue
                error = f"the worker checking it died twice: {exc.__class__.__name__}: {exc}"
                line, brief = error_line(
                    item, error, "Run `dpgcheck check` on it alone with --debug.", seconds
                )
            except Exception as exc:  # anything else from the executor: that target errors
                error = f"the worker checking it failed: {exc.__class__.__name__}: {exc}"
                line, brief = error_line(
                    item, error, "Run `dpgcheck check` on it alone with --debug.", seconds
                )
            if brief.status == "error" and error is None:
                error = json.loads(line).get("error")
            sink(line, brief, item, seconds, error)
        for lane in lanes:
            refill(lane)
    return stopped


def _stop_processes(executor: ProcessPoolExecutor) -> None:
    """End the workers now: their targets are the in-flight ones a Ctrl-C may lose."""
    workers = getattr(executor, "_processes", None) or {}
    for process in list(workers.values()):
        with suppress(OSError, AttributeError):
            process.terminate()


def _append(sink: IO[str], line: str) -> None:
    sink.write(line + "\n")
    sink.flush()
    os.fsync(sink.fileno())
