"""Who the owner is, beyond the name: organisation type, country, and the rights to what it ships.

The application form asks, under DPG-3, the "Type of organisation that owns the solution",
"Where is the owner based?" and, for every asset type, whether all of it is owned or licensed
for redistribution ("For code, this could be a Contributor License Agreement"). The Standard's
requirement is only that ownership is clearly defined, so all of this is information for the
reviewer, never a verdict. Read conservatively, each with its file and line:

- ``publiccode.yml``: the ``legal`` owners, ``maintenance.type``, and an Italian public
  administration's ``it.riuso.codiceIPA`` (a government owner in Italy);
- ``CITATION.cff``: authors' ``affiliation`` and ``country`` (an ISO 3166 code);
- the README: a sentence such as "X is a non-profit organisation based in Nairobi, Kenya";
- contributor agreements for code: CLA files, CLA-assistant or DCO configuration and workflows,
  and a CONTRIBUTING guide that asks for a CLA or a ``Signed-off-by`` (DCO) line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import msgspec

from dpgcheck.catalog import catalog_dir
from dpgcheck.facts.manifest.publiccode import PublicCode
from dpgcheck.facts.project_paths import in_foreign_dir
from dpgcheck.parsing import DocumentLimitError, safe_yaml_load
from dpgcheck.sources.snapshot import Snapshot

OWNER_TYPE = "type"
COUNTRY = "country"
AFFILIATION = "affiliation"
OWNER = "owner"
MAINTENANCE = "maintenance"
AGREEMENT = "agreement"

MAX_STATEMENTS = 8
MAX_README_LINES = 400
MAX_CITATION_AUTHORS = 30
MAX_WORKFLOWS = 30

AGREEMENT_FILES = frozenset(
    {
        "cla.md",
        "cla.txt",
        "cla.rst",
        "cla.pdf",
        "individual-cla.md",
        "corporate-cla.md",
        "contributor-license-agreement.md",
        "contributor_license_agreement.md",
        "cla.yml",
        "cla.yaml",
        "cla.json",
        ".cla.json",
        ".clabot",
        "dco.md",
        "dco.txt",
        "dco",
        "dco.yml",
    }
)
AGREEMENTS_SEARCHED = "CLA/DCO files, CLA-assistant or DCO workflows, the CONTRIBUTING guide"
PROFILE_SEARCHED = "dpg.yaml, publiccode.yml legal/maintenance, CITATION.cff authors, the README"

_CONTRIBUTING_AGREEMENT = re.compile(
    r"contributor\s+licen[cs]e\s+agreement|\bCLA\b|developer\s+certificate\s+of\s+origin|\bDCO\b|"
    r"signed-off-by|sign[- ]off\b",
    re.IGNORECASE,
)
_WORKFLOW_AGREEMENT = re.compile(
    r"contributor-assistant/github-action|cla-assistant|cla-bot|\bdco\b|signed-off-by", re.IGNORECASE
)

# "X is a non-profit organisation based in Nairobi, Kenya"; "an NGO registered in India".
_TYPE_WORDS = (
    r"non-?profit|not-for-profit|non-governmental|NGO|charity|charitable|social\s+enterprise|"
    r"foundation|government(?:al)?|public\s+(?:sector|agency|institution|body)|ministry|"
    r"university|academic|research|private|for-profit|company|start-?up|multilateral|"
    r"intergovernmental|international|UN"
)
_ORG_SENTENCE = re.compile(
    r"\b(?:is|are)\s+(?:an?|the)\s+(?P<type>(?:[\w-]+\s+){0,3}?(?:" + _TYPE_WORDS + r")"
    r"(?:\s+[\w-]+){0,3}?)\s*(?:,\s*)?(?:(?:which\s+is\s+|that\s+is\s+)?"
    r"(?:based|headquartered|registered|incorporated|located|established)\s+in\s+(?P<place>[^.;()\n]{2,80}))?"
    r"(?:[.;()\n]|$)",
    re.IGNORECASE,
)
_TYPE_CATEGORY = (
    (
        "non-profit",
        re.compile(r"non-?profit|not-for-profit|non-governmental|\bNGO\b|charit|foundation", re.I),
    ),
    ("government", re.compile(r"government|public\s+(?:sector|agency|institution|body)|ministry", re.I)),
    ("academic", re.compile(r"university|academic|research", re.I)),
    ("multilateral", re.compile(r"multilateral|intergovernmental|\bUN\b|united\s+nations", re.I)),
    ("private sector", re.compile(r"private|for-profit|company|start-?up|social\s+enterprise", re.I)),
)
_ORG_NOUN = re.compile(
    r"organi[sz]ation|agency|foundation|company|institute|institution|university|enterprise|"
    r"\bNGO\b|charity|ministry|body|start-?up|non-?profit",
    re.IGNORECASE,
)


class OwnerStatement(msgspec.Struct, frozen=True):
    """One thing the repository states about its owner or the rights to its contents."""

    field: str  # OWNER_TYPE | COUNTRY | AFFILIATION | OWNER | MAINTENANCE | AGREEMENT
    value: str
    source: str  # where, in words: "publiccode.yml legal.repoOwner", "the README"
    path: str | None = None
    line: int | None = None


class OwnerProfile(msgspec.Struct, frozen=True):
    """The owner's statements (organisation type, country…) and the contributor agreements found."""

    statements: tuple[OwnerStatement, ...] = ()
    agreements: tuple[OwnerStatement, ...] = ()


