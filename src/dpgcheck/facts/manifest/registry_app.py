"""One DPGA application-platform entry read as the manifest the checks know.

Since 2024 the DPGA keeps each recognised DPG as one JSON object with a numeric ``id``
(``categories``, ``openlicenses``, ``sdgs``, ``clearOwnership`` as a list…); the checks read
the older nomination + screening shape (``type``, ``license``, ``SDGs``, ``doNoHarm``…). Each
field is mapped onto the claim the older shape makes about it, and verified the same way; every
value keeps the line of the entry it came from, and every reading that is not word for word
(a sentence read as an answer, a license id corrected) is said in a note quoting the entry.

``isPlatformIndependent`` does not record what its name says. The application form kept the
older question "Does this project have mandatory dependencies that create more restrictions
than the original license?" under a new field name, and ``openAlternatives`` holds the
follow-up ("list the open alternatives to the closed components"): in the registry's entries
every ``Yes`` comes with a description of closed, mandatory dependencies (a Google TTS engine,
proprietary drone cameras, a local SMS provider) and every ``No`` with no alternatives at all.
It is therefore read as ``mandatoryDepsCreateMoreRestrictions``, never as "is independent".
"""

from __future__ import annotations

from typing import Any

from dpgcheck.facts.licenses.spdx import normalize_expression
from dpgcheck.facts.manifest.model import KeyPath
from dpgcheck.facts.manifest.registry_answers import read_answers
from dpgcheck.facts.manifest.registry_text import (
    joined_text,
    quote,
    sdg_number,
    text_items,
)
from dpgcheck.facts.manifest.registry_translation import Translation, entry_label, object_items
from dpgcheck.facts.manifest.registry_urls import split_urls

CATEGORIES = {
    "open software": "software",
    "open data": "data",
    "open content": "content",
    "open ai model": "aimodel",
    "open ai system": "aimodel",
    "open standard": "standard",
}

# Fields of the platform's entries that map onto no check: read, kept out of the manifest, and
# not reported as unknown.
KNOWN_UNUSED = frozenset(
    [
        "id",
        "deploymentOrganisations",
        "otherDeploymentOrganisations",
        "deploymentCountriesDepartments",
        "awardsReceived",
        "createdAt",
        "updatedAt",
        "status",
        "slug",
        "logo",
        "dpgcheck",  # where `dpgcheck application` records each answer's source in a draft
    ]
)
MAPPED = frozenset(
    [
        "name",
        "aliases",
        "description",
        "website",
        "stage",
        "sectors",
        "categories",
        "repositories",
        "openlicenses",
        "sdgs",
        "clearOwnership",
        "documentation",
        "NonPII",
        "privacy",
        "dataPrivacySecurity",
        "userContent",
        "protectionFromHarassment",
        "platformIndependence",
        "openStandards",
        "bestPractices",
        "locations",
        "organizations",
    ]
)
_ORG_TYPES = ("owner", "maintainer", "funder", "implementer")


