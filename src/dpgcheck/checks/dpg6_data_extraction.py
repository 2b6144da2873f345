"""DPG-6: mechanism for extracting data and content."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.facts.text import find_lines
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

_EXPORT = re.compile(
    r"\b(export|import|download|extract|dump)\w*\b.{0,60}\b(csv|json|xml|xlsx?|geojson|api|"
    r"ndjson|parquet|sql)\b|\b(rest|graphql|open)\s*api\b|\bapi (documentation|reference)\b",
    re.IGNORECASE,
)
_API_STANDARDS = ("OpenAPI", "GraphQL")


def check_data_extraction(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass on a mechanism the repository shows (an API description, a GraphQL schema, export
    code) or a declared one it corroborates, or a declaration that there is no non-PII data."""
    shown = _shown(facts)  # a mechanism in the project's own files
    hints = _hints(facts)  # what suggests one: API frameworks, README mentions
    evidence = [*shown, *hints]
    manifest = facts.manifest
    collects = manifest.answer("NonPII", "collectsNonPII") if manifest else None
    mechanism = manifest.get("NonPII", "nonPIIAccessMechanism") if manifest else None
    if manifest is not None and collects == "no":
        return CheckOutcome(
            Status.PASS,
            "Declares that it collects, uses or generates no non-PII data or content",
            (manifest.evidence("collectsNonPII: No", "NonPII", "collectsNonPII"), *evidence),
        )
    if manifest is not None and collects == "yes" and mechanism:
        declared = manifest.evidence(
            f"declared mechanism: {str(mechanism)[:160]}", "NonPII", "nonPIIAccessMechanism"
        )
        if evidence:
            return CheckOutcome(
                Status.PASS,
                "Declared data extraction mechanism, corroborated by the repository",
                (declared, *evidence),
            )
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            "Declared data extraction mechanism, not visible in the repository",
            (declared, _searched(facts)),
            "Point `NonPII.nonPIIAccessMechanism` in dpg.yaml at the API description or the export "
            "documentation (a link or a repository path), so a reviewer can verify it.",
        )
    if shown:
        return CheckOutcome(
            Status.PASS,
            "Data can be extracted in open formats: "
            + ", ".join(dict.fromkeys(e.detail.split(":")[0] for e in shown)),
            tuple(evidence),
        )
    remediation = (
        "State in dpg.yaml `NonPII` whether the project collects, uses or generates non-PII data and "
        "how it is exported or imported (an API description such as openapi.yaml, or export/import "
        "instructions naming the format: CSV, JSON, XML)."
    )
    if hints:
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            "Possible extraction mechanisms found; a reviewer must confirm them",
            (*evidence, _searched(facts)),
            remediation,
        )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        "No data export/import mechanism or API description found, and none declared",
        (_searched(facts),),
        remediation,
    )


def _shown(facts: Facts) -> list[Evidence]:
    found = facts.extraction.all if facts.extraction else ()
    evidence = [Evidence(kind="file", path=f.path, line=f.line, detail=f.what) for f in found[:4]]
    if not evidence:
        # Named API documents (openapi.yaml, *.graphql) from the standards catalog, own files only.
        for standard in facts.standards.standards:
            if standard.name in _API_STANDARDS:
                for path, line, what in standard.telltales:
                    if what == "file":
                        evidence.append(
                            Evidence(
                                kind="file", path=path, line=line, detail=f"{standard.name} API description"
                            )
                        )
    return evidence[:4]


def _hints(facts: Facts) -> list[Evidence]:
    evidence: list[Evidence] = []
    for standard in facts.standards.standards:
        if standard.name in _API_STANDARDS:
            for path, line, what in standard.telltales:
                if what != "file":
                    evidence.append(
                        Evidence(
                            kind="file", path=path, line=line, detail=f"{standard.name} framework ({what})"
                        )
                    )
                    break
    readme = facts.docs.readme
    if readme is not None:
        for line, content in find_lines(facts.readme_text, _EXPORT, limit=3):
            evidence.append(
                Evidence(
                    kind="file",
                    path=readme.path,
                    line=line,
                    detail=f"export/import or API mentioned: {content[:120]}",
                )
            )
    return evidence


def _searched(facts: Facts) -> Evidence:
    searched = facts.extraction.searched if facts.extraction else ()
    return Evidence(
        kind="metadata",
        detail="searched: "
        + "; ".join(
            [
                *searched,
                "OpenAPI/GraphQL frameworks in the dependencies",
                "export/import mentions in the README",
            ]
        )
        + " (tests, examples and vendored files excluded); manifest `NonPII` answers",
    )


CHECK = Check(
    "data_extraction",
    check_data_extraction,
    manifest_keys=(("NonPII",),),
)
