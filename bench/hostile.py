"""Run the hostile input corpus of issue 11 against a dpgcheck, with time and peak memory per case.

Usage (from the repository root):

    .venv/bin/python bench/hostile.py [--case NAME ...] [--skip NAME ...] [--timeout 30]
        [--memory-limit 3GiB] [--dpgcheck PATH] [--json FILE] [--list]

Each case builds its input in a temp folder of its own (a repository, a bare remote, a registry,
an HTTP server on 127.0.0.1) and runs dpgcheck through its command line only, so the same script
measures any version: ``--dpgcheck`` names the executable (default: the ``dpgcheck`` beside this
Python). Every run has a hard wall-clock time-out and an address-space limit (the unfixed code
can take 24 GB); on time-out its whole process group is killed. Printed: a Markdown table with,
per case, the time, the peak memory (MB), the exit code(s), the outcome (ok / timeout /
memory-limit / traceback / internal-error) and the case's own safety verdict.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

import hostile_audit
import hostile_git
import hostile_text
from hostile_kit import CASES, Ctx, worst

# Importing them registers their cases; listed and run in this order.
CASE_MODULES = (hostile_git, hostile_text, hostile_audit)


def _ordered() -> list[str]:
    order = [module.__name__ for module in CASE_MODULES]
    names = list(CASES)
    return sorted(names, key=lambda n: (order.index(CASES[n].func.__module__), names.index(n)))


def _size(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = text.strip().lower().removesuffix("ib").removesuffix("b")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dpgcheck", help="the dpgcheck executable to measure (default: the one beside this Python)"
    )
    parser.add_argument("--case", action="append", default=[], help="run only this case (repeatable)")
    parser.add_argument("--skip", action="append", default=[], help="do not run this case (repeatable)")
    parser.add_argument("--no-heavy", action="store_true", help="skip the cases slow to build")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per dpgcheck run")
    parser.add_argument("--memory-limit", type=_size, default=3 * 1024**3, help="address space per process")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--keep", action="store_true", help="keep each case's temp folder")
    return parser


def _command(explicit: str | None) -> list[str] | None:
    """How to run dpgcheck: the executable given, else the one beside this Python, else -m."""
    if explicit:
        return [explicit] if Path(explicit).exists() or shutil.which(explicit) else None
    beside = Path(sys.executable).parent / "dpgcheck"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "dpgcheck"]


def run_case(
    name: str, dpgcheck: list[str], timeout: float, memory_limit: int, keep: bool
) -> dict[str, object]:
    """Build and run one case; its row of results."""
    tmp = Path(tempfile.mkdtemp(prefix=f"hostile-{name}-"))
    ctx = Ctx(tmp, dpgcheck, timeout, memory_limit)
    started = time.monotonic()
    bench_error = None
    try:
        CASES[name].func(ctx)
    except Exception as exc:  # a case that cannot be built is reported, the others still run
        bench_error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc(file=sys.stderr)
    finally:
        if keep:
            print(f"[{name}] kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    outcomes = [run.outcome for run in ctx.runs]
    if bench_error:
        ctx.verdict["bench error"] = bench_error
    return {
        "case": name,
        "description": CASES[name].doc,
        "seconds": round(ctx.elapsed, 2),
        "build_seconds": round(time.monotonic() - started - ctx.elapsed, 2),
        "peak_mb": round(max((run.peak_mb for run in ctx.runs), default=0.0), 1),
        "exit": [run.code for run in ctx.runs],
        "outcome": worst(outcomes),
        "outcomes": outcomes,
        "verdict": ctx.verdict,
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(rows: list[dict[str, object]]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| case | time (s) | peak MB | exit | outcome | verdict |",
        "| --- | ---: | ---: | --- | --- | --- |",
    ]
    for row in rows:
        codes = row["exit"]
        exits = ",".join("killed" if c is None else str(c) for c in codes) if isinstance(codes, list) else ""
        verdict = row["verdict"]
        said = "; ".join(f"{k}: {v}" for k, v in verdict.items()) if isinstance(verdict, dict) else ""
        lines.append(
            f"| {row['case']} | {row['seconds']} | {row['peak_mb']} | {exits} | {row['outcome']} | "
            f"{_cell(said)} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen cases and print the table; 2 on a usage error."""
    args = _parser().parse_args(argv)
    if args.list:
        for item in (CASES[name] for name in _ordered()):
            print(f"{item.name:24} {'(heavy) ' if item.heavy else ''}{item.doc}")
        return 0
    unknown = [name for name in args.case + args.skip if name not in CASES]
    if unknown:
        print(f"Error: unknown case(s): {', '.join(unknown)} (see --list)", file=sys.stderr)
        return 2
    command = _command(args.dpgcheck)
    if command is None:
        print(f"Error: no dpgcheck at {args.dpgcheck}", file=sys.stderr)
        return 2
    names = args.case or [n for n in _ordered() if not (args.no_heavy and CASES[n].heavy)]
    names = [name for name in names if name not in args.skip]
    rows = []
    for name in names:
        print(f"[{name}] ...", file=sys.stderr, flush=True)
        row = run_case(name, command, args.timeout, args.memory_limit, args.keep)
        print(f"[{name}] {row['outcome']} in {row['seconds']} s, {row['peak_mb']} MB", file=sys.stderr)
        rows.append(row)
    limit = args.memory_limit / 1024**3
    print(f"dpgcheck: {' '.join(command)}; time-out {args.timeout:g} s; memory limit {limit:g} GiB\n")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
