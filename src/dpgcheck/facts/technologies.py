"""The solution's core technologies (DPG-4's question): languages, frameworks, databases.

The application form asks "Which are the core technologies your solution depends on? [...]
programming languages, frameworks, databases, and similar". This answers it from the
repository: languages from the project's own files by extension, frameworks and databases from
run-time dependencies the manifests declare and from the service images compose files and
charts run. Names come from ``indicators/data/technologies.yaml``. The result is bounded (a few
of each kind) and deterministic (same repository, same list in the same order); it is evidence
for a reader and never changes a verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from dpgcheck.facts.dependencies.model import DEV, Dependency
from dpgcheck.facts.project_paths import foreign_files
from dpgcheck.sources.snapshot import Snapshot

KINDS = ("language", "framework", "database", "service")
"""The kinds reported, in the order they are shown."""

MAX_LANGUAGES = 4
MAX_PER_KIND = 6
MIN_LANGUAGE_FILES = 3
LANGUAGE_SHARE = 0.1
"""A language other than the main one is core with at least this share of the counted files."""

_SECTIONS = {"frameworks": "framework", "databases": "database", "services": "service"}


class Technology(msgspec.Struct, frozen=True):
    """One core technology and where the repository shows it."""

    name: str
    kind: str  # one of KINDS
    detail: str  # how it was found: "412 files (.py)", "dependency django", "service image postgres:15"
    path: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The report's ``facts.technologies[]`` entry."""
        return {
            "name": self.name,
            "kind": self.kind,
            "detail": self.detail,
            "path": self.path,
            "line": self.line,
        }


def detect_technologies(
    snapshot: Snapshot, dependencies: Iterable[Dependency], table: Mapping[str, Any]
) -> tuple[Technology, ...]:
    """The core technologies of ``snapshot``: languages, then frameworks, databases, services."""
    found = list(_languages(snapshot, _mapping(table.get("languages"))))
    by_kind: dict[str, dict[str, Technology]] = {}
    # The shallowest manifests first: the root's package.json says more about the solution than
    # a plugin's, and the order is the same on every run.
    ordered = sorted(dependencies, key=lambda d: (d.path.count("/"), d.path, d.line or 0, d.name))
    # Each (section, ecosystem) table split once into exact names and prefixes: a monorepo has
    # thousands of dependencies, each looked up in every section.
    lookups: dict[tuple[str, str], _Lookup] = {}
    # A name a shallower manifest already declared gives the same answer again (DIGIT-OSS's 110
    # poms repeat their Spring and Kafka dependencies): each is looked up once.
    looked_up: set[tuple[str, str]] = set()
    for dependency in ordered:
        if dependency.scope == DEV or (dependency.ecosystem, dependency.name) in looked_up:
            continue
        looked_up.add((dependency.ecosystem, dependency.name))
        for section, kind in _SECTIONS.items():
            key = (section, dependency.ecosystem)
            if key not in lookups:
                lookups[key] = _Lookup.of(_mapping(_mapping(table.get(section)).get(dependency.ecosystem)))
            name = lookups[key].match(dependency)
            if name is None:
                continue
            seen = by_kind.setdefault(kind, {})
            if name not in seen and len(seen) < MAX_PER_KIND:
                seen[name] = Technology(name, kind, _how(dependency), dependency.path, dependency.line)
    for kind in KINDS[1:]:
        found.extend(by_kind.get(kind, {}).values())
    return tuple(found)


def _languages(snapshot: Snapshot, extensions: Mapping[str, Any]) -> list[Technology]:
    """Languages by how many of the project's own files use them (vendored and fixture folders aside)."""
    theirs = foreign_files(snapshot)
    counts: dict[str, int] = {}
    suffixes: dict[str, set[str]] = {}
    index = snapshot.by_extension
    for extension, language in extensions.items():
        paths = index.get(str(extension))
        if not paths:
            continue
        own = len(paths) - len(theirs.intersection(paths)) if theirs else len(paths)
        if own:
            counts[str(language)] = counts.get(str(language), 0) + own
            suffixes.setdefault(str(language), set()).add(f".{extension}")
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    chosen = [
        (language, count)
        for rank, (language, count) in enumerate(ranked)
        if count >= MIN_LANGUAGE_FILES and (rank == 0 or count >= LANGUAGE_SHARE * total)
    ][:MAX_LANGUAGES]
    return [
        Technology(
            language,
            "language",
            f"{count} file{'s' if count != 1 else ''} ({', '.join(sorted(suffixes[language]))})",
        )
        for language, count in chosen
    ]


class _Lookup(msgspec.Struct, frozen=True):
    """One ecosystem's table of a section: exact names, and ``prefix*`` patterns in table order."""

    exact: Mapping[str, str]
    prefixes: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, names: Mapping[str, Any]) -> _Lookup:
        exact = {str(k): str(v) for k, v in names.items() if not str(k).endswith("*")}
        prefixes = tuple((str(k)[:-1], str(v)) for k, v in names.items() if str(k).endswith("*"))
        return cls(exact, prefixes)

    def match(self, dependency: Dependency) -> str | None:
        """The display name for ``dependency``, if the table lists it."""
        container = dependency.ecosystem == "container"
        key = dependency.name.rsplit("/", 1)[-1] if container else dependency.name
        exact = self.exact.get(key)
        if exact is None and not container:
            exact = self.exact.get(key.lower())
        if exact is not None:
            return exact
        return next((name for prefix, name in self.prefixes if key.startswith(prefix)), None)


def _how(dependency: Dependency) -> str:
    version = f":{dependency.version}" if dependency.version else ""
    if dependency.ecosystem == "container":
        return f"service image {dependency.name}{version}"
    return f"{dependency.ecosystem} dependency {dependency.name}"


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
