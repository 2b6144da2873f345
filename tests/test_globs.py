"""GlobSet answers exactly as fnmatch would, for every catalog pattern, only faster."""

from __future__ import annotations

import fnmatch
import random
from pathlib import Path

from dpgcheck.catalog import data_file
from dpgcheck.facts.globs import GlobSet
from dpgcheck.model import Target
from dpgcheck.sources.snapshot import Snapshot


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


def _snapshot(tmp_path: Path, paths: list[str]) -> Snapshot:
    return Snapshot(tmp_path, paths, Target(kind="local", location=str(tmp_path), revision=None))


def test_select_from_the_snapshot_indexes_agrees_with_testing_every_path(tmp_path: Path) -> None:
    patterns = catalog_patterns()
    # Besides the catalog: a head without "/", a tail without a dot, a name tail, case variants.
    extra = ["docs*", "*rc", "**/Makefile", "CI/*.YML", "**/SDMX/**", "*fhir*.json", "weird."]
    chooser = random.Random(11)
    for round_ in range(60):
        paths = sorted(
            {"/".join(chooser.choice(PARTS) for _ in range(chooser.randint(1, 4))) for _ in range(300)}
            | {"docs-old/readme.md", "DocsX", "a/.npmrc", "x/Makefile", "CI/Build.YML", "q/SdMx/r.xml"}
        )
        snapshot = _snapshot(tmp_path, paths)
        for chosen in (patterns, extra, chooser.sample(patterns + extra, 6)):
            globs = GlobSet(chosen)
            limit = chooser.choice([1, 3, len(paths)])
            assert globs.select(snapshot, limit) == globs.first(snapshot.paths, limit), (round_, chosen)


def test_select_survives_many_hits_and_paths_with_newlines(tmp_path: Path) -> None:
    many = [f"m{n:04d}/sdmx/data.xml" for n in range(500)]
    snapshot = _snapshot(tmp_path, many)
    assert GlobSet(["**/sdmx/**"]).select(snapshot, 1000) == many
    odd = _snapshot(tmp_path, ["a\n/sdmx/x", "b/sdmx/y", "c/z"])
    assert GlobSet(["**/sdmx/**"]).select(odd, 10) == ["a\n/sdmx/x", "b/sdmx/y"]
