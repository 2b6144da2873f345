"""``dpgcheck badge``: a shields.io endpoint badge for a repository's verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dpgcheck.cli.common import (
    TARGET_FORMS,
    AssetTypes,
    CacheDir,
    ConfigPath,
    Debug,
    GitHubUrl,
    GitLabUrl,
    ManifestPath,
    NoConfig,
    Offline,
    Only,
    Ref,
    Skip,
    Token,
    source_options,
    user_errors,
    values,
    write_output,
)


def badge(
    path: Annotated[str, typer.Argument(help=f"The repository to check: {TARGET_FORMS}.")] = ".",
    asset_type: AssetTypes = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the badge JSON to this file.")
    ] = None,
    manifest: ManifestPath = None,
    config: ConfigPath = None,
    no_config: NoConfig = False,
    only: Only = None,
    skip: Skip = None,
    ref: Ref = None,
    cache_dir: CacheDir = None,
    token: Token = None,
    github_url: GitHubUrl = None,
    gitlab_url: GitLabUrl = None,
    offline: Offline = False,
    debug: Debug = False,
) -> None:
    """Print a shields.io endpoint badge (JSON) for the repository; exits 0 whatever the verdict."""
    from dpgcheck import api
    from dpgcheck.formats import RenderOptions, get_renderer

    with user_errors(debug):
        source = source_options(
            offline=offline,
            ref=ref,
            cache_dir=cache_dir,
            token=token,
            github_url=github_url,
            gitlab_url=gitlab_url,
        )
        outcome = api.check(
            path,
            api.RunOptions(
                api.CheckOptions(asset_types=values(asset_type), manifest_path=manifest, source=source),
                api.Policy(
                    config_path=config,
                    use_config=not no_config,
                    only=tuple(only or ()),
                    skip=tuple(skip or ()),
                ),
            ),
        )
        rendered = get_renderer("badge")(outcome.report, RenderOptions())
    write_output(rendered, output)
