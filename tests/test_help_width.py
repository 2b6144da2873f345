"""Help and text reports at the width COLUMNS gives: words whole, no trailing spaces.

Every command's ``--help`` at several widths (the choice lists were split mid-word at 80 and
100 columns, every line padded with spaces), and the text report of ``check`` piped (its
width ignored COLUMNS when not on a terminal; a third of its lines ended in spaces).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer import _click
from typer.testing import CliRunner

from dpgcheck.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WIDTHS = (60, 80, 100, 140)


def _commands() -> list[tuple[list[str], _click.Command]]:
    """Every command and group, by its words on the command line."""
    found: list[tuple[list[str], _click.Command]] = []

    def walk(words: list[str], command: _click.Command) -> None:
        found.append((words, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk([*words, name], sub)

    walk([], typer.main.get_command(app))
    return found


COMMANDS = _commands()


def _choice_lists(command: _click.Command) -> list[str]:
    """The ``<a|b|c>`` lists of the command's choice options, as the help shows them."""
    return [
        "<" + "|".join(str(choice) for choice in param.type.choices) + ">"
        for param in command.params
        if getattr(param.type, "choices", None)
    ]


def _words(text: str) -> set[str]:
    return set(text.split())


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("words", "command"), COMMANDS, ids=[" ".join(w) or "dpgcheck" for w, _ in COMMANDS])
def test_help_wraps_at_words_within_the_width(words: list[str], command: _click.Command, width: int) -> None:
    result = CliRunner().invoke(app, [*words, "--help"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line != line.rstrip()], "a help line ends in spaces"
    for choices in _choice_lists(command):
        assert choices in result.stdout  # whole, on one line: never "markdo" / "wn"
    # Every option help's words come out whole: wrapping only moves them to the next line.
    for param in command.params:
        help_text = getattr(param, "help", None) or ""
        assert _words(help_text) <= _words(result.stdout), param.name
    # Within the width, but for a line that is one unbreakable term (an option and its choices).
    long_lines = [line for line in lines if len(line) > width]
    assert all(len(line.split()) <= 3 for line in long_lines), long_lines


def test_help_is_wider_when_columns_say_so_even_when_piped() -> None:
    def longest(columns: int) -> int:
        env = {**os.environ, "COLUMNS": str(columns)}
        done = subprocess.run(
            [sys.executable, "-m", "dpgcheck", "check", "--help"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        )
        return max(len(line) for line in done.stdout.splitlines())

    assert longest(60) <= 60 < 80 < longest(110) <= 110


@pytest.mark.parametrize("columns", [80, 100, 140])
def test_text_report_follows_columns_when_piped_and_has_no_trailing_spaces(columns: int) -> None:
    env = {**os.environ, "COLUMNS": str(columns)}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "dpgcheck", "check", str(EXAMPLES / "failing"), "--offline"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) > 40
    assert [line for line in lines if line != line.rstrip()] == []
    # Within the width (a "See:" link stays whole on its line, however long), and using it.
    wrapped = [line for line in lines if not line.lstrip().startswith("See: ")]
    assert max(len(line) for line in wrapped) <= columns
    assert max(len(line) for line in wrapped) > columns - 15  # the width is used, not 100 always


def test_coloured_text_report_has_no_spaces_before_its_closing_codes() -> None:
    from dpgcheck import api
    from dpgcheck.formats import RenderOptions
    from dpgcheck.formats.text import render_text
    from dpgcheck.sources import SourceOptions

    run = api.check(
        str(EXAMPLES / "failing"),
        api.RunOptions(api.CheckOptions(source=SourceOptions(offline=True)), api.Policy()),
    )
    text = render_text(run.report, RenderOptions(color=True, width=90))
    assert "\x1b[" in text
    import re

    padded = [line for line in text.splitlines() if re.search(r"[ \t](?:\x1b\[[0-9;]*m)*$", line)]
    assert padded == []
