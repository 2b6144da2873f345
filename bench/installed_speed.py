#!/usr/bin/env python3
"""Benchmark: what a fresh process pays to learn the installed plugins and askalono's version.

Times ``from dpgcheck.plugins import load_plugins; load_plugins()`` plus
``_askalono_version()`` in fresh interpreters (perf_counter inside the process), cold (no
``installed.json`` in the cache folder, so importlib.metadata is asked) and warm (the file is
there), and prints the medians and whether importlib.metadata was imported. ``--check`` adds the
wall time of ``python -m dpgcheck check examples/passing -f json``.

    .venv/bin/python bench/installed_speed.py                  # this checkout's src, 9 runs
    .venv/bin/python bench/installed_speed.py --src /tmp/old/src --src src --check  # interleaved

The source folder is byte-compiled first, as a wheel install is. This is a script, not a test:
numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent

SNIPPET = (
    "import time, sys; t = time.perf_counter()\n"
    "from dpgcheck.plugins import load_plugins; load_plugins()\n"
    "from dpgcheck.facts.license_cache import _askalono_version; _askalono_version()\n"
    "print((time.perf_counter() - t) * 1000, 'importlib.metadata' in sys.modules)\n"
)


def main() -> None:
    """Run the measurements and print one line per case."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--src",
        type=Path,
        action="append",
        help="folder holding dpgcheck (repeat to compare checkouts; default: this checkout's src)",
    )
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--check", action="store_true", help="also time a whole check")
    args = parser.parse_args()
    sources: list[Path] = args.src or [CHECKOUT / "src"]

    for src in sources:
        compileall.compile_dir(str(src), quiet=1)
    # dpgcheck.installed only remembers an answer once sys.path's folders have kept their
    # modification time for 2 s; byte-compiling may just have changed one.
    time.sleep(2.5)
    with tempfile.TemporaryDirectory(prefix="installed-bench-") as scratch:
        cwd = Path(scratch) / "cwd"  # on sys.path (python -c): keep it empty and settled
        cwd.mkdir()
        past = time.time_ns() - 3600 * 1_000_000_000
        os.utime(cwd, ns=(past, past))

        def run(src: Path, command: list[str]) -> tuple[float, bool | None]:
            env = {**os.environ, "PYTHONPATH": str(src), "DPGCHECK_CACHE_DIR": str(cache_of[src])}
            for name in ("DPGCHECK_NO_CACHE", "PYTHONDONTWRITEBYTECODE"):
                env.pop(name, None)
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, *command], env=env, cwd=cwd, capture_output=True, text=True, check=True
            ).stdout
            if command[0] != "-c":
                return (time.perf_counter() - start) * 1000, None
            ms, imported = out.split()
            return float(ms), imported == "True"

        cache_of = {src: Path(scratch) / f"cache{number}" for number, src in enumerate(sources)}
        cases = [("load_plugins + _askalono_version", ["-c", SNIPPET])]
        if args.check:
            check = ["-m", "dpgcheck", "check", str(CHECKOUT / "examples" / "passing"), "-f", "json"]
            cases.append(("check examples/passing (wall)", check))
        for label, command in cases:
            times: dict[tuple[Path, str], list[float]] = {}
            imported: dict[tuple[Path, str], set[bool | None]] = {}
            # Interleaved (cold, warm, for each source, then again), so that a change in the
            # machine's load falls on every case alike.
            for _ in range(args.runs):
                for src in sources:
                    (cache_of[src] / "installed.json").unlink(missing_ok=True)
                    for mode in ("cold", "warm"):  # the cold run writes the file the warm one reads
                        ms, was_imported = run(src, command)
                        times.setdefault((src, mode), []).append(ms)
                        imported.setdefault((src, mode), set()).add(was_imported)
            for (src, mode), values in times.items():
                seen = imported[(src, mode)]
                note = f"  importlib.metadata imported: {sorted(seen, key=str)}" if None not in seen else ""
                print(
                    f"{src}  {label}  {mode}: median {statistics.median(values):7.2f} ms"
                    f" (min {min(values):.2f}, max {max(values):.2f}){note}"
                )


if __name__ == "__main__":
    main()
