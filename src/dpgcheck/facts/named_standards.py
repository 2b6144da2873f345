"""Open standards the project's documentation names (DPG-8): ISO 3166, WCAG 2.1, RFC 7519, FHIR…

Read from the README, the documents at the root and the documentation folders (the first few,
shallowest first), never from tests, examples, vendored code or change logs. A name in the
documentation is what an applicant lists in the DPGA form; it is cited with its file and line so
a reviewer can see the context.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

import msgspec

from dpgcheck.facts.extraction import is_own
from dpgcheck.facts.lines import lines_holding
from dpgcheck.facts.project_paths import file_name
from dpgcheck.sources.snapshot import Snapshot

MAX_DOCS_READ = 40
"""Documentation files read at most (besides the README)."""
MAX_NAMED = 10
MAX_READ = 512 * 1024
_DOC_EXTENSIONS = (".md", ".rst", ".txt", ".adoc", ".mdx")
_NOT_DOCS = re.compile(
    r"^(changelog|changes|history|news|release[-_ ]?notes|releases|license|licence|copying)", re.I
)

# Each: (display name, pattern). Case-sensitive where the acronym's case is its identity
# ("OData", "FHIR"), so ordinary words do not match.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ISO", re.compile(r"\bISO(?:/IEC)?[ _-]?(\d{3,5}(?:-\d{1,2})?)\b")),
    ("WCAG", re.compile(r"\bWCAG(?:[ \t]?(\d\.\d))?\b")),
    ("RFC", re.compile(r"\bRFC[ -]?(\d{3,4})\b")),
    ("HL7 FHIR", re.compile(r"\bFHIR\b")),
    ("HL7", re.compile(r"\bHL7\b(?![ \t]*FHIR)")),
    ("OData", re.compile(r"\bOData\b")),
    ("OpenRosa", re.compile(r"\bOpenRosa\b")),
    ("ODK XForms", re.compile(r"\bX[Ff]orms?\b")),
    ("DHIS2 ADX", re.compile(r"\bADX\b")),
    ("SDMX", re.compile(r"\bSDMX\b")),
    ("GeoJSON", re.compile(r"\bGeoJSON\b", re.I)),
    ("OGC", re.compile(r"\bOGC\b|\bWMS\b|\bWFS\b|\bWMTS\b")),
    ("IATI", re.compile(r"\bIATI\b")),
    ("Open Contracting Data Standard", re.compile(r"\bOCDS\b|Open Contracting Data Standard")),
    ("JSON-LD", re.compile(r"\bJSON-LD\b")),
    ("Schema.org", re.compile(r"\bschema\.org\b", re.I)),
    ("DCAT", re.compile(r"\bDCAT\b")),
    ("CSVW", re.compile(r"\bCSVW\b|CSV on the Web")),
    ("Frictionless Data Package", re.compile(r"\bFrictionless\b|\bdatapackage\.json\b")),
    ("OpenAPI", re.compile(r"\bOpenAPI\b|\bSwagger\b")),
    ("AsyncAPI", re.compile(r"\bAsyncAPI\b")),
    ("GraphQL", re.compile(r"\bGraphQL\b")),
    ("OAuth 2.0", re.compile(r"\bOAuth[ \t]?2")),
    ("OpenID Connect", re.compile(r"\bOpenID Connect\b|\bOIDC\b")),
    ("SAML", re.compile(r"\bSAML\b")),
    ("SNOMED CT", re.compile(r"\bSNOMED\b")),
    ("LOINC", re.compile(r"\bLOINC\b")),
    ("ICD", re.compile(r"\bICD-?(?:9|10|11)\b")),
    ("DICOM", re.compile(r"\bDICOM\b")),
    ("GTFS", re.compile(r"\bGTFS\b")),
    ("xAPI / SCORM / LTI", re.compile(r"\bxAPI\b|\bSCORM\b|\bLTI\b|\bQTI\b")),
    ("EPUB / DAISY", re.compile(r"\bEPUB\b|\bDAISY\b")),
    ("BCP 47", re.compile(r"\bBCP[ -]?47\b")),
    ("Dublin Core", re.compile(r"\bDublin Core\b")),
    ("W3C Verifiable Credentials", re.compile(r"\bVerifiable Credentials?\b")),
    ("Principles for Digital Development", re.compile(r"Principles for Digital Development", re.I)),
)
# A literal (lower case) that every match of the pattern contains: a pattern runs only over a
# text holding one of its literals. Substring tests are cheap; 40 regular expressions over every
# line of a large manual are not.
_LITERALS: dict[str, tuple[str, ...]] = {
    "ISO": ("iso",),
    "WCAG": ("wcag",),
    "RFC": ("rfc",),
    "HL7 FHIR": ("fhir",),
    "HL7": ("hl7",),
    "OData": ("odata",),
    "OpenRosa": ("openrosa",),
    "ODK XForms": ("xform",),
    "DHIS2 ADX": ("adx",),
    "SDMX": ("sdmx",),
    "GeoJSON": ("geojson",),
    "OGC": ("ogc", "wms", "wfs"),
    "IATI": ("iati",),
    "Open Contracting Data Standard": ("ocds", "open contracting"),
    "JSON-LD": ("json-ld",),
    "Schema.org": ("schema.org",),
    "DCAT": ("dcat",),
    "CSVW": ("csvw", "csv on the web"),
    "Frictionless Data Package": ("frictionless", "datapackage.json"),
    "OpenAPI": ("openapi", "swagger"),
    "AsyncAPI": ("asyncapi",),
    "GraphQL": ("graphql",),
    "OAuth 2.0": ("oauth",),
    "OpenID Connect": ("openid connect", "oidc"),
    "SAML": ("saml",),
    "SNOMED CT": ("snomed",),
    "LOINC": ("loinc",),
    "ICD": ("icd",),
    "DICOM": ("dicom",),
    "GTFS": ("gtfs",),
    "xAPI / SCORM / LTI": ("xapi", "scorm", "lti", "qti"),
    "EPUB / DAISY": ("epub", "daisy"),
    "BCP 47": ("bcp",),
    "Dublin Core": ("dublin core",),
    "W3C Verifiable Credentials": ("verifiable credential",),
    "Principles for Digital Development": ("principles for digital development",),
}
_SKIPPED_RFCS = frozenset({"2119", "8174"})
"""RFC 2119/8174 only define how the document uses "MUST": no standard the project implements."""


class NamedStandard(msgspec.Struct, frozen=True):
    """A standard named in the documentation, where first."""

    name: str
    path: str
    line: int
    text: str  # the line, shortened


def doc_files(snapshot: Snapshot, readme: str | None, docs_dirs: Iterable[str]) -> list[str]:
    """The documentation files to read: the root's documents, then the docs folders' (shallowest
    first), without change logs and license texts, at most MAX_DOCS_READ."""
    root = [p for p in snapshot.children("") if _is_doc(p) and p != readme]
    inside: list[str] = []
    for folder in docs_dirs:
        prefix = folder + "/"
        inside += [
            p
            for directory in snapshot.file_folders
            if directory == folder or directory.startswith(prefix)
            for p in snapshot.children(directory)
            if _is_doc(p) and is_own(p)
        ]
    inside.sort(key=lambda p: (p.count("/"), p))
    return (sorted(root) + inside)[:MAX_DOCS_READ]


def _is_doc(path: str) -> bool:
    name = file_name(path)
    return name.lower().endswith(_DOC_EXTENSIONS) and not _NOT_DOCS.match(name)


def find_named_standards(snapshot: Snapshot, readme: str | None, files: Iterable[str]) -> list[NamedStandard]:
    """Standards named in the README and ``files``, each once (its first mention)."""
    found: dict[str, NamedStandard] = {}
    for path in [*([readme] if readme else []), *files]:
        text = snapshot.read_text(path, MAX_READ)
        if text is None:
            continue
        for name, line, content in scan_text(text, known=found):
            if name not in found:
                found[name] = NamedStandard(name, path, line, content)
        if len(found) >= MAX_NAMED:
            break
    return list(found.values())[:MAX_NAMED]


_NUMBERED = frozenset({"ISO", "RFC", "WCAG"})
"""Patterns whose label carries a number ("ISO 3166", "WCAG 2.1"): each number is a new label."""


def scan_text(text: str, known: Container[str] = ()) -> list[tuple[str, int, str]]:
    """(standard, line, line text) for every standard named in ``text``; ISO and RFC by number.

    ``known``: labels already found elsewhere; their patterns are not run again (the numbered
    ones still are, for new numbers). A pattern runs only over the lines holding one of its
    literals, found with ``str.find``: X-Road's 2.6 MB of manuals took 260 ms of regular
    expressions scanning every character, and a few milliseconds this way. No pattern crosses
    a line break.
    """
    lowered = text.lower()
    wanted = [
        (order, name, pattern)
        for order, (name, pattern) in enumerate(_PATTERNS)
        if (name in _NUMBERED or name not in known) and any(literal in lowered for literal in _LITERALS[name])
    ]
    if not wanted:
        return []
    hits: list[tuple[int, int, str, str]] = []  # (line, pattern order, label, line text)
    seen: set[str] = set()
    for order, name, pattern in wanted:
        for begin, end in lines_holding(text, lowered, _LITERALS[name]):
            for match in pattern.finditer(text, begin, end):
                label = name
                if name in ("ISO", "RFC"):
                    if name == "RFC" and match.group(1) in _SKIPPED_RFCS:
                        continue
                    label = f"{name} {match.group(1)}"
                elif name == "WCAG" and match.group(1):
                    label = f"WCAG {match.group(1)}"
                if label in seen:
                    continue
                seen.add(label)
                hits.append((text.count("\n", 0, begin) + 1, order, label, text[begin:end].strip()[:140]))
            if name not in _NUMBERED and name in seen:
                break  # its first mention is all that is kept
    hits.sort()
    return [(label, number, line) for number, _, label, line in hits]
