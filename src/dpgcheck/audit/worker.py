"""Check one audit target, in a worker process or thread, and serialise its results line.

Local targets run in worker *processes* (see ``process_pool``): each builds its checker once,
ignores Ctrl-C (the parent ends it) and exits when the parent is gone. The line is serialised
here, off the parent, which only appends it to ``results.jsonl``.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec.structs

from dpgcheck import api
from dpgcheck.audit.items import AuditItem
from dpgcheck.audit.records import Brief
from dpgcheck.display import display_report, escape_data
from dpgcheck.engine import Checker, CheckOptions, build_checker
from dpgcheck.errors import DpgcheckError
from dpgcheck.facts.manifest.registry_app_read import split_selector
from dpgcheck.model import Status
from dpgcheck.sources.fingerprint import local_revision
from dpgcheck.sources.net import RateLimitError


class RateLimitStop(Exception):
    """A host's API quota ran out beyond the wait bound: the audit stops, the target unrecorded.

    Raised instead of an error line, so ``--resume`` checks the target again (an error line
    would be redone too, but the targets after it would each hit the same limit). Plain
    ``args`` (message, hint) so it crosses from a worker process intact.
    """

    @property
    def message(self) -> str:
        """What limits the audit."""
        return str(self.args[0])

    @property
    def hint(self) -> str | None:
        """When and how it can go on."""
        return str(self.args[1]) if len(self.args) > 1 and self.args[1] else None


def is_local(target: str) -> bool:
    """Whether ``target`` names a path on this machine (checked in a worker process)."""
    return Path(target).expanduser().exists()


def process_pool(workers: int, plugins: bool) -> ProcessPoolExecutor:
    # spawn, not fork: a clean interpreter per worker is safe with the parent's threads and
    # behaves the same on Linux, macOS and Windows.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(plugins, os.getpid()),
    )


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
            options = msgspec.structs.replace(options, manifest_path=item.manifest)
        # policy=None: an audit records every indicator of the raw report, with no gate.
        report = api.check(item.target, api.RunOptions(options, policy=None), checker).report
    except RateLimitError as exc:
        raise RateLimitStop(exc.message, exc.hint) from None
    except DpgcheckError as exc:
        return error_line(item, exc.message, exc.hint, time.monotonic() - started)
    except Exception as exc:  # an unexpected crash on one target must not end the audit
        message = f"internal error: {exc.__class__.__name__}: {exc}"
        hint = "Run `dpgcheck check` on it with --debug and report it."
        return error_line(item, message, hint, time.monotonic() - started)
    # Escaped like every report: a file name that is not UTF-8 must not stop the line's write.
    record = display_report(report).to_dict()
    revision = revision or report.target.revision
    record["audit"] = escape_data(_audit_fields(item, revision, digest, time.monotonic() - started))
    failing = tuple(r.id for r in report.results if r.status in (Status.FAIL, Status.ERROR))
    brief = Brief(report.overall, report.worst_severity(), failing)
    return json.dumps(record, ensure_ascii=False), brief


def error_line(item: AuditItem, message: str, hint: str | None, seconds: float) -> tuple[str, Brief]:
    record: dict[str, Any] = {
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
        "group": item.group,
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
    for path in (split_selector(item.manifest)[0], *item.declared):
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(b"\0missing\0")
        digest.update(b"\0")
    return digest.hexdigest()[:16]
