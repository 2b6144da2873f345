"""``dpgcheck init``: draft the evidence manifest (dpg.yaml) of a repository, or update it."""

from __future__ import annotations

from typing import Annotated

import typer

from dpgcheck.cli.common import (
    TARGET_FORMS,
    CacheDir,
    Debug,
    GitHubUrl,
    GitLabUrl,
    Offline,
    Ref,
    Token,
    source_options,
)
from dpgcheck.cli.common import fail as _fail
from dpgcheck.cli.common import user_errors as _user_errors


def init(
    path: Annotated[
        str,
        typer.Argument(
            help=f"The repository to draft a dpg.yaml for: {TARGET_FORMS} "
            "(a remote repository's draft is printed, not written)."
        ),
    ] = ".",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing manifest.")] = False,
    ref: Ref = None,
    cache_dir: CacheDir = None,
    token: Token = None,
    github_url: GitHubUrl = None,
    gitlab_url: GitLabUrl = None,
    offline: Offline = False,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Add what dpgcheck now detects to the existing dpg.yaml: only missing fields and "
            "TODOs are filled; every answer and comment is kept; the changes are listed.",
        ),
    ] = False,
    debug: Debug = False,
) -> None:
    """Draft dpg.yaml from what dpgcheck detects, with TODOs for what only the project can answer."""
    from dpgcheck.init_manifest import draft_manifest, write_draft

    if force and update:
        _fail(
            "--force and --update cannot be used together",
            "--update keeps the answers; --force replaces them.",
        )
    with _user_errors(debug):
        source = source_options(
            offline=offline,
            ref=ref,
            cache_dir=cache_dir,
            token=token,
            github_url=github_url,
            gitlab_url=gitlab_url,
        )
        draft = draft_manifest(path, source)
    if draft.remote:
        # No folder of the project's to write into: the draft goes to stdout, to save or pipe.
        typer.echo(draft.text, nl=False)
        typer.echo(
            f"Drafted dpg.yaml for {path} on stdout: {draft.todos} TODO(s) for the project to answer; "
            "save it as dpg.yaml at the repository's root.",
            err=True,
        )
        return
    if update and draft.existing:
        _update(path, draft.text, debug)
        return
    if draft.existing and not force:
        _fail(
            f"{', '.join(draft.existing)} already exists in {path}",
            "Use --update to add what dpgcheck now detects (your answers are kept), "
            "or --force to replace it with a fresh draft (the current answers are lost).",
        )
    with _user_errors(debug):
        target = write_draft(path, draft.text)
    typer.echo(
        f"Wrote {target}: {draft.todos} TODO(s) for the project to answer; "
        "then run `dpgcheck check` to verify it.",
        err=True,
    )


def _update(path: str, draft_text: str, debug: bool) -> None:
    from dpgcheck.init_manifest import write_draft
    from dpgcheck.init_update import existing_manifest, update_manifest

    with _user_errors(debug):
        manifest = existing_manifest(path)
        if manifest is None:  # a dpg.yaml that is no file (a folder): say so, as init does
            _fail(f"No dpg.yaml to update in {path}", "Run `dpgcheck init` to draft one.")
        result = update_manifest(manifest, draft_text)
        if result.changes:
            write_draft(path, result.text, manifest.name)
    if not result.changes:
        typer.echo(f"{manifest.name} is up to date: dpgcheck detected nothing it lacks.", err=True)
        return
    for change in result.changes:
        typer.echo(change)
    typer.echo(
        f"Updated {manifest}: {len(result.changes)} change(s); your answers and comments are kept.",
        err=True,
    )
