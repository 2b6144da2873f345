"""One thing an audit checks (a target, with its manifest and where it came from)."""

from __future__ import annotations

import msgspec


class AuditItem(msgspec.Struct, frozen=True):
    """One thing to check."""

    key: str  # its identity across runs: --resume and --compare match on it
    target: str  # what ``dpgcheck check`` receives
    manifest: str | None = None  # an evidence manifest file used instead of the repository's
    name: str | None = None  # a display name (the registry entry's product name)
    origin: str = "argument"  # where it came from, for error messages
    problem: str | None = None  # known before checking: the item becomes an error line
    declared: tuple[str, ...] = ()  # more declaration files (a screening file): edits mean a recheck
    group: str | None = None  # the registry entry it belongs to: one row per entry in the summaries
