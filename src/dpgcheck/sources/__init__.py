"""Sources turn a target (path, URL, owner/repo, registry entry) into a Snapshot.

This package is the only place that touches the network or runs ``git``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dpgcheck.sources.local import open_local
from dpgcheck.sources.snapshot import HostMetadata, Snapshot


@dataclass(frozen=True)
class SourceOptions:
    """How remote targets are fetched (used by the remote sources)."""

    offline: bool = False
    ref: str | None = None
    cache_dir: str | None = None
    token: str | None = None


def open_target(target: str, options: SourceOptions | None = None) -> Snapshot:
    """Open ``target`` as a Snapshot; today a local directory."""
    del options  # remote sources read it
    return open_local(target)


__all__ = ["HostMetadata", "Snapshot", "SourceOptions", "open_target"]
