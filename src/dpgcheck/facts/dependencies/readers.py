"""Readers of language package manifests: each returns the dependencies one file declares.

Each reader is small and forgiving: a manifest that does not parse raises, and the caller reports
it as not read (never fatal). Development, test and build dependencies are marked dev.
"""

from __future__ import annotations

import configparser
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping

from dpgcheck.facts.dependencies.model import DEV, OPTIONAL, RUNTIME, Dependency
from dpgcheck.facts.lines import line_starts
from dpgcheck.facts.project_paths import file_name
from dpgcheck.parsing import safe_json_loads, safe_toml_loads, safe_xml_fromstring, safe_yaml_load

# What may stand right before and after a dependency's name where a manifest names it (besides
# whitespace): quotes, brackets, separators and version operators.
_NAME_BEFORE = frozenset("\"'(:{,<=>")
_NAME_AFTER = frozenset("\"'),:=<>~!;[@/")


def _line_of(text: str, name: str, starts: list[int] | None = None) -> int | None:
    """The line where ``name`` first stands as a whole name (not inside a longer one).

    C-level ``str.find`` for the candidates, then a look at the characters around each: a
    regular expression starting with a boundary group would be tried at every position.
    ``starts``: the text's ``line_starts``, when the caller looks up many names.
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
            if starts is not None:
                return bisect_right(starts, start)
            return text.count("\n", 0, start) + 1
        start = text.find(name, start + 1)
    return None


def _requirement_name(spec: str) -> str | None:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    return match.group(1).lower() if match else None


def _deps(
    ecosystem: str,
    path: str,
    text: str,
    names: Iterable[str],
    scope: str,
    versions: Mapping[str, object] | None = None,
) -> list[Dependency]:
    versions = versions or {}
    starts = line_starts(text)
    return [
        Dependency(ecosystem, name, scope, path, _line_of(text, name, starts), _version(versions.get(name)))
        for name in names
        if name
    ]


def _version(value: object) -> str | None:
    """A version as written (``^2.3.0``, ``7.17.9``); tables and other shapes give None."""
    return value.strip() or None if isinstance(value, str) else None


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
            found += _deps("npm", path, text, [str(k) for k in section], scope, section)
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
    root = safe_xml_fromstring(text)
    found: list[Dependency] = []
    # ``<version>${es.version}</version>``: resolved from this pom's own <properties> (one level).
    properties = {
        child.tag.rsplit("}", 1)[-1]: (child.text or "").strip()
        for element in root
        if element.tag.endswith("properties")
        for child in element
        if isinstance(child.tag, str)
    }
    # ``{http://maven.apache.org/POM/4.0.0}project`` → that namespace for every element: the
    # dependency elements are then found by the C iterator, not by testing each of thousands.
    namespace = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    starts = line_starts(text)
    for element in root.iter(f"{namespace}dependency"):
        fields = {
            child.tag.rsplit("}", 1)[-1]: (child.text or "").strip()
            for child in element
            if isinstance(child.tag, str)
        }
        group, artifact = fields.get("groupId", ""), fields.get("artifactId", "")
        if not artifact:
            continue
        # `import` is a BOM: it manages versions and adds no dependency of its own.
        scope = DEV if fields.get("scope") in ("test", "provided", "import") else RUNTIME
        version = fields.get("version") or None
        if version and version.startswith("${") and version.endswith("}"):
            version = properties.get(version[2:-1]) or None
        found.append(
            Dependency("maven", f"{group}:{artifact}", scope, path, _line_of(text, artifact, starts), version)
        )
    return found


_GRADLE = re.compile(r"^\s*(\w+)\s*\(?\s*[\"']([\w.\-]+):([\w.\-]+)(?::([^\"']*))?[\"']", re.MULTILINE)


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
                match.group(4) or None,
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


DOTNET_TARGET = "dotnet-target"
"""Pseudo-ecosystem of a .NET project's target frameworks (``net48``, ``v4.7.2``, ``net8.0``)."""


def read_csproj(path: str, text: str) -> list[Dependency]:
    """NuGet PackageReference items of a .NET project, and the frameworks it targets."""
    root = safe_xml_fromstring(text)
    found: list[Dependency] = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.endswith("PackageReference"):
            name = element.get("Include", "")
            if name:
                found.append(
                    Dependency("nuget", name, RUNTIME, path, _line_of(text, name), element.get("Version"))
                )
        elif tag.endswith(("TargetFramework", "TargetFrameworks", "TargetFrameworkVersion")):
            line = _line_of(text, (element.text or "").strip())
            for target in (element.text or "").split(";"):
                if target.strip():
                    found.append(Dependency(DOTNET_TARGET, target.strip().lower(), RUNTIME, path, line))
    return found


def read_packages_config(path: str, text: str) -> list[Dependency]:
    """NuGet ``packages.config`` (classic .NET Framework projects): ids, versions, target frameworks."""
    root = safe_xml_fromstring(text)
    found: list[Dependency] = []
    targets: set[str] = set()
    for element in root.iter():
        if not (isinstance(element.tag, str) and element.tag.endswith("package")):
            continue
        name = element.get("id", "")
        if not name:
            continue
        scope = DEV if element.get("developmentDependency") == "true" else RUNTIME
        line = _line_of(text, name)
        found.append(Dependency("nuget", name, scope, path, line, element.get("version")))
        target = (element.get("targetFramework") or "").strip().lower()
        if target and target not in targets:
            targets.add(target)
            found.append(Dependency(DOTNET_TARGET, target, RUNTIME, path, line))
    return found


_MIX_LOCK = re.compile(r'^\s*"([\w-]+)":\s*\{:hex,\s*:[\w-]+,\s*"([^"]*)"', re.MULTILINE)


def read_mix_lock(path: str, text: str) -> list[Dependency]:
    """Elixir ``mix.lock``: every locked hex package with its version (scopes live in mix.exs)."""
    return [
        Dependency(
            "hex", match.group(1), RUNTIME, path, text.count("\n", 0, match.start()) + 1, match.group(2)
        )
        for match in _MIX_LOCK.finditer(text)
    ]


def read_version_catalog(path: str, text: str) -> list[Dependency]:
    """Gradle version catalog ``libs.versions.toml``: its [libraries] (dev scope is decided where used)."""
    data = safe_toml_loads(text, path)
    versions = data.get("versions") if isinstance(data.get("versions"), dict) else {}
    libraries = data.get("libraries")
    found: list[Dependency] = []
    if not isinstance(libraries, dict):
        return found
    for alias, spec in libraries.items():
        version: object = None
        if isinstance(spec, str):  # "group:artifact:version"
            module, _, version = spec.rpartition(":") if spec.count(":") >= 2 else (spec, "", None)
        elif isinstance(spec, dict):
            module = str(spec.get("module") or f"{spec.get('group', '')}:{spec.get('name', '')}")
            version = spec.get("version")
            if isinstance(version, dict):
                ref = version.get("ref")
                version = versions.get(ref) if isinstance(ref, str) and isinstance(versions, dict) else None
        else:
            continue
        if ":" not in module or module.startswith(":"):
            continue
        line = _line_of(text, str(alias)) or _line_of(text, module.rpartition(":")[2])
        found.append(Dependency("maven", module, RUNTIME, path, line, _version(version)))
    return found


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
