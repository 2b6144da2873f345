"""``dpgcheck application``: draft the DPGA application form from what the repository shows."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from dpgcheck.cli.common import (
    EXIT_OK,
    AssetTypes,
    CacheDir,
    ConfigPath,
    Countdown,
    Debug,
    GitHubUrl,
    GitLabUrl,
    ManifestPath,
    NoConfig,
    Offline,
    Token,
    user_errors,
    values,
    write_output,
)


class DraftFormat(StrEnum):
    """The draft's formats: Markdown to paste into the form, JSON in the registry's entry shape."""

    markdown = "markdown"
    json = "json"


def application(
    path: Annotated[
        str,
        typer.Argument(
            help="The repository to draft the application for: a local folder, a git URL, "
            "OWNER/REPO (GitHub), or a GitHub / GitLab URL."
        ),
    ] = ".",
    manifest: ManifestPath = None,
    output_format: Annotated[
        DraftFormat,
        typer.Option(
            "--format",
            "-f",
            help="markdown (to paste into the form) or json (the registry's entry shape).",
        ),
    ] = DraftFormat.markdown,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the draft to this file instead of stdout.")
    ] = None,
    asset_type: AssetTypes = None,
    ref: Annotated[
        str | None, typer.Option(help="Remote targets: the branch, tag or commit SHA to draft from.")
    ] = None,
    cache_dir: CacheDir = None,
    token: Token = None,
    github_url: GitHubUrl = None,
    gitlab_url: GitLabUrl = None,
    offline: Offline = False,
    config: ConfigPath = None,
    no_config: NoConfig = False,
    debug: Debug = False,
) -> None:
    """Draft every question of the DPGA application, each answered with its source and evidence."""
    from dpgcheck.sources import SourceOptions
    from dpgcheck.sources.net import NetPolicy

    with user_errors(debug):
        from dpgcheck import api

        source = SourceOptions(
            offline=offline,
            ref=ref,
            cache_dir=cache_dir,
            token=token,
            github_url=github_url,
            gitlab_url=gitlab_url,
            net=NetPolicy(on_wait=Countdown()),
        )
        draft = api.draft_application(
            path,
            api.CheckOptions(asset_types=values(asset_type), manifest_path=manifest, source=source),
            config_path=config,
            use_config=not no_config,
        )
        if str(output_format) == "json":
            from dpgcheck.formats.application_json import render_application_json

            text = render_application_json(draft)
        else:
            from dpgcheck.formats.application_markdown import render_application_markdown

            text = render_application_markdown(draft)
    write_output(text, None if output is None or str(output) == "-" else output)
    raise typer.Exit(EXIT_OK)
