"""Dependencies read from every package manifest, and the closed ones among them (DPG-4).

Each reader is small and forgiving: a manifest that does not parse is reported, never fatal.
Development, test, build and container dependencies are read but exempt from DPG-4.
"""

from __future__ import annotations

import configparser
import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from defusedxml import ElementTree

from dpgcheck.facts.project_paths import file_name, in_foreign_folder
from dpgcheck.parsing import DocumentLimitError, safe_json_loads, safe_toml_loads, safe_yaml_load
from dpgcheck.sources.snapshot import Snapshot

RUNTIME = "runtime"
DEV = "dev"
OPTIONAL = "optional"
DEPLOY = "deploy"
EXEMPT_SCOPES = frozenset({DEV, DEPLOY})

MAX_MANIFESTS = 3000
"""Monorepos can hold thousands of manifests; past this many the rest are counted, not read."""


@dataclass(frozen=True)
class Dependency:
    """One declared dependency."""

    ecosystem: str
    name: str
    scope: str
    path: str
    line: int | None


@dataclass(frozen=True)
class ClosedDependency:
    """A dependency on the catalog's list of closed or proprietary SDKs and services."""

    dependency: Dependency
    reason: str
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class DependencyFacts:
    """All dependencies, the manifests read, and the closed dependencies found."""

    dependencies: tuple[Dependency, ...]
    manifests: tuple[str, ...]
    unparsed: tuple[tuple[str, str], ...]  # (path, reason)
    closed: tuple[ClosedDependency, ...]
    manifests_not_read: int = 0

    def runtime(self) -> tuple[Dependency, ...]:
        """Dependencies that are mandatory or optional at run time (not dev/deploy)."""
        return tuple(d for d in self.dependencies if d.scope not in EXEMPT_SCOPES)


Reader = Callable[[str, str], list[Dependency]]


# What may stand right before and after a dependency's name where a manifest names it (besides
# whitespace): quotes, brackets, separators and version operators.
_NAME_BEFORE = frozenset("\"'(:{,<=>")
_NAME_AFTER = frozenset("\"'),:=<>~!;[@/")


def _line_of(text: str, name: str) -> int | None:
    """The line where ``name`` first stands as a whole name (not inside a longer one).

    C-level ``str.find`` for the candidates, then a look at the characters around each: a
    regular expression starting with a boundary group would be tried at every position.
    """
    if not name:
        return None
    size, end_of_text = len(name), len(text)
    start = text.find(name)
    while start >= 0:
        before = text[start - 1] if start else "\n"
        end = start + size
        after = text[end] if end < end_of_text else "\n"
        if (before.isspace() or before in _NAME_BEFORE) and (after.isspace() or after in _NAME_AFTER):
            return text.count("\n", 0, start) + 1
        start = text.find(name, start + 1)
    return None


def _requirement_name(spec: str) -> str | None:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    return match.group(1).lower() if match else None


def _deps(ecosystem: str, path: str, text: str, names: Iterable[str], scope: str) -> list[Dependency]:
    return [Dependency(ecosystem, name, scope, path, _line_of(text, name)) for name in names if name]


def read_package_json(path: str, text: str) -> list[Dependency]:
    """npm: dependencies, peer and optional (run time) and devDependencies (dev)."""
    data = safe_json_loads(text, path)
    if not isinstance(data, dict):
        return []
    found: list[Dependency] = []
    for key, scope in (
        ("dependencies", RUNTIME),
        ("peerDependencies", RUNTIME),
        ("optionalDependencies", OPTIONAL),
        ("devDependencies", DEV),
    ):
        section = data.get(key)
        if isinstance(section, dict):
            found += _deps("npm", path, text, [str(k) for k in section], scope)
    return found


def read_requirements(path: str, text: str) -> list[Dependency]:
    """pip requirements files; ``requirements-dev.txt`` and the like count as dev."""
    scope = DEV if re.search(r"dev|test|doc|lint|ci", file_name(path), re.I) else RUNTIME
    names = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith(("-", "git+", "http:", "https:", ".", "/")):
            continue
        names.append(_requirement_name(line) or "")
    return _deps("pypi", path, text, names, scope)


