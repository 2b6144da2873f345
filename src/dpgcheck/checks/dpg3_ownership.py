"""DPG-3: clear ownership."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.facts.manifest.claims import declared_locations, owner_names
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

_KEYS = ("clearOwnership",)


def check_ownership(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass on a copyright notice naming a holder, or a declared owner organisation."""
    evidence: list[Evidence] = []
    manifest = facts.manifest
    declared_owners = owner_names(manifest, facts.publiccode)
    owners = [name for name, _ in declared_owners]
    evidence += [item for _, item in declared_owners]
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
    explicit = manifest.answer(*_KEYS, "isOwnershipExplicit") if manifest else None
    missing: list[Evidence] = []
    if manifest is not None:
        for location in declared_locations(
            manifest, facts.files, facts.repository_urls, *_KEYS, "copyrightURL"
        ):
            item = location.evidence(manifest, "copyright / ownership page")
            (missing if location.missing else evidence).append(item)
    if missing:
        return CheckOutcome(
            Status.FAIL,
            "The declared copyright / ownership page is not in the repository",
            (*missing, *evidence),
            "Point `clearOwnership.copyrightURL` at a file that exists (or a public URL).",
        )
    if named or owners:
        # In order of appearance: the declared owner, then the first notice (the head of LICENSE)
        # before third-party notices bundled further down.
        holders = list(dict.fromkeys([*owners, *(n.holder for n in named if n.holder)]))
        shown = ", ".join(holders[:3]) + (f" and {len(holders) - 3} more" if len(holders) > 3 else "")
        return CheckOutcome(Status.PASS, f"Owned by {shown}", tuple(evidence))
    if explicit == "yes" and manifest is not None:
        evidence.insert(0, manifest.evidence("isOwnershipExplicit: Yes", *_KEYS, "isOwnershipExplicit"))
        evidence.append(
            Evidence(
                kind="metadata",
                detail="no owner organisation in the manifest, no owner in publiccode.yml "
                "and no copyright notice naming a holder in the repository",
            )
        )
    placeholder_evidence = tuple(
        Evidence(
            kind="file",
            path=n.path,
            line=n.line,
            detail=f"template placeholder instead of an owner: {n.text}",
        )
        for n in placeholders[:5]
    )
    if explicit == "yes":
        return CheckOutcome(
            Status.FAIL,
            "The manifest says ownership is explicit, but no owner is named anywhere",
            tuple(evidence) + placeholder_evidence,
            "Name the owner: an `organizations` entry with `org_type: owner` in dpg.yaml and a "
            "copyright notice (e.g. `Copyright 2024 Example Foundation`) in LICENSE or NOTICE.",
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


CHECK = Check(
    "clear_ownership",
    check_ownership,
    link_roles=("copyright",),
    manifest_keys=(("organizations",), ("clearOwnership",)),
    shows_license_facts=True,
)
