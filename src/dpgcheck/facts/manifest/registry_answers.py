"""The screening answers of an application-platform entry, read onto the older questions.

Kept apart from the field mapping (``registry_app``) because each answer here is a reading:
a generated sentence becomes Yes/No only when it says so plainly, the sentence is quoted in a
note, and an answer that cannot be read is left unanswered (a reviewer judges), never guessed.
"""

from __future__ import annotations

import re
from typing import Any

from dpgcheck.facts.manifest.registry_text import joined_text, plain_answer, quote, text_items, verbs_of
from dpgcheck.facts.manifest.registry_translation import Translation, object_items
from dpgcheck.facts.manifest.registry_urls import split_urls

_PII = ("doNoHarm", "dataPrivacySecurity")
_CONTENT = ("doNoHarm", "inappropriateIllegalContent")
_HARASSMENT = ("doNoHarm", "protectionFromHarassment")
_VERBS = ("collected", "stored", "distributed")
_PRIVACY_URL = re.compile(r"privacy|data-?protection", re.IGNORECASE)
_CONDUCT_URL = re.compile(r"code[-_]?of[-_]?conduct|/conduct\b|/coc\b|covenant", re.IGNORECASE)


def read_answers(entry: dict[str, Any], out: Translation) -> None:
    """Every screening section the entry holds, onto ``out``."""
    _non_pii(entry, out)
    _privacy(entry, out)
    _pii(entry, out)
    _content(entry, out)
    _harassment(entry, out)
    _platform(entry, out)


def _section(entry: dict[str, Any], key: str, out: Translation) -> dict[str, Any] | None:
    value = entry.get(key)
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        # One entry holds a section as a one-item list; the first item is its answer.
        if len(value) > 1:
            out.note(f"`{key}` is a list of {len(value)} answers; the first is read")
        return value[0] if isinstance(value[0], dict) else None
    if not isinstance(value, dict):
        raise out.wrong_type(key, "an object", value)
    return value


def _answer(
    out: Translation, target: tuple[str, ...], value: Any, source: tuple[str | int, ...]
) -> str | None:
    answer = plain_answer(value)
    if answer is not None:
        out.put(target, answer, source)
    elif isinstance(value, str) and value.strip():
        out.note(f"`{'.'.join(map(str, source))}` is not Yes/No and was not read: {quote(value)}")
    return answer


def _non_pii(entry: dict[str, Any], out: Translation) -> None:
    section = _section(entry, "NonPII", out)
    if section is None:
        return
    _answer(out, ("NonPII", "collectsNonPII"), section.get("collectsNonPII"), ("NonPII", "collectsNonPII"))
    mechanism = joined_text(section.get("nonPIIAccessMechanism"))
    if mechanism:
        out.put(("NonPII", "nonPIIAccessMechanism"), mechanism, ("NonPII", "nonPIIAccessMechanism"))


def _privacy(entry: dict[str, Any], out: Translation) -> None:
    laws: list[str] = []
    policies: list[tuple[str, tuple[str | int, ...]]] = []
    for path, item in object_items(entry, "privacy", out):
        law = joined_text(item.get("privacyCompliance"))
        if law:
            laws.append(law)
        where = (*path, "privacyComplianceURL")
        policies += [(url, where) for url in split_urls(joined_text(item.get("privacyComplianceURL")))]
        policies += [(url, (*path, "privacyCompliance")) for url in split_urls(law)]
    if laws:
        out.put(("privacy", "privacyComplianceList"), laws, ("privacy",))
    # Evidence of compliance is often a charity register or a law's text: only a URL that
    # names a privacy policy is read as the privacy policy.
    found = [(url, source) for url, source in policies if _PRIVACY_URL.search(url)]
    if found:
        url, source = found[0]
        out.put((*_PII, "privacyPolicyURL"), url, source)
        out.note(f"privacy policy read from `{'.'.join(map(str, source))}`: {url}")


