"""Sources turn a target (path, URL, owner/repo, registry entry) into a Snapshot.

This package is the only place that touches the network or runs ``git``.
"""

from __future__ import annotations

import os

import msgspec

from dpgcheck.errors import InputError
from dpgcheck.sources.link_result import LinkProber
from dpgcheck.sources.links import HttpLinkChecker
from dpgcheck.sources.local import open_local
from dpgcheck.sources.net import NetPolicy
from dpgcheck.sources.snapshot import HostMetadata, Snapshot
from dpgcheck.sources.targets import parse_target


class SourceOptions(msgspec.Struct, frozen=True):
    """How remote targets are fetched (used by the remote sources)."""

    offline: bool = False
    ref: str | None = None
    cache_dir: str | None = None
    token: str | None = None
    github_url: str | None = None
    gitlab_url: str | None = None
    net: NetPolicy = msgspec.field(default_factory=NetPolicy)
    link_timeout: float = 8.0


def open_target(target: str, options: SourceOptions | None = None) -> Snapshot:
    """Open ``target``: a local directory, a git URL, ``owner/repo`` or a GitHub/GitLab URL.

    A path that exists on disk is always local, even when it reads like ``owner/repo``.
    """
    options = options or SourceOptions()
    remote = parse_target(target, options.ref, options.github_url, options.gitlab_url)
    if remote is None:
        if options.ref:
            raise InputError(
                f"--ref applies to remote repositories, and {target} is a local folder",
                "Check out the ref in the folder (git switch REF), or give the repository's URL.",
            )
        return open_local(target)
    from dpgcheck.sources.remote import open_remote  # git and host clients load only when needed

    return open_remote(remote, options)


def open_link_checker(options: SourceOptions | None = None) -> LinkProber | None:
    """The HTTP link checker of a run, or None with ``--offline``.

    ``DPGCHECK_LINK_HOSTS`` (comma-separated host names), when set, is the only hosts any
    request may reach, redirects included: a network that reaches only some hosts, or a test
    suite that must reach none but its own 127.0.0.1 servers. ``DPGCHECK_LINK_DEADLINE`` and
    ``DPGCHECK_LINK_BUDGET`` (seconds) replace the deadline of one link and the budget of all.
    """
    options = options or SourceOptions()
    if options.offline:
        return None
    hosts = os.environ.get("DPGCHECK_LINK_HOSTS")
    allowed = frozenset(h.strip().lower() for h in hosts.split(",") if h.strip()) if hosts else None
    return HttpLinkChecker(
        timeout=options.link_timeout,
        allowed_hosts=allowed,
        deadline=_seconds("DPGCHECK_LINK_DEADLINE"),
        budget=_seconds("DPGCHECK_LINK_BUDGET"),
    )


def _seconds(name: str) -> float | None:
    """A positive number of seconds from the environment variable ``name``; None when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise InputError(
            f"{name}={value!r} is not a number of seconds", f"Set {name} to a positive number, e.g. 10."
        )
    return seconds


__all__ = [
    "HostMetadata",
    "Snapshot",
    "SourceOptions",
    "open_link_checker",
    "open_target",
]
