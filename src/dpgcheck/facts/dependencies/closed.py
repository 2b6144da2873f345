"""Match dependencies against the closed list (indicators/data/closed-dependencies.yaml).

An entry names an ecosystem and name patterns (a trailing ``*`` matches a prefix), what kind of
closed thing it is, and for source-available services the version ranges under a non-OSI
license: ``mongo:4.0.2`` is AGPL, ``mongo:6`` is SSPL. A tag that names only a release line
(``mongo:6``, ``redis:7``) stands for that line's newest release, and an untagged image for the
newest release of all (the entry's ``latest``).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from msgspec.structs import replace

from dpgcheck.facts.dependencies.model import (
    CLOUD_SDK,
    EXEMPT_SCOPES,
    SERVICE,
    ClosedDependency,
    Dependency,
    OpenSignal,
)

_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_LINE_NEWEST = 10**9
"""The patch (or minor) number a release line stands for when a tag leaves it out: its newest."""


def version_tuple(text: str | None, *, line_newest: bool = True) -> tuple[int, ...] | None:
    """The first dotted number of ``text`` as three numbers (``^2.3`` → (2, 3, newest))."""
    match = _NUMBER.search(text or "")
    if match is None:
        return None
    numbers = [int(part) for part in match.group(0).split(".")[:3]]
    filler = _LINE_NEWEST if line_newest else 0
    return tuple(numbers + [filler] * (3 - len(numbers)))


def in_ranges(version: tuple[int, ...], ranges: Sequence[str]) -> bool:
    """Whether ``version`` lies in one of ``ranges`` (each ``">=4.0.3 <4.1"``, bounds optional)."""
    for spec in ranges:
        ok = True
        for bound in str(spec).split():
            limit = version_tuple(bound, line_newest=False)
            if limit is None:
                continue
            if bound.startswith(">="):
                ok = ok and version >= limit
            elif bound.startswith("<"):
                ok = ok and version < limit
        if ok:
            return True
    return False


def _version_verdict(dep: Dependency, entry: Mapping[str, Any]) -> tuple[bool, str]:
    """(closed?, how the version decided) for an entry whose license depends on the version."""
    closed_ranges = entry.get("closed_versions") or []
    if not closed_ranges:
        return True, ""
    version = version_tuple(dep.version)
    if version is None:
        if dep.ecosystem == "container":  # untagged, `latest`, `alpine`: the newest release
            closed = str(entry.get("latest", "closed")) == "closed"
            state = "closed" if closed else "open"
            return closed, f"untagged or `latest` image: the newest release, whose license is {state}"
        return True, "version not known here; " + str(entry.get("versions_note", ""))
    shown = dep.version or ""
    if in_ranges(version, [str(r) for r in entry.get("unverified_versions") or []]):
        return True, f"version {shown}: license not verified for this release line"
    if in_ranges(version, [str(r) for r in closed_ranges]):
        return True, f"version {shown} is in the non-OSI range {', '.join(map(str, closed_ranges))}"
    return False, f"version {shown} is outside the non-OSI range"


def _names(entry: Mapping[str, Any]) -> list[str]:
    names = entry.get("names") or [entry.get("name", "")]
    return [str(n).lower() for n in names if n]


def _alternative_signals(entry: Mapping[str, Any], dependencies: Sequence[Dependency]) -> list[OpenSignal]:
    """Open alternatives the repository itself declares (``alternative_dependencies``)."""
    wanted = [str(spec).lower().partition(":")[::2] for spec in entry.get("alternative_dependencies") or []]
    found = []
    for dep in dependencies:
        if dep.scope in ("dev",):
            continue
        for ecosystem, pattern in wanted:
            if dep.ecosystem == ecosystem and fnmatch.fnmatchcase(dep.name.lower(), pattern):
                found.append(OpenSignal(dep.path, dep.line or 1, f"also declares {dep.name}"))
                break
        if len(found) >= 3:
            break
    return found


def _entry_finder(
    closed_list: Iterable[Mapping[str, Any]],
) -> Callable[[str, str], Mapping[str, Any] | None]:
    """``find(ecosystem, lower_name)``: the first entry of ``closed_list`` for that ecosystem with
    a name pattern matching the name, or None.

    Entries are grouped by ecosystem, and a pattern without ``*``, ``?`` or ``[`` (most of them)
    is compared as a name: a few set lookups per dependency instead of a glob match per pattern
    of every entry.
    """
    by_ecosystem: dict[str, list[tuple[frozenset[str], tuple[str, ...], Mapping[str, Any]]]] = {}
    for entry in closed_list:
        names = _names(entry)
        globs = tuple(name for name in names if _GLOB_CHARS.intersection(name))
        exact = frozenset(name for name in names if name not in globs)
        by_ecosystem.setdefault(str(entry.get("ecosystem")), []).append((exact, globs, entry))

    def find(ecosystem: str, name: str) -> Mapping[str, Any] | None:
        for exact, globs, entry in by_ecosystem.get(ecosystem, ()):
            if name in exact or any(fnmatch.fnmatchcase(name, pattern) for pattern in globs):
                return entry
        return None

    return find


_GLOB_CHARS = frozenset("*?[")
"""The characters fnmatch gives a meaning: a pattern without them matches only itself."""


def match_closed(
    dependencies: Iterable[Dependency],
    closed_list: Iterable[Mapping[str, Any]],
    signals: Mapping[str, Sequence[OpenSignal]] | None = None,
) -> list[ClosedDependency]:
    """Run-time dependencies (and service images) that match an entry of the closed list.

    ``signals`` are open defaults found in the repository's configuration, by service family.
    """
    deps = list(dependencies)
    find_entry = _entry_finder(closed_list)
    # Monorepos repeat the same dependency in many manifests: decide each (ecosystem, name) once.
    verdicts: dict[tuple[str, str], Mapping[str, Any] | None] = {}
    alternatives: dict[int, list[OpenSignal]] = {}
    found: list[ClosedDependency] = []
    for dep in deps:
        is_image = dep.ecosystem == "container"
        if dep.scope in EXEMPT_SCOPES and not is_image:
            continue
        key = (dep.ecosystem, dep.name.lower())
        if key not in verdicts:
            verdicts[key] = find_entry(*key)
        entry = verdicts[key]
        if entry is None:
            continue
        closed, note = _version_verdict(dep, entry)
        if not closed:
            continue
        if id(entry) not in alternatives:
            alternatives[id(entry)] = _alternative_signals(entry, deps)
        family = str(entry.get("family", ""))
        found_signals = (*alternatives[id(entry)], *((signals or {}).get(family, ()) if family else ()))
        found.append(
            ClosedDependency(
                replace(dep, scope=SERVICE) if is_image else dep,
                str(entry.get("reason", "")),
                tuple(str(a) for a in entry.get("alternatives", [])),
                kind=str(entry.get("kind", CLOUD_SDK)),
                license=str(entry.get("license", "")),
                version_note=note,
                drop_in=bool(entry.get("drop_in", True)),
                family=family,
                open_signals=tuple(found_signals),
            )
        )
    return found
