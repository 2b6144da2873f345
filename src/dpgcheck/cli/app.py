"""The typer application: the root callback (``--version``) and every command, in order.

``build_app`` registers the commands of ``COMMANDS``. ``app`` is the whole application, for tests
and for help; ``main`` (the ``dpgcheck`` command) runs one holding only the command its command
line names, because typer turns every registered function into a click command on each run
(~20 ms for all of them, ~5 ms for one). The library (engine, facts,
sources, formats) is imported inside the commands that use it, so that ``--version`` and
``--help`` start without loading it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Annotated

import typer

from dpgcheck import __version__
from dpgcheck.cli.helpformat import HelpGroup

COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("dpgcheck.cli.check", "check"),
    "badge": ("dpgcheck.cli.badge", "badge"),
    "schema": ("dpgcheck.cli.schema", "schema_app"),
    "indicators": ("dpgcheck.cli.indicators", "indicators"),
    "explain": ("dpgcheck.cli.indicators", "explain"),
    "init": ("dpgcheck.cli.init", "init"),
    "audit": ("dpgcheck.cli.audit", "audit"),
    "licenses": ("dpgcheck.cli.licenses", "licenses"),
    "application": ("dpgcheck.cli.application", "application"),
}
"""Each command's name, module and object (a function, or a typer group for ``schema``), in the
order ``--help`` lists them."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dpgcheck {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Check a repository against the Digital Public Goods Standard."""


def build_app(names: Sequence[str] = tuple(COMMANDS)) -> typer.Typer:
    """The application with the commands ``names`` (all by default), in ``COMMANDS`` order."""
    built = typer.Typer(
        name="dpgcheck",
        help="Check a repository against the Digital Public Goods Standard, indicator by indicator.",
        no_args_is_help=True,
        # Plain help, wrapped at word boundaries to COLUMNS (cli/helpformat.py), not typer's boxes.
        cls=HelpGroup,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    built.callback()(_root)
    for name in (name for name in COMMANDS if name in names):
        module, attribute = COMMANDS[name]
        command = getattr(import_module(module), attribute)
        if isinstance(command, typer.Typer):
            built.add_typer(command)
        else:
            built.command(name)(command)
    return built


app = build_app()
"""Every command: what tests invoke and what ``dpgcheck --help`` shows."""


def main() -> None:
    """Entry point of the ``dpgcheck`` command."""
    named = sys.argv[1] if len(sys.argv) > 1 else ""
    # Anything but a command's name (--help, --version, a typo to suggest a fix for) needs them all.
    build_app([named] if named in COMMANDS else tuple(COMMANDS))()
