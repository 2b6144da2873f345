"""DPG-9A: data privacy and security.

Pass: safeguards for personal data are described (in the manifest, or a data-protection /
security section of the documentation naming encryption, access control, retention…). A way
to report vulnerabilities alone does not show how PII is protected: it is evidence, not a
pass. Not applicable: the manifest declares that no PII is collected. Fail: PII collected
(declared) and not protected (declared), or with nothing anywhere saying how it is
protected. Anything else is needs-review.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.checks._manifest import contradicted_no
from dpgcheck.checks._privacy import collects_pii, safeguards, where
from dpgcheck.facts.manifest.claims import clean_url
from dpgcheck.facts.policies import SECURITY_HEADING, PolicyFile, section_contact
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts
    from dpgcheck.facts.manifest.model import KeyPath, Manifest

_PII = ("doNoHarm", "dataPrivacySecurity")

_CHANNEL_URL = re.compile(
    r"/security/advisories|/security/policy|/security\b|/advisor|/vulnerab|/disclos|/vdp\b|"
    r"hackerone\.com|bugcrowd\.com|huntr\.(?:dev|com)|intigriti\.com|yeswehack\.com|openbugbounty|"
    r"bug-?bounty|servicedesk|service-desk|/issues/new\?.*security|security\.txt|/trust\b|mailto:",
    re.IGNORECASE,
)
"""Private reporting channels given as links: advisories, VDP, bug bounty, a service desk."""


def reporting_channel(policy: PolicyFile) -> tuple[int, str] | None:
    """(line, address) of a policy's e-mail or reporting link (Markdown stripped)."""
    if policy.emails:
        return policy.emails[0]
    for line, url in policy.urls:
        clean = clean_url(url)
        if _CHANNEL_URL.search(clean):
            return line, clean
    return None


def _channels(facts: Facts) -> tuple[list[Evidence], bool]:
    """Evidence of the security policies, and whether one gives a reporting channel."""
    evidence: list[Evidence] = []
    channel = False
    for policy in facts.policies.all("security"):
        if not policy.readable:
            evidence.append(Evidence(kind="file", path=policy.path, detail=f"not read: {policy.problem}"))
            continue
        found = reporting_channel(policy)
        if found is not None:
            channel = True
            evidence.append(
                Evidence(
                    kind="file",
                    path=policy.path,
                    line=found[0],
                    detail=f"security policy with a reporting channel: {found[1]}",
                )
            )
        else:
            evidence.append(
                Evidence(
                    kind="file",
                    path=policy.path,
                    line=1,
                    detail="security policy without a reporting channel",
                )
            )
    readme = facts.docs.readme
    if not channel and readme is not None:
        # Many projects state how to report vulnerabilities in a README section, not a file.
        section = section_contact(facts.readme_text, SECURITY_HEADING)
        if section is not None:
            line, title, contact = section
            channel = True
            evidence.append(
                Evidence(
                    kind="file",
                    path=readme.path,
                    line=line,
                    detail=f"reporting channel in the README section '{title}': {clean_url(contact)}",
                )
            )
    return evidence, channel


def _pii_evidence(manifest: Manifest, keys: KeyPath) -> Evidence:
    """The manifest's PII answer as written ("collectsPII: Yes", or the registry's sentence)."""
    return manifest.evidence(f"{keys[-1]}: {' '.join(str(manifest.get(*keys)).split())[:120]}", *keys)


