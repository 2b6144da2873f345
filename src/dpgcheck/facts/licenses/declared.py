"""Licenses a project declares in its package manifests.

Each reader parses its format with a real parser (json, tomllib, configparser, ast for
``setup.py`` literals — never executed —, defusedxml, yaml) and returns the raw declaration
with its line; turning the raw text into SPDX is license_names' job.
"""

from __future__ import annotations

import ast
import configparser
import re
from collections.abc import Callable, Iterator
from typing import Any

import msgspec

from dpgcheck.facts.licenses.files import is_manifest
from dpgcheck.facts.project_paths import file_name
from dpgcheck.parsing import (
    DocumentLimitError,
    safe_json_loads,
    safe_toml_loads,
    safe_xml_fromstring,
    safe_yaml_load,
)
from dpgcheck.sources.snapshot import Snapshot


class Declaration(msgspec.Struct, frozen=True):
    """One raw license declaration and where it was made."""

    path: str
    raw: str
    source: str  # e.g. "package.json `license`"
    line: int | None
    # "expression" | "name" | "url" | "file" (a path to a license text) | "classifier" (a trove
    # classifier: coarse, "BSD License" names no version, so an unresolved one is not reported)
    kind: str = "expression"
    count: int = 1  # for headers: how many sampled files carry it
    # `npm init` writes "license": "ISC" with an empty author: a default nobody chose, which a
    # license text in the repository outranks (CKAN's tooling package.json beside its AGPL).
    tool_default: bool = False


def line_of(text: str, pattern: str, start: int = 0) -> int | None:
    """The 1-based line of the first regex match in ``text``."""
    match = re.compile(pattern, flags=re.MULTILINE).search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _value_line(text: str, value: str) -> int | None:
    return line_of(text, re.escape(value)) if value else None


def _classifier_names(classifiers: Any) -> list[str]:
    names = []
    if isinstance(classifiers, list):
        for item in classifiers:
            if isinstance(item, str) and item.startswith("License ::"):
                last = item.split("::")[-1].strip()
                if last not in ("OSI Approved", "Freely Distributable"):
                    names.append(last)
    return names


def _package_json(path: str, text: str) -> Iterator[Declaration]:
    data = safe_json_loads(text, path)
    if not isinstance(data, dict):
        return
    value = data.get("license")
    if isinstance(value, dict):  # the old {"type": "MIT", "url": …} form
        value = value.get("type")
    if isinstance(value, str) and value.strip():
        line = line_of(text, r'"license"\s*:')
        see = re.match(r"SEE LICEN[CS]E IN (.+)", value.strip(), flags=re.IGNORECASE)
        if see:
            yield Declaration(path, see.group(1).strip(), f"{path} `license`", line, "file")
        else:
            default = value.strip() == "ISC" and data.get("author") == ""
            yield Declaration(path, value, f"{path} `license`", line, tool_default=default)
    licenses = data.get("licenses")  # the older array form
    if isinstance(licenses, list):
        line = line_of(text, r'"licenses"\s*:')
        items = [item.get("type") if isinstance(item, dict) else item for item in licenses]
        names = [n for n in items if isinstance(n, str) and n.strip()]
        if names:
            yield Declaration(
                path,
                " OR ".join(f"({n})" for n in names) if len(names) > 1 else names[0],
                f"{path} `licenses`",
                line,
                "name",
            )


