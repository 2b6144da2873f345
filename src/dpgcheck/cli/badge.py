"""``dpgcheck badge``: a shields.io endpoint badge for a repository's verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dpgcheck.cli.common import (
    AssetTypes,
    ConfigPath,
    Debug,
    ManifestPath,
    NoConfig,
    Only,
    Skip,
    user_errors,
    values,
    write_output,
)


def badge(
    path: Annotated[str, typer.Argument(help="The repository to check: a local folder.")] = ".",
    asset_type: AssetTypes = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the badge JSON to this file.")
    ] = None,
    manifest: ManifestPath = None,
    config: ConfigPath = None,
    no_config: NoConfig = False,
    only: Only = None,
    skip: Skip = None,
    debug: Debug = False,
) -> None:
    """Print a shields.io endpoint badge (JSON) for the repository; exits 0 whatever the verdict."""
    from dpgcheck import api
    from dpgcheck.formats import RenderOptions, get_renderer

    with user_errors(debug):
        outcome = api.check(
            path,
            api.RunOptions(
                api.CheckOptions(asset_types=values(asset_type), manifest_path=manifest),
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
