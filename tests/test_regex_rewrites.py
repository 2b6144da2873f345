"""Rewritten license and ownership patterns agree with the expressions they replace on random
lines, and answer hostile lines (long runs of marks, spaces, "a@") at once."""

from __future__ import annotations

import random
import re
import subprocess
import sys

from dpgcheck.facts import ownership
from dpgcheck.facts.licenses import mentions as license_mentions
from dpgcheck.facts.licenses import text as license_text

OLD_SEPARATOR = re.compile(
    r"^\s*(?:(?:[-=*_~#]\s*){3,}|[-=*_~#]{3,}[^\n]{0,60}[-=*_~#]{3,}|\x22{3}|\x27{3})\s*$"
)
OLD_ASSIGNMENT = re.compile(r"""^\s*[=:]\s*[fubr]?["']?|["',;)\s]+$""")
OLD_HEADER = re.compile(
    r"^[ \t]*(?:#+|//+|/\*+|\*+|--|;+|%+|<!--|\{#|\(\*|\.\.)?[ \t]*SPDX-License-Identifier:[ \t]*"
    r"([A-Za-z0-9.+:() -]+?)[ \t]*(?:\*/|-->|#\}|\*\))?[ \t]*$",
    re.MULTILINE,
)


def _random(rng: random.Random, pieces: list[str], longest: int) -> str:
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, longest)))


def test_separator_test_matches_the_expression() -> None:
    rng = random.Random(1)
    pieces = ["-", "=", "*", "_", "~", "#", " ", "\t", "a", "BEGIN LICENSE", '"', "'", '"""', "'''"]
    for _ in range(30000):
        line = _random(rng, pieces, 14)
        assert license_text._is_separator(line) is (OLD_SEPARATOR.match(line) is not None), line
    assert license_text._is_separator("=" * 5 + " x " * 30 + "=" * 5) is False  # over 60 between


def test_assignment_strip_matches_the_expression() -> None:
    rng = random.Random(2)
    pieces = [" ", "=", ":", "f", "b", '"', "'", ",", ";", ")", "Name", "\t", "x"]
    for _ in range(30000):
        rest = _random(rng, pieces, 10)
        assert ownership._unassigned(rest) == OLD_ASSIGNMENT.sub("", rest), rest


def test_spdx_header_scan_matches_the_expression() -> None:
    rng = random.Random(3)
    pieces = [" ", "\t", "#", "//", "/*", "*/", "-->", "<!--", "#}", "*)", "MIT", " OR ", "(", ")", "-", "x!"]
    for _ in range(30000):
        lines = [
            _random(rng, pieces, 3) + "SPDX-License-Identifier:" + _random(rng, pieces, 8) for _ in range(3)
        ]
        text = "\n".join(lines)
        old = [(m.start(), m.group(1)) for m in OLD_HEADER.finditer(text)]
        assert list(license_mentions.spdx_headers(text)) == old, text


def test_contact_removal_keeps_ordinary_holders() -> None:
    old = re.compile(r"<[^<>]*>|\(?https?://\S+\)?|\S+@\S+\.\w+")
    holders = [
        "2024 Jane Doe <jane@example.org>",
        "2024 Jane Doe jane@example.org",
        "2024 ACME (https://acme.example)",
        "2024 ACME, (jane.doe@acme.co.uk)",
        "2019-2024 The Authors, dev+list@lists.example.com.",
    ]
    for holder in holders:
        assert ownership._CONTACT.sub("", holder) == old.sub("", holder), holder


def test_hostile_lines_are_answered_within_a_generous_bound() -> None:
    # A guard, not a timing test: each line back-tracked for minutes (or never ended) before.
    script = (
        "from dpgcheck.facts.licenses import text as license_text, mentions as license_mentions\n"
        "from dpgcheck.facts import ownership\n"
        "from dpgcheck.facts.ownership import notices_in\n"
        "assert not license_text._is_separator('-' * 200_000 + 'x')\n"
        "assert not license_text._is_separator('#' * 200_000 + 'x')\n"
        "assert ownership._CONTACT.sub('', 'a@' * 100_000) == 'a@' * 100_000\n"
        "assert ownership._unassigned('a' + ' ' * 200_000 + 'b') == 'a' + ' ' * 200_000 + 'b'\n"
        "line = '// SPDX-License-Identifier: MIT' + ' ' * 200 + '\\t' * 20 + 'x\\n'\n"
        "assert not list(license_mentions.spdx_headers(line * 8000))\n"
        "notices_in('x', 'Copyright 2020 ' + 'a@' * 100_000 + '\\n')\n"
        "notices_in('x', 'Copyright 2020 a' + ' ' * 200_000 + 'b')\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_hostile_gemspec_is_read_within_a_generous_bound() -> None:
    # Each unclosed ".licenses = [" scanned to the end of the file; each match counted lines from
    # the start of the file.
    script = (
        "from dpgcheck.facts.licenses.declared import _gemspec\n"
        "assert list(_gemspec('x.gemspec', 's.licenses = [' * 200_000)) == []\n"
        "found = list(_gemspec('x.gemspec', \"s.license = 'MIT'\\n\" * 100_000 + \"s.licenses = ['MIT']\"))\n"
        "assert len(found) == 100_001 and found[-2].line == 100_000 and found[-1].line == 100_001\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
