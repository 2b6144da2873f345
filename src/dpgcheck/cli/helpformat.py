"""Help text that wraps at word boundaries, to the width ``COLUMNS`` (or the terminal) gives.

typer's boxed help splits long choice lists mid-word at 80 columns ("markdo|wn") and pads every
line with spaces; click's plain help breaks hyphenated words ("no-|offline"). The commands use
plain help with this formatter: a word (an option value, a URL) is never broken, no line ends
in spaces, and the width follows ``COLUMNS`` whether or not the output is a terminal.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from typing import Any

from typer import _click
from typer.core import TyperGroup

HELP_MAX_WIDTH = 120  # wider than this, lines are harder to read than they are saved
HELP_MIN_WIDTH = 50


def help_width() -> int:
    """The help's width: ``COLUMNS``, else the terminal's, else 80; kept within readable bounds."""
    columns = shutil.get_terminal_size((80, 24)).columns  # reads COLUMNS first, terminal or not
    return max(min(columns, HELP_MAX_WIDTH) - 2, HELP_MIN_WIDTH)


def wrap_words(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` wrapped to ``width`` at spaces only, paragraph by paragraph (blank-line separated)."""
    wrapper = textwrap.TextWrapper(
        width=width,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        if lines:
            lines.append("")
        lines.extend(wrapper.wrap(" ".join(paragraph.split())) or [""])
    return [line.rstrip() for line in lines]


class WordWrapFormatter(_click.HelpFormatter):
    """click's help formatter, wrapping at spaces only and never leaving trailing spaces."""

    def __init__(
        self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None
    ) -> None:
        super().__init__(indent_increment, width or help_width(), max_width)

    def write_text(self, text: str) -> None:
        """A paragraph of text at the current indentation."""
        indent = " " * self.current_indent
        self.write("\n".join(wrap_words(text, self.width, indent)) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """A definition list: the terms, and their help wrapped beside them (or below a long term)."""
        rows = list(rows)
        term_width = min(max((len(term) for term, _ in rows), default=0), col_max)
        first_col = term_width + col_spacing
        pad = " " * (self.current_indent + first_col)
        for term, definition in rows:
            self.write(" " * self.current_indent + term)
            if not definition:
                self.write("\n")
                continue
            lines = wrap_words(definition, max(self.width - first_col - self.current_indent, 20))
            if len(term) <= term_width:
                self.write(" " * (first_col - len(term)) + lines[0] + "\n")
                rest = lines[1:]
            else:
                self.write("\n")
                rest = lines
            for line in rest:
                self.write((pad + line).rstrip() + "\n")

    def getvalue(self) -> str:
        """The help text, without a space at any line's end."""
        return "\n".join(line.rstrip() for line in super().getvalue().split("\n"))


class HelpContext(_click.Context):
    """A command's context whose help uses :class:`WordWrapFormatter`."""

    formatter_class = WordWrapFormatter


class HelpGroup(TyperGroup):
    """A command group whose commands (and itself) format their help with WordWrapFormatter."""

    context_class = HelpContext

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The subcommand, set to make its context (and so its help) like this group's."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            command.context_class = HelpContext
        return command
