"""``dpgcheck indicators``: list the catalog's indicators, plugins' included."""

from __future__ import annotations

import typer

from dpgcheck.cli.common import Debug, user_errors


def indicators(debug: Debug = False) -> None:
    """List the indicators of the catalog (id, title, automation level)."""
    with user_errors(debug):
        from dpgcheck.api import indicator_catalog

        catalog = indicator_catalog()
    typer.echo(f"{catalog.standard_name} {catalog.standard_version}")
    width = max([8, *(len(indicator.id) for indicator in catalog.indicators)])  # plugin ids are longer
    for indicator in catalog.indicators:
        typer.echo(f"{indicator.id:<{width}} {indicator.automation:<8} {indicator.title}")
