"""How data gets out of (and into) the project (DPG-6): API descriptions and export code.

- API description documents found by content: a YAML or JSON file whose top level has an
  ``openapi``, ``swagger`` or ``asyncapi`` key, whatever its name (``api/v1.yaml``);
- GraphQL schemas (``*.graphql``, ``*.graphqls``, ``schema.gql``);
- export code: source files that write CSV, JSON or XML for download (``csv.writer``,
  ``to_csv``, a ``Content-Disposition: attachment`` header…).

Only the project's own files count: tests, fixtures, examples and vendored code are someone
else's (``project_paths.FOREIGN_DIRS`` and a few test-folder names more). The files read are
bounded in number and size, and read here, while the facts are collected, so a remote
snapshot's prefetch fetches them in one batch.
"""

from __future__ import annotations

import re

import msgspec

from dpgcheck.facts.caseless import ascii_twin, caseless_found
from dpgcheck.facts.project_paths import file_name, in_foreign_dir, names_holding, non_ascii_names
from dpgcheck.sources.snapshot import Snapshot

MAX_API_CANDIDATES = 60
"""YAML/JSON files read at most to find API descriptions by content (the likeliest first)."""
MAX_EXPORT_CANDIDATES = 40
"""Source files read at most to find export code (only those whose name says export/download)."""
MAX_READ = 1024 * 1024
"""Bytes read at most per file: an API description or exporter is well below; larger files are
data, not descriptions (a larger ``openapi.json`` is still found by its name, see open-standards)."""
MAX_FOUND = 3

TEST_DIRS = frozenset({"__tests__", "__mocks__", "mocks", "e2e", "cypress", "integration_tests", "testing"})
"""Test folders beyond project_paths.FOREIGN_DIRS: their files are not the project's mechanism."""

_API_EXTENSIONS = ("yaml", "yml", "json")
_SKIP_NAMES = frozenset(
    {
        "package.json",
        "package-lock.json",
        "composer.json",
        "composer.lock",
        "tsconfig.json",
        "docker-compose.yml",
        "docker-compose.yaml",
        "pnpm-lock.yaml",
        "yarn.lock",
        ".pre-commit-config.yaml",
        "mkdocs.yml",
        "angular.json",
        "app.json",
        "renovate.json",
        "dependabot.yml",
    }
)
"""Well-known configuration files that are never API descriptions (not read)."""
_SKIP_DIRS = frozenset(
    {".github", ".gitlab", ".circleci", "locale", "locales", "i18n", "translations", "lang"}
)
_LIKELY = re.compile(r"api|swagger|spec|schema|doc|contract|async|event", re.IGNORECASE)

# A top-level key, at column 0 in YAML or one level into a JSON object (any indentation then,
# since JSON may be minified or pretty-printed; only the first lines are looked at).
_YAML_KEY = re.compile(r"^(openapi|swagger|asyncapi)\s*:\s*[\"']?(\d[\w.\-]*)", re.MULTILINE)
_JSON_KEY = re.compile(r"^\s*\{?\s*\"(openapi|swagger|asyncapi)\"\s*:\s*\"(\d[\w.\-]*)\"", re.MULTILINE)
_HEAD_CHARS = 4000

_GRAPHQL_EXTENSIONS = ("graphql", "graphqls")

# API Blueprint (apiblueprint.org, an open API description format): ``FORMAT: 1A`` opens a
# document; included parts (``<!-- include(posts.apib) -->``) carry no header of their own.
_BLUEPRINT_FORMAT = re.compile(r"^FORMAT:\s*1A\b", re.MULTILINE)

_SOURCE_EXTENSIONS = frozenset(
    {"py", "js", "ts", "jsx", "tsx", "java", "kt", "rb", "php", "go", "cs", "ex", "exs", "scala", "r", "dart"}
)
_EXPORT_NAME = re.compile(r"export|download|csv|xlsx|dump|report", re.IGNORECASE)
_EXPORT_NAME_ASCII = ascii_twin(_EXPORT_NAME)
_EXPORT_CODE = re.compile(
    r"csv\.(writer|DictWriter)\b|\.to_(csv|json|xml|excel)\(|\bCSVPrinter\b|\bCSVWriter\b|\bcsv-writer\b|"
    r"\bjson2csv\b|\bPapa\.unparse\b|\bFasterCSV\b|\bCSV\.generate\b|\bfputcsv\b|\bencoding/csv\b|"
    r"Content-Disposition[\"']?[ \t]*[,:=][ \t]*[^\n]{0,40}attachment|\bwrite\.csv\(|"
    r"\bStreamingHttpResponse\b[^\n]{0,80}csv|"
    r"\bXMLStreamWriter\b|\bxml\.etree\.ElementTree\.(tostring|ElementTree)\b|\bExcelJS\b|\bopenpyxl\b",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"^\s*(#|//|\*|/\*)")


