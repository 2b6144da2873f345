"""The substring pre-filter of named standards never hides a match the pattern would find."""

from __future__ import annotations

import pytest

from dpgcheck.facts import named_standards
from dpgcheck.facts.named_standards import scan_text

SAMPLES = {
    "ISO": "Country codes follow ISO 3166-1.",
    "WCAG": "The UI meets WCAG 2.1 AA.",
    "RFC": "Tokens are JWTs (RFC 7519).",
    "HL7 FHIR": "Records are exchanged as FHIR resources.",
    "HL7": "Messages use HL7 v2.",
    "OData": "The API speaks OData.",
    "OpenRosa": "Forms are served over OpenRosa.",
    "ODK XForms": "Surveys are XForms.",
    "DHIS2 ADX": "Aggregates are sent as ADX.",
    "SDMX": "Statistics in SDMX.",
    "GeoJSON": "Boundaries as geojson.",
    "OGC": "Layers over WMS.",
    "IATI": "Aid data in IATI format.",
    "Open Contracting Data Standard": "Publishes OCDS releases.",
    "JSON-LD": "Metadata in JSON-LD.",
    "Schema.org": "Pages carry schema.org markup.",
    "DCAT": "A DCAT catalogue.",
    "CSVW": "Tables described with CSVW.",
    "Frictionless Data Package": "A Frictionless data package.",
    "OpenAPI": "The API is described in OpenAPI.",
    "AsyncAPI": "Events in AsyncAPI.",
    "GraphQL": "A GraphQL endpoint.",
    "OAuth 2.0": "Login with OAuth 2.0.",
    "OpenID Connect": "Single sign-on with OIDC.",
    "SAML": "SAML login.",
    "SNOMED CT": "Diagnoses coded in SNOMED.",
    "LOINC": "Lab tests in LOINC.",
    "ICD": "Causes of death in ICD-10.",
    "DICOM": "Images in DICOM.",
    "GTFS": "Timetables as GTFS.",
    "xAPI / SCORM / LTI": "Courses as SCORM packages.",
    "EPUB / DAISY": "Books as EPUB.",
    "BCP 47": "Language tags per BCP 47.",
    "Dublin Core": "Dublin Core metadata.",
    "W3C Verifiable Credentials": "Issues Verifiable Credentials.",
    "Principles for Digital Development": "We follow the Principles for Digital Development.",
}


def test_every_pattern_has_literals_and_a_sample() -> None:
    names = [name for name, _ in named_standards._PATTERNS]
    assert set(named_standards._LITERALS) == set(names) == set(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_prefilter_lets_each_standard_through(name: str) -> None:
    found = [label for label, _, _ in scan_text("Intro\n\n" + SAMPLES[name] + "\n")]
    assert any(label.startswith(name.split(" ")[0]) or label == name for label in found), found
    assert all(line == 3 for _, line, _ in scan_text("Intro\n\n" + SAMPLES[name] + "\n"))


def test_a_text_naming_no_standard_runs_no_pattern() -> None:
    assert scan_text("plain prose\n" * 10_000) == []


def test_export_code_line_skips_comments_and_counts_lines() -> None:
    from dpgcheck.facts.extraction import _first_code_line

    text = "a\n// csv.writer(x)\nb\n   w = csv.writer(f)\n"
    assert _first_code_line(text) == (4, "   w = csv.writer(f)")
    assert _first_code_line("x = 1\n" * 100) is None
    assert _first_code_line("csv row\n" * 6000 + "csv.writer(f)\n") is None  # past line 5,000


def test_only_lines_holding_a_literal_are_scanned_and_the_first_mention_wins() -> None:
    text = (
        "Multiple multi-tenant setups.\n"  # 'multi' holds the literal 'lti', not the standard
        "Authentication uses OAuth 2.0 and follows ISO 3166 for country codes.\n"
        "İstanbul office.\n"  # lower() lengthens İ: the lines must still be counted on the text
        "Again OAuth 2.0, and ISO 8601 dates; LTI 1.3 launches.\n"
    )
    assert scan_text(text) == [
        ("ISO 3166", 2, "Authentication uses OAuth 2.0 and follows ISO 3166 for country codes."),
        ("OAuth 2.0", 2, "Authentication uses OAuth 2.0 and follows ISO 3166 for country codes."),
        ("ISO 8601", 4, "Again OAuth 2.0, and ISO 8601 dates; LTI 1.3 launches."),
        ("xAPI / SCORM / LTI", 4, "Again OAuth 2.0, and ISO 8601 dates; LTI 1.3 launches."),
    ]
    # Found in an earlier file: OAuth's pattern is not run again; ISO still finds new numbers.
    labels = [label for label, _, _ in scan_text(text, known={"OAuth 2.0", "ISO 3166"})]
    assert labels == ["ISO 3166", "ISO 8601", "xAPI / SCORM / LTI"]
    assert scan_text(text) == _scan_every_character(text)


def _scan_every_character(text: str) -> list[tuple[str, int, str]]:
    """The plain way: every pattern over the whole text (what the line-by-literal scan must equal)."""
    from bisect import bisect_right

    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    hits, seen = [], set()
    for order, (name, pattern) in enumerate(named_standards._PATTERNS):
        for match in pattern.finditer(text):
            label = f"{name} {match.group(1)}" if name in ("ISO", "RFC") else name
            label = f"WCAG {match.group(1)}" if name == "WCAG" and match.group(1) else label
            if label not in seen and not (name == "RFC" and match.group(1) in {"2119", "8174"}):
                seen.add(label)
                number = bisect_right(starts, match.start())
                line = text[starts[number - 1] :].split("\n", 1)[0]
                hits.append((number, order, label, line.strip()[:140]))
    return [(label, number, line) for number, _, label, line in sorted(hits)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ReportService.java", True),
        ("DataEXPORTer.py", True),
        ("csvUtils.ts", True),
        ("Main.java", False),
        ("Über.py", False),
        ("CſvWriter.kt", True),  # long s: an "s" under Unicode case folding only
        ("Dümp.py", False),
    ],
)
def test_export_name_agrees_with_the_case_insensitive_pattern(name: str, expected: bool) -> None:
    from dpgcheck.facts.extraction import _EXPORT_NAME, _export_name

    assert _export_name(name) is expected
    assert (_EXPORT_NAME.search(name) is not None) is expected