def _pyproject(path: str, text: str) -> Iterator[Declaration]:

    data = safe_toml_loads(text, path)
    project = data.get("project")
    if isinstance(project, dict):
        value = project.get("license")
        line = line_of(text, r"^\s*license\s*=")
        if isinstance(value, str) and value.strip():  # PEP 639: an SPDX expression
            yield Declaration(path, value, f"{path} `project.license`", line)
        elif isinstance(value, dict):  # PEP 621: {text = "…"} or {file = "…"}
            if isinstance(value.get("text"), str) and value["text"].strip():
                yield Declaration(path, value["text"], f"{path} `project.license.text`", line, "name")
            if isinstance(value.get("file"), str):
                yield Declaration(path, value["file"], f"{path} `project.license.file`", line, "file")
        files = project.get("license-files")
        if isinstance(files, list):
            line = line_of(text, r"^\s*license-files\s*=")
            for pattern in files:
                if isinstance(pattern, str) and not any(c in pattern for c in "*?["):
                    yield Declaration(path, pattern, f"{path} `project.license-files`", line, "file")
        for name in _classifier_names(project.get("classifiers")):
            yield Declaration(path, name, f"{path} classifier", _value_line(text, name), "classifier")
    poetry = data.get("tool", {}).get("poetry") if isinstance(data.get("tool"), dict) else None
    if isinstance(poetry, dict) and isinstance(poetry.get("license"), str):
        yield Declaration(
            path, poetry["license"], f"{path} `tool.poetry.license`", line_of(text, r"^\s*license\s*=")
        )


def _setup_cfg(path: str, text: str) -> Iterator[Declaration]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    if not parser.has_section("metadata"):
        return
    value = parser.get("metadata", "license", fallback="").strip()
    if value:
        yield Declaration(
            path, value, f"{path} `metadata.license`", line_of(text, r"^\s*license\s*="), "name"
        )
    for name in _classifier_names(parser.get("metadata", "classifiers", fallback="").strip().splitlines()):
        yield Declaration(path, name, f"{path} classifier", _value_line(text, name), "name")


def _setup_py(path: str, text: str) -> Iterator[Declaration]:
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "license" and isinstance(keyword.value, ast.Constant):
                if isinstance(keyword.value.value, str) and keyword.value.value.strip():
                    yield Declaration(
                        path, keyword.value.value, f"{path} `license=`", keyword.value.lineno, "name"
                    )
            elif keyword.arg == "classifiers" and isinstance(keyword.value, ast.List | ast.Tuple):
                for item in keyword.value.elts:
                    if isinstance(item, ast.Constant) and isinstance(item.value, str):
                        for name in _classifier_names([item.value]):
                            yield Declaration(path, name, f"{path} classifier", item.lineno, "classifier")