class Found(msgspec.Struct, frozen=True):
    """One piece of evidence: a file, the line (when known) and what it shows."""

    path: str
    line: int | None
    what: str


class ExtractionFacts(msgspec.Struct, frozen=True):
    """API descriptions, GraphQL schemas and export code of the project's own files."""

    api_documents: tuple[Found, ...] = ()
    graphql_schemas: tuple[Found, ...] = ()
    export_code: tuple[Found, ...] = ()
    searched: tuple[str, ...] = ()  # what was looked at, for a needs-review that says so

    @property
    def all(self) -> tuple[Found, ...]:
        """Every piece of evidence, strongest first."""
        return self.api_documents + self.graphql_schemas + self.export_code


def is_own(path: str) -> bool:
    """Whether ``path`` is the project's own file: not a test, fixture, example or vendored file."""
    if in_foreign_dir(path):
        return False
    parts = path.lower().split("/")[:-1]
    return not any(part in TEST_DIRS for part in parts)


def detect_extraction(snapshot: Snapshot) -> ExtractionFacts:
    """API descriptions by content, GraphQL schemas by name, export code by name then content."""
    api, api_read = _api_documents(snapshot)
    api += _blueprints(snapshot)
    graphql = _graphql(snapshot)
    export, export_read = _export_code(snapshot)
    searched = (
        f"{api_read} YAML/JSON file(s) for a top-level openapi/swagger/asyncapi key",
        "*.graphql, *.graphqls and schema.gql files",
        "API Blueprint documents (*.apib, FORMAT: 1A)",
        f"{export_read} source file(s) named for export/download/CSV for export code",
    )
    return ExtractionFacts(tuple(api), tuple(graphql), tuple(export), searched)


def _own_with(snapshot: Snapshot, extensions: tuple[str, ...] | frozenset[str]) -> list[str]:
    """The project's own files with one of ``extensions``, in path order."""
    index = snapshot.by_extension
    return sorted(p for ext in extensions for p in index.get(ext, []) if is_own(p))


def _export_name(name: str) -> bool:
    """Whether ``_EXPORT_NAME`` finds ``name``."""
    return caseless_found(_EXPORT_NAME, _EXPORT_NAME_ASCII, name)


_EXPORT_TOKENS = ("export", "download", "csv", "xlsx", "dump", "report")
"""_EXPORT_NAME's words: an ASCII name matches it when its lower-cased form holds one."""


def _export_sources(snapshot: Snapshot) -> list[str]:
    """The project's own source files named for export (``_EXPORT_NAME``), in path order.

    The names holding a token are found in one string of every name, not by a search per source
    file. A non-ASCII name is tested as before, on each of its paths: case-insensitive matching
    folds a few characters that lower() keeps (the long s matches "s").
    """
    names = set(names_holding(snapshot, _EXPORT_TOKENS))
    names.update(non_ascii_names(snapshot))
    found = []
    for name in names:
        dot = name.rfind(".")
        if dot < 0 or name[dot + 1 :] not in _SOURCE_EXTENSIONS:
            continue
        for path in snapshot.by_lower_name[name]:
            if (name.isascii() or _export_name(file_name(path))) and is_own(path):
                found.append(path)
    return sorted(found)


