"""Several report formats in one run: pair each ``--format`` with an ``--output``.

The i-th ``--format`` goes to the i-th ``--output``. An output without a format takes the format
its extension names (``.sarif``, ``.xml`` → junit, ``.md``, ``.html``, ``.json``); at most one
format may be left without an output, and it goes to stdout. ``--output -`` is stdout too, so
``-f sarif -o results.sarif -f text -o -`` says which report the terminal gets; still only one
report may go to stdout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class OutputSpec:
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
