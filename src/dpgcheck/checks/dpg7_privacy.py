"""DPG-7: adherence to privacy and applicable laws.

Pass: a privacy policy (a PRIVACY file, a privacy page shipped in the application, a policy
URL anywhere in the manifest or linked from the README) and the applicable laws named (in the
manifest, the README or the policy). Not applicable: the manifest declares that no PII is
collected and names neither. Fail: only a manifest claim the repository contradicts (a
declared policy path that is not there). Anything else is needs-review: absence from the
repository is not proof, a policy on the product's website is accepted.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.checks._manifest import contradicted_no, with_stale_claims
from dpgcheck.checks._privacy import collects_pii, laws, policy_urls, where
from dpgcheck.checks._readme import readme_link_evidence
from dpgcheck.facts.manifest.claims import StaleClaim, declared_locations, found_elsewhere, stale_claims
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

_PII = ("doNoHarm", "dataPrivacySecurity")

# Real projects keep their privacy policy on their website and link it from the README.
_PRIVACY_URL = re.compile(r"privacy|data-?protection|datenschutz|confidentialit|privacidad", re.IGNORECASE)


def check_privacy(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass on a privacy policy plus the applicable laws; needs-review on what is missing."""
    manifest = facts.manifest
    policies: list[Evidence] = [
        Evidence(kind="file", path=f.path, line=1, detail="privacy policy")
        for f in facts.policies.all("privacy")
    ]
    policies += [
        Evidence(
            kind="file",
            path=p.path,
            line=p.line,
            url=p.url,
            detail=f"privacy page in the application: {p.text}",
        )
        for p in facts.privacy.pages
    ]
    moved: tuple[StaleClaim, ...] = ()
    stale: list[Evidence] = []
    if manifest is not None:
        declared = found_elsewhere(
            declared_locations(manifest, facts.files, facts.repository_urls, *_PII, "privacyPolicyURL"),
            [f.path for f in facts.policies.all("privacy")],
        )
        missing = [loc for loc in declared if loc.missing]
        if missing:
            return CheckOutcome(
                Status.FAIL,
                f"The declared privacy policy ({missing[0].path}) is not in the repository",
                tuple(loc.evidence(manifest, "privacy policy") for loc in missing) + tuple(policies),
                "Add the privacy policy at the declared path, or fix `privacyPolicyURL` in dpg.yaml.",
            )
        # A moved policy is still a policy: the claim is out of date, not contradicted.
        moved = stale_claims(manifest, declared, "privacy policy")
        stale = [claim.evidence for claim in moved]
        policies += [loc.evidence(manifest, "privacy policy") for loc in declared if loc.exists]
        policies += stale
        policies += [
            where(manifest, said, "privacy policy URL declared (not checked offline)", url)
            for said, url in policy_urls(manifest)
        ]
    policies += readme_link_evidence(facts, _PRIVACY_URL, "privacy policy linked from the README")
    named: list[Evidence] = []
    if manifest is not None:
        named += [where(manifest, said, f"applicable law named: {law}") for said, law in laws(manifest)[:3]]
    named += [
        Evidence(kind="file", path=p.path, line=p.line, detail=f"applicable law named: {p.text}")
        for p in facts.privacy.laws
    ]
    evidence = [*stale, *[e for e in policies if e not in stale][:4], *named[:3]]
    pii = collects_pii(manifest) if manifest is not None else None
    if policies and named:
        outcome = CheckOutcome(Status.PASS, "Privacy policy and applicable laws stated", tuple(evidence))
        return with_stale_claims(outcome, moved, "privacy policy", f"{'.'.join(_PII)}.privacyPolicyURL")
    if (
        pii is not None
        and pii[0] == "no"
        and manifest is not None
        and facts.activity is not None
        and facts.activity.personal_data
    ):
        # A "No" the code contradicts (a user model with e-mail and phone fields): a reviewer decides.
        outcome = contradicted_no(
            manifest.evidence("declares that it collects no PII", *pii[1]),
            facts.activity.personal_data,
            "the code collects personal data",
            "Declares that it collects no PII, but the code collects personal data; a reviewer must "
            "check the answer",
            "If the project collects personal data, answer that it does in dpg.yaml "
            "(`doNoHarm.dataPrivacySecurity.collectsPII: Yes`, with the types collected) and link "
            "its privacy policy and the laws it follows; if the code cited collects nothing "
            "personal, say so in that answer.",
        )
        return CheckOutcome(
            outcome.status, outcome.summary, (*outcome.evidence, *evidence), outcome.remediation
        )
    if pii is not None and pii[0] == "no" and manifest is not None:
        declaration = manifest.evidence("declares that it collects no PII", *pii[1])
        return CheckOutcome(
            Status.NOT_APPLICABLE,
            "Declares that it collects no PII; no privacy policy or law is required of it",
            (declaration, *evidence),
        )
    if pii is not None and pii[0] == "yes" and manifest is not None:
        evidence.insert(0, manifest.evidence("declares that it collects PII", *pii[1]))
    gaps = [] if policies else ["a privacy policy"]
    if not named:
        gaps.append("the applicable laws")
    if not policies:
        evidence.append(
            Evidence(
                kind="metadata",
                detail="searched: PRIVACY files (root, .github/, docs/), "
                + "; ".join(facts.privacy.searched[:2])
                + ", README links and every manifest field for a privacy policy URL",
            )
        )
    if not named:
        evidence.append(
            Evidence(
                kind="metadata",
                detail="no law named in the manifest (any field), the README, the privacy policy or pages",
            )
        )
    todo = []
    if not policies:
        todo.append(
            "link the privacy policy (a PRIVACY.md, or its URL in dpg.yaml "
            "`doNoHarm.dataPrivacySecurity.privacyPolicyURL` or the README)"
        )
    if not named:
        todo.append(
            "list the laws the project complies with (e.g. GDPR) in dpg.yaml `privacy.privacyComplianceList`"
        )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        f"Missing {' and '.join(gaps)}; a reviewer must judge compliance",
        tuple(evidence),
        _sentence(" and ".join(todo)),
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


CHECK = Check(
    "privacy_laws",
    check_privacy,
    link_roles=("privacy",),
    manifest_keys=(("privacy",), ("doNoHarm", "dataPrivacySecurity", "privacyPolicyURL")),
)
