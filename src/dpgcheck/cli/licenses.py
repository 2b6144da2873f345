"""``dpgcheck licenses``: the license detection alone, like ``licensee detect``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from dpgcheck.cli.common import (
    TARGET_FORMS,
    AssetType,
    CacheDir,
    Debug,
    GitHubUrl,
    GitLabUrl,
    Offline,
    Ref,
    Token,
    choices,
    source_options,
    user_errors,
    values,
)

# This command's own formats: renderings of the detection, not of a Report.
if TYPE_CHECKING:
    LicensesFormat = str
else:
    LicensesFormat = choices("LicensesFormat", ("text", "json"))


def licenses(
    path: Annotated[str, typer.Argument(help=f"The repository to inspect: {TARGET_FORMS}.")] = ".",
    output_format: Annotated[LicensesFormat, typer.Option("--format", "-f", help="Output format.")] = "text",
    asset_type: Annotated[
        list[AssetType] | None,
        typer.Option("--type", "-t", help="Asset type(s) to judge approval for; repeat for several."),
    ] = None,
    ref: Ref = None,
    cache_dir: CacheDir = None,
    token: Token = None,
    github_url: GitHubUrl = None,
    gitlab_url: GitLabUrl = None,
    offline: Offline = False,
    debug: Debug = False,
) -> None:
    """Detect the licenses of a repository (files, manifests, headers, README), like licensee detect."""
    from dpgcheck.api import detect_licenses
    from dpgcheck.formats.licenses import render_licenses_json, render_licenses_text

    with user_errors(debug):
        source = source_options(
            offline=offline,
            ref=ref,
            cache_dir=cache_dir,
            token=token,
            github_url=github_url,
            gitlab_url=gitlab_url,
        )
        found = detect_licenses(path, values(asset_type) or ("software",), source)
        render = render_licenses_json if str(output_format) == "json" else render_licenses_text
        rendered = render(found.licenses, found.location, found.asset_types)
    typer.echo(rendered, nl=False)
