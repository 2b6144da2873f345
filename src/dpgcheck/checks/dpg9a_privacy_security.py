"""DPG-9A: data privacy and security."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.facts.policies import SECURITY_HEADING, section_contact
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

_PII = ("doNoHarm", "dataPrivacySecurity")


def check_security(facts: Facts, context: CheckContext) -> CheckOutcome:
    """A security policy with a reporting channel; PII declared without safeguards fails."""
    evidence: list[Evidence] = []
    channel = False
    for policy in facts.policies.all("security"):
        if not policy.readable:
            evidence.append(Evidence(kind="file", path=policy.path, detail=f"not read: {policy.problem}"))
            continue
        if policy.contact is not None:
            channel = True
            line, contact = policy.contact
            evidence.append(
                Evidence(
                    kind="file",
                    path=policy.path,
                    line=line,
                    detail=f"security policy with a reporting channel: {contact}",
                )
            )
        else:
            evidence.append(
                Evidence(
                    kind="file",
                    path=policy.path,
                    detail="security policy without an e-mail address or reporting link",
                )
            )
    readme_section = False
    readme = facts.docs.readme
    if not channel and readme is not None:
        # Many projects state how to report vulnerabilities in a README section, not a file.
        found = section_contact(facts.readme_text, SECURITY_HEADING)
        if found is not None:
            line, title, contact = found
            channel = readme_section = True
            evidence.append(
                Evidence(
                    kind="file",
                    path=readme.path,
                    line=line,
                    detail=f"reporting channel in the README section '{title}': {contact}",
                )
            )
    manifest = facts.manifest
    collects = manifest.answer(*_PII, "collectsPII") if manifest else None
    ensured = manifest.answer(*_PII, "ensurePrivacySecurity") if manifest else None
    # The registry answers ensurePrivacySecurity Yes/No and describes the safeguards in
    # privacySecurityDescription; older dpg.yaml files put the description in the first.
    safeguards = ""
    if manifest is not None:
        for key in ("privacySecurityDescription", "ensurePrivacySecurity"):
            text = manifest.get(*_PII, key)
            if isinstance(text, str) and text.strip() and manifest.answer(*_PII, key) is None:
                safeguards = text.strip()
                evidence.append(manifest.evidence(f"declared safeguards: {safeguards[:160]}", *_PII, key))
                break
    privacy_policy = bool(facts.policies.all("privacy")) or bool(
        manifest.get(*_PII, "privacyPolicyURL") if manifest else None
    )
    if collects == "yes" and ensured == "no" and manifest is not None:
        return CheckOutcome(
            Status.FAIL,
            "Declares that it collects PII and does not ensure its privacy and security",
            (
                manifest.evidence("collectsPII: Yes", *_PII, "collectsPII"),
                manifest.evidence("ensurePrivacySecurity: No", *_PII, "ensurePrivacySecurity"),
                *evidence,
            ),
        )
    if collects == "no" and manifest is not None:
        return CheckOutcome(
            Status.NOT_APPLICABLE,
            "Declares that it does not collect, store or distribute PII",
            (
                manifest.evidence("collectsPII: No", *_PII, "collectsPII"),
                *evidence,
            ),
        )
    has_policy = bool(facts.policies.all("security")) or readme_section
    if collects == "yes" and manifest is not None:
        evidence.insert(0, manifest.evidence("collectsPII: Yes", *_PII, "collectsPII"))
        if not has_policy and not safeguards and not privacy_policy:
            evidence.append(
                Evidence(
                    kind="metadata",
                    detail="no SECURITY or PRIVACY policy (root, .github/, docs/), no privacy policy "
                    "URL and no described safeguards (`privacySecurityDescription`) in the manifest",
                )
            )
            return CheckOutcome(
                Status.FAIL,
                "Collects PII but has neither a security policy nor declared safeguards",
                tuple(evidence),
            )
    if channel and (collects != "yes" or safeguards):
        return CheckOutcome(
            Status.PASS,
            "Security policy with a reporting channel" + (" and declared safeguards" if safeguards else ""),
            tuple(evidence),
        )
    if not evidence:
        evidence.append(
            Evidence(
                kind="metadata",
                detail="no SECURITY policy (root, .github/, docs/) and no PII answers in a manifest",
            )
        )
    summary = (
        "Security policy has no reporting channel"
        if has_policy and not channel
        else "No security policy"
        if not has_policy
        else "PII safeguards not declared"
    )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        summary + "; a reviewer must judge how PII is protected",
        tuple(evidence),
    )


CHECK = Check(
    "data_privacy_security",
    check_security,
    manifest_keys=(("doNoHarm", "dataPrivacySecurity"),),
)
