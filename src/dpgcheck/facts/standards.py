"""Open standards the project uses and the engineering practices it follows (DPG-8)."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from dpgcheck.facts.dependencies import Dependency
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


def _glob_any(paths: Iterable[str], patterns: Iterable[str], limit: int) -> list[str]:
    lowered = [p.lower() for p in patterns]
    hits: list[str] = []
    for path in paths:
        lower = path.lower()
        if any(fnmatch.fnmatchcase(lower, pattern) for pattern in lowered):
            hits.append(path)
            if len(hits) >= limit:
                break
    return hits


def detect_standards(
    snapshot: Snapshot, dependencies: Iterable[Dependency], catalog: Iterable[Mapping[str, Any]]
) -> list[StandardUse]:
    """Standards shown by files (OpenAPI documents…) or by dependencies (HAPI FHIR…)."""
    deps = list(dependencies)
    found: list[StandardUse] = []
    for entry in catalog:
        telltales: list[tuple[str, int | None, str]] = []
        for path in _glob_any(snapshot.paths, entry.get("files", []), MAX_TELLTALES):
            telltales.append((path, None, "file"))
        patterns = [str(p).lower() for p in entry.get("dependencies", [])]
        for dep in deps:
            if len(telltales) >= MAX_TELLTALES * 2:
                break
            if any(fnmatch.fnmatchcase(dep.name.lower(), pattern) for pattern in patterns):
                telltales.append((dep.path, dep.line, f"dependency {dep.name} ({dep.ecosystem})"))
        if telltales:
            found.append(StandardUse(str(entry["name"]), str(entry.get("url", "")), tuple(telltales)))
    return found


def detect_practices(
    snapshot: Snapshot, patterns: Mapping[str, Any], policy_paths: Mapping[str, list[str]]
) -> list[Practice]:
    """CI, tests, contributing guide, security policy, changelog, dependency bot, linters."""
    test_dirs = {str(d).lower() for d in patterns.get("test_dirs", [])}
    test_dir_hits = [
        d
        for d in sorted(snapshot.directories)
        if d.lower() in test_dirs or PurePosixPath(d).name.lower() in test_dirs
    ]
    test_files = _glob_any((PurePosixPath(p).name for p in snapshot.paths), patterns.get("test_files", []), 3)
    tests = test_dir_hits[:3] or [
        next(p for p in snapshot.paths if PurePosixPath(p).name == name) for name in test_files
    ]
    return [
        Practice("continuous integration", tuple(_glob_any(snapshot.paths, patterns.get("ci", []), 3))),
        Practice("automated tests", tuple(tests)),
        Practice("contributing guide", tuple(policy_paths.get("contributing", [])[:2])),
        Practice("security policy", tuple(policy_paths.get("security", [])[:2])),
        Practice("changelog", tuple(policy_paths.get("changelog", [])[:2])),
        Practice(
            "dependency updates",
            tuple(_glob_any(snapshot.paths, patterns.get("dependency_bots", []), 2)),
        ),
        Practice(
            "linters and formatters",
            tuple(_glob_any(snapshot.paths, patterns.get("linters", []), 3)),
        ),
    ]