def check_security(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass on described safeguards; PII declared with nothing protecting it fails. For an AI
    system, whether the training data includes PII is asked too."""
    outcome = _check_security(facts)
    if "aimodel" not in context.asset_types:
        return outcome
    from dpgcheck.checks._ai_checks import ai_privacy  # the AI modules load only for AI systems

    return ai_privacy(facts, outcome)


def _check_security(facts: Facts) -> CheckOutcome:
    channel_evidence, channel = _channels(facts)
    manifest = facts.manifest
    pii = collects_pii(manifest) if manifest is not None else None
    ensured = manifest.answer(*_PII, "ensurePrivacySecurity") if manifest is not None else None
    described: list[Evidence] = []
    if manifest is not None:
        described += [
            where(manifest, said, f"declared safeguards: {' '.join(said.text.split())[:160]}")
            for said in safeguards(manifest)[:2]
        ]
    described += [
        Evidence(kind="file", path=p.path, line=p.line, detail=f"safeguards described: {p.text}")
        for p in facts.privacy.safeguards
    ]
    if manifest is not None and pii is not None and pii[0] == "yes" and ensured == "no":
        return CheckOutcome(
            Status.FAIL,
            "Declares that it collects PII and does not ensure its privacy and security",
            (
                _pii_evidence(manifest, pii[1]),
                manifest.evidence("ensurePrivacySecurity: No", *_PII, "ensurePrivacySecurity"),
                *described,
                *channel_evidence,
            ),
            "Describe how personal data is protected (encryption, access control, retention) and "
            "answer `ensurePrivacySecurity` in dpg.yaml.",
        )
    if (
        manifest is not None
        and pii is not None
        and pii[0] == "no"
        and facts.activity is not None
        and facts.activity.personal_data
    ):
        # A "No" the code contradicts (a sign-up form asking for an e-mail): a reviewer decides.
        outcome = contradicted_no(
            manifest.evidence("declares that it collects no PII", *pii[1]),
            facts.activity.personal_data,
            "the code collects personal data",
            "Declares that it collects no PII, but the code collects personal data; a reviewer must "
            "check the answer",
            "If the project collects personal data, answer that it does in dpg.yaml "
            "(`doNoHarm.dataPrivacySecurity.collectsPII: Yes`) and describe how it is protected "
            "(encryption, access control, retention); if the code cited collects nothing personal, "
            "say so in that answer.",
        )
        return CheckOutcome(
            outcome.status,
            outcome.summary,
            (*outcome.evidence, *described, *channel_evidence),
            outcome.remediation,
        )
    if manifest is not None and pii is not None and pii[0] == "no":
        return CheckOutcome(
            Status.NOT_APPLICABLE,
            "Declares that it does not collect, store or distribute PII",
            (manifest.evidence("declares that it collects no PII", *pii[1]), *described, *channel_evidence),
        )
    if described:
        summary = "Safeguards for personal data described" + (" and a reporting channel" if channel else "")
        evidence = [*described, *channel_evidence]
        if pii is not None and manifest is not None:
            evidence.insert(0, _pii_evidence(manifest, pii[1]))
        return CheckOutcome(Status.PASS, summary, tuple(evidence))
    privacy_policy = bool(facts.privacy.pages or facts.policies.all("privacy"))
    searched = Evidence(
        kind="metadata",
        detail="searched: the manifest's PII answers and descriptions, the README, SECURITY files and "
        "documentation folders for a data-protection or security section naming safeguards "
        "(encryption, access control, retention)",
    )
    todo = (
        "Describe how personal data is protected (encryption, access control, retention) in dpg.yaml "
        "`doNoHarm.dataPrivacySecurity.privacySecurityDescription` or a data-protection section of "
        "the documentation"
    )
    if not channel:
        todo += ", and add a SECURITY.md saying how to report a vulnerability privately"
    if manifest is not None and pii is not None and pii[0] == "yes" and not channel and not privacy_policy:
        return CheckOutcome(
            Status.FAIL,
            "Declares that it collects PII but nothing says how it is protected",
            (_pii_evidence(manifest, pii[1]), *channel_evidence, searched),
            todo + ".",
        )
    evidence = [*channel_evidence, searched]
    if pii is not None and manifest is not None:
        evidence.insert(0, _pii_evidence(manifest, pii[1]))
    summary = (
        "Only a vulnerability-reporting channel; how PII is protected is not described"
        if channel
        else "No description of how PII is protected"
    )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        summary + "; a reviewer must judge it",
        tuple(evidence),
        todo + ".",
    )


CHECK = Check(
    "data_privacy_security",
    check_security,
    manifest_keys=(("doNoHarm", "dataPrivacySecurity"),),
)
