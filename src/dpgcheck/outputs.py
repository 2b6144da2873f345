"""Several report formats in one run: pair each ``--format`` with an ``--output``.

The i-th ``--format`` goes to the i-th ``--output``. An output without a format takes the format
its extension names (``.sarif``, ``.xml`` → junit, ``.md``, ``.html``, ``.json``); at most one
format may be left without an output, and it goes to stdout. ``--output -`` is stdout too, so
``-f sarif -o results.sarif -f text -o -`` says which report the terminal gets; still only one
report may go to stdout.

Every file is written whole or not at all (``atomic_file``): a failed write leaves whatever
was there before, never an empty or half-written report.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

import msgspec

from dpgcheck.errors import UsageError

DEFAULT_FORMAT = "text"
STDOUT = "-"
"""The ``--output`` that means stdout, as for most command-line tools."""

EXTENSION_FORMATS = {
    ".sarif": "sarif",
    ".json": "json",
    ".xml": "junit",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}


# The built-in formats a known extension can hold: SARIF and the badge are JSON too, markdown is
# text. A built-in format outside its extension's set is a contradiction (`-o report.html -f json`
# would write JSON into report.html); a plugin's format is never second-guessed.
EXTENSION_ACCEPTS = {
    ".sarif": frozenset({"sarif"}),
    ".json": frozenset({"json", "sarif", "badge"}),
    ".xml": frozenset({"junit"}),
    ".md": frozenset({"markdown"}),
    ".markdown": frozenset({"markdown"}),
    ".html": frozenset({"html"}),
    ".htm": frozenset({"html"}),
    ".txt": frozenset({"text", "markdown"}),
}
_BUILTIN_FORMATS = frozenset({"text", "badge"}).union(*EXTENSION_ACCEPTS.values())


class OutputSpec(msgspec.Struct, frozen=True):
    """One report to produce: a format and a file (None: stdout)."""

    format: str
    path: Path | None = None


def plan_outputs(formats: Sequence[str], outputs: Sequence[Path]) -> list[OutputSpec]:
    """The reports to write, in order; contradictions are UsageErrors."""
    if not formats and not outputs:
        return [OutputSpec(DEFAULT_FORMAT)]
    plan: list[OutputSpec] = []
    for index, path in enumerate(outputs):
        if str(path) == STDOUT:
            plan.append(OutputSpec(formats[index] if index < len(formats) else DEFAULT_FORMAT))
            continue
        if index < len(formats):
            _check_extension(formats[index], path)
            plan.append(OutputSpec(formats[index], path))
            continue
        inferred = EXTENSION_FORMATS.get(path.suffix.lower())
        if inferred is None:
            if not formats and len(outputs) == 1:
                inferred = DEFAULT_FORMAT  # `-o report.out` alone keeps meaning the text report
            else:
                raise UsageError(
                    f"Cannot tell the format of --output {path} from its extension",
                    "Give a --format for every --output, in the same order.",
                )
        plan.append(OutputSpec(inferred, path))
    plan.extend(OutputSpec(name) for name in formats[len(outputs) :])
    to_stdout = [spec.format for spec in plan if spec.path is None]
    if len(to_stdout) > 1:
        raise UsageError(
            f"{len(to_stdout)} formats ({', '.join(to_stdout)}) would all go to stdout",
            "Give an --output for each --format, in the same order; one format may go to stdout.",
        )
    seen: set[Path] = set()
    for spec in plan:
        if spec.path is not None:
            resolved = spec.path.resolve()
            if resolved in seen:
                raise UsageError(f"--output {spec.path} is given twice", "Write each format to its own file.")
            seen.add(resolved)
    return plan


def _check_extension(format_name: str, path: Path) -> None:
    """Refuse a built-in format written to a file whose extension names another format."""
    accepted = EXTENSION_ACCEPTS.get(path.suffix.lower())
    if accepted is None or format_name not in _BUILTIN_FORMATS or format_name in accepted:
        return
    named = EXTENSION_FORMATS[path.suffix.lower()]
    raise UsageError(
        f"--format {format_name} contradicts --output {path}, whose extension means {named}",
        f"Use --format {named} for {path}, or give the file an extension that fits {format_name}.",
    )


@contextmanager
def atomic_file(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text file to write ``path`` through: it replaces ``path`` only once it is complete.

    The text goes to a temporary file beside ``path`` that ``os.replace`` renames over it when
    the block ends; an exception (a disk full, a render that fails halfway) removes the
    temporary file and leaves ``path`` as it was. A path that is not a regular file (``/dev/stdout``,
    a pipe) is written directly, and a link is followed, so the link stays a link.
    """
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with target.open("w", encoding="utf-8", errors="backslashreplace", newline="") as handle:
            yield handle
        return
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); a report gets the mode any new file would.
        os.fchmod(descriptor, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        # backslashreplace: a plugin's renderer may still hand over a lone surrogate; the file
        # shows it as \udcff rather than failing to be written.
        with open(descriptor, "w", encoding="utf-8", errors="backslashreplace", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8, whole or not at all (see ``atomic_file``)."""
    with atomic_file(path) as handle:
        handle.write(text)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
