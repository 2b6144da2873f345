"""Open standards the project uses and the engineering practices it follows (DPG-8)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from dpgcheck.facts.caseless import ascii_twin, caseless_found
from dpgcheck.facts.dependencies import Dependency
from dpgcheck.facts.extraction import is_own
from dpgcheck.facts.globs import GlobSet
from dpgcheck.facts.named_standards import NamedStandard
from dpgcheck.sources.snapshot import Snapshot

MAX_TELLTALES = 3


class StandardUse(msgspec.Struct, frozen=True):
    """One open standard and where it shows."""

    name: str
    url: str
    telltales: tuple[tuple[str, int | None, str], ...]  # (path, line, what)


class Practice(msgspec.Struct, frozen=True):
    """One engineering practice and the files that show it."""

    name: str
    paths: tuple[str, ...]
    detail: str = ""  # what the files show, when more than their presence (a CI that runs tests)


class StandardsFacts(msgspec.Struct, frozen=True):
    """Standards detected and practices present (every practice listed, found or not)."""

    standards: tuple[StandardUse, ...]
    practices: tuple[Practice, ...]
    named: tuple[NamedStandard, ...] = ()  # standards the documentation names

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
    # Test fixtures, examples and vendored files show what someone else uses, not the project.
    own = [path for path in candidates if is_own(path)]
    found: list[StandardUse] = []
    for entry, files in zip(entries, file_sets, strict=True):
        telltales: list[tuple[str, int | None, str]] = [
            (path, None, "file") for path in files.first(own, MAX_TELLTALES)
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


MAX_CI_READ = 30
"""CI configuration files read at most to find the ones that run the tests."""
_CI_TRIGGER = re.compile(r"\b(push|pull_request|pull_request_target|merge_request\w*)\b")
_CI_TESTS = re.compile(
    r"\b(pytest|tox|nox|unittest|(npm|yarn|pnpm|bun)( run)? (test|ci|e2e)\w*|jest|vitest|karma|mocha|"
    r"go test|cargo test|mvn\b[^\n]*\b(test|verify|install|package)|gradlew?\b[^\n]*\b(test|check|build)|"
    r"mix test|rspec|phpunit|dotnet test|flutter test|make (test|check)|ctest|"
    r"manage\.py test|ng test|cypress|playwright|bundle exec rake|behave)\b",
    re.IGNORECASE,
)

_CI_TESTS_ASCII = ascii_twin(_CI_TESTS)


def pick_ci(snapshot: Snapshot, paths: list[str]) -> tuple[list[str], str]:
    """The CI files that run tests on push or pull request, ranked first, and what they show.

    A repository has release, deploy and label-sync workflows too: the first file found says
    nothing about testing. GitHub workflows say their triggers; other CI systems build on push.
    """
    ranked: list[tuple[int, str]] = []
    for path in paths:
        text = snapshot.read_text(path) or ""
        on_change = not path.startswith(".github/workflows/") or bool(_CI_TRIGGER.search(text))
        tests = caseless_found(_CI_TESTS, _CI_TESTS_ASCII, text)
        ranked.append((0 if on_change and tests else 1 if tests else 2, path))
    ranked.sort()
    if ranked and ranked[0][0] == 0:
        return [p for rank, p in ranked if rank == 0][:3], "runs the tests on push or pull request"
    if ranked:
        return [p for _, p in ranked][:3], "CI configuration; none seen running tests on push or pull request"
    return [], ""


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
    ci_paths, ci_detail = pick_ci(snapshot, _glob_any(pool, patterns.get("ci", []), MAX_CI_READ))
    return [
        Practice("continuous integration", tuple(ci_paths), ci_detail),
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
