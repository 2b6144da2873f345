"""One audit at a time per ``--out`` folder: an exclusive lock on a file in it.

Two audits writing one ``results.jsonl`` would interleave their lines and each rewrite it on
``--resume``. ``flock`` on ``.dpgcheck-audit.lock`` is released by the kernel when the holder
exits however it exits (a kill included), so a stale lock file never blocks the next audit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dpgcheck.errors import InputError

LOCK_FILE = ".dpgcheck-audit.lock"


@contextmanager
def audit_lock(out_dir: Path) -> Iterator[None]:
    """Hold the audit lock of ``out_dir`` (created if missing) for the block, or raise InputError."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(out_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        message = f"Cannot create {out_dir}: {exc.strerror or exc}"
        raise InputError(message, "Choose a writable --out.") from exc
    try:
        try:
            import fcntl
        except ImportError:  # not on POSIX: no lock, as before
            yield
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise InputError(
                f"another audit is writing to {out_dir}",
                "Wait for it to finish, or give this audit another --out folder.",
            ) from exc
        yield
    finally:
        os.close(descriptor)  # closing the descriptor releases the lock
