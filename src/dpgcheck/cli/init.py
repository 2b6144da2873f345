"""``dpgcheck init``: draft the evidence manifest (dpg.yaml) of a repository."""

from __future__ import annotations

from typing import Annotated

import typer

from dpgcheck.cli.common import Debug
from dpgcheck.cli.common import fail as _fail
from dpgcheck.cli.common import user_errors as _user_errors


def init(
    path: Annotated[str, typer.Argument(help="The repository to draft a dpg.yaml for.")] = ".",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing manifest.")] = False,
    debug: Debug = False,
) -> None:
    """Draft dpg.yaml from what dpgcheck detects, with TODOs for what only the project can answer."""
    from dpgcheck.init_manifest import draft_manifest, write_draft

    with _user_errors(debug):
        draft = draft_manifest(path)
    if draft.existing and not force:
        _fail(
            f"{', '.join(draft.existing)} already exists in {path}",
            "Use --force to replace it with a fresh draft (the current answers are lost).",
        )
    with _user_errors(debug):
        target = write_draft(path, draft.text)
    typer.echo(
        f"Wrote {target}: {draft.todos} TODO(s) for the project to answer; "
        "then run `dpgcheck check` to verify it.",
        err=True,
    )
