"""``dpgcheck indicators`` and ``dpgcheck explain``: the catalog's indicators, listed or explained."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from dpgcheck.cli.common import Debug, choices, user_errors

if TYPE_CHECKING:
    CatalogFormat = str
else:
    CatalogFormat = choices("CatalogFormat", ("text", "json"))

IndicatorId = Annotated[
    str | None,
    typer.Argument(
        help="An indicator to explain (DPG-4, or just 4); none lists them all.", show_default=False
    ),
]
Format = Annotated[CatalogFormat, typer.Option("--format", "-f", help="Output format.")]


def indicators(
    indicator_id: IndicatorId = None, output_format: Format = "text", debug: Debug = False
) -> None:
    """List the indicators of the catalog (id, automation level, title), or explain one (as explain)."""
    from dpgcheck.engine import build_checker
    from dpgcheck.explain import catalog_json

    if indicator_id is not None:
        explain(indicator_id, output_format, debug)
        return
    with user_errors(debug):
        checker = build_checker()
        catalog = checker.catalog
        if str(output_format) == "json":
            typer.echo(catalog_json(catalog, checker), nl=False)
            return
    typer.echo(f"{catalog.standard_name} {catalog.standard_version}")
    width = max([8, *(len(indicator.id) for indicator in catalog.indicators)])  # plugin ids are longer
    for indicator in catalog.indicators:
        typer.echo(f"{indicator.id:<{width}} {indicator.automation:<8} {indicator.title}")


def explain(
    indicator_id: Annotated[str, typer.Argument(help="The indicator: DPG-4, or just 4.", show_default=False)],
    output_format: Format = "text",
    debug: Debug = False,
) -> None:
    """Explain one indicator: what the Standard asks, what evidence counts, what dpgcheck reads,
    what gives pass / fail / needs-review, and how to state it in dpg.yaml."""
    from dpgcheck.cli.helpformat import help_width
    from dpgcheck.engine import build_checker
    from dpgcheck.explain import explain_json, explain_text, find_indicator, indicator_data

    with user_errors(debug):
        checker = build_checker()
        indicator = find_indicator(checker.catalog, indicator_id)
        if str(output_format) == "json":
            text = explain_json(indicator, checker)
        else:
            standard = f"{checker.catalog.standard_name} {checker.catalog.standard_version}"
            text = explain_text(indicator_data(indicator, checker), standard, help_width())
    typer.echo(text, nl=False)
