"""Exclude patterns: the compiled matcher agrees with per-pattern ``fnmatch`` on random trees."""

from __future__ import annotations

import random
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from dpgcheck.excludes import ExcludeMatcher, is_excluded


def _reference(path: str, patterns: list[str]) -> bool:
    """The original semantics: the path or any parent folder matches any pattern."""
    candidates = [path, *(str(parent) for parent in PurePosixPath(path).parents if str(parent) != ".")]
    return any(fnmatchcase(candidate, pattern) for pattern in patterns for candidate in candidates)


_PARTS = [
    "src",
    "vendor",
    "tests",
    "fixtures",
    "a",
    "b.py",
    "x.min.js",
    "LICENSE",
    "docs",
    "node_modules",
    "[x]",
]
_PATTERNS = [
    "vendor",
    "tests/fixtures/*",
    "*.min.js",
    "third_party/**",
    "LICENSE",
    "docs",
    "a/b.py",
    "*/node_modules",
    "src/?",
    "[ab]",
    "[!s]*/fixtures",
    "[x]",
    "**/b.py",
    "a[",
    "*fix*",
    "*/[vt]*/*",
    "tests",
]


def _random_path(rng: random.Random) -> str:
    path = "/".join(rng.choice(_PARTS) for _ in range(rng.randint(1, 6)))
    if rng.random() < 0.05:
        path = path.replace("/", "//", 1)  # unusual spellings take the pathlib route
    if rng.random() < 0.05:
        path = "./" + path
    return path


def test_matcher_agrees_with_fnmatch_per_pattern_on_random_trees() -> None:
    rng = random.Random(11)
    for _ in range(200):
        patterns = rng.sample(_PATTERNS, rng.randint(1, 6))
        matcher = ExcludeMatcher(patterns)
        for _ in range(50):
            path = _random_path(rng)
            assert matcher.is_excluded(path) is _reference(path, patterns), (path, patterns)


def test_matched_folder_excludes_everything_below_it_however_deep() -> None:
    deep = "/".join(["d"] * 3000) + "/file.txt"  # deeper than Python's recursion limit
    assert is_excluded(deep, ["d/d/d"])
    assert not is_excluded(deep, ["e"])
    assert not is_excluded("anything", [])
