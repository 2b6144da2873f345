"""What a manifest claims, in a form two manifests can be compared by (a draft and its source).

A draft written as a registry entry and read back with ``--manifest`` must claim what its
source (dpg.yaml, or a registry entry) claims. The two differ in form, not in substance: a path
becomes a permanent URL into the same file, a list the registry stores as one text is joined,
a Yes/No becomes the registry's sentence. ``manifest_claims`` takes those differences out:
locations are resolved to the repository path they name (else the URL), lists of prose are
joined, answers are read as Yes/No. Claims the registry's entry shape has no field for
(``isSoftwarePltIndependent``, ``adherenceSteps``, an SDG's ``evidenceURL``…) are not part of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dpgcheck.facts.licenses.spdx import normalize_expression
from dpgcheck.facts.manifest.claims import PathIndex, parse_location
from dpgcheck.facts.manifest.model import Manifest
from dpgcheck.facts.manifest.registry_text import joined_text, plain_answer, sdg_number, text_items

_PII = ("doNoHarm", "dataPrivacySecurity")
_CONTENT = ("doNoHarm", "inappropriateIllegalContent")
_HARASSMENT = ("doNoHarm", "protectionFromHarassment")

ANSWERS = {
    "collectsNonPII": ("NonPII", "collectsNonPII"),
    "collectsPII": (*_PII, "collectsPII"),
    "thirdPartyDataSharing": (*_PII, "thirdPartyDataSharing"),
    "collectStoreDistribute": (*_CONTENT, "collectStoreDistribute"),
    "userInteraction": (*_HARASSMENT, "userInteraction"),
    "mandatoryDepsCreateMoreRestrictions": ("platformIndependence", "mandatoryDepsCreateMoreRestrictions"),
}
TEXTS = {
    "name": ("name",),
    "description": ("description",),
    "website": ("website",),
    "nonPIIAccessMechanism": ("NonPII", "nonPIIAccessMechanism"),
    "typesOfDataCollected": (*_PII, "typesOfDataCollected"),
    "privacySecurityDescription": (*_PII, "privacySecurityDescription"),
    "illegalContentDetectionMechanism": (*_CONTENT, "illegalContentDetectionMechanism"),
    "pltIndependenceDesc": ("platformIndependence", "pltIndependenceDesc"),
    "bestPracticesList": ("standards", "bestPracticesList"),
}
LISTS = {
    "aliases": ("aliases",),
    "type": ("type",),
    "standardsList": ("standards", "standardsList"),
    "privacyComplianceList": ("privacy", "privacyComplianceList"),
    "contentTypes": (*_CONTENT, "type"),
    "deploymentCountries": ("locations", "deploymentCountries"),
    "developmentCountries": ("locations", "developmentCountries"),
}
LOCATIONS = {
    "copyrightURL": ("clearOwnership", "copyrightURL"),
    "documentationURL": ("documentation", "documentationURL"),
    "privacyPolicyURL": (*_PII, "privacyPolicyURL"),
    "codeOfConductURL": (*_HARASSMENT, "codeOfConductURL"),
}


def manifest_claims(manifest: Manifest, files: PathIndex, repo_urls: Sequence[str]) -> dict[str, Any]:
    """The claims of ``manifest`` that a registry entry can carry, normalised for comparison."""
    claims: dict[str, Any] = {}
    for name, keys in ANSWERS.items():
        claims[name] = plain_answer(manifest.get(*keys))
    for name, keys in TEXTS.items():
        claims[name] = " ".join(joined_text(manifest.get(*keys)).split()) or None
    for name, keys in LISTS.items():
        claims[name] = sorted(text_items(manifest.get(*keys)))
    for name, keys in LOCATIONS.items():
        claims[name] = sorted(_locations(manifest.get(*keys), files, repo_urls))
    licenses = manifest.get("license")
    items = [item for item in (licenses if isinstance(licenses, list) else []) if isinstance(item, dict)]
    claims["licenses"] = sorted(
        normalize_expression(str(item.get("spdx"))) or str(item.get("spdx"))
        for item in items
        if item.get("spdx")
    )
    claims["licenseURL"] = sorted(
        loc for item in items for loc in _locations(item.get("licenseURL"), files, repo_urls)
    )
    goals = manifest.get("SDGs")
    claims["SDGs"] = sorted(
        {
            n
            for goal in (goals if isinstance(goals, list) else [])
            if isinstance(goal, dict)
            if (n := sdg_number(goal.get("SDGNumber"))) is not None
        }
    )
    organizations = manifest.get("organizations")
    claims["owners"] = sorted(
        {
            str(org.get("name")).strip()
            for org in (organizations if isinstance(organizations, list) else [])
            if isinstance(org, dict) and str(org.get("org_type", "")).lower() == "owner" and org.get("name")
        }
    )
    repositories = manifest.get("repositories")
    claims["repositories"] = sorted(
        str(repo.get("url")).strip().rstrip("/").removesuffix(".git").lower()
        for repo in (repositories if isinstance(repositories, list) else [])
        if isinstance(repo, dict) and repo.get("url")
    )
    return claims


def _locations(value: Any, files: PathIndex, repo_urls: Sequence[str]) -> list[str]:
    texts = value if isinstance(value, list) else [value]
    found = []
    for text in texts:
        if not isinstance(text, str):
            continue
        location = parse_location(text, (), files, repo_urls)
        if location is not None:
            found.append((location.path or location.url or text).strip("/"))
    return found