def read_owner_profile(
    snapshot: Snapshot,
    publiccode: PublicCode | None,
    readme_path: str | None,
    readme_text: str,
    contributing: Sequence[str],
) -> OwnerProfile:
    """What the repository states about its owner, and the contributor agreements it has."""
    statements: list[OwnerStatement] = []
    if publiccode is not None and publiccode.problem is None:
        statements.extend(_publiccode(publiccode))
    statements.extend(_citation(snapshot))
    if readme_path and readme_text:
        statements.extend(_readme(readme_path, readme_text))
    unique = list(dict.fromkeys(statements))[:MAX_STATEMENTS]
    return OwnerProfile(tuple(unique), tuple(_agreements(snapshot, contributing)))


def _publiccode(code: PublicCode) -> list[OwnerStatement]:
    found = [
        OwnerStatement(OWNER, name, f"{code.path} {key}", code.path, code.lines.get(key))
        for name, key in code.owners
    ]
    if code.maintenance:
        key = "maintenance.type"
        found.append(
            OwnerStatement(
                MAINTENANCE, code.maintenance, f"{code.path} {key}", code.path, code.lines.get(key)
            )
        )
    ipa = next((key for key in code.lines if key.lower() == "it.riuso.codiceipa"), None)
    if ipa is not None:
        where = f"{code.path} {ipa} (an Italian public administration's IPA code)"
        found.append(OwnerStatement(OWNER_TYPE, "government", where, code.path, code.lines[ipa]))
        found.append(OwnerStatement(COUNTRY, "Italy", where, code.path, code.lines[ipa]))
    return found


def _citation(snapshot: Snapshot) -> list[OwnerStatement]:
    path = "CITATION.cff"
    if path not in snapshot.path_set:
        return []
    text = snapshot.read_text(path)
    if not text:
        return []
    import yaml  # only when there is a CITATION.cff to read

    try:
        data = safe_yaml_load(text, path)
    except (DocumentLimitError, yaml.YAMLError, ValueError):
        return []  # the project's file for another purpose, not an input of dpgcheck
    authors = data.get("authors") if isinstance(data, dict) else None
    if not isinstance(authors, list):
        return []
    found: list[OwnerStatement] = []
    codes = country_names()
    for author in authors[:MAX_CITATION_AUTHORS]:
        if not isinstance(author, dict):
            continue
        affiliation = author.get("affiliation")
        if isinstance(affiliation, str) and affiliation.strip():
            value = " ".join(affiliation.split())[:120]
            found.append(
                OwnerStatement(AFFILIATION, value, f"{path} authors' affiliation", path, _line(text, value))
            )
        country = author.get("country")
        if isinstance(country, str) and country.strip().upper() in codes:
            code = country.strip().upper()
            found.append(
                OwnerStatement(
                    COUNTRY, codes[code], f"{path} authors' country ({code})", path, _line(text, "country:")
                )
            )
    return found


