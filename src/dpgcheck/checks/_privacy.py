"""What a manifest says about privacy, read from every field (DPG-7, DPG-9A).

Registry entries rarely use the dedicated fields: the privacy policy's URL sits in
``privacyComplianceURL`` beside prose, in ``adherenceSteps`` or in a PII answer, and the laws
are named in free text. So every string of the manifest is read, through the Manifest API,
whatever shape the entry has.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import msgspec

from dpgcheck.facts.manifest.claims import clean_url, is_empty_answer
from dpgcheck.facts.privacy import LAW_RE
from dpgcheck.model import Evidence

if TYPE_CHECKING:
    from dpgcheck.facts.manifest.model import KeyPath, Manifest

MAX_STRINGS = 2000
"""Strings of a manifest looked at (a registry entry holds a few hundred)."""

_URL = re.compile(r"https?://[^\s<>\"'()\[\]]+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s<>\"'()\[\]]*", re.IGNORECASE)
_PRIVACY_URL = re.compile(
    r"privacy|privacidad|privacidade|datenschutz|data-?protection|gdpr|confidentialit|terms|/legal(?:/|$|\.)",
    re.IGNORECASE,
)
# In a field that lists laws, a link is usually the law's own page (eur-lex, a regulator): only
# one that names a policy outright is the project's privacy policy.
_POLICY_PAGE = re.compile(
    r"privacy[-_]?(?:policy|notice|statement)|/privacy/?$|/privacidade|/datenschutz", re.I
)
_POLICY_KEY = re.compile(r"privacyPolicy|privacyCompliance|privacy", re.IGNORECASE)
_LAW_KEYS = ("privacyComplianceList", "privacyCompliance")
_SAFEGUARD_KEYS = ("privacySecurityDescription", "ensurePrivacySecurity", "dataPrivacySecurity")
_PII_KEYS: tuple[KeyPath, ...] = (
    ("doNoHarm", "dataPrivacySecurity", "collectsPII"),
    ("dataPrivacySecurity", "collectsPII"),
)
_NOT_COLLECTED = re.compile(
    r"\bnot\s+(?:be\s+)?collected\b|\bno\s+pii\b|\bdoes\s+not\s+collect", re.IGNORECASE
)
_COLLECTED = re.compile(r"\bcollected\b|\bstored\b|\bdistributed\b|\bcollects?\b", re.IGNORECASE)


class Said(msgspec.Struct, frozen=True):
    """A manifest string and where it is."""

    keys: KeyPath
    text: str


def strings(manifest: Manifest) -> Iterator[Said]:
    """Every non-empty string of the manifest, with its key path (at most MAX_STRINGS)."""
    pending: list[tuple[KeyPath, Any]] = [((), manifest.data)]
    seen = 0
    while pending and seen < MAX_STRINGS:
        keys, node = pending.pop()
        if isinstance(node, str):
            seen += 1
            if not is_empty_answer(node):
                yield Said(keys, node)
        elif isinstance(node, dict):
            pending.extend(reversed([((*keys, str(k)), v) for k, v in node.items()]))
        elif isinstance(node, list):
            pending.extend(reversed([((*keys, i), v) for i, v in enumerate(node)]))


def _last_key(keys: KeyPath) -> str:
    return next((str(k) for k in reversed(keys) if isinstance(k, str)), "")


def where(manifest: Manifest, said: Said, detail: str, url: str | None = None) -> Evidence:
    """Evidence citing the manifest line of ``said``."""
    return Evidence(
        kind="manifest",
        path=manifest.file_of(*said.keys),
        line=manifest.line(*said.keys),
        url=url,
        detail=detail,
    )


def policy_urls(manifest: Manifest) -> list[tuple[Said, str]]:
    """Privacy-policy URLs anywhere in the manifest: a privacy-ish URL in any field, or any URL
    in a privacy-policy field (``privacyPolicyURL``, ``privacyComplianceURL``)."""
    found: list[tuple[Said, str]] = []
    for said in strings(manifest):
        policy_field = bool(_POLICY_KEY.search(_last_key(said.keys))) and "URL" in _last_key(said.keys)
        for match in _URL.finditer(said.text):
            url = clean_url(match.group(0))
            if not url.lower().startswith(("http://", "https://")):
                url = "https://" + url
            if _last_key(said.keys) in _LAW_KEYS and not _POLICY_PAGE.search(url):
                continue
            if _PRIVACY_URL.search(url) or policy_field:
                found.append((said, url))
    return list({url: (said, url) for said, url in found}.values())


def laws(manifest: Manifest) -> list[tuple[Said, str]]:
    """Laws the manifest names: any text of a compliance-list field, and law names anywhere."""
    found: list[tuple[Said, str]] = []
    for said in strings(manifest):
        match = LAW_RE.search(said.text)
        if match:
            if match.group(0).lower() not in {law.lower() for _, law in found}:
                found.append((said, match.group(0)))
        elif _last_key(said.keys) in _LAW_KEYS:
            # The field is the list of laws: what it says is the project's answer, as written.
            found.append((said, " ".join(said.text.split())[:120]))
    return found


def collects_pii(manifest: Manifest) -> tuple[str, KeyPath] | None:
    """``yes``/``no``/``unknown`` and where, from a Yes/No answer or the registry's sentence
    ("PII data is NOT collected NOT stored and NOT distributed.")."""
    for keys in _PII_KEYS:
        answer = manifest.answer(*keys)
        if answer is not None:
            return answer, keys
        value = manifest.get(*keys)
        if isinstance(value, str) and not is_empty_answer(value):
            if _NOT_COLLECTED.search(value):
                return "no", keys
            if _COLLECTED.search(value):
                return "yes", keys
    return None


def safeguards(manifest: Manifest) -> list[Said]:
    """Descriptions of how PII is protected (not a bare Yes/No answer)."""
    found = []
    for said in strings(manifest):
        key = _last_key(said.keys)
        if key not in _SAFEGUARD_KEYS or said.keys[:1] == ("privacy",):
            continue
        if said.text.strip().lower() in ("yes", "no", "unknown") or len(said.text.split()) < 3:
            continue
        found.append(said)
    return found
