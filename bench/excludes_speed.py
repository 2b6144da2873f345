"""Exclude patterns at scale: 304 patterns over 200,000 generated paths, before and after.

"Before" is the original rule, ``fnmatchcase`` per path, parent folder and pattern; "after" is
``dpgcheck.excludes.ExcludeMatcher``. Both must exclude the same paths.

    python bench/excludes_speed.py [paths] [patterns]
"""

from __future__ import annotations

import random
import sys
import time
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from dpgcheck.excludes import ExcludeMatcher


def _old_is_excluded(path: str, patterns: list[str]) -> bool:
    candidates = [path, *(str(parent) for parent in PurePosixPath(path).parents if str(parent) != ".")]
    return any(fnmatchcase(candidate, pattern) for pattern in patterns for candidate in candidates)


def _tree(count: int, rng: random.Random) -> list[str]:
    folders = [f"pkg{i}/src/mod{i % 97}" for i in range(2000)] + [f"vendor/lib{i}" for i in range(200)]
    extensions = [".py", ".js", ".min.js", ".json", ".md", ".txt", ".go"]
    return sorted({f"{rng.choice(folders)}/file{i}{rng.choice(extensions)}" for i in range(count)})


def _patterns(count: int) -> list[str]:
    kinds = [
        lambda i: f"pkg{i}/fixtures",
        lambda i: f"pkg{i}/src/mod{i}/*.json",
        lambda i: f"vendor/lib{i}",
        lambda i: f"*.gen{i}.js",
        lambda i: f"pkg{i}/src/mod?/file{i}*",
        lambda i: f"**/generated{i}/**",
    ]
    return [kinds[i % len(kinds)](i) for i in range(count - 1)] + ["*.min.js"]


def main() -> None:
    paths_wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    pattern_count = int(sys.argv[2]) if len(sys.argv) > 2 else 304
    paths = _tree(paths_wanted, random.Random(304))
    patterns = _patterns(pattern_count)
    start = time.perf_counter()
    matcher = ExcludeMatcher(patterns)
    after = [p for p in paths if matcher.is_excluded(p)]
    after_s = time.perf_counter() - start
    start = time.perf_counter()
    before = [p for p in paths if _old_is_excluded(p, patterns)]
    before_s = time.perf_counter() - start
    assert before == after, "the matcher disagrees with per-pattern fnmatch"
    print(f"{len(paths)} paths, {len(patterns)} patterns, {len(after)} excluded")
    print(f"before (fnmatch per path, parent and pattern): {before_s:8.2f} s")
    print(f"after  (ExcludeMatcher):                      {after_s:8.2f} s")


if __name__ == "__main__":
    main()
