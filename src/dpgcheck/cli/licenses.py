"""``dpgcheck licenses``: the license detection alone, like ``licensee detect``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from dpgcheck.cli.common import AssetType, Debug, choices, user_errors, values

# This command's own formats: renderings of the detection, not of a Report.
if TYPE_CHECKING:
    LicensesFormat = str
else:
    LicensesFormat = choices("LicensesFormat", ("text", "json"))


def licenses(
    path: Annotated[str, typer.Argument(help="The repository to inspect: a local folder.")] = ".",
    output_format: Annotated[LicensesFormat, typer.Option("--format", "-f", help="Output format.")] = "text",
    asset_type: Annotated[
        list[AssetType] | None,
        typer.Option("--type", "-t", help="Asset type(s) to judge approval for; repeat for several."),
    ] = None,
    debug: Debug = False,
) -> None:
    """Detect the licenses of a repository (files, manifests, headers, README), like licensee detect."""
    from dpgcheck.api import detect_licenses
    from dpgcheck.formats.licenses import render_licenses_json, render_licenses_text

    with user_errors(debug):
        found = detect_licenses(path, values(asset_type) or ("software",))
        render = render_licenses_json if str(output_format) == "json" else render_licenses_text
        rendered = render(found.licenses, found.location, found.asset_types)
    typer.echo(rendered, nl=False)
