"""Sources turn a target (path, URL, owner/repo, registry entry) into a Snapshot.

This package is the only place that touches the network or runs ``git``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from dpgcheck.errors import InputError
from dpgcheck.sources.links import HttpLinkChecker, LinkProber
from dpgcheck.sources.local import GitListing, open_local, start_local_listing
from dpgcheck.sources.net import NetPolicy
from dpgcheck.sources.snapshot import HostMetadata, Snapshot
from dpgcheck.sources.targets import parse_target


@dataclass(frozen=True)
class SourceOptions:
    """How remote targets are fetched (used by the remote sources)."""

    offline: bool = False
    ref: str | None = None
    cache_dir: str | None = None
    token: str | None = None
    github_url: str | None = None
    gitlab_url: str | None = None
    net: NetPolicy = field(default_factory=NetPolicy)
    link_timeout: float = 8.0


def start_target(target: str, options: SourceOptions | None = None) -> GitListing | None:
    """Begin opening ``target`` in the background, for ``open_target`` to finish: for a local
    folder, git's file listing starts now. None when there is nothing to begin (a remote
    target, a path that is no folder: ``open_target`` reports those). Never raises."""
    if options is not None and options.ref:
        return None  # --ref with a local folder is an error open_target reports
    return start_local_listing(target)  # a path that exists is local (see open_target)


def open_target(
    target: str, options: SourceOptions | None = None, started: GitListing | None = None
) -> Snapshot:
    """Open ``target``: a local directory, a git URL, ``owner/repo`` or a GitHub/GitLab URL.

    A path that exists on disk is always local, even when it reads like ``owner/repo``.
    ``started``: what ``start_target`` began for the same target.
    """
    options = options or SourceOptions()
    remote = parse_target(target, options.ref, options.github_url, options.gitlab_url)
    if remote is None:
        if options.ref:
            raise InputError(
                f"--ref applies to remote repositories, and {target} is a local folder",
                "Check out the ref in the folder (git switch REF), or give the repository's URL.",
            )
        return open_local(target, started)
    if started is not None:
        started.stop()
    from dpgcheck.sources.remote import open_remote  # git and host clients load only when needed

    return open_remote(remote, options)


def open_link_checker(
    options: SourceOptions | None = None, in_child_process: bool = False
) -> LinkProber | None:
    """The HTTP link checker of a run, or None with ``--offline``.

    ``in_child_process``: check the links in a child process, started now (see
    ``link_process``); for a single run, which gets httpx's start-up cost off its own core.
    With one usable CPU there is no other core, and the child's own start-up would only add to
    the run: the links are then checked in-process.
    """
    options = options or SourceOptions()
    if options.offline:
        return None
    hosts = os.environ.get("DPGCHECK_LINK_HOSTS")
    allowed = frozenset(h.strip().lower() for h in hosts.split(",") if h.strip()) if hosts else None
    if in_child_process and usable_cpus() > 1:
        from dpgcheck.sources.link_process import ProcessLinkChecker

        return ProcessLinkChecker(timeout=options.link_timeout, allowed_hosts=allowed)
    return HttpLinkChecker(timeout=options.link_timeout, allowed_hosts=allowed)


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the OS tells it, else all)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


__all__ = [
    "GitListing",
    "HostMetadata",
    "Snapshot",
    "SourceOptions",
    "open_link_checker",
    "open_target",
    "start_target",
]
