"""Dependencies read from every package manifest, and the closed ones among them (DPG-4).

Each reader is small and forgiving: a manifest that does not parse is reported, never fatal.
Development, test and build dependencies are read but exempt from DPG-4; container images are
deployment tooling except known service images (a database, search engine or cache), which are
run-time dependencies. Code in git submodules is not in the snapshot: its paths are reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from msgspec.structs import replace

from dpgcheck.facts.dependencies.closed import match_closed
from dpgcheck.facts.dependencies.development_only import development_only_folders
from dpgcheck.facts.dependencies.images import read_chart, read_compose, read_dockerfile, read_helm_values
from dpgcheck.facts.dependencies.model import (
    CLOUD_SDK,
    DEPLOY,
    DEV,
    EXEMPT_SCOPES,
    OPTIONAL,
    RUNTIME,
    SERVICE,
    ClosedDependency,
    Dependency,
    DependencyFacts,
    OpenSignal,
)
from dpgcheck.facts.dependencies.readers import (
    _line_of,
    read_cargo,
    read_composer,
    read_csproj,
    read_description,
    read_gemfile,
    read_go_mod,
    read_gradle,
    read_mix,
    read_mix_lock,
    read_package_json,
    read_packages_config,
    read_pipfile,
    read_pom,
    read_pubspec,
    read_pyproject,
    read_requirements,
    read_setup_cfg,
    read_version_catalog,
)
from dpgcheck.facts.dependencies.signals import find_open_signals
from dpgcheck.facts.project_paths import in_foreign_folder
from dpgcheck.parsing import DocumentLimitError
from dpgcheck.sources.snapshot import Snapshot

__all__ = [
    "DEPLOY",
    "DEV",
    "EXEMPT_SCOPES",
    "OPTIONAL",
    "RUNTIME",
    "SERVICE",
    "ClosedDependency",
    "Dependency",
    "DependencyFacts",
    "OpenSignal",
    "_line_of",
    "match_closed",
    "read_csproj",
    "read_dependencies",
    "read_requirements",
]

MAX_MANIFESTS = 3000
"""Monorepos can hold thousands of manifests; past this many the rest are counted, not read."""

Reader = Callable[[str, str], list[Dependency]]


_READERS: dict[str, Reader] = {
    "package.json": read_package_json,
    "pyproject.toml": read_pyproject,
    "setup.cfg": read_setup_cfg,
    "pipfile": read_pipfile,
    "pom.xml": read_pom,
    "build.gradle": read_gradle,
    "build.gradle.kts": read_gradle,
    "go.mod": read_go_mod,
    "gemfile": read_gemfile,
    "composer.json": read_composer,
    "cargo.toml": read_cargo,
    "mix.exs": read_mix,
    "mix.lock": read_mix_lock,
    "libs.versions.toml": read_version_catalog,
    "packages.config": read_packages_config,
    "chart.yaml": read_chart,
    "values.yaml": read_helm_values,
    "description": read_description,
    "pubspec.yaml": read_pubspec,
    "dockerfile": read_dockerfile,
    "docker-compose.yml": read_compose,
    "docker-compose.yaml": read_compose,
    "compose.yaml": read_compose,
    "compose.yml": read_compose,
}


def _reader_for(path: str) -> Reader | None:
    # Called for every path of the repository: plain string operations only.
    lower_path = path.lower()
    lower = lower_path.rsplit("/", 1)[-1]
    reader = _READERS.get(lower)
    if reader is not None:
        return reader
    if lower.endswith(".csproj"):
        return read_csproj
    if lower.endswith((".txt", ".in")) and (
        lower.startswith("requirements") or "requirements/" in lower_path
    ):
        return read_requirements
    if lower.startswith("dockerfile") or lower.endswith(".dockerfile"):
        return read_dockerfile
    if lower.startswith(("docker-compose", "compose.")) and lower.endswith((".yml", ".yaml")):
        return read_compose  # docker-compose.prod.yml, compose.override.yaml
    if lower.startswith("values-") and lower.endswith((".yaml", ".yml")):
        return read_helm_values
    return None


def _is_project_manifest(snapshot: Snapshot, path: str) -> bool:
    # Manifests inside test fixtures, examples or vendored code describe someone else's project.
    return not in_foreign_folder(snapshot, path)


def manifest_paths(snapshot: Snapshot) -> list[str]:
    """Paths that may be dependency manifests, in path order.

    Decided per distinct file name (a monorepo has 50,000 paths but a few thousand names).
    """
    found: list[str] = []
    for name, paths in snapshot.by_lower_name.items():
        # Most names of a large tree are source files (.java, .ts): rejected by their extension
        # before the reader lookup.
        if name.rpartition(".")[2] in _SOURCE_EXTENSIONS and name not in _READERS:
            continue
        if _reader_for(name) is not None or name.endswith((".txt", ".in", ".yml", ".yaml")):
            found.extend(paths)
    return sorted(found)


# Extensions no manifest name ends with (every _READERS key and _reader_for pattern checked).
_SOURCE_EXTENSIONS = frozenset(
    {
        "java",
        "kt",
        "ts",
        "tsx",
        "js",
        "jsx",
        "mjs",
        "py",
        "rb",
        "php",
        "cs",
        "go",
        "rs",
        "c",
        "h",
        "cpp",
        "html",
        "css",
        "scss",
        "svg",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "md",
        "rst",
        "sql",
        "properties",
        "sh",
        "vue",
        "swift",
        "dart",
        "ex",
        "exs",
        "erb",
        "po",
        "ftl",
        "vm",
        "jsp",
        "xsd",
        "wsdl",
        "csv",
    }
)


def read_dependencies(snapshot: Snapshot, closed_list: Iterable[Mapping[str, Any]]) -> DependencyFacts:
    """Read every dependency manifest of the repository and match the closed list."""
    manifests: list[str] = []
    deps: list[Dependency] = []
    unparsed: list[tuple[str, str]] = []
    skipped = 0
    for path in manifest_paths(snapshot):
        reader = _reader_for(path)
        if reader is None or not _is_project_manifest(snapshot, path):
            continue
        if len(manifests) >= MAX_MANIFESTS:
            skipped += 1
            continue
        manifests.append(path)
        text = snapshot.read_text(path)
        if text is None:
            unparsed.append((path, snapshot.skipped.get(path, "unreadable")))
            continue
        try:
            deps.extend(reader(path, text))
        except DocumentLimitError as exc:
            unparsed.append((path, exc.message.removeprefix(f"{path}: ")))
        except Exception as exc:  # any parser's error (RecursionError too): reported, not fatal
            unparsed.append((path, f"could not be parsed ({exc.__class__.__name__})"))
    closed = match_closed(deps, closed_list)
    # Configuration is read only for the hosted services actually found (most repositories: none).
    found_families = {c.family for c in closed if c.family and c.kind == CLOUD_SDK}
    if found_families:
        signals = find_open_signals(snapshot, found_families)
        closed = [
            replace(c, open_signals=(*c.open_signals, *signals[c.family])) if c.family in signals else c
            for c in closed
        ]
    return DependencyFacts(
        tuple(deps),
        tuple(manifests),
        tuple(unparsed),
        tuple(closed),
        skipped,
        submodules(snapshot),
        development_only_folders(snapshot, (c.dependency.path.rpartition("/")[0] for c in closed)),
    )


_SUBMODULE_PATH = re.compile(r"^\s*path\s*=\s*(.+?)\s*$", re.MULTILINE)


def submodules(snapshot: Snapshot) -> tuple[str, ...]:
    """Paths of the git submodules ``.gitmodules`` declares (their code is not checked)."""
    if ".gitmodules" not in snapshot.path_set:
        return ()
    text = snapshot.read_text(".gitmodules") or ""
    return tuple(dict.fromkeys(match.group(1) for match in _SUBMODULE_PATH.finditer(text)))[:50]
