"""The draft as a registry entry: the shape the DPGA's application platform records today.

The fields are those the registry's entries hold (``openlicenses``, ``sdgs``,
``clearOwnership``, ``documentation``, ``platformIndependence``, ``NonPII``, ``privacy``,
``dataPrivacySecurity``, ``userContent``, ``protectionFromHarassment``, ``openStandards``,
``bestPractices``, ``repositories``, ``categories``…), so that the entry read back with
``--manifest`` makes the same claims as the draft's sources, and a reviewer can compare a draft
with the registry's entry. Unanswered questions are left empty, never filled in. What the form
has no field for, and where each answer came from, is kept under ``dpgcheck``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dpgcheck.application.model import Answer
from dpgcheck.facts.manifest.model import Manifest

if TYPE_CHECKING:
    from dpgcheck.application.context import DraftContext

DRAFT_ID = "draft"
"""The entry's ``id``: the registry gives the real one; this one marks it as a draft."""


def registry_entry(answers: Sequence[Answer], manifest: Manifest | None, ctx: DraftContext) -> dict[str, Any]:
    """The registry entry the answers make (empty fields for the unanswered questions)."""
    by_id = {answer.question.id: answer for answer in answers}

    def value(question: str, default: Any = "") -> Any:
        found = by_id[question].value if question in by_id else None
        return default if found is None else found

    entry: dict[str, Any] = {"id": DRAFT_ID, "name": value("name")}
    entry["aliases"] = value("aliases", [])
    entry["categories"] = value("categories", [])
    entry["description"] = value("description")
    entry["website"] = value("website")
    entry["repositories"] = [
        {"name": "main" if index == 0 else f"repository {index + 1}", "url": url}
        for index, url in enumerate(value("repositories", []))
    ]
    for key in ("sectors", "stage"):
        declared = ctx.declared(key)
        if declared:
            entry[key] = declared
    sdgs = value("sdgs", [])
    relevance = value("sdg_relevance", [])
    entry["sdgs"] = [
        {"sdg": label, "relevance": relevance[index] if index < len(relevance) else ""}
        for index, label in enumerate(sdgs)
    ]
    licenses = value("licenses", [])
    evidence = value("license_evidence", [])
    entry["openlicenses"] = [
        {
            "openLicense": spdx,
            "openLicenseEvidenceURLs": ", ".join(evidence[index]) if index < len(evidence) else "",
        }
        for index, spdx in enumerate(licenses)
    ]
    owners = value("owner", [])
    entry["clearOwnership"] = [
        {"clearOwnershipName": name, "clearOwnershipURL": ", ".join(value("ownership_evidence", []))}
        for name in owners
    ]
    organizations = ctx.declared("organizations")
    if isinstance(organizations, list):
        entry["organizations"] = [org for org in organizations if isinstance(org, dict)]
    entry["platformIndependence"] = {
        # The registry's field keeps the older question's answer (see registry_app): Yes means
        # mandatory dependencies are more restrictive than the license, i.e. closed components.
        "isPlatformIndependent": value("closed_components"),
        "openAlternatives": [value("open_alternatives")] if value("open_alternatives") else [],
    }
    entry["documentation"] = ", ".join(value("documentation", []))
    entry["NonPII"] = {
        "collectsNonPII": value("collects_non_pii"),
        "nonPIIAccessMechanism": value("non_pii_mechanism"),
    }
    laws = value("privacy_laws", [])
    policy = value("privacy_evidence", [])
    entry["privacy"] = [
        {"privacyCompliance": law, "privacyComplianceURL": ", ".join(policy) if index == 0 else ""}
        for index, law in enumerate(laws)
    ] or ([{"privacyCompliance": "", "privacyComplianceURL": ", ".join(policy)}] if policy else [])
    entry["openStandards"] = value("open_standards", [])
    entry["bestPractices"] = value("best_practices", [])
    entry["dataPrivacySecurity"] = {
        "collectsPII": value("collects_pii"),
        "typesOfPIIDataCollected": value("pii_types", []),
        "dataPrivacySecurity": value("pii_protection"),
    }
    entry["userContent"] = {
        "contentManagement": value("collects_content"),
        "contentTypes": value("content_types", []),
        "contentManagementPolicy": value("content_policy"),
    }
    entry["protectionFromHarassment"] = {
        "facilitatesUserInteraction": value("user_interaction"),
        "harassmentPolicy": value("harassment_protection"),
    }
    locations = {"deploymentCountries": value("deployment_countries", [])}
    developed = ctx.declared("locations", "developmentCountries")
    if isinstance(developed, list):
        locations["developmentCountries"] = developed
    entry["locations"] = locations
    entry["dpgcheck"] = {
        "draft": True,
        "answers": [answer.to_dict() for answer in answers],
    }
    return entry
