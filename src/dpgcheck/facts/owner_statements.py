"""Owners stated outside copyright lines (DPG-3): package metadata, docs-site configs, README.

Projects often name their owner where their tooling asks for it rather than in a notice:
``package.json`` ``author``, ``pyproject.toml``/``setup.cfg``/``setup.py`` authors, ``mix.exs``
maintainers, R ``DESCRIPTION`` ``Authors@R`` (the ``cph`` role first), ``pom.xml``
``<organization>``, ``.csproj`` ``<Company>``/``<Copyright>``, ``AssemblyInfo`` attributes, a
Sphinx ``conf.py`` ``copyright``/``author``, ``mkdocs.yml`` ``copyright``/``site_author``, a
Docusaurus config's footer copyright, and "developed / maintained by" lines of the README. Each
is read line by line so the evidence cites the line; only the project's own files count (the
root, its docs folders), never examples, tests or vendored code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from dpgcheck.facts.ownership import PLACEHOLDER, CopyrightNotice, clean_holder
from dpgcheck.facts.project_paths import in_foreign_folder
from dpgcheck.sources.snapshot import Snapshot

PACKAGE = "package metadata"
DOCS_CONFIG = "docs-site config"
README_STATEMENT = "README statement"

_DOCS_FOLDERS = (
    "",
    "docs/",
    "doc/",
    "docs/source/",
    "doc/source/",
    "documentation/",
    "website/",
    "docs-website/",
)
_MAX_LINE = 400  # longer lines are data or minified code, not a statement
_MAX_DOTNET_FILES = 5
_MAX_NAME_WORDS = 8  # more is a sentence running on, not a name

_JSON_AUTHOR = re.compile(r'^\s*"author"\s*:\s*"([^"]{2,200})"')
_JSON_AUTHOR_OBJECT = re.compile(r'^\s*"author"\s*:\s*\{')
_JSON_NAME = re.compile(r'^\s*"name"\s*:\s*"([^"]{2,200})"')
_PY_AUTHOR = re.compile(r"""^\s*(?:author|maintainer)\s*[=:]\s*[fubr]?["']?([^"'\n]{2,200})""")
_PY_AUTHORS_NAME = re.compile(r"""name\s*=\s*["']([^"']{2,200})["']""")
_TOML_AUTHOR_LIST = re.compile(r"""^\s*authors\s*=\s*\[\s*["']([^"']{2,200})["']""")
_MIX_MAINTAINERS = re.compile(r"""maintainers:\s*\[\s*["']([^"']{2,200})["']""")
_R_PERSON = re.compile(
    r"""person\(\s*(?:given\s*=\s*)?["']([^"']*)["']\s*(?:,\s*(?:family\s*=\s*)?["']([^"']*)["'])?"""
)
_R_ROLE = re.compile(r"""role\s*=\s*(?:c\()?([^)]*)""")
_R_AUTHOR = re.compile(r"^(?:Author|Maintainer):\s*(.{2,200})")
_POM_ORGANIZATION = re.compile(r"<organization>")
_POM_NAME = re.compile(r"<name>\s*([^<]{2,200}?)\s*</name>")
_CSPROJ = re.compile(r"<(Company|Copyright|Authors)>\s*([^<]{2,200}?)\s*</\1>")
_ASSEMBLY = re.compile(r"""\[assembly:\s*Assembly(Company|Copyright)\(\s*"([^"]{2,200})"\s*\)""")
_MKDOCS = re.compile(r"""^(copyright|site_author)\s*:\s*["']?(.{2,200}?)["']?\s*$""")
_SPHINX = re.compile(r"""^(copyright|author)\s*=\s*[fubr]?["']([^"']{2,200})["']""")
_DOCUSAURUS = re.compile(r"""^\s*copyright\s*:\s*[`"']([^`"']{2,200})[`"']""")
_HTML = re.compile(r"<[^<>]{0,200}>|&copy;|&#169;|\$\{[^}]{0,60}\}")
_STATEMENT = re.compile(
    r"(?i)\b(?:developed|maintained|owned|stewarded|is a project)\s+(?:and\s+\w+\s+)?(?:by|of)\s+"
    r"(?P<name>.{2,160})"
)
# "developed by the community", "maintained by volunteers": no one in particular.
_NOBODY = re.compile(
    r"(?i)^(?:the\s+)?(?:community|contributors|volunteers|developers|users|us|you|our team|"
    r"a team|many|people|others|several|the team)\b"
)
_SENTENCE_END = re.compile(r"(?<![A-Z])[.;!?](?:\s|$)|\s[-–—]\s|\s\(|,\s(?:and|with|who|which|in|for)\b")


def find_owner_statements(snapshot: Snapshot, readme_path: str | None) -> list[CopyrightNotice]:
    """Owners named by the project's metadata, docs-site configs and README, in that order."""
    found: list[CopyrightNotice] = []
    for name, reader, source in _READERS:
        for folder in _DOCS_FOLDERS if source == DOCS_CONFIG else ("",):
            path = _existing(snapshot, folder + name)
            if path is None:
                continue
            text = snapshot.read_text(path, max_bytes=512 * 1024)
            if text:
                found.extend(
                    CopyrightNotice(path, line, said, holder, False, source)
                    for line, said, holder in reader(text)
                )
    found.extend(_dotnet(snapshot))
    if readme_path:
        text = snapshot.read_text(readme_path)
        if text:
            found.extend(_readme_statements(readme_path, text))
    return found


def _existing(snapshot: Snapshot, path: str) -> str | None:
    """``path`` as the repository spells it (any letter case), or None."""
    name = path.rsplit("/", 1)[-1].lower()
    lower = path.lower()
    return next((p for p in snapshot.by_lower_name.get(name, []) if p.lower() == lower), None)


Statement = tuple[int, str, str]  # (line, the line as written, the holder it names)


def _named(number: int, line: str, raw: str) -> Iterator[Statement]:
    if PLACEHOLDER.search(raw):
        return
    holder = clean_holder(_HTML.sub(" ", raw))
    if holder:
        yield number, line.strip()[:200], holder


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) <= _MAX_LINE:
            yield number, line


