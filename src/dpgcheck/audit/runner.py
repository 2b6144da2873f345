"""Check many targets concurrently and append each result to ``results.jsonl`` the moment it ends.

Local targets are CPU-bound (license classification, parsing), so they run in worker
*processes* (the GIL would hold threads to one core); remote targets mostly wait on the
network, so they run in threads. Only this parent process writes the results file: one line
per target, flushed and fsync'd before the next, so a crash, Ctrl-C or kill loses at most the
targets in flight. ``--resume`` keeps the lines of targets whose revision has not changed and
rechecks the rest (see ``plan_resume``).

The runner never prints: it reports what happens through ``on_event`` callbacks.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import multiprocessing
import os
import signal
import threading
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
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import IO, Any

from dpgcheck import api
from dpgcheck.audit.inputs import AuditItem
from dpgcheck.audit.lock import audit_lock
from dpgcheck.audit.records import (
    RESULTS_FILE,
    Record,
    indicator_statuses,
    parse_line,
    record_key,
    record_status,
)
from dpgcheck.display import display_report, escape_data
from dpgcheck.engine import Checker, CheckOptions, build_checker
from dpgcheck.errors import DpgcheckError, InputError
from dpgcheck.model import Status
from dpgcheck.sources.fingerprint import local_revision

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
class Brief:
    """What the parent keeps of a finished target: enough for counts and the exit status."""

    status: str  # pass | needs-review | fail | error
    severity: int
    failing: tuple[str, ...] = ()  # indicator ids that failed or errored


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
            line, brief = _error_line(
                item, item.problem, "Fix the input; see the `origin` of this line.", 0.0
            )
            _record(sink, outcome, on_event, line, brief, item, 0.0, item.problem)
    local = [item for item in todo if item.problem is None and _is_local(item.target)]
    remote = [item for item in todo if item.problem is None and not _is_local(item.target)]
    lanes: list[Lane] = []
    if local and settings.local_jobs > 1 and len(local) > 1:
        workers = min(settings.local_jobs, len(local))
        lanes.append(Lane(lambda: _process_pool(workers, settings.options.plugins), local, workers * 2, True))
    elif local:
        lanes.append(Lane(lambda: ThreadPoolExecutor(1, "dpgcheck-local"), local, 1, False))
    if remote:
        jobs = max(1, settings.remote_jobs)
        lanes.append(Lane(lambda: ThreadPoolExecutor(jobs, "dpgcheck-remote"), remote, jobs, False))
    try:
        drive(lanes, settings.options, checker, partial(_record, sink, outcome, on_event), on_event)
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


def _process_pool(workers: int, plugins: bool) -> ProcessPoolExecutor:
    # spawn, not fork: a clean interpreter per worker is safe with the parent's threads and
    # behaves the same on Linux, macOS and Windows.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(plugins, os.getpid()),
    )


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
) -> None:
    """Keep every lane's window full; hand each result to ``sink`` as soon as it arrives."""
    pending: dict[Future[tuple[str, Brief]], tuple[AuditItem, float, Lane, Executor | None]] = {}
    attempts: Counter[str] = Counter()

    def refill(lane: Lane) -> None:
        while lane.in_flight < lane.window:
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
            except BrokenExecutor as exc:
                # Only the pool this future ran in is broken; a replacement already started is not.
                lane.broken = lane.broken or executor is lane.executor
                attempts[item.key] += 1
                if attempts[item.key] == 1:
                    lane.retry.append(item)
                    continue
                error = f"the worker checking it died twice: {exc.__class__.__name__}: {exc}"
                line, brief = _error_line(
                    item, error, "Run `dpgcheck check` on it alone with --debug.", seconds
                )
            except Exception as exc:  # anything else from the executor: that target errors
                error = f"the worker checking it failed: {exc.__class__.__name__}: {exc}"
                line, brief = _error_line(
                    item, error, "Run `dpgcheck check` on it alone with --debug.", seconds
                )
            if brief.status == "error" and error is None:
                error = json.loads(line).get("error")
            sink(line, brief, item, seconds, error)
        for lane in lanes:
            refill(lane)


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


def _is_local(target: str) -> bool:
    return Path(target).expanduser().exists()


# --- Work (in a worker process or thread) -------------------------------------------------------

_WORKER_CHECKER: Checker | None = None


def _init_worker(plugins: bool, parent_pid: int) -> None:
    """Build the checker once per worker process; leave Ctrl-C and orphanhood to the parent."""
    global _WORKER_CHECKER
    # The parent handles Ctrl-C and ends the workers itself; a worker must not die mid-result.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_CHECKER = build_checker(plugins)
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()


def _exit_with_parent(parent_pid: int) -> None:
    # A killed parent never closes the task queue; an orphaned worker would wait on it forever.
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(1)


