"""Hostile text against the text scanners: cost at size n and 10n, and their ratio.

A linear scanner costs about 10x more for 10x the input; the expressions they replaced cost
100x (quadratic) or 1000x (cubic) and ran for minutes on a few kilobytes. With ``--before``
the old expressions are timed too, each in a child process stopped after 20 s.

    .venv/bin/python bench/regex_linear.py [--before]

A benchmark, not a test: the numbers depend on the machine and its load.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

from dpgcheck.facts import ownership
from dpgcheck.facts.licenses import mentions as license_mentions
from dpgcheck.facts.licenses import text as license_text
from dpgcheck.facts.policies import SECURITY_HEADING, section_contact
from dpgcheck.facts.text import EMAIL_RE, find_lines, headings, words

# name: (input for size n, the function now, the old expression's call as Python source)
Case = tuple[Callable[[int], str], Callable[[str], object], str]
CASES: dict[str, Case] = {
    "markdown heading '# a' + n spaces + 'b'": (
        lambda n: "# a" + " " * n + "b",
        headings,
        r"re.match(r'^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$', t)",
    ),
    "html headings: n x '<h1>'": (
        lambda n: "<h1>" * n,
        headings,
        r"re.search(r'<h([1-6])[^>]*>(.*?)</h\1>', t, re.I)",
    ),
    "e-mail in a policy: n/100 lines of 'a.' x 1000": (
        lambda n: ("a." * 1000 + "\n") * max(1, n // 100),
        lambda t: (find_lines(t, EMAIL_RE), section_contact("# Security\n" + t, SECURITY_HEADING)),
        r"[re.findall(r'\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b', l) for l in t.splitlines()]",
    ),
    "e-mail, one line of n x 'a.' (< MAX_LINE)": (
        lambda n: "a." * (n // 10),
        EMAIL_RE.findall,
        r"re.findall(r'\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b', t)",
    ),
    "words: n x '<'": (lambda n: "<" * n, words, r"re.sub(r'<[^>]+>', ' ', t)"),
    "words: n x '(http://a '": (
        lambda n: "(http://a " * n,
        words,
        r"re.sub(r'\(https?://[^)]*\)|https?://\S+', ' ', t)",
    ),
    "heading links: '# ' + n x '[a]('": (
        lambda n: "# " + "[a](" * (n // 10),
        headings,
        r"re.sub(r'!?\[([^\]]*)\]\([^)]*\)', r'\1', t)",
    ),
    "license separator: n dashes + 'x'": (
        lambda n: "-" * n + "x",
        license_text._is_separator,
        r"re.match(r'^\s*(?:(?:[-=*_~#]\s*){3,}|[-=*_~#]{3,}[^\n]{0,60}[-=*_~#]{3,}"
        r"|\x22{3}|\x27{3})\s*$', t)",
    ),
    "copyright contact: n x 'a@'": (
        lambda n: "a@" * n,
        lambda t: ownership._CONTACT.sub("", t),
        r"re.sub(r'<[^<>]*>|\(?https?://\S+\)?|\S+@\S+\.\w+', '', t)",
    ),
    "SPDX header lines: n/100 lines with 200 spaces": (
        lambda n: ("// SPDX-License-Identifier: MIT" + " " * 200 + "\t" * 20 + "x\n") * max(1, n // 100),
        lambda t: list(license_mentions.spdx_headers(t)),
        r"re.findall(r'^[ \t]*(?:#+|//+|/\*+|\*+|--|;+|%+|<!--|\{#|\(\*|\.\.)?[ \t]*SPDX-License-Identifier:"
        r"[ \t]*([A-Za-z0-9.+:() -]+?)[ \t]*(?:\*/|-->|#\}|\*\))?[ \t]*$', t, re.M)",
    ),
}
SIZES = (100_000, 1_000_000)
OLD_SIZES = (2_000, 20_000)


def _cost(function: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):  # the best of three: the machine is shared
        start = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - start)
    return best


def _old_cost(name: str, size: int, call: str) -> str:
    # The old expressions may run for hours: a child process, stopped after 20 s.
    source = (
        "import re, sys, time\n"
        "sys.path.insert(0, 'bench')\n"
        "from regex_linear import CASES\n"
        f"t = CASES[{name!r}][0]({size})\n"
        "s = time.perf_counter()\n"
        f"{call}\n"
        "print(time.perf_counter() - s)\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", source], capture_output=True, text=True, timeout=20, check=True
        )
    except subprocess.TimeoutExpired:
        return ">20 s"
    return f"{float(done.stdout):.3f} s"


def main() -> None:
    before = "--before" in sys.argv
    print(
        f"{'input family':48} {'n':>8} {'t(n)':>9} {'t(10n)':>9} {'ratio':>6}"
        + ("   old t(n0) / t(10 n0)" if before else "")
    )
    for name, (make, function, call) in CASES.items():
        small, large = (_cost(function, make(size)) for size in SIZES)
        line = f"{name:48} {SIZES[0]:>8} {small:>8.4f}s {large:>8.4f}s {large / max(small, 1e-9):>6.1f}"
        if before:
            line += (
                "   "
                + " / ".join(_old_cost(name, size, call) for size in OLD_SIZES)
                + f" (n0={OLD_SIZES[0]})"
            )
        print(line, flush=True)


if __name__ == "__main__":
    main()