def _pii(entry: dict[str, Any], out: Translation) -> None:
    section = _section(entry, "dataPrivacySecurity", out)
    if section is None:
        return
    sentence = section.get("collectsPII")
    source = ("dataPrivacySecurity", "collectsPII")
    answer = plain_answer(sentence)
    verbs = verbs_of(sentence, _VERBS) if isinstance(sentence, str) and answer is None else None
    if answer is not None:
        out.put((*_PII, "collectsPII"), answer, source)
    elif verbs is not None:
        # The older question: "Does this project collect or store PII?"; sharing is asked apart.
        collects = "Yes" if verbs["collected"] or verbs["stored"] else "No"
        out.put((*_PII, "collectsPII"), collects, source)
        shares = "Yes" if verbs["distributed"] else "No"
        out.put((*_PII, "thirdPartyDataSharing"), shares, source)
        out.note(
            f"collectsPII: {collects}, thirdPartyDataSharing: {shares}, read from {quote(str(sentence))}"
        )
    elif isinstance(sentence, str) and sentence.strip():
        out.note(f"`dataPrivacySecurity.collectsPII` was not read (worded otherwise): {quote(sentence)}")
    types = joined_text(section.get("typesOfPIIDataCollected"))
    if types:
        out.put((*_PII, "typesOfDataCollected"), [types], ("dataPrivacySecurity", "typesOfPIIDataCollected"))
    safeguards = joined_text(section.get("dataPrivacySecurity"))
    if safeguards:
        out.put(
            (*_PII, "privacySecurityDescription"), safeguards, ("dataPrivacySecurity", "dataPrivacySecurity")
        )


def _content(entry: dict[str, Any], out: Translation) -> None:
    section = _section(entry, "userContent", out)
    if section is None:
        return
    sentence = section.get("contentManagement")
    source = ("userContent", "contentManagement")
    answer = plain_answer(sentence)
    verbs = verbs_of(sentence, _VERBS) if isinstance(sentence, str) and answer is None else None
    if verbs is not None:
        answer = "Yes" if any(verbs.values()) else "No"
        out.note(f"collectStoreDistribute: {answer}, read from {quote(str(sentence))}")
    if answer is not None:
        out.put((*_CONTENT, "collectStoreDistribute"), answer, source)
    elif isinstance(sentence, str) and sentence.strip():
        out.note(f"`userContent.contentManagement` was not read (worded otherwise): {quote(sentence)}")
    types = text_items(section.get("contentTypes"))
    if types:
        out.put((*_CONTENT, "type"), types, ("userContent", "contentTypes"))
    policy = joined_text(section.get("contentManagementPolicy"))
    if policy:
        # A moderation policy, but the form never asks whether illegal content is detected:
        # ``illegalContentDetection`` stays unanswered and a reviewer judges the policy.
        out.put(
            (*_CONTENT, "illegalContentDetectionMechanism"),
            policy,
            ("userContent", "contentManagementPolicy"),
        )


def _harassment(entry: dict[str, Any], out: Translation) -> None:
    section = _section(entry, "protectionFromHarassment", out)
    if section is None:
        return
    source = ("protectionFromHarassment", "facilitatesUserInteraction")
    _answer(out, (*_HARASSMENT, "userInteraction"), section.get("facilitatesUserInteraction"), source)
    policy = joined_text(section.get("harassmentPolicy"))
    if not policy:
        return
    where = ("protectionFromHarassment", "harassmentPolicy")
    out.put((*_HARASSMENT, "harassmentProtectionSteps"), [policy], where)
    conduct = [url for url in split_urls(policy) if _CONDUCT_URL.search(url)]
    if conduct:
        out.put((*_HARASSMENT, "codeOfConductURL"), conduct[0], where)


def _platform(entry: dict[str, Any], out: Translation) -> None:
    section = _section(entry, "platformIndependence", out)
    if section is None:
        return
    value = section.get("isPlatformIndependent")
    source = ("platformIndependence", "isPlatformIndependent")
    # See the module docstring of registry_app: the field holds the older "mandatory
    # dependencies create more restrictions" answer, whatever its name says.
    answer = _answer(out, ("platformIndependence", "mandatoryDepsCreateMoreRestrictions"), value, source)
    if answer is not None:
        out.note(
            f"isPlatformIndependent: {answer} read as mandatoryDepsCreateMoreRestrictions: {answer} "
            "(the application form asks whether mandatory dependencies are more restrictive)"
        )
    alternatives = joined_text(section.get("openAlternatives"))
    if alternatives:
        out.put(
            ("platformIndependence", "pltIndependenceDesc"),
            alternatives,
            ("platformIndependence", "openAlternatives"),
        )
