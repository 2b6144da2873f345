"""Open standards the project uses and the engineering practices it follows (DPG-8)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dpgcheck.facts.dependencies import Dependency
from dpgcheck.facts.globs import GlobSet
from dpgcheck.sources.snapshot import Snapshot

MAX_TELLTALES = 3


@dataclass(frozen=True)
class StandardUse:
    """One open standard and where it shows."""

    name: str
    url: str
    telltales: tuple[tuple[str, int | None, str], ...]  # (path, line, what)


@dataclass(frozen=True)
class Practice:
    """One engineering practice and the files that show it."""

    name: str
    paths: tuple[str, ...]


@dataclass(frozen=True)
class StandardsFacts:
    """Standards detected and practices present (every practice listed, found or not)."""

    standards: tuple[StandardUse, ...]
    practices: tuple[Practice, ...]

    def practice(self, name: str) -> Practice | None:
        """A practice by name, when found."""
        return next((p for p in self.practices if p.name == name and p.paths), None)


PRACTICE_KINDS = ("ci", "dependency_bots", "linters")
"""The file-patterns.yaml keys whose globs show a practice by a file's presence."""


def telltale_pool(
    snapshot: Snapshot, catalog: Iterable[Mapping[str, Any]], patterns: Mapping[str, Any]
) -> list[str]:
    """Every path that a standard's files or a practice's globs may match, from one pass.

    Matching a glob set against this pool finds what matching it against every path finds,
    in the same order: the pool holds every path that matches any of the globs.
    """
    globs = [str(p) for entry in catalog for p in entry.get("files", [])]
    globs += [str(p) for kind in PRACTICE_KINDS for p in patterns.get(kind, [])]
    return GlobSet(globs).select(snapshot, len(snapshot.paths))


def _glob_any(paths: Iterable[str], patterns: Iterable[str], limit: int) -> list[str]:
    return GlobSet(patterns).first(paths, limit)


def detect_standards(
    snapshot: Snapshot,
    dependencies: Iterable[Dependency],
    catalog: Iterable[Mapping[str, Any]],
    candidates: list[str] | None = None,
) -> list[StandardUse]:
    """Standards shown by files (OpenAPI documents…) or by dependencies (HAPI FHIR…).

    ``candidates``, when given, are the paths (in path order) that may match some standard's
    files: a superset from ``telltale_pool``, shared with ``detect_practices``.
    """
    entries = list(catalog)
    file_sets = [GlobSet(str(p) for p in entry.get("files", [])) for entry in entries]
    # One pass over the paths keeps only those that match some standard's files; a monorepo of
    # 50,000 files has a handful. Each standard then looks at those few.
    if candidates is None:
        union = GlobSet(pattern for globs in file_sets for pattern in globs.patterns)
        candidates = union.select(snapshot, len(snapshot.paths))
    # Monorepos declare the same dependency in hundreds of manifests: match each name once.
    by_name: dict[str, list[Dependency]] = {}
    for dep in dependencies:
        by_name.setdefault(dep.name.lower(), []).append(dep)
    found: list[StandardUse] = []
    for entry, files in zip(entries, file_sets, strict=True):
        telltales: list[tuple[str, int | None, str]] = [
            (path, None, "file") for path in files.first(candidates, MAX_TELLTALES)
        ]
        names = GlobSet(str(p) for p in entry.get("dependencies", []))
        for name, deps in by_name.items():
            if len(telltales) >= MAX_TELLTALES * 2:
                break
            if names.match_lower(name):
                dep = deps[0]
                telltales.append((dep.path, dep.line, f"dependency {dep.name} ({dep.ecosystem})"))
        if telltales:
            found.append(StandardUse(str(entry["name"]), str(entry.get("url", "")), tuple(telltales)))
    return found


def detect_practices(
    snapshot: Snapshot,
    patterns: Mapping[str, Any],
    policy_paths: Mapping[str, list[str]],
    pool: list[str] | None = None,
) -> list[Practice]:
    """CI, tests, contributing guide, security policy, changelog, dependency bot, linters.

    ``pool``, when given, holds (in path order) every path a practice pattern may match.
    """
    test_dirs = {str(d).lower() for d in patterns.get("test_dirs", [])}
    test_dir_hits = [
        d
        for d in sorted(snapshot.directories, key=lambda d: (d.count("/"), d))  # top-level tests/ first
        if d.lower() in test_dirs or d.rsplit("/", 1)[-1].lower() in test_dirs
    ]
    tests = test_dir_hits[:3]
    if not tests:
        names = GlobSet(str(p) for p in patterns.get("test_files", []))
        for path in snapshot.paths:
            if names.match_lower(path.rsplit("/", 1)[-1].lower()):
                tests.append(path)
                if len(tests) >= 3:
                    break
    # One pass over every path finds the few that any practice pattern could match.
    if pool is None:
        pool = GlobSet(str(p) for kind in PRACTICE_KINDS for p in patterns.get(kind, [])).select(
            snapshot, len(snapshot.paths)
        )
    return [
        Practice("continuous integration", tuple(_glob_any(pool, patterns.get("ci", []), 3))),
        Practice("automated tests", tuple(tests)),
        Practice("contributing guide", tuple(policy_paths.get("contributing", [])[:2])),
        Practice("security policy", tuple(policy_paths.get("security", [])[:2])),
        Practice("changelog", tuple(policy_paths.get("changelog", [])[:2])),
        Practice(
            "dependency updates",
            tuple(_glob_any(pool, patterns.get("dependency_bots", []), 2)),
        ),
        Practice(
            "linters and formatters",
            tuple(_glob_any(pool, patterns.get("linters", []), 3)),
        ),
    ]