def translate(entry: dict[str, Any]) -> Translation:
    """Map one entry onto the older manifest shape; ManifestError when a field cannot be read."""
    out = Translation(entry_label(entry))
    for key in ("name", "description", "website", "stage"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            out.put((key,), value.strip(), (key,))
        elif value is not None and not isinstance(value, str):
            raise out.wrong_type(key, "text", value)
    for key in ("aliases", "sectors"):
        items = text_items(entry.get(key))
        if items:
            out.put((key,), items, (key,))
    _categories(entry, out)
    _repositories(entry, out)
    _licenses(entry, out)
    _sdgs(entry, out)
    _organizations(entry, out)
    _ownership(entry, out)
    _documentation(entry, out)
    read_answers(entry, out)
    _standards(entry, out)
    _locations(entry, out)
    unknown = [key for key in entry if key not in MAPPED and key not in KNOWN_UNUSED]
    if unknown:
        out.note(f"fields unknown to dpgcheck were kept but not used: {', '.join(unknown[:10])}")
    return out


def _categories(entry: dict[str, Any], out: Translation) -> None:
    types: list[str] = []
    for category in text_items(entry.get("categories")):
        asset = CATEGORIES.get(category.lower())
        if asset is None:
            out.note(f"category {quote(category)} is not an asset type dpgcheck knows; left out")
        elif asset not in types:
            types.append(asset)
    if types:
        out.put(("type",), types, ("categories",))


def _repositories(entry: dict[str, Any], out: Translation) -> None:
    value = entry.get("repositories")
    items = [((), {"url": value})] if isinstance(value, str) else object_items(entry, "repositories", out)
    for path, repository in items:
        url = repository.get("url")
        source = (*path, "url") if path else ("repositories",)
        if url is None:
            continue
        if not isinstance(url, str):
            raise out.wrong_type(".".join(map(str, source)), "text", url)
        for written in split_urls(url):
            out.repositories.append((written, source))
        if url.strip() and not split_urls(url):
            out.note(f"`repositories` names no URL: {quote(url)}")


def _licenses(entry: dict[str, Any], out: Translation) -> None:
    licenses: list[dict[str, str]] = []
    for path, item in object_items(entry, "openlicenses", out):
        raw = item.get("openLicense")
        if not isinstance(raw, str) or not raw.strip():
            continue
        spdx = raw.strip()
        normal = normalize_expression(spdx)
        if normal is not None and normal != spdx:
            out.note(f"license {quote(spdx)} read as {normal}")
        declared = {"spdx": spdx}
        index = len(licenses)
        out.sources[("license", index)] = path
        out.sources[("license", index, "spdx")] = (*path, "openLicense")
        evidence = item.get("openLicenseEvidenceURLs")
        urls = split_urls(joined_text(evidence))
        if urls:
            declared["licenseURL"] = _prefer_repository(urls, out)
            out.sources[("license", index, "licenseURL")] = (*path, "openLicenseEvidenceURLs")
            if len(urls) > 1:
                out.note(f"license {spdx}: {len(urls)} evidence URLs, the first into a repository is checked")
        elif joined_text(evidence):
            out.note(f"license {spdx}: the evidence holds no URL: {quote(joined_text(evidence))}")
        licenses.append(declared)
    if licenses:
        out.data["license"] = licenses
        out.sources.setdefault(("license",), ("openlicenses",))


def _prefer_repository(urls: list[str], out: Translation) -> str:
    """The first URL into one of the entry's repositories (it can be verified), else the first."""
    bases = [written.rstrip("/").removesuffix(".git").lower() for written, _ in out.repositories]
    for url in urls:
        if any(url.lower().startswith(base + "/") for base in bases):
            return url
    return urls[0]


def _sdgs(entry: dict[str, Any], out: Translation) -> None:
    goals: list[dict[str, Any]] = []
    for path, item in object_items(entry, "sdgs", out):
        labels = item.get("sdg")
        relevance = joined_text(item.get("relevance"))
        if relevance and normalize_expression(relevance) is not None and len(relevance) < 40:
            # The form's fields shifted in some entries: a license id is no evidence of relevance.
            out.note(
                f"the relevance given for {quote(str(labels))} is a license id, "
                f"not evidence: {quote(relevance)}"
            )
            relevance = ""
        for label in labels if isinstance(labels, list) else [labels]:
            number = sdg_number(label)
            if number is None:
                if label not in (None, ""):
                    out.note(f"`sdgs` names no SDG number in {quote(str(label))}; left out")
                continue
            goal: dict[str, Any] = {"SDGNumber": number}
            if relevance:
                goal["evidenceText"] = relevance
            out.sources[("SDGs", len(goals))] = path
            goals.append(goal)
    if goals:
        out.data["SDGs"] = goals
        out.sources.setdefault(("SDGs",), ("sdgs",))


def _organizations(entry: dict[str, Any], out: Translation) -> None:
    organizations: list[dict[str, str]] = []
    for path, item in object_items(entry, "organizations", out):
        org = {k: v.strip() for k, v in item.items() if isinstance(v, str) and v.strip() and k != "org_type"}
        kind = str(item.get("org_type") or "").strip().lower()
        if kind in _ORG_TYPES:
            org["org_type"] = kind
        elif kind:
            out.note(f"organisation {quote(org.get('name', '?'))} has the role {quote(kind)}; role left out")
        known = {
            k: v
            for k, v in org.items()
            if k in ("name", "website", "org_type", "contact_name", "contact_email")
        }
        if known:
            out.sources[("organizations", len(organizations))] = path
            organizations.append(known)
    if organizations:
        out.data["organizations"] = organizations
        out.sources.setdefault(("organizations",), ("organizations",))


def _ownership(entry: dict[str, Any], out: Translation) -> None:
    """``clearOwnership`` names the owner(s): each becomes an owner organisation, and the first
    URL (into a repository when there is one) the copyright page the checks verify."""
    value = entry.get("clearOwnership")
    items = object_items(entry, "clearOwnership", out) if not isinstance(value, str) else []
    if isinstance(value, str) and value.strip():
        items = [(("clearOwnership",), {"clearOwnershipName": value})]
    organizations = out.data.setdefault("organizations", [])
    out.sources.setdefault(("organizations",), ("organizations",))
    named = {str(org.get("name", "")).lower() for org in organizations if org.get("org_type") == "owner"}
    urls: list[tuple[str, KeyPath]] = []
    for path, item in items:
        name = joined_text(item.get("clearOwnershipName"))
        if name and name.lower() not in named:
            out.sources[("organizations", len(organizations))] = (*path, "clearOwnershipName")
            organizations.append({"name": name, "org_type": "owner"})
            named.add(name.lower())
        urls += [
            (url, (*path, "clearOwnershipURL"))
            for url in split_urls(joined_text(item.get("clearOwnershipURL")))
        ]
    if not organizations:
        del out.data["organizations"]
    if named and items:
        out.put(("clearOwnership", "isOwnershipExplicit"), "Yes", items[0][0])
    if urls:
        chosen = _prefer_repository([url for url, _ in urls], out)
        source = next(source for url, source in urls if url == chosen)
        out.put(("clearOwnership", "copyrightURL"), chosen, source)


def _documentation(entry: dict[str, Any], out: Translation) -> None:
    text = joined_text(entry.get("documentation"))
    if not text:
        return
    urls = split_urls(text)
    if urls:
        out.put(("documentation", "isDocumentationAvailable"), "Yes", ("documentation",))
        out.put(("documentation", "documentationURL"), urls, ("documentation",))
        for index in range(len(urls)):
            out.sources[("documentation", "documentationURL", index)] = ("documentation",)
    else:
        out.note(f"`documentation` holds no URL: {quote(text)}")


def _standards(entry: dict[str, Any], out: Translation) -> None:
    standards = text_items(entry.get("openStandards"))
    if standards:
        out.put(("standards", "supportStandards"), "Yes", ("openStandards",))
        out.put(("standards", "standardsList"), standards, ("openStandards",))
    practices = joined_text(entry.get("bestPractices"))
    if practices:
        out.put(("standards", "implementBestPractices"), "Yes", ("bestPractices",))
        out.put(("standards", "bestPracticesList"), [practices], ("bestPractices",))


def _locations(entry: dict[str, Any], out: Translation) -> None:
    value = entry.get("locations")
    if value is None:
        return
    if not isinstance(value, dict):
        raise out.wrong_type("locations", "an object", value)
    for key in ("developmentCountries", "deploymentCountries"):
        items = text_items(value.get(key))
        if items:
            out.put(("locations", key), items, ("locations", key))
