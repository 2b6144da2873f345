"""DPG-9A: data privacy and security."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.checks import CheckContext, register
from dpgcheck.facts.policies import SECURITY_HEADING, section_contact
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts


@register("data_privacy_security")
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
        found = section_contact(facts.snapshot.read_text(readme.path) or "", SECURITY_HEADING)
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
    collects = manifest.answer("doNoHarm", "dataPrivacySecurity", "collectsPII") if manifest else None
    safeguards = (
        manifest.get("doNoHarm", "dataPrivacySecurity", "ensurePrivacySecurity") if manifest else None
    )
    if safeguards and manifest is not None:
        evidence.append(
            manifest.evidence(
                f"declared safeguards: {str(safeguards)[:160]}",
                "doNoHarm",
                "dataPrivacySecurity",
                "ensurePrivacySecurity",
            )
        )
    if collects == "no" and manifest is not None:
        return CheckOutcome(
            Status.NOT_APPLICABLE,
            "Declares that it does not collect, store or distribute PII",
            (
                manifest.evidence("collectsPII: No", "doNoHarm", "dataPrivacySecurity", "collectsPII"),
                *evidence,
            ),
        )
    has_policy = bool(facts.policies.all("security")) or readme_section
    if collects == "yes" and manifest is not None:
        evidence.insert(
            0,
            manifest.evidence("collectsPII: Yes", "doNoHarm", "dataPrivacySecurity", "collectsPII"),
        )
        if not has_policy and not safeguards:
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