def _strip_ns(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _pom(path: str, text: str) -> Iterator[Declaration]:
    if "license" not in text:
        # No <license> element can be there (tags are case-sensitive, prefixes end in ":"):
        # the modules of a Maven monorepo inherit their license, so most are skipped unparsed.
        return
    root = safe_xml_fromstring(text)
    for element in root.iter():
        if _strip_ns(element.tag) != "license":
            continue
        fields = {_strip_ns(child.tag): (child.text or "").strip() for child in element}
        name, url = fields.get("name", ""), fields.get("url", "")
        if name:
            yield Declaration(path, name, f"{path} <license><name>", _value_line(text, name), "name")
        elif url:
            yield Declaration(path, url, f"{path} <license><url>", _value_line(text, url), "url")


def _xml_package(path: str, text: str) -> Iterator[Declaration]:
    """*.csproj ``PackageLicenseExpression`` and *.nuspec ``<license type="expression">``."""
    if "icense" not in text:  # every tag read below holds "license" or "License"
        return
    root = safe_xml_fromstring(text)
    for element in root.iter():
        tag = _strip_ns(element.tag)
        value = (element.text or "").strip()
        if not value:
            continue
        if tag == "PackageLicenseExpression" or (tag == "license" and element.get("type") == "expression"):
            yield Declaration(path, value, f"{path} <{tag}>", _value_line(text, value))
        elif tag in ("PackageLicenseFile",) or (tag == "license" and element.get("type") == "file"):
            yield Declaration(path, value, f"{path} <{tag}>", _value_line(text, value), "file")
        elif tag in ("licenseUrl", "PackageLicenseUrl"):
            yield Declaration(path, value, f"{path} <{tag}>", _value_line(text, value), "url")


def _cargo(path: str, text: str) -> Iterator[Declaration]:

    data = safe_toml_loads(text, path)
    package = data.get("package")
    if not isinstance(package, dict):
        return
    value = package.get("license")
    if isinstance(value, str) and value.strip():
        # Cargo accepted "/" for OR before it adopted SPDX syntax.
        # (What ``re.sub(r"\s*/\s*", " OR ", value)`` gives, without its quadratic time on long
        # runs of spaces.)
        parts = value.split("/")
        expression = " OR ".join(
            [parts[0].rstrip(), *(part.strip() for part in parts[1:-1]), parts[-1].lstrip()]
            if len(parts) > 1
            else parts
        )
        yield Declaration(path, expression, f"{path} `package.license`", line_of(text, r"^\s*license\s*="))
    if isinstance(package.get("license-file"), str):
        line = line_of(text, r"^\s*license-file\s*=")
        yield Declaration(path, package["license-file"], f"{path} `package.license-file`", line, "file")


def _composer(path: str, text: str) -> Iterator[Declaration]:
    data = safe_json_loads(text, path)
    value = data.get("license") if isinstance(data, dict) else None
    line = line_of(text, r'"license"\s*:')
    if isinstance(value, str) and value.strip():
        yield Declaration(path, value, f"{path} `license`", line)
    elif isinstance(value, list):
        names = [v for v in value if isinstance(v, str) and v.strip()]
        if names:  # composer: several licenses in an array mean a disjunction
            yield Declaration(path, " OR ".join(f"({n})" for n in names), f"{path} `license`", line)


_RUBY_STRING = r"""(?:'([^']*)'|"([^"]*)")"""


def _gemspec(path: str, text: str) -> Iterator[Declaration]:
    # A gemspec is Ruby; read only literal assignments, never evaluate.
    line, counted = 1, 0
    for match in re.finditer(rf"\.licen[cs]e\s*=\s*{_RUBY_STRING}", text):
        value = match.group(1) or match.group(2) or ""
        line += text.count("\n", counted, match.start())  # counted on: a file may repeat it
        counted = match.start()
        yield Declaration(path, value, f"{path} `license`", line)
    # (No list closes after the last "]": without the cut each "[" there scans to the end.)
    closed = text[: text.rfind("]") + 1]
    line, counted = 1, 0
    for match in re.finditer(r"\.licen[cs]es\s*=\s*\[([^\]]*)\]", closed):
        names = [a or b for a, b in re.findall(_RUBY_STRING, match.group(1))]
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if names:
            yield Declaration(path, " OR ".join(f"({n})" for n in names), f"{path} `licenses`", line)


def _gradle(path: str, text: str) -> Iterator[Declaration]:
    # Gradle scripts are programs; read the conventional POM block's literal name/url only.
    block = re.search(r"licen[cs]es?\s*\{", text)
    if not block:
        return
    window = text[block.start() : block.start() + 1500]
    for key, kind in (("name", "name"), ("url", "url")):
        match = re.search(rf"\b{key}\s*(?:=|\.set\()?\s*{_RUBY_STRING}", window)
        if match:
            value = match.group(1) or match.group(2) or ""
            yield Declaration(path, value, f"{path} license {key}", _value_line(text, value), kind)
            return


def _description(path: str, text: str) -> Iterator[Declaration]:
    """R's DESCRIPTION: ``License: GPL (>= 2)``, ``MIT + file LICENSE``, alternatives with ``|``."""
    match = re.search(r"^License:\s*(.+(?:\n[ \t]+.+)*)", text, flags=re.MULTILINE)
    if not match:
        return
    value = " ".join(match.group(1).split())
    value = re.sub(r"\s*\+\s*file\s+LICEN[CS]E\b", "", value)
    parts = [p.strip() for p in value.split("|") if p.strip()]
    raw = " OR ".join(f"({p})" for p in parts) if len(parts) > 1 else (parts[0] if parts else "")
    if raw:
        yield Declaration(path, raw, f"{path} `License`", text.count("\n", 0, match.start()) + 1, "name")


def _mix(path: str, text: str) -> Iterator[Declaration]:
    match = re.search(r"licen[cs]es:\s*\[([^\]]*)\]", text)
    if match:
        names = re.findall(r'"([^"]+)"', match.group(1))
        if names:
            yield Declaration(
                path,
                " OR ".join(f"({n})" for n in names) if len(names) > 1 else names[0],
                f"{path} `licenses`",
                text.count("\n", 0, match.start()) + 1,
                "name",
            )


def _yaml_license(path: str, text: str, keys: tuple[str, ...], source: str) -> Iterator[Declaration]:
    import yaml  # only when there is YAML to read

    try:
        data: Any = safe_yaml_load(text, path)
    except yaml.YAMLError as exc:
        raise InvalidManifest(str(exc)) from exc
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    if isinstance(data, str) and data.strip():
        yield Declaration(path, data, f"{path} {source}", line_of(text, rf"^\s*{keys[-1]}\s*:"))


def _pubspec(path: str, text: str) -> Iterator[Declaration]:
    yield from _yaml_license(path, text, ("license",), "`license`")


def _publiccode(path: str, text: str) -> Iterator[Declaration]:
    yield from _yaml_license(path, text, ("legal", "license"), "`legal.license`")


class InvalidManifest(ValueError):
    """A YAML manifest PyYAML cannot read (PyYAML is imported only to read one)."""


Reader = Callable[[str, str], Iterator[Declaration]]

READERS: dict[str, Reader] = {
    "package.json": _package_json,
    "pyproject.toml": _pyproject,
    "setup.cfg": _setup_cfg,
    "setup.py": _setup_py,
    "pom.xml": _pom,
    "build.gradle": _gradle,
    "build.gradle.kts": _gradle,
    "cargo.toml": _cargo,
    "composer.json": _composer,
    "description": _description,
    "mix.exs": _mix,
    "pubspec.yaml": _pubspec,
    "publiccode.yml": _publiccode,
    "publiccode.yaml": _publiccode,
}
_SUFFIX_READERS: dict[str, Reader] = {".gemspec": _gemspec, ".csproj": _xml_package, ".nuspec": _xml_package}


def reader_for(name: str) -> Reader | None:
    """The reader of a manifest file name, if it declares licenses."""
    lower = name.lower()
    if lower in READERS:
        return READERS[lower]
    for suffix, reader in _SUFFIX_READERS.items():
        if lower.endswith(suffix):
            return reader
    return None


def manifest_declarations(
    snapshot: Snapshot, directories: list[str]
) -> tuple[list[Declaration], list[tuple[str, str]]]:
    """Declarations of every manifest directly inside ``directories``; and unparsable manifests."""
    found: list[Declaration] = []
    broken: list[tuple[str, str]] = []
    for directory in directories:
        for path in snapshot.children(directory):
            name = file_name(path)
            reader = reader_for(name) if is_manifest(name) else None
            if reader is None:
                continue
            text = snapshot.read_text(path)
            if text is None:
                continue
            try:
                found.extend(reader(path, text))
            except (
                ValueError,
                SyntaxError,
                TypeError,
                AttributeError,
                configparser.Error,
                DocumentLimitError,
                RecursionError,  # the parsers' depth checks should have refused it first
            ) as exc:
                # A broken manifest is evidence, not a crash (tomllib/json errors are ValueErrors,
                # and so is InvalidManifest, which carries PyYAML's error as its cause).
                cause = exc.__cause__ if isinstance(exc, InvalidManifest) and exc.__cause__ else exc
                if isinstance(cause, DocumentLimitError | RecursionError):
                    broken.append((path, "nested too deeply or too self-repeating to read"))
                else:
                    broken.append((path, f"{cause.__class__.__name__}: {str(cause)[:120]}"))
    return found, broken