def _package_json(text: str) -> Iterator[Statement]:
    in_author = 0
    for number, line in _lines(text):
        if match := _JSON_AUTHOR.match(line):
            yield from _named(number, line, match.group(1))
            return
        if _JSON_AUTHOR_OBJECT.match(line):
            in_author = 6  # the object's "name" is within its next few lines
            continue
        if in_author:
            in_author -= 1
            if match := _JSON_NAME.match(line):
                yield from _named(number, line, match.group(1))
                return


def _pyproject(text: str) -> Iterator[Statement]:
    section = ""
    for number, line in _lines(text):
        if line.startswith("["):
            section = line.strip()
        if section not in ("[project]", "[tool.poetry]"):
            continue
        if match := _TOML_AUTHOR_LIST.match(line):
            yield from _named(number, line, match.group(1))
            return
        listed = line.lstrip().startswith(("authors", "maintainers", "{"))
        if listed and (name := _PY_AUTHORS_NAME.search(line)):
            yield from _named(number, line, name.group(1))
            return


def _setup(text: str) -> Iterator[Statement]:
    for number, line in _lines(text):
        if match := _PY_AUTHOR.match(line):
            yield from _named(number, line, match.group(1))
            return


def _mix(text: str) -> Iterator[Statement]:
    for number, line in _lines(text):
        if match := _MIX_MAINTAINERS.search(line):
            yield from _named(number, line, match.group(1))
            return


def _description(text: str) -> Iterator[Statement]:
    """R DESCRIPTION: the copyright holder (``cph``) of ``Authors@R``, else its creator, else
    the ``Author:``/``Maintainer:`` field."""
    people: list[tuple[int, str, str, str]] = []
    plain: list[Statement] = []
    for number, line in _lines(text):
        for person in _R_PERSON.finditer(line):
            name = " ".join(part for part in person.groups() if part)
            role = _R_ROLE.search(line[person.end() :])
            people.append((number, line, name, role.group(1) if role else ""))
        if author := _R_AUTHOR.match(line):
            plain.extend(_named(number, line, author.group(1)))
    for wanted in ("cph", "cre", "aut"):
        chosen = [p for p in people if wanted in p[3]]
        if chosen:
            number, line, name, _ = chosen[0]
            yield from _named(number, line, name)
            return
    yield from plain[:1]


