"""``dpgcheck schema``: the JSON Schemas of dpgcheck's files (the report, the evidence manifest)."""

from __future__ import annotations

import typer

from dpgcheck.cli.helpformat import HelpGroup

schema_app = typer.Typer(
    name="schema", help="Print the JSON Schemas of dpgcheck's files.", no_args_is_help=True, cls=HelpGroup
)


@schema_app.command("report")
def schema_report() -> None:
    """The JSON Schema (draft 2020-12) of the JSON report, `check --format json`."""
    from dpgcheck.report_schema import report_schema_text

    typer.echo(report_schema_text(), nl=False)


@schema_app.command("manifest")
def schema_manifest() -> None:
    """The JSON Schema of the evidence manifest (dpg.yaml / dpg.json), for editors and CI."""
    from dpgcheck.facts.manifest.schema import schema_text

    typer.echo(schema_text("manifest"), nl=False)
