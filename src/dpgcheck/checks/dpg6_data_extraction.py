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
    """Pass when the manifest declares a mechanism corroborated by files, or no non-PII data."""
    evidence: list[Evidence] = []
    for standard in facts.standards.standards:
        if standard.name in _API_STANDARDS:
            for path, line, what in standard.telltales[:2]:
                evidence.append(
                    Evidence(
                        kind="file",
                        path=path,
                        line=line,
                        detail=f"{standard.name} API description ({what})",
                    )
                )
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
    manifest = facts.manifest
    collects = manifest.answer("NonPII", "collectsNonPII") if manifest else None
    mechanism = manifest.get("NonPII", "nonPIIAccessMechanism") if manifest else None
    if manifest is not None and collects == "no":
        return CheckOutcome(
            Status.PASS,
            "Declares that it holds no non-PII data or content",
            (manifest.evidence("collectsNonPII: No", "NonPII", "collectsNonPII"), *evidence),
        )
    if manifest is not None and collects == "yes" and mechanism:
        evidence.insert(
            0,
            manifest.evidence(
                f"declared mechanism: {str(mechanism)[:160]}", "NonPII", "nonPIIAccessMechanism"
            ),
        )
        if len(evidence) > 1:
            return CheckOutcome(
                Status.PASS,
                "Declared data extraction mechanism, corroborated by the repository",
                tuple(evidence),
            )
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            "Declared data extraction mechanism, not visible in the repository",
            tuple(evidence),
        )
    if evidence:
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            "Possible extraction mechanisms found; a reviewer must confirm them",
            tuple(evidence),
        )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        "No data export/import mechanism or API description found, and none declared",
        (
            Evidence(
                kind="metadata",
                detail="searched for OpenAPI/GraphQL descriptions, export/import "
                "mentions in the README and manifest `NonPII` answers",
            ),
        ),
    )


CHECK = Check(
    "data_extraction",
    check_data_extraction,
    manifest_keys=(("NonPII",),),
)
