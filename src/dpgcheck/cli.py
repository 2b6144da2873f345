"""The command line: parse options, call the library, render, choose the exit code.

This is the only module that prints or exits. Errors the user can fix arrive as
DpgcheckError and leave as ``Error: … / Hint: …`` on stderr with exit code 2; a traceback
appears only with ``--debug``.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from dpgcheck import __version__
from dpgcheck.engine import CheckOptions, build_checker, run
from dpgcheck.errors import DpgcheckError
from dpgcheck.formats import RenderOptions, get_renderer
from dpgcheck.model import FAIL_ON_LEVELS, Report

app = typer.Typer(
    name="dpgcheck",
    help="Check a repository against the Digital Public Goods Standard, indicator by indicator.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class OutputFormat(StrEnum):
    """Report formats of ``check``."""

    text = "text"
    json = "json"


class FailOn(StrEnum):
    """The lowest status that makes ``check`` exit 1."""

    fail = "fail"
    warn = "warn"
    needs_review = "needs-review"
    never = "never"


class AssetType(StrEnum):
    """The DPG asset types."""

    software = "software"
    data = "data"
    content = "content"
    standard = "standard"
    aimodel = "aimodel"


def _fail(message: str, hint: str | None = None) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    if hint:
        typer.echo(f"Hint: {hint}", err=True)
    raise typer.Exit(EXIT_ERROR)


@contextmanager
def _user_errors(debug: bool) -> Iterator[None]:
    """Turn dpgcheck's errors (and, without --debug, any crash) into one clear line."""
    try:
        yield
    except DpgcheckError as exc:
        if debug:
            raise
        _fail(exc.message, exc.hint)
    except KeyboardInterrupt:
        _fail("Interrupted", None)
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if debug:
            raise
        _fail(
            f"Internal error: {exc.__class__.__name__}: {exc}",
            "Run again with --debug for the traceback, and report it as a dpgcheck bug.",
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


def _use_color(to_file: bool) -> bool:
    if to_file or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


def _write_output(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"Cannot write {output}: {exc.strerror or exc}", "Choose a writable --output path.")
    typer.echo(f"Report written to {output}", err=True)


def exit_code(report: Report, fail_on: str) -> int:
    """1 when any indicator is at or above the ``--fail-on`` level, else 0."""
    return EXIT_FINDINGS if report.worst_severity() >= FAIL_ON_LEVELS[fail_on] else EXIT_OK


@app.command()
def check(
    path: Annotated[str, typer.Argument(help="The repository to check: a local folder.")] = ".",
    asset_type: Annotated[
        list[AssetType] | None,
        typer.Option("--type", "-t", help="Asset type(s) of the project; repeat for several."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = OutputFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 when any indicator is at or above this status.")
    ] = FailOn.fail,
    manifest: Annotated[
        str | None,
        typer.Option(help="An evidence manifest file to use instead of the repository's dpg.yaml."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show the evidence of passing indicators too.")
    ] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Check a repository against every indicator of the DPG Standard."""
    with _user_errors(debug):
        types = tuple(t.value for t in asset_type) if asset_type else ("software",)
        report = run(path, CheckOptions(asset_types=types, manifest_path=manifest))
        width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
        rendered = get_renderer(output_format.value)(
            report,
            RenderOptions(color=_use_color(output is not None), width=width, verbose=verbose),
        )
    _write_output(rendered, output)
    raise typer.Exit(exit_code(report, fail_on.value))


@app.command()
def indicators(
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """List the indicators of the catalog (id, title, automation level)."""
    with _user_errors(debug):
        checker = build_checker()
    catalog = checker.catalog
    typer.echo(f"{catalog.standard_name} {catalog.standard_version}")
    for indicator in catalog.indicators:
        typer.echo(f"{indicator.id:<8} {indicator.automation:<8} {indicator.title}")


class LicensesFormat(StrEnum):
    """Output formats of ``licenses``."""

    text = "text"
    json = "json"


@app.command()
def licenses(
    path: Annotated[str, typer.Argument(help="The repository to inspect: a local folder.")] = ".",
    output_format: Annotated[
        LicensesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = LicensesFormat.text,
    asset_type: Annotated[
        list[AssetType] | None,
        typer.Option("--type", "-t", help="Asset type(s) to judge approval for; repeat for several."),
    ] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Detect the licenses of a repository (files, manifests, headers, README), like licensee detect."""
    from dpgcheck.engine import validate_asset_types
    from dpgcheck.facts.licenses import detect_licenses
    from dpgcheck.formats.licenses import render_licenses_json, render_licenses_text
    from dpgcheck.sources import open_target

    with _user_errors(debug):
        types = validate_asset_types([t.value for t in asset_type] if asset_type else ["software"])
        snapshot = open_target(path)
        found = detect_licenses(snapshot, types)
        render = render_licenses_json if output_format is LicensesFormat.json else render_licenses_text
        rendered = render(found, snapshot.target.location, types)
    typer.echo(rendered, nl=False)


def main() -> None:
    """Entry point of the ``dpgcheck`` command."""
    app()