def _readme(path: str, text: str) -> list[OwnerStatement]:
    found: list[OwnerStatement] = []
    for number, line in enumerate(text.splitlines()[:MAX_README_LINES], start=1):
        for match in _ORG_SENTENCE.finditer(line):
            phrase = " ".join(match.group("type").split())
            category = next((name for name, pattern in _TYPE_CATEGORY if pattern.search(phrase)), None)
            place = match.group("place")
            country = _country_in(place) if place else None
            # An organisation noun keeps "is a research project" or "is an open source tool" out.
            if category is None or not _ORG_NOUN.search(phrase):
                continue
            quoted = " ".join(line.split())[:160]
            found.append(
                OwnerStatement(OWNER_TYPE, f"{category} ({phrase})", f"the README: {quoted}", path, number)
            )
            if country:
                found.append(OwnerStatement(COUNTRY, country, f"the README: {quoted}", path, number))
            return found  # the first such sentence speaks for the project
    return found


def _agreements(snapshot: Snapshot, contributing: Sequence[str]) -> list[OwnerStatement]:
    found: list[OwnerStatement] = []
    for name in sorted(AGREEMENT_FILES):
        for path in snapshot.by_lower_name.get(name, []):
            # A workflow named cla.yml is judged by what it runs, below.
            if not in_foreign_dir(path) and not path.startswith(".github/workflows/"):
                kind = "Developer Certificate of Origin" if "dco" in name else "Contributor License Agreement"
                found.append(OwnerStatement(AGREEMENT, kind, f"{kind} file", path, None))
    workflows = sorted(
        path for path in snapshot.children(".github/workflows") if path.endswith((".yml", ".yaml"))
    )[:MAX_WORKFLOWS]
    for path in workflows:
        text = snapshot.read_text(path) or ""
        match = _WORKFLOW_AGREEMENT.search(text)
        if match:
            kind = (
                "Developer Certificate of Origin"
                if "dco" in match.group(0).lower() or "signed" in match.group(0).lower()
                else "Contributor License Agreement"
            )
            found.append(
                OwnerStatement(
                    AGREEMENT, kind, "a workflow that checks it", path, _line(text, match.group(0))
                )
            )
    for path in contributing[:3]:
        text = snapshot.read_text(path) or ""
        for number, line in enumerate(text.splitlines(), start=1):
            match = _CONTRIBUTING_AGREEMENT.search(line)
            if match:
                word = match.group(0).lower()
                kind = (
                    "Developer Certificate of Origin"
                    if "dco" in word or "certificate" in word or "sign" in word
                    else "Contributor License Agreement"
                )
                found.append(
                    OwnerStatement(AGREEMENT, kind, "the contributing guide asks for it", path, number)
                )
                break
    return found[:MAX_STATEMENTS]


def _line(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


@cache
def country_names() -> dict[str, str]:
    """ISO 3166 alpha-2 code → the country's usual English name (the first name of each code)."""
    names: dict[str, str] = {}
    for code, name in _country_rows():
        names.setdefault(code, name)
    return names


@cache
def _country_rows() -> tuple[tuple[str, str], ...]:
    rows = []
    text = (catalog_dir() / "data" / "countries.txt").read_text(encoding="utf-8")
    for raw in text.splitlines():
        if raw and not raw.startswith("#") and "\t" in raw:
            code, name = raw.split("\t", 1)
            rows.append((code.strip(), name.strip()))
    return tuple(rows)


@cache
def _country_pattern() -> re.Pattern[str]:
    # Longest names first, so "Republic of the Congo" wins over "Congo"; capitalised as written,
    # so "chad" or "jordan" in running text do not count.
    names = sorted({name for _, name in _country_rows()}, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])")


def _country_in(place: str) -> str | None:
    """The country a "based in …" place names (its usual name), or None."""
    match = _country_pattern().search(place)
    if match is None:
        return None
    by_name = {name: code for code, name in _country_rows()}
    return country_names()[by_name[match.group(1)]]
