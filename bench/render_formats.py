"""Time the policy step and every report renderer on one target.

    .venv/bin/python bench/render_formats.py [TARGET] [--repeat N]

Checks TARGET once (default examples/failing), then applies the policy and renders each format
N times (default 50) and prints the median time per call. Rendering must stay negligible next
to the check itself.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dpgcheck.api import CheckOptions, RunOptions, check  # noqa: E402
from dpgcheck.config import Config  # noqa: E402
from dpgcheck.formats import RenderOptions, format_names, get_renderer  # noqa: E402
from dpgcheck.policy import apply_policy  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("target", nargs="?", default=str(ROOT / "examples" / "failing"))
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    start = time.perf_counter()
    raw = check(args.target, RunOptions(CheckOptions(), policy=None)).report
    print(f"check {args.target}: {(time.perf_counter() - start) * 1000:.0f} ms (once)")
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        report = apply_policy(raw, Config(), "fail", date.today())
        timings.append(time.perf_counter() - start)
    print(f"{'policy':<10} {statistics.median(timings) * 1000:8.3f} ms")
    for name in format_names():
        renderer = get_renderer(name)
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            text = renderer(report, RenderOptions())
            timings.append(time.perf_counter() - start)
        print(f"{name:<10} {statistics.median(timings) * 1000:8.3f} ms  {len(text):>8} chars")


if __name__ == "__main__":
    main()