def read_pyproject(path: str, text: str) -> list[Dependency]:
    """PEP 621 and Poetry dependencies."""

    data = safe_toml_loads(text, path)
    found: list[Dependency] = []
    project = data.get("project", {})
    if isinstance(project, dict):
        found += _deps(
            "pypi",
            path,
            text,
            [_requirement_name(str(d)) or "" for d in project.get("dependencies", [])],
            RUNTIME,
        )
        for group in (project.get("optional-dependencies") or {}).values():
            found += _deps("pypi", path, text, [_requirement_name(str(d)) or "" for d in group], OPTIONAL)
    poetry = data.get("tool", {}).get("poetry", {})
    if isinstance(poetry, dict):
        runtime = [str(k).lower() for k in poetry.get("dependencies", {}) if k != "python"]
        found += _deps("pypi", path, text, runtime, RUNTIME)
        found += _deps("pypi", path, text, [str(k).lower() for k in poetry.get("dev-dependencies", {})], DEV)
        for group in (poetry.get("group") or {}).values():
            if isinstance(group, dict):
                found += _deps(
                    "pypi", path, text, [str(k).lower() for k in group.get("dependencies", {})], DEV
                )
    return found


def read_setup_cfg(path: str, text: str) -> list[Dependency]:
    """setuptools ``install_requires`` in setup.cfg."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    raw = parser.get("options", "install_requires", fallback="")
    names = [_requirement_name(line) or "" for line in raw.splitlines() if line.strip()]
    return _deps("pypi", path, text, names, RUNTIME)


def read_pipfile(path: str, text: str) -> list[Dependency]:
    """Pipenv's [packages] and [dev-packages]."""

    data = safe_toml_loads(text, path)
    return _deps("pypi", path, text, [str(k).lower() for k in data.get("packages", {})], RUNTIME) + _deps(
        "pypi", path, text, [str(k).lower() for k in data.get("dev-packages", {})], DEV
    )


def read_pom(path: str, text: str) -> list[Dependency]:
    """Maven dependencies (test and provided scopes count as dev)."""
    root = ElementTree.fromstring(text.encode("utf-8"))
    found: list[Dependency] = []
    for element in root.iter():
        if not element.tag.endswith("dependency"):
            continue
        fields = {child.tag.rsplit("}", 1)[-1]: (child.text or "").strip() for child in element}
        group, artifact = fields.get("groupId", ""), fields.get("artifactId", "")
        if not artifact:
            continue
        scope = DEV if fields.get("scope") in ("test", "provided") else RUNTIME
        found.append(Dependency("maven", f"{group}:{artifact}", scope, path, _line_of(text, artifact)))
    return found


_GRADLE = re.compile(r"^\s*(\w+)\s*\(?\s*[\"']([\w.\-]+):([\w.\-]+)(?::[^\"']*)?[\"']", re.MULTILINE)


def read_gradle(path: str, text: str) -> list[Dependency]:
    """Gradle (Groovy or Kotlin DSL) dependency declarations."""
    found = []
    for match in _GRADLE.finditer(text):
        configuration = match.group(1)
        if configuration in ("id", "classpath", "plugin"):
            continue
        scope = (
            DEV
            if configuration.lower().startswith(
                ("test", "androidtest", "debug", "kapt", "annotationprocessor", "lint")
            )
            else RUNTIME
        )
        found.append(
            Dependency(
                "maven",
                f"{match.group(2)}:{match.group(3)}",
                scope,
                path,
                text.count("\n", 0, match.start()) + 1,
            )
        )
    return found


def read_go_mod(path: str, text: str) -> list[Dependency]:
    """Go modules' ``require`` lines (indirect ones included: they are linked in)."""
    names: list[str] = []
    in_block = False
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].strip()
        if line.startswith("require ("):
            in_block = True
        elif in_block and line == ")":
            in_block = False
        elif in_block and line:
            names.append(line.split()[0])
        elif line.startswith("require "):
            names.append(line.split()[1])
    return _deps("go", path, text, names, RUNTIME)


def read_gemfile(path: str, text: str) -> list[Dependency]:
    """Bundler gems; those inside ``group :development/:test`` blocks count as dev."""
    found: list[Dependency] = []
    depth_dev = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if re.match(r"group\b.*\b(development|test)\b.*\bdo\b", line):
            depth_dev += 1
        elif line == "end" and depth_dev:
            depth_dev -= 1
        match = re.match(r"gem\s+[\"']([^\"']+)[\"']", line)
        if match:
            dev = depth_dev or re.search(r"group:\s*\[?:(development|test)", line)
            found.append(Dependency("rubygems", match.group(1), DEV if dev else RUNTIME, path, number))
    return found


def read_composer(path: str, text: str) -> list[Dependency]:
    """Composer ``require`` and ``require-dev`` (platform packages skipped)."""
    data = safe_json_loads(text, path)
    if not isinstance(data, dict):
        return []
    found: list[Dependency] = []
    for key, scope in (("require", RUNTIME), ("require-dev", DEV)):
        section = data.get(key)
        if not isinstance(section, dict):  # `"require": true` is not a list of packages
            continue
        names = [k for k in section if k != "php" and not k.startswith(("ext-", "lib-"))]
        found += _deps("packagist", path, text, names, scope)
    return found


