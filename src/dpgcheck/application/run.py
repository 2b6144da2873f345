"""Draft the application of one target: open it, check it, and answer the form from its facts.

The one place the draft touches the outside world (the target, git for the remote and the
folder's place in its repository); ``draft.draft_application`` itself is pure.
"""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace

from dpgcheck.application.draft import draft_application
from dpgcheck.application.links import Permalinks
from dpgcheck.application.model import Application
from dpgcheck.application.questions import load_questions
from dpgcheck.config import Config, discover_config
from dpgcheck.engine import CheckOptions, build_checker, check_snapshot_facts
from dpgcheck.sources import Snapshot, open_target
from dpgcheck.sources.gitremote import browsable_url, folder_prefix, remote_url


def run_application(
    target: str, options: CheckOptions, config_path: str | None = None, use_config: bool = True
) -> Application:
    """The draft of ``target``'s application, from a check run under its configuration."""
    config = discover_config(target, config_path, use_config) if use_config or config_path else Config()
    questions, labels = load_questions()  # a broken catalog is reported before any work
    checker = build_checker(options.plugins)
    options = replace(
        options,
        asset_types=options.asset_types or config.asset_types,
        exclude=(*options.exclude, *config.exclude),
    )
    snapshot = open_target(target, options.source)
    report, facts = check_snapshot_facts(snapshot, options, checker)
    root = getattr(snapshot, "root", None)
    folder = Path(str(root)).name if snapshot.target.kind == "local" and root is not None else ""
    return draft_application(facts, report, permalinks(snapshot), questions, labels, folder)


def permalinks(snapshot: Snapshot) -> Permalinks:
    """Where evidence links point: the remote and commit that were checked, when known.

    A local checkout links through its git remote (credentials removed) at its HEAD commit; a
    remote target through the URL it was fetched from, at the commit that was checked.
    """
    target = snapshot.target
    if target.kind == "local":
        root = getattr(snapshot, "root", None)
        if root is None or target.revision is None:
            return Permalinks()
        return Permalinks(remote_url(Path(root)), target.revision, folder_prefix(Path(root)))
    return Permalinks(browsable_url(target.location), target.revision)
