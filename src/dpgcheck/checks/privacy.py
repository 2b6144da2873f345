"""DPG-7: adherence to privacy and applicable laws."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dpgcheck.checks import CheckContext, register
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts


# Real projects keep their privacy policy on their website and link it from the README.
_PRIVACY_URL = re.compile(r"privacy|data-?protection|datenschutz|confidentialit", re.IGNORECASE)


@register("privacy_laws")
def check_privacy(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass on a privacy policy plus the applicable laws; fail when PII meets no policy."""
    evidence: list[Evidence] = [
        Evidence(kind="file", path=f.path, detail="privacy policy") for f in facts.policies.all("privacy")
    ]
    manifest = facts.manifest
    laws = manifest.get("privacy", "privacyComplianceList") if manifest else None
    policy_url = manifest.get("doNoHarm", "dataPrivacySecurity", "privacyPolicyURL") if manifest else None
    collects_pii = manifest.answer("doNoHarm", "dataPrivacySecurity", "collectsPII") if manifest else None
    if policy_url and manifest is not None:
        evidence.append(
            Evidence(
                kind="url",
                url=str(policy_url),
                path=manifest.path,
                line=manifest.line("doNoHarm", "dataPrivacySecurity", "privacyPolicyURL"),
                detail="privacy policy declared in the manifest",
            )
        )
    if isinstance(laws, str):
        laws = [laws]
    if laws and manifest is not None:
        evidence.append(
            manifest.evidence(
                f"applicable laws: {', '.join(str(x) for x in laws)[:160]}",
                "privacy",
                "privacyComplianceList",
            )
        )
    readme = facts.docs.readme
    linked = [(line, url) for line, url in (readme.links if readme else ()) if _PRIVACY_URL.search(url)]
    if readme is not None:
        evidence.extend(
            Evidence(
                kind="url",
                url=url,
                path=readme.path,
                line=line,
                detail="privacy policy linked from the README",
            )
            for line, url in linked[:2]
        )
    has_policy = bool(facts.policies.all("privacy")) or bool(policy_url) or bool(linked)
    if has_policy and laws:
        return CheckOutcome(Status.PASS, "Privacy policy and applicable laws stated", tuple(evidence))
    if collects_pii == "yes" and not has_policy and manifest is not None:
        evidence.insert(
            0,
            manifest.evidence("collectsPII: Yes", "doNoHarm", "dataPrivacySecurity", "collectsPII"),
        )
        return CheckOutcome(
            Status.FAIL, "Declares that it collects PII but has no privacy policy", tuple(evidence)
        )
    if not evidence:
        evidence.append(
            Evidence(
                kind="metadata",
                detail="no PRIVACY file (root, .github/, docs/), no privacy policy link in the "
                "README and no privacy policy URL or laws in a manifest",
            )
        )
    missing = [] if has_policy else ["a privacy policy"]
    if not laws:
        missing.append("the applicable laws")
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        f"Missing {' and '.join(missing)}; a reviewer must judge compliance",
        tuple(evidence),
    )
