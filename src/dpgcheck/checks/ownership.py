"""DPG-3: clear ownership."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.checks import CheckContext, register
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts


@register("clear_ownership")
def check_ownership(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass on a copyright notice naming a holder, or a declared owner organisation."""
    evidence: list[Evidence] = []
    manifest = facts.manifest
    owners: list[str] = []
    if manifest is not None and isinstance(manifest.get("organizations"), list):
        for index, org in enumerate(manifest.get("organizations")):
            if (
                isinstance(org, dict)
                and str(org.get("org_type", "")).lower() == "owner"
                and str(org.get("name") or "").strip()
            ):
                owners.append(str(org["name"]))
                evidence.append(
                    manifest.evidence(f"owner organisation declared: {org['name']}", "organizations", index)
                )
    notices = facts.copyright_notices
    named = [n for n in notices if n.holder]
    placeholders = [n for n in notices if n.placeholder]
    for notice in named[:5]:
        evidence.append(
            Evidence(
                kind="file",
                path=notice.path,
                line=notice.line,
                detail=f"copyright notice naming {notice.holder}: {notice.text}",
            )
        )
    if manifest is not None and manifest.get("clearOwnership", "copyrightURL"):
        url = str(manifest.get("clearOwnership", "copyrightURL"))
        evidence.append(Evidence(kind="url", url=url, detail="declared copyright / ownership page"))
    if named or owners:
        # In order of appearance: the declared owner, then the first notice (the head of LICENSE)
        # before third-party notices bundled further down.
        holders = list(dict.fromkeys([*owners, *(n.holder for n in named if n.holder)]))
        shown = ", ".join(holders[:3]) + (f" and {len(holders) - 3} more" if len(holders) > 3 else "")
        return CheckOutcome(Status.PASS, f"Owned by {shown}", tuple(evidence))
    placeholder_evidence = tuple(
        Evidence(
            kind="file",
            path=n.path,
            line=n.line,
            detail=f"template placeholder instead of an owner: {n.text}",
        )
        for n in placeholders[:5]
    )
    if placeholders:
        return CheckOutcome(
            Status.FAIL,
            "The only copyright notices are unfilled template placeholders",
            placeholder_evidence + tuple(evidence),
        )
    looked = [*facts.licenses.candidates, *facts.policy_paths.get("ownership", [])]
    if facts.docs.readme:
        looked.append(facts.docs.readme.path)
    return CheckOutcome(
        Status.FAIL,
        "No copyright notice or declared owner found",
        (
            Evidence(
                kind="metadata",
                detail="searched for copyright notices in "
                + (", ".join(looked) or "license, NOTICE, AUTHORS and README files")
                + " and sampled source file headers; no manifest owner",
            ),
        ),
    )