def read_cargo(path: str, text: str) -> list[Dependency]:
    """Cargo dependencies, dev-dependencies and build-dependencies."""

    data = safe_toml_loads(text, path)
    found: list[Dependency] = []
    for key, scope in (
        ("dependencies", RUNTIME),
        ("dev-dependencies", DEV),
        ("build-dependencies", DEV),
    ):
        found += _deps("cargo", path, text, [str(k) for k in data.get(key, {})], scope)
    return found


def read_csproj(path: str, text: str) -> list[Dependency]:
    """NuGet PackageReference items of a .NET project."""
    root = ElementTree.fromstring(text.encode("utf-8"))
    names = [el.get("Include", "") for el in root.iter() if el.tag.endswith("PackageReference")]
    return _deps("nuget", path, text, names, RUNTIME)


def read_mix(path: str, text: str) -> list[Dependency]:
    """Elixir mix.exs ``deps`` tuples."""
    found = []
    for match in re.finditer(r"\{\s*:(\w+)\s*,([^}]*)\}", text):
        scope = DEV if re.search(r"only:\s*\[?:(dev|test)", match.group(2)) else RUNTIME
        found.append(Dependency("hex", match.group(1), scope, path, text.count("\n", 0, match.start()) + 1))
    return found


def read_description(path: str, text: str) -> list[Dependency]:
    """R package DESCRIPTION fields Depends, Imports, LinkingTo (run time) and Suggests."""
    found: list[Dependency] = []
    for field, scope in (
        ("Depends", RUNTIME),
        ("Imports", RUNTIME),
        ("LinkingTo", RUNTIME),
        ("Suggests", OPTIONAL),
    ):
        match = re.search(rf"^{field}:(.*(?:\n[ \t].*)*)", text, re.MULTILINE)
        if match:
            names = [re.sub(r"\(.*", "", item).strip() for item in match.group(1).split(",")]
            found += _deps("cran", path, text, [n for n in names if n and n != "R"], scope)
    return found


def read_pubspec(path: str, text: str) -> list[Dependency]:
    """Dart/Flutter pubspec dependencies and dev_dependencies."""
    data = safe_yaml_load(text, path)
    if not isinstance(data, dict):
        return []
    found: list[Dependency] = []
    for key, scope in (("dependencies", RUNTIME), ("dev_dependencies", DEV)):
        section = data.get(key) or {}
        if isinstance(section, dict):
            names = [str(k) for k in section if k not in ("flutter", "flutter_test")]
            found += _deps("pub", path, text, names, scope)
    return found


def read_dockerfile(path: str, text: str) -> list[Dependency]:
    """Base images of a Dockerfile: deployment tooling, exempt from DPG-4."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        match = re.match(r"\s*FROM\s+(?:--\S+\s+)*(\S+)", raw, re.IGNORECASE)
        if match:
            found.append(Dependency("container", match.group(1), DEPLOY, path, number))
    return found


def read_compose(path: str, text: str) -> list[Dependency]:
    """Images of a docker-compose file: deployment tooling, exempt from DPG-4."""
    data = safe_yaml_load(text, path)
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return []
    images = [
        str(svc.get("image")) for svc in services.values() if isinstance(svc, dict) and svc.get("image")
    ]
    return _deps("container", path, text, images, DEPLOY)


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
        if _reader_for(name) is not None or name.endswith((".txt", ".in")):
            found.extend(paths)
    return sorted(found)


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
    return DependencyFacts(tuple(deps), tuple(manifests), tuple(unparsed), tuple(closed), skipped)


def match_closed(
    dependencies: Iterable[Dependency], closed_list: Iterable[Mapping[str, Any]]
) -> list[ClosedDependency]:
    """Run-time dependencies that match an entry of the closed list."""
    entries = [
        (str(entry.get("ecosystem")), str(entry.get("name", "")).lower(), entry) for entry in closed_list
    ]
    # Monorepos repeat the same dependency in many manifests: decide each (ecosystem, name) once.
    verdicts: dict[tuple[str, str], Mapping[str, Any] | None] = {}
    found: list[ClosedDependency] = []
    for dep in dependencies:
        if dep.scope in EXEMPT_SCOPES:
            continue
        key = (dep.ecosystem, dep.name.lower())
        if key not in verdicts:
            verdicts[key] = next(
                (
                    entry
                    for ecosystem, pattern, entry in entries
                    if ecosystem == dep.ecosystem and fnmatch.fnmatchcase(key[1], pattern)
                ),
                None,
            )
        entry = verdicts[key]
        if entry is not None:
            found.append(
                ClosedDependency(
                    dep,
                    str(entry.get("reason", "")),
                    tuple(str(a) for a in entry.get("alternatives", [])),
                )
            )
    return found
