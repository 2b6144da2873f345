"""Property-based fuzzing of every reader of repository files (Hypothesis).

Any text, and any JSON/YAML/TOML-shaped structure, given to a reader yields a result or the
project's user-facing error (DpgcheckError), never another exception: a repository is hostile
input. Readers a batch reports per file (the package-manifest parsers, whose caller turns a
parse failure into a note) may also raise the parse errors listed in PARSE_ERRORS; anything
else (TypeError, KeyError, RecursionError…) is a bug.

New readers are covered by adding them to READERS; test_every_public_reader_is_fuzzed fails
when a module of dpgcheck.facts (or dpgcheck.config) defines a public ``parse_*``/``read_*``/
``load_*`` function that is neither fuzzed here nor exempted with a reason. Runs stay short
(FUZZ_EXAMPLES per reader); raise it locally with ``DPGCHECK_FUZZ_EXAMPLES=5000``.
"""

from __future__ import annotations

import configparser
import contextlib
import importlib
import inspect
import json
import os
import pkgutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dpgcheck.config
import dpgcheck.facts
from dpgcheck.config import discover_config
from dpgcheck.errors import DpgcheckError
from dpgcheck.facts import data_docs, dependencies
from dpgcheck.facts.ai_components import collect_ai_components
from dpgcheck.facts.conduct import read_conduct
from dpgcheck.facts.eligibility import find_eligibility_signs
from dpgcheck.facts.licenses import dataset_meta
from dpgcheck.facts.licenses import declared as license_declared
from dpgcheck.facts.licenses import parts as license_parts
from dpgcheck.facts.manifest.parse import load_manifest, load_manifest_file, parse_manifest_text
from dpgcheck.facts.manifest.publiccode import read_publiccode
from dpgcheck.facts.manifest.registry import find_registry_entries
from dpgcheck.facts.manifest.registry_app_read import entry_manifest, read_document
from dpgcheck.facts.owner_profile import read_owner_profile
from dpgcheck.facts.owner_statements import find_owner_statements
from dpgcheck.model import Target
from dpgcheck.sources.snapshot import Snapshot

FUZZ_EXAMPLES = int(os.environ.get("DPGCHECK_FUZZ_EXAMPLES", "100"))
"""Examples per user-facing reader; each per-format parser (38 of them, reached by the
repository-level readers too) gets a third, to keep the suite fast."""

# What a per-file parser may raise for a malformed file (its caller reports it as a note).
PARSE_ERRORS: tuple[type[BaseException], ...] = (
    DpgcheckError,
    ValueError,  # json, tomllib, UnicodeError, defusedxml's refusals, license_declared.InvalidManifest
    yaml.YAMLError,
    ParseError,  # expat, through defusedxml
    SyntaxError,  # ast, for setup.py
    configparser.Error,
)

# -- inputs -----------------------------------------------------------------------------------

# Field names the readers look for, so structures reach past the first isinstance check.
_KEYS = [
    "name", "description", "license", "licenses", "type", "SDGs", "SDGNumber", "repositories", "url",
    "repositoryURL", "organizations", "clearOwnership", "platformIndependence", "documentation",
    "doNoHarm", "privacy", "standards", "dependencies", "devDependencies", "peerDependencies",
    "optionalDependencies", "require", "require-dev", "tool", "dpgcheck", "poetry", "project",
    "optional-dependencies", "packages", "dev-packages", "package", "services", "image",
    "dev_dependencies", "legal", "maintenance", "contacts", "fail-on", "waivers", "indicator",
    "reason", "expires", "only", "skip", "exclude", "required", "advisory", "classifiers",
]  # fmt: skip

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["TODO: x", "Yes", "No", "MIT", "Apache-2.0", "2024-01-01", "", "DPG-1"])
)
_keys = st.sampled_from(_KEYS) | st.text(max_size=12)
structures = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=6) | st.dictionaries(_keys, children, max_size=6),
    max_leaves=20,
)

