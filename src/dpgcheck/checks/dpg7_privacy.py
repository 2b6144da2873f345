"""DPG-7: adherence to privacy and applicable laws."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.checks._readme import readme_link_evidence
from dpgcheck.facts.manifest.claims import declared_locations
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

_PII = ("doNoHarm", "dataPrivacySecurity")


# Real projects keep their privacy policy on their website and link it from the README.
_PRIVACY_URL = re.compile(r"privacy|data-?protection|datenschutz|confidentialit", re.IGNORECASE)


def check_privacy(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass on a privacy policy plus the applicable laws; fail when PII meets no policy."""
    evidence: list[Evidence] = [
        Evidence(kind="file", path=f.path, detail="privacy policy") for f in facts.policies.all("privacy")
    ]
    manifest = facts.manifest
    declared = (
        declared_locations(manifest, facts.files, facts.repository_urls, *_PII, "privacyPolicyURL")
        if manifest is not None
        else []
    )
    laws = manifest.texts("privacy", "privacyComplianceList") if manifest else []
    collects_pii = manifest.answer(*_PII, "collectsPII") if manifest else None
    missing = [loc for loc in declared if loc.exists is False]
    if manifest is not None:
        evidence += [loc.evidence(manifest, "privacy policy") for loc in declared if loc.exists is not False]
        if missing:
            return CheckOutcome(
                Status.FAIL,
                f"The declared privacy policy ({missing[0].path}) is not in the repository",
                tuple(loc.evidence(manifest, "privacy policy") for loc in missing) + tuple(evidence),
                "Add the privacy policy at the declared path, or fix `privacyPolicyURL` in dpg.yaml.",
            )
        if laws:
            evidence.append(
                manifest.evidence(
                    f"applicable laws: {', '.join(laws)[:160]}", "privacy", "privacyComplianceList"
                )
            )
    linked = readme_link_evidence(facts, _PRIVACY_URL, "privacy policy linked from the README")
    evidence.extend(linked)
    has_policy = (
        bool(facts.policies.all("privacy"))
        or any(loc.exists is not False for loc in declared)
        or bool(linked)
    )
    if has_policy and laws:
        return CheckOutcome(Status.PASS, "Privacy policy and applicable laws stated", tuple(evidence))
    if collects_pii == "yes" and not has_policy and manifest is not None:
        evidence.insert(0, manifest.evidence("collectsPII: Yes", *_PII, "collectsPII"))
        evidence.append(
            Evidence(
                kind="metadata",
                detail="no PRIVACY file (root, .github/, docs/) and no `privacyPolicyURL` in the manifest",
            )
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
    gaps = [] if has_policy else ["a privacy policy"]
    if not laws:
        gaps.append("the applicable laws")
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        f"Missing {' and '.join(gaps)}; a reviewer must judge compliance",
        tuple(evidence),
    )


CHECK = Check(
    "privacy_laws",
    check_privacy,
    link_roles=("privacy",),
    manifest_keys=(("privacy",), ("doNoHarm", "dataPrivacySecurity", "privacyPolicyURL")),
)
