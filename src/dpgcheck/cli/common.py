"""What the commands share: option types, the one error handler, output writing, progress.

The option choices come from the registries they name (the formats registry, the catalog's
asset types, the model's fail-on levels), so a format or level added there is offered here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, cast

import typer

from dpgcheck.catalog import ASSET_TYPES
from dpgcheck.errors import DpgcheckError
from dpgcheck.formats import available_formats
from dpgcheck.model import FAIL_ON_LEVELS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def choices(name: str, values: Iterable[str]) -> type[StrEnum]:
    """A StrEnum of ``values``: typer offers its members as an option's choices."""
    members = {value.replace("-", "_"): value for value in values}
    # Enum's functional API makes a class; typeshed types the call as making a member.
    return cast("type[StrEnum]", StrEnum(name, members))


# The options are annotated with these; mypy sees the strings they are (str() of a member is
# its value), typer the enums it offers as choices.
if TYPE_CHECKING:
    from dpgcheck.sources import SourceOptions
    from dpgcheck.sources.net import NetPolicy

    AssetType = str
    FailOn = str
    OutputFormat = str
else:
    AssetType = choices("AssetType", ASSET_TYPES)
    FailOn = choices("FailOn", FAIL_ON_LEVELS)
    OutputFormat = choices("OutputFormat", available_formats())


def values(chosen: Iterable[object] | None) -> tuple[str, ...]:
    """The chosen members of a repeatable choice option, as strings."""
    return tuple(str(item) for item in chosen or ())


# Options several commands take with the same meaning.
AssetTypes = Annotated[
    list[AssetType] | None,
    typer.Option("--type", "-t", help="Asset type(s) of the project; repeat for several."),
]
ManifestPath = Annotated[
    str | None,
    typer.Option(help="An evidence manifest file to use instead of the repository's dpg.yaml."),
]
ConfigPath = Annotated[
    str | None,
    typer.Option(
        help="The configuration file (.dpgcheck.yaml or pyproject.toml); "
        "by default the one at the target's root."
    ),
]
NoConfig = Annotated[bool, typer.Option("--no-config", help="Ignore the configuration at the target's root.")]
Only = Annotated[list[str] | None, typer.Option(help="Check only this indicator (repeat, or DPG-2,DPG-5).")]
Skip = Annotated[list[str] | None, typer.Option(help="Do not check this indicator (repeat, or DPG-1,DPG-8).")]
Debug = Annotated[
    bool, typer.Option("--debug", help="Show tracebacks of internal errors.", show_default=False)
]
# The network options every command that reaches a remote repository takes, worded once.
CacheDir = Annotated[
    str | None, typer.Option(help="Where remote repositories are cached (default: user cache dir).")
]
Token = Annotated[
    str | None,
    typer.Option(
        help="Token for GitHub / GitLab (default: GITHUB_TOKEN or GH_TOKEN; GITLAB_TOKEN).",
        show_default=False,
    ),
]
GitHubUrl = Annotated[
    str | None, typer.Option(help="GitHub Enterprise web address (default https://github.com).")
]
GitLabUrl = Annotated[
    str | None, typer.Option(help="Self-hosted GitLab address (default https://gitlab.com).")
]
Offline = Annotated[
    bool,
    typer.Option(
        "--offline",
        help="No network at all: cached remote commits only, links not checked.",
        show_default=False,
    ),
]
Ref = Annotated[str | None, typer.Option(help="Remote targets: the branch, tag or commit SHA to check.")]
# What a target argument may be, worded once for every command that opens one.
TARGET_FORMS = "a local folder, a git URL, OWNER/REPO (GitHub), or a GitHub / GitLab URL"
# The options above, by their command-line names: every command that opens a target takes them
# all, so a hint from the sources (which name them) is always something the user can type.
NETWORK_OPTIONS = ("--offline", "--token", "--cache-dir", "--github-url", "--gitlab-url")


def source_options(
    *,
    offline: bool,
    cache_dir: str | None,
    token: str | None,
    github_url: str | None,
    gitlab_url: str | None,
    ref: str | None = None,
    net: NetPolicy | None = None,
) -> SourceOptions:
    """The sources' options from the network options a command was given (``net``: how to wait
    out rate limits; by default a countdown on stderr)."""
    from dpgcheck.sources import SourceOptions
    from dpgcheck.sources.net import NetPolicy

    return SourceOptions(
        offline=offline,
        ref=ref,
        cache_dir=cache_dir,
        token=token,
        github_url=github_url,
        gitlab_url=gitlab_url,
        net=net or NetPolicy(on_wait=Countdown()),
    )


def fail(message: str, hint: str | None = None) -> NoReturn:
    """Print ``Error: … / Hint: …`` on stderr and exit 2."""
    typer.echo(f"Error: {message}", err=True)
    if hint:
        typer.echo(f"Hint: {hint}", err=True)
    raise typer.Exit(EXIT_ERROR)


@contextmanager
def user_errors(debug: bool) -> Iterator[None]:
    """Turn dpgcheck's errors (and, without --debug, any crash) into one clear line.

    The one place a DpgcheckError becomes a message: every command runs its library calls in it.
    """
    try:
        yield
    except DpgcheckError as exc:
        if debug:
            raise
        fail(exc.message, exc.hint)
    except KeyboardInterrupt:
        fail("Interrupted", None)
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if debug:
            raise
        fail(
            f"Internal error: {exc.__class__.__name__}: {exc}",
            "Run again with --debug for the traceback, and report it as a dpgcheck bug.",
        )


def use_color(to_file: bool) -> bool:
    """Whether a report written to stdout (or a file) should carry colour."""
    if to_file or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


def write_output(text: str, output: Path | None, quiet: bool = False) -> None:
    """Print ``text``, or write it to ``output`` whole or not at all (an OSError exits 2)."""
    from dpgcheck.outputs import write_atomically

    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(output, text)  # whole or not at all: never an empty or partial report
    except OSError as exc:
        fail(f"Cannot write {output}: {exc.strerror or exc}", "Choose a writable --output path.")
    if not quiet:
        typer.echo(f"Report written to {output}", err=True)


class Countdown:
    """Shows a source's wait (a rate-limit reset) on stderr: a live countdown on a terminal."""

    def __init__(self) -> None:
        self._shown: str | None = None

    def __call__(self, message: str, remaining: float) -> None:
        if sys.stderr.isatty():
            end = "\n" if remaining <= 0 else ""
            typer.echo(f"\r{message}: {remaining:4.0f} s left ", err=True, nl=False)
            if end:
                typer.echo("", err=True)
        elif self._shown != message:
            self._shown = message
            typer.echo(f"{message} ({remaining:.0f} s)…", err=True)