# Shapes that used to take the machine down, mixed into every reader's text.
_HOSTILE = [
    "a: &a [1,2,3,4,5,6,7,8,9]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
    "a: &a [*a]\n",
    '{"a":' * 3000 + "1" + "}" * 3000,
    "[" * 3000 + "]" * 3000,
    "- " * 3000 + "x\n",
    "a = " + "[" * 3000 + "]" * 3000 + "\n",
    "<a>" * 3000 + "</a>" * 3000,
    '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><project>&b;</project>',
    "\ufeff\x00\udcff",
]


def _dump_toml(data: Any) -> str:
    """A rough TOML rendering of a structure (not always valid TOML: that is fine here)."""
    if not isinstance(data, dict):
        return f"value = {json.dumps(data)}\n"
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"[{json.dumps(str(key))}]")
            lines += [f"{json.dumps(str(k))} = {json.dumps(v)}" for k, v in value.items()]
        else:
            lines.append(f"{json.dumps(str(key))} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


texts = st.one_of(
    st.text(max_size=400),
    st.binary(max_size=200).map(lambda data: data.decode("latin-1")),
    st.sampled_from(_HOSTILE),
    structures.map(json.dumps),
    structures.map(lambda data: yaml.safe_dump(data, allow_unicode=True)),
    structures.map(_dump_toml),
    structures.map(lambda data: "<project>" + json.dumps(data) + "</project>"),
)

# -- the readers ------------------------------------------------------------------------------

_SCRATCH = tempfile.TemporaryDirectory(prefix="dpgcheck-fuzz-")


def _folder(name: str) -> Path:
    """A scratch folder per reader, emptied for each example."""
    folder = Path(_SCRATCH.name) / name
    if folder.exists():
        for file in sorted(folder.rglob("*"), reverse=True):
            file.unlink() if not file.is_dir() or file.is_symlink() else file.rmdir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return path


def _snapshot_of(name: str, text: str) -> Snapshot:
    folder = _folder("snapshot")
    _write(folder, name, text)
    return Snapshot(folder, [name], Target(kind="local", location=str(folder)))


def _in_snapshot(name: str, read: Callable[[Snapshot], object]) -> Callable[[str], object]:
    return lambda text: read(_snapshot_of(name, text))


def _manifest_file(name: str) -> Callable[[str], object]:
    return lambda text: load_manifest_file(str(_write(_folder("manifest"), name, text)))


def _nomination(text: str) -> object:
    folder = _folder("registry")
    nomination = _write(folder, "nominees/x.json", text)
    _write(folder, "digitalpublicgoods/x.json", text)
    entries = find_registry_entries(str(folder))
    return entries, load_manifest_file(str(nomination))


def _app_entry(text: str) -> object:
    """An application-platform file: read, and each entry it holds mapped (wrapped in an entry
    shape too, so fuzzed values reach the field mapping)."""
    path = _write(_folder("registry-app"), "entry.json", text)
    document = read_document(str(path))
    if document is not None:
        return [entry_manifest(document, str(entry.get("id"))) for _, entry in document.entries]
    return None


def _config(name: str) -> Callable[[str], object]:
    def read(text: str) -> object:
        folder = _folder("config")
        _write(folder, name, text)
        return discover_config(str(folder))

    return read


def _decoded(text: str) -> str:
    """Text as a reader receives it from a file: decoded, so no lone surrogates (the files
    written for the snapshot readers keep them, as the undecodable bytes they stand for)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _raw(reader: Callable[[str, str], Any], name: str) -> Callable[[str], object]:
    return lambda text: list(reader(name, _decoded(text)))


@dataclass(frozen=True)
class Reader:
    """One reader under fuzz: how to call it on a text, what it may raise, what it covers."""

    name: str
    read: Callable[[str], object]
    covers: tuple[Callable[..., Any], ...] = ()
    allowed: tuple[type[BaseException], ...] = (DpgcheckError,)


FACING: list[Reader] = [
    Reader(
        "dpg.yaml text",
        lambda text: parse_manifest_text("dpg.yaml", _decoded(text)),
        (parse_manifest_text,),
    ),
    Reader("dpg.json text", lambda text: parse_manifest_text("dpg.json", _decoded(text))),
    Reader("dpg.yaml in a repository", _in_snapshot("dpg.yaml", load_manifest), (load_manifest,)),
    Reader("--manifest dpg.json", _manifest_file("dpg.json"), (load_manifest_file,)),
    Reader("registry nomination", _nomination, (find_registry_entries,)),
    Reader("registry-app entry file", _app_entry, (read_document,)),
    Reader(".dpgcheck.yaml", _config(".dpgcheck.yaml"), (discover_config,)),
    Reader("pyproject [tool.dpgcheck]", _config("pyproject.toml")),
    Reader("publiccode.yml", _in_snapshot("publiccode.yml", read_publiccode), (read_publiccode,)),
    Reader(
        "dependencies of a repository",
        _in_snapshot("package.json", lambda snapshot: dependencies.read_dependencies(snapshot, [])),
        (dependencies.read_dependencies,),
    ),
    Reader(
        "code of conduct contacts and links",
        _in_snapshot(
            "CODE_OF_CONDUCT.md",
            lambda snapshot: read_conduct(snapshot, ["CODE_OF_CONDUCT.md"], ["CODE_OF_CONDUCT.md"]),
        ),
        (read_conduct,),
    ),
    *[
        Reader(
            f"owner statements: {name}",
            _in_snapshot(name, lambda snapshot: find_owner_statements(snapshot, "README.md")),
        )
        for name in ("package.json", "pyproject.toml", "DESCRIPTION", "pom.xml", "mkdocs.yml", "README.md")
    ],
    *[
        Reader(
            f"AI system parts: {name}",
            _in_snapshot(name, lambda snapshot: collect_ai_components(snapshot, "README.md")),
        )
        for name in ("README.md", "MOF.yaml", "datasheet.md", ".gitattributes")
    ],
    *[
        Reader(
            f"owner profile: {name}",
            _in_snapshot(
                name,
                lambda snapshot, name=name: read_owner_profile(
                    snapshot, read_publiccode(snapshot), "README.md", snapshot.read_text(name) or "", [name]
                ),
            ),
            (read_owner_profile,),
        )
        for name in ("CITATION.cff", "README.md", "CONTRIBUTING.md", "publiccode.yml")
    ],
    *[
        Reader(
            f"eligibility signs: {name}",
            _in_snapshot(
                name,
                lambda snapshot, name=name: find_eligibility_signs(
                    snapshot, "README.md", snapshot.read_text(name) or "", ("software",)
                ),
            ),
        )
        for name in ("package.json", "pyproject.toml", "setup.py", "Cargo.toml", "composer.json", "README.md")
    ],
    Reader(
        "declared licenses of a repository",
        _in_snapshot("package.json", lambda snapshot: license_declared.manifest_declarations(snapshot, [""])),
    ),
]

# Every package-manifest parser on its own (PARSE_ERRORS become the batch's note).
PARSERS: list[Reader] = [
    *[
        Reader(f"dependencies: {name}", _raw(reader, name), (reader,), PARSE_ERRORS)
        for name, reader in {
            **dependencies._READERS,
            "app.csproj": dependencies.read_csproj,
            "requirements.txt": dependencies.read_requirements,
        }.items()
    ],
    *[
        Reader(f"licenses: {name}", _raw(reader, name), (reader,), PARSE_ERRORS)
        for name, reader in {
            **license_declared.READERS,
            "x.gemspec": license_declared._SUFFIX_READERS[".gemspec"],
            "x.nuspec": license_declared._SUFFIX_READERS[".nuspec"],
        }.items()
    ],
    # Per-part licenses and data documentation (DPG-2 / DPG-5 for data and content): never raise.
    *[
        Reader(f"collection: {name}", lambda text, r=reader, n=name: r(n, _decoded(text)), (reader,))
        for name, reader in {
            "datapackage.json": dataset_meta.parse_datapackage,
            "datapackage.yaml": dataset_meta.parse_datapackage,
            "x.jsonld": dataset_meta.parse_jsonld,
            "csv-metadata.json": dataset_meta.parse_csvw,
            "CITATION.cff": dataset_meta.parse_citation,
            "README.md": dataset_meta.parse_dataset_card,
            "a.csv.license": license_parts.parse_sidecar,
            "REUSE.toml": license_parts.parse_reuse_toml,
            ".reuse/dep5": license_parts.parse_dep5,
            "docs: datapackage.json": data_docs.parse_datapackage_docs,
            "docs: x-metadata.json": data_docs.parse_csvw_docs,
        }.items()
    ],
]

READERS = FACING + PARSERS

# Public readers not fuzzed here, and why.
EXEMPT: dict[str, str] = {
    "dpgcheck.facts.manifest.claims.parse_location": (
        "parses one manifest value, reached through the manifest readers"
    ),
    "dpgcheck.facts.manifest.parse.parse_document": "called by parse_manifest_text and load_manifest_file",
    "dpgcheck.facts.manifest.parse.read_manifest_file": "called by load_manifest_file",
    "dpgcheck.facts.manifest.registry_app_read.read_export_text": "called by load_manifest_file",
    "dpgcheck.facts.manifest.registry_answers.read_answers": "called by translate, via read_document",
    "dpgcheck.facts.policies.read_policies": "a plain-text scan (no structured parser), see bench/",
    "dpgcheck.config.load_config": "called by discover_config",
    "dpgcheck.config.parse_config": "called by discover_config; fuzzed directly below",
}


def _fuzz(reader: Reader, text: str) -> None:
    with contextlib.suppress(reader.allowed):
        reader.read(text)


@pytest.mark.parametrize("reader", FACING, ids=[reader.name for reader in FACING])
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_reader_yields_a_result_or_a_user_error(reader: Reader, text: str) -> None:
    _fuzz(reader, text)


@pytest.mark.parametrize("reader", PARSERS, ids=[reader.name for reader in PARSERS])
@settings(
    max_examples=max(FUZZ_EXAMPLES // 3, 1), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(text=texts)
def test_parser_yields_a_result_or_a_parse_error(reader: Reader, text: str) -> None:
    _fuzz(reader, text)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(raw=structures)
def test_parse_config_yields_a_config_or_a_config_error(raw: Any) -> None:
    with contextlib.suppress(DpgcheckError):
        dpgcheck.config.parse_config(raw, "cfg")


def _public_readers() -> dict[str, Callable[..., Any]]:
    # Every module of facts/, its sub-packages (licenses/, manifest/) included.
    modules = [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(dpgcheck.facts.__path__, "dpgcheck.facts.")
    ]
    found = {}
    for module in [*modules, dpgcheck.config]:
        for name, value in vars(module).items():
            if (
                inspect.isfunction(value)
                and value.__module__ == module.__name__
                and name.startswith(("parse_", "read_", "load_"))
            ):
                found[f"{module.__name__}.{name}"] = value
    return found


def test_every_public_reader_is_fuzzed() -> None:
    covered = {function for reader in READERS for function in reader.covers}
    missing = [
        name for name, function in _public_readers().items() if function not in covered and name not in EXEMPT
    ]
    assert not missing, f"add these readers to READERS in {__name__} (or to EXEMPT with a reason): {missing}"
    stale = [name for name in EXEMPT if name not in _public_readers()]
    assert not stale, f"EXEMPT names readers that no longer exist: {stale}"