def check_item(item: AuditItem, options: CheckOptions, checker: Checker | None = None) -> tuple[str, Brief]:
    """Check one item and return its results line (serialised here, off the parent) and brief."""
    started = time.monotonic()
    checker = checker or _WORKER_CHECKER or build_checker(options.plugins)
    try:
        revision = local_revision(item.target)
        digest = manifest_digest(item)
        if item.manifest is not None:
            options = dataclasses.replace(options, manifest_path=item.manifest)
        # policy=None: an audit records every indicator of the raw report, with no gate.
        report = api.check(item.target, api.RunOptions(options, policy=None), checker).report
    except DpgcheckError as exc:
        return _error_line(item, exc.message, exc.hint, time.monotonic() - started)
    except Exception as exc:  # an unexpected crash on one target must not end the audit
        message = f"internal error: {exc.__class__.__name__}: {exc}"
        hint = "Run `dpgcheck check` on it with --debug and report it."
        return _error_line(item, message, hint, time.monotonic() - started)
    # Escaped like every report: a file name that is not UTF-8 must not stop the line's write.
    record = display_report(report).to_dict()
    revision = revision or report.target.revision
    record["audit"] = escape_data(_audit_fields(item, revision, digest, time.monotonic() - started))
    failing = tuple(r.id for r in report.results if r.status in (Status.FAIL, Status.ERROR))
    brief = Brief(report.overall, report.worst_severity(), failing)
    return json.dumps(record, ensure_ascii=False), brief


def _error_line(item: AuditItem, message: str, hint: str | None, seconds: float) -> tuple[str, Brief]:
    record: Record = {
        "schema_version": "1",
        "status": "error",
        "target": item.target,
        "error": message,
        "hint": hint,
        "audit": _audit_fields(item, None, None, seconds),
    }
    return json.dumps(escape_data(record), ensure_ascii=False), Brief("error", Status.ERROR.severity)


def _audit_fields(
    item: AuditItem, revision: str | None, digest: str | None, seconds: float
) -> dict[str, Any]:
    return {
        "key": item.key,
        "target": item.target,
        "manifest": item.manifest,
        "name": item.name,
        "origin": item.origin,
        "revision": revision,
        "manifest_digest": digest,
        "seconds": round(seconds, 3),
        "checked_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def manifest_digest(item: AuditItem) -> str | None:
    """A digest of the manifest files' content: an edited nomination or screening means a recheck."""
    if item.manifest is None:
        return None
    digest = hashlib.sha256()
    for path in (item.manifest, *item.declared):
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(b"\0missing\0")
        digest.update(b"\0")
    return digest.hexdigest()[:16]


# --- Resume -------------------------------------------------------------------------------------


def plan_resume(results: Path, items: Sequence[AuditItem]) -> dict[str, Brief]:
    """Decide which targets are done, and rewrite ``results`` to hold exactly those lines.

    A target is done when its last line is a report (not an error line) and it is unchanged:
    a local folder at the same git HEAD (``tree:`` digest outside git), the same manifest
    content, and for a remote target any earlier report (its revision cannot be known without
    fetching it, which costs as much as checking it: use a new --out to recheck remotes).
    Error lines, damaged lines (a write cut by a kill) and stale reports are dropped and redone.
    """
    by_key = {item.key: item for item in items}
    latest: dict[str, tuple[Brief, str | None, str | None]] = {}
    damaged = 0
    total = 0
    with _open_or_empty(results) as handle:
        for line in handle:
            total += 1
            record = parse_line(line)
            if record is None:
                damaged += 1
                continue
            key = record_key(record)
            assert key is not None
            audit = record["audit"]
            latest[key] = (_brief_of(record), audit.get("revision"), audit.get("manifest_digest"))
    done: dict[str, Brief] = {}
    for key, (brief, revision, digest) in latest.items():
        item = by_key.get(key)
        if brief.status == "error":
            continue
        if item is None:
            done[key] = brief  # a target of an earlier run not named now: kept, not rechecked
            continue
        current = local_revision(item.target) if _is_local(item.target) else revision
        if current == revision and manifest_digest(item) == digest:
            done[key] = brief
    if damaged or len(done) != total:
        _rewrite_keeping(results, done)
    return done


def _brief_of(record: Record) -> Brief:
    status = record_status(record)
    statuses = indicator_statuses(record)
    severities = [Status(s).severity for s in statuses.values() if s in Status._value2member_map_]
    failing = tuple(i for i, s in statuses.items() if s in ("fail", "error"))
    worst = Status.ERROR.severity if status == "error" else max(severities, default=0)
    return Brief(status, worst, failing)


def _rewrite_keeping(results: Path, keep: dict[str, Brief]) -> None:
    """Atomically replace ``results`` with the last valid line of each kept key."""
    last_line: dict[str, int] = {}
    with _open_or_empty(results) as handle:
        for number, line in enumerate(handle):
            record = parse_line(line)
            key = record_key(record) if record is not None else None
            if key is not None and key in keep:
                last_line[key] = number
    wanted = set(last_line.values())
    temporary = results.with_name(results.name + ".tmp")
    with _open_or_empty(results) as source, temporary.open("w", encoding="utf-8") as target:
        for number, line in enumerate(source):
            if number in wanted:
                target.write(line)
        target.flush()
        os.fsync(target.fileno())
    os.replace(temporary, results)
    with suppress(OSError):  # makes the rename durable on POSIX; Windows cannot open a folder
        directory = os.open(results.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _open_or_empty(path: Path) -> IO[str]:
    if not path.exists():
        path.touch()
    return path.open("r", encoding="utf-8", errors="replace", newline="\n")