def _pom(text: str) -> Iterator[Statement]:
    seen_organization = False
    for number, line in _lines(text):
        if _POM_ORGANIZATION.search(line):
            seen_organization = True
        if seen_organization and (match := _POM_NAME.search(line)):
            yield from _named(number, line, match.group(1))
            return
        if "</organization>" in line:
            seen_organization = False


def _sphinx(text: str) -> Iterator[Statement]:
    yield from _first_of(text, _SPHINX)


def _mkdocs(text: str) -> Iterator[Statement]:
    yield from _first_of(text, _MKDOCS)


def _first_of(text: str, pattern: re.Pattern[str]) -> Iterator[Statement]:
    for number, line in _lines(text):
        if match := pattern.match(line):
            statements = list(_named(number, line, _without_keyword(match.group(2))))
            if statements:
                yield statements[0]
                return


def _docusaurus(text: str) -> Iterator[Statement]:
    for number, line in _lines(text):
        if match := _DOCUSAURUS.match(line):
            yield from _named(number, line, _without_keyword(match.group(1)))
            return


def _without_keyword(value: str) -> str:
    """``Copyright © 2023 Acme`` → ``© 2023 Acme``: the holder parser takes what follows it."""
    return re.sub(r"(?i)^\s*copyright\b", "", value)


def _dotnet(snapshot: Snapshot) -> Iterator[CopyrightNotice]:
    """``<Company>``/``<Copyright>`` of the first few .csproj files, AssemblyInfo attributes."""
    paths = [
        path
        for ext in ("csproj", "vbproj", "fsproj", "props")
        for path in snapshot.by_extension.get(ext, [])
        if not in_foreign_folder(snapshot, path) and not _is_test_path(path)
    ]
    assembly = snapshot.by_lower_name.get("assemblyinfo.cs", [])
    paths += [path for path in assembly if not in_foreign_folder(snapshot, path)]
    for path in paths[:_MAX_DOTNET_FILES]:
        text = snapshot.read_text(path, max_bytes=256 * 1024) or ""
        for number, line in _lines(text):
            match = _CSPROJ.search(line) or _ASSEMBLY.search(line)
            if match:
                for _, said, holder in _named(number, line, _without_keyword(match.group(2))):
                    yield CopyrightNotice(path, number, said, holder, False, PACKAGE)
                    break


def _is_test_path(path: str) -> bool:
    return re.search(r"(?i)(?:^|[/.])(?:tests?|specs?|examples?|samples?)(?:[/.]|$)", path) is not None


def _readme_statements(path: str, text: str) -> Iterator[CopyrightNotice]:
    """ "Developed by …", "maintained by …", "a project of …": the name that follows.

    "Created by" is left out: READMEs use it for the material a project builds on."""
    shown = 0
    for number, line in _lines(text):
        match = _STATEMENT.search(line)
        if not match:
            continue
        name = re.sub(r"\[([^\[\]]{1,120})\]\([^()\s]{0,300}\)", r"\1", match.group("name"))
        name = re.sub(r"[*_`]", "", name).strip()
        end = _SENTENCE_END.search(name)
        name = name[: end.start()] if end else name
        capitalised = name[:1].isupper() or name.lower().startswith("the ")
        if _NOBODY.match(name) or not capitalised or len(name.split()) > _MAX_NAME_WORDS:
            continue
        for _, said, holder in _named(number, line, name):
            yield CopyrightNotice(path, number, said, holder, False, README_STATEMENT)
            shown += 1
        if shown >= 2:
            return


_Reader = Callable[[str], Iterator[Statement]]
_READERS: tuple[tuple[str, _Reader, str], ...] = (
    ("package.json", _package_json, PACKAGE),
    ("pyproject.toml", _pyproject, PACKAGE),
    ("setup.cfg", _setup, PACKAGE),
    ("setup.py", _setup, PACKAGE),
    ("mix.exs", _mix, PACKAGE),
    ("DESCRIPTION", _description, PACKAGE),
    ("pom.xml", _pom, PACKAGE),
    ("conf.py", _sphinx, DOCS_CONFIG),
    ("mkdocs.yml", _mkdocs, DOCS_CONFIG),
    ("mkdocs.yaml", _mkdocs, DOCS_CONFIG),
    ("docusaurus.config.js", _docusaurus, DOCS_CONFIG),
    ("docusaurus.config.ts", _docusaurus, DOCS_CONFIG),
)