def _api_documents(snapshot: Snapshot) -> tuple[list[Found], int]:
    candidates = [
        path
        for path in _own_with(snapshot, _API_EXTENSIONS)
        if file_name(path).lower() not in _SKIP_NAMES
        and not any(part in _SKIP_DIRS for part in path.lower().split("/")[:-1])
    ]
    # The likeliest names first (api.yaml, swagger.json, docs/…), then the shallowest.
    candidates.sort(key=lambda p: (not _LIKELY.search(p), p.count("/"), p))
    found: list[Found] = []
    read = 0
    for path in candidates[:MAX_API_CANDIDATES]:
        text = snapshot.read_text(path, MAX_READ)
        read += 1
        if text is None:
            continue
        head = text[:_HEAD_CHARS]
        pattern = _JSON_KEY if path.lower().endswith(".json") else _YAML_KEY
        match = pattern.search(head)
        if match is None:
            continue
        kind = {"openapi": "OpenAPI", "swagger": "Swagger", "asyncapi": "AsyncAPI"}[match.group(1).lower()]
        line = head.count("\n", 0, match.start(1)) + 1
        found.append(Found(path, line, f"{kind} {match.group(2)} API description"))
        if len(found) >= MAX_FOUND:
            break
    return found, read


def _blueprints(snapshot: Snapshot) -> list[Found]:
    """API Blueprint documents: the project's *.apib files that declare the format."""
    found: list[Found] = []
    for path in _own_with(snapshot, ("apib",))[:MAX_API_CANDIDATES]:
        head = (snapshot.read_text(path, MAX_READ) or "")[:_HEAD_CHARS]
        match = _BLUEPRINT_FORMAT.search(head)
        if match is not None:
            line = head.count("\n", 0, match.start()) + 1
            found.append(Found(path, line, "API Blueprint API description"))
        if len(found) >= MAX_FOUND:
            break
    return found


def _graphql(snapshot: Snapshot) -> list[Found]:
    paths = _own_with(snapshot, _GRAPHQL_EXTENSIONS)
    paths += [p for p in snapshot.by_lower_name.get("schema.gql", []) if is_own(p)]
    # Schemas (type definitions) before operation documents (queries a client sends).
    paths.sort(key=lambda p: ("schema" not in p.lower(), p.count("/"), p))
    return [Found(p, None, "GraphQL schema") for p in paths[:MAX_FOUND]]


def _export_code(snapshot: Snapshot) -> tuple[list[Found], int]:
    candidates = _export_sources(snapshot)
    candidates = [p for p in candidates if not _looks_like_test(file_name(p))]
    candidates.sort(key=lambda p: (p.count("/"), p))
    found: list[Found] = []
    read = 0
    for path in candidates[:MAX_EXPORT_CANDIDATES]:
        text = snapshot.read_text(path, MAX_READ)
        read += 1
        if text is None:
            continue
        hit = _first_code_line(text)
        if hit is not None:
            number, line = hit
            found.append(Found(path, number, f"export code: {line.strip()[:100]}"))
        if len(found) >= MAX_FOUND:
            break
    return found, read


# Every match of _EXPORT_CODE contains one of these (lower case): only lines holding one are
# matched against the pattern, so a large Java file without them costs one lower() and a few finds.
_EXPORT_LITERALS = (
    "csv",
    ".to_",
    "papa.unparse",
    "content-disposition",
    "xmlstreamwriter",
    "elementtree",
    "exceljs",
    "openpyxl",
)


def _first_code_line(text: str) -> tuple[int, str] | None:
    """The first line among the first 5,000 with export code outside a comment (a line over
    1,000 characters is minified, not code to cite). Only the lines holding a literal every match
    contains are matched against the pattern; no alternative of it crosses a line break."""
    lowered = text.lower()
    starts: set[int] = set()
    for literal in _EXPORT_LITERALS:
        position = lowered.find(literal)
        while position >= 0 and len(starts) < 10_000:
            starts.add(lowered.rfind("\n", 0, position) + 1)
            position = lowered.find(literal, position + 1)
    number, counted = 1, 0
    for start in sorted(starts):
        number += text.count("\n", counted, start)  # counted forward once: linear overall
        counted = start
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)]
        if number > 5000:
            return None
        if len(line) <= 1000 and not _COMMENT.match(line) and _EXPORT_CODE.search(line):
            return number, line
    return None


def _looks_like_test(name: str) -> bool:
    lower = name.lower()
    return (
        lower.startswith("test_")
        or ".test." in lower
        or ".spec." in lower
        or lower.rsplit(".", 1)[0].endswith(("_test", "test", "tests", "_spec"))
    )
