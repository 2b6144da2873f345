"""``dpgcheck check``: check one repository and write its report in one or more formats."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from dpgcheck.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    TARGET_FORMS,
    AssetTypes,
    CacheDir,
    ConfigPath,
    Debug,
    FailOn,
    GitHubUrl,
    GitLabUrl,
    ManifestPath,
    NoConfig,
    Offline,
    Only,
    OutputFormat,
    Ref,
    Skip,
    Token,
    source_options,
    use_color,
    user_errors,
    values,
    write_output,
)


def check(
    path: Annotated[
        str,
        typer.Argument(help=f"The repository to check: {TARGET_FORMS}."),
    ] = ".",
    asset_type: AssetTypes = None,
    output_format: Annotated[
        list[OutputFormat] | None,
        typer.Option("--format", "-f", help="Report format; repeat, each with an --output, for several."),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to this file instead of stdout (repeatable; - is stdout).",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            help="Exit 1 when any required, unwaived indicator is at or above this status "
            "(default: the configuration's fail-on, else fail)."
        ),
    ] = None,
    manifest: ManifestPath = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show the evidence of passing indicators too.")
    ] = False,
    ref: Ref = None,
    cache_dir: CacheDir = None,
    token: Token = None,
    github_url: GitHubUrl = None,
    gitlab_url: GitLabUrl = None,
    offline: Offline = False,
    debug: Debug = False,
    config: ConfigPath = None,
    no_config: NoConfig = False,
    only: Only = None,
    skip: Skip = None,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Print nothing (errors aside); the exit code is the verdict."),
    ] = False,
) -> None:
    """Check a repository against every indicator of the DPG Standard."""
    with user_errors(debug):
        source = source_options(
            offline=offline,
            ref=ref,
            cache_dir=cache_dir,
            token=token,
            github_url=github_url,
            gitlab_url=gitlab_url,
        )
        from dpgcheck import api
        from dpgcheck.formats import RenderOptions, get_renderer
        from dpgcheck.outputs import plan_outputs

        plan = plan_outputs(list(values(output_format)), output or [])
        outcome = api.check(
            path,
            api.RunOptions(
                api.CheckOptions(asset_types=values(asset_type), manifest_path=manifest, source=source),
                api.Policy(
                    config_path=config,
                    use_config=not no_config,
                    fail_on=str(fail_on) if fail_on else None,
                    only=tuple(only or ()),
                    skip=tuple(skip or ()),
                ),
            ),
        )
        report = outcome.report
        # COLUMNS first (piped output too), then the terminal's width, else 100.
        width = shutil.get_terminal_size((100, 24)).columns
        rendered = [
            (
                spec,
                get_renderer(spec.format)(
                    report,
                    RenderOptions(color=use_color(spec.path is not None), width=width, verbose=verbose),
                ),
            )
            for spec in plan
        ]
    if verbose and not quiet:
        typer.echo(f"Configuration: {outcome.config.source or 'none'}; fail-on: {outcome.fail_on}", err=True)
    if not quiet and not any(spec.path is None and spec.format == "text" for spec in plan):
        for note in report.notes:  # the text report prints them; other formats carry them inside
            typer.echo(f"Note: {note}", err=True)
    for spec, text in rendered:
        if not (quiet and spec.path is None):
            write_output(text, spec.path, quiet)
    if outcome.failed and not quiet and all(spec.path is not None for spec in plan):
        # Every report went to a file: the terminal still learns why the exit status is 1.
        from dpgcheck.formats._shared import gate_text

        typer.echo(f"Gate: {gate_text(report) or 'failed'}", err=True)
    raise typer.Exit(EXIT_FINDINGS if outcome.failed else EXIT_OK)
