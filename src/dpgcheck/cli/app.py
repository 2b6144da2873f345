"""The typer application: the root callback (``--version``) and every command, registered in order.

The library (engine, facts, sources, formats) is imported inside the commands that use it, so
that ``--version`` and ``--help`` start without loading it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from dpgcheck import __version__
from dpgcheck.cli.application import application
from dpgcheck.cli.audit import audit
from dpgcheck.cli.badge import badge
from dpgcheck.cli.check import check
from dpgcheck.cli.helpformat import HelpGroup
from dpgcheck.cli.indicators import explain, indicators
from dpgcheck.cli.init import init
from dpgcheck.cli.licenses import licenses
from dpgcheck.cli.schema import schema_app

app = typer.Typer(
    name="dpgcheck",
    help="Check a repository against the Digital Public Goods Standard, indicator by indicator.",
    no_args_is_help=True,
    # Plain help, wrapped at word boundaries to COLUMNS (cli/helpformat.py), not typer's boxes.
    cls=HelpGroup,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dpgcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Check a repository against the Digital Public Goods Standard."""


app.command()(check)
app.command()(badge)
app.add_typer(schema_app)
app.command()(indicators)
app.command()(explain)
app.command()(init)
app.command()(audit)
app.command()(licenses)
app.command()(application)


def main() -> None:
    """Entry point of the ``dpgcheck`` command."""
    app()
