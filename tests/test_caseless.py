"""ASCII twins of case-insensitive patterns: the same answer as the pattern, faster."""

from __future__ import annotations

import random
import re
import warnings

import pytest

from dpgcheck.facts.caseless import ascii_twin, caseless_found
from dpgcheck.facts.extraction import _EXPORT_NAME
from dpgcheck.facts.privacy import PRIVACY_TEXT
from dpgcheck.facts.standards import _CI_TESTS

PIECES = [
    "run: ", "PyTest", "npm", " ", "Run", "test", "CI", "e2e", "yarn", "mvn", "-B", "Verify", "\n",
    "gradlew", ".", "Build", "Make", "Check", "manage.py", "Test", "x", "_", "\t", "\x1c", "Export",
    "CSV", "report", "-", "Privacy", "policy", "Data", "protection", "Notice", "\x1f", "privacy_",
]  # fmt: skip


@pytest.mark.parametrize(
    "pattern", [_CI_TESTS, _EXPORT_NAME, PRIVACY_TEXT], ids=["ci-tests", "export-name", "privacy-text"]
)
def test_twin_answers_as_the_case_insensitive_pattern(pattern: re.Pattern[str]) -> None:
    twin = ascii_twin(pattern)
    rng = random.Random(pattern.pattern)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8)))
        assert caseless_found(pattern, twin, text) is (pattern.search(text) is not None), repr(text)
        found += pattern.search(text) is not None
    assert found > 20  # the texts exercise matches, not only misses


def test_twin_keeps_escapes_and_unicode_white_space() -> None:
    pattern = re.compile(r"\bFoo\s*:\s*\w+\b", re.IGNORECASE)
    twin = ascii_twin(pattern)
    assert twin.search("x foo \x1c: bar") and pattern.search("x FOO \x1c: Bar")
    assert not twin.search("xfoo: bar")


def test_white_space_inside_a_character_class_joins_the_class() -> None:
    # "[\\s_-]" must not become a nested set "[[\\s\\x1c-\\x1f]_-]", which reads differently.
    pattern = re.compile(r"Privacy[\s_-]*Policy|[^]\sA-Z]", re.IGNORECASE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Possible nested set" is a FutureWarning
        twin = ascii_twin(pattern)
    for text in ("privacy_policy", "PRIVACY \x1c POLICY", "privacy-\tpolicy", "[", "]", "]]", " \x1d "):
        assert caseless_found(pattern, twin, text) is (pattern.search(text) is not None), repr(text)


def test_non_ascii_text_keeps_unicode_case_folding() -> None:
    pattern = re.compile("csv", re.IGNORECASE)
    # The long s is an "s" only under Unicode case folding: the twin would miss it.
    assert caseless_found(pattern, ascii_twin(pattern), "Cſv")
