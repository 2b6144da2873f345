"""GlobSet answers exactly as fnmatch would, for every catalog pattern, only faster."""

from __future__ import annotations

import fnmatch
import random

from dpgcheck.catalog import data_file
from dpgcheck.facts.globs import GlobSet


def catalog_patterns() -> list[str]:
    patterns = [str(p) for entry in data_file("open-standards.yaml") for p in entry.get("files", [])]
    file_patterns = data_file("file-patterns.yaml")
    for key in ("ci", "dependency_bots", "linters", "test_files", "data_docs"):
        patterns += [str(p) for p in file_patterns[key]]
    return patterns


PARTS = [
    "a", "Docs", "fhir", "sdmx", ".github", "workflows", "schemas", "x.json", "openapi.YAML", "ci.yml",
    "b.geojson", "foo_test.go", ".eslintrc", "Jenkinsfile", "release-package-1.json", "test_x.py",
    "a.graphql", "renovate.json", ".gitlab-ci.yml", "FooTest.java",
]  # fmt: skip


def test_globset_agrees_with_fnmatch_on_catalog_patterns() -> None:
    patterns = catalog_patterns()
    assert len(patterns) > 50
    combined = GlobSet(patterns)
    singles = {pattern: GlobSet([pattern]) for pattern in patterns}
    chooser = random.Random(7)
    for _ in range(3000):
        path = "/".join(chooser.choice(PARTS) for _ in range(chooser.randint(1, 4)))
        lower = path.lower()
        for pattern in chooser.sample(patterns, 8):
            assert singles[pattern].match(path) == fnmatch.fnmatchcase(lower, pattern.lower()), (
                pattern,
                path,
            )
        expected = any(fnmatch.fnmatchcase(lower, p.lower()) for p in patterns)
        assert combined.match(path) == expected, path
        assert combined.first([path], 1) == ([path] if expected else [])


def test_first_keeps_order_and_limit() -> None:
    paths = ["b/openapi.json", "README.md", "a/x.geojson", "c/d.geojson", "openapi.yaml"]
    globs = GlobSet(["openapi.yaml", "**/openapi.json", "**/*.geojson"])
    assert globs.first(paths, 3) == ["b/openapi.json", "a/x.geojson", "c/d.geojson"]
    assert globs.first(paths, 0) == []
    assert GlobSet([]).first(paths, 5) == []
