"""DPG-3: clear ownership.

Pass: a holder named by a copyright notice (LICENSE head, NOTICE*, COPYRIGHT*, AUTHORS, README),
package metadata, a docs-site config, a README "developed / maintained by" line, or the manifest
(an owner organisation, ``clearOwnership``). Fail only on proof: notices that are nothing but a
template placeholder, or a declared ownership page the repository does not have. Nothing found
is needs-review: ownership stated on the project's website is accepted by the DPGA. Every result
ends with information lines: the owner's organisation type and country, and whether each asset
type is all owned or licensed for redistribution (a contributor agreement for code).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec.structs import replace

from dpgcheck.checks import Check, CheckContext
from dpgcheck.checks._manifest import with_stale_claims
from dpgcheck.checks._owner_info import owner_info
from dpgcheck.checks._ownership_manifest import stated_owners
from dpgcheck.facts.manifest.claims import declared_locations, owner_names, stale_claims
from dpgcheck.facts.ownership import SOURCE_HEADER, CopyrightNotice, same_holder
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

_KEYS = ("clearOwnership",)


_SHOWN = 5
_REMEDIATION_NONE = (
    "State the owner: `clearOwnership` in dpg.yaml (the owner's name and the public page that "
    "says so) or an `organizations` entry with `org_type: owner`, or a NOTICE/COPYRIGHT file "
    "(`Copyright 2024 Example Foundation`)."
)


def check_ownership(facts: Facts, context: CheckContext) -> CheckOutcome:
    """The verdict on ownership, then the owner's organisation type and country and the rights to
    each asset type as information (the form asks them; they never change the verdict)."""
    outcome = _judge(facts)
    return replace(outcome, evidence=(*outcome.evidence, *owner_info(facts)))


def _judge(facts: Facts) -> CheckOutcome:
    """Pass on a holder named by a notice, package metadata, a docs config, the README or the
    manifest; fail on placeholder-only notices (proof); otherwise needs-review (absence). A
    declared ownership page that moved warns (a stale claim)."""
    outcome = _check_ownership(facts)
    manifest = facts.manifest
    if manifest is None:
        return outcome
    locations = declared_locations(manifest, facts.files, facts.repository_urls, *_KEYS, "copyrightURL")
    stale = stale_claims(manifest, locations, "copyright / ownership page")
    return with_stale_claims(outcome, stale, "copyright / ownership page", "clearOwnership.copyrightURL")


def _check_ownership(facts: Facts) -> CheckOutcome:
    evidence: list[Evidence] = []
    manifest = facts.manifest
    declared_owners = [*owner_names(manifest, facts.publiccode), *stated_owners(manifest)]
    owners = [name for name, _ in declared_owners]
    evidence += [item for _, item in declared_owners]
    notices = facts.copyright_notices
    named = [n for n in notices if n.holder]
    # Source headers only speak when nothing at the project's level does: a sampled file may
    # be someone else's (a copied admin script) without living in a vendored folder.
    primary = [n for n in named if n.source != SOURCE_HEADER]
    cited = primary or named
    placeholders = [n for n in notices if n.placeholder]
    for notice in _one_per_holder(cited)[:_SHOWN]:
        evidence.append(
            Evidence(
                kind="file",
                path=notice.path,
                line=notice.line,
                detail=f"{notice.source} naming {notice.holder}: {notice.text}",
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
    if cited or owners:
        # The summary names the project's holders: a nested LICENSE (a bundled component's) is
        # cited as evidence but does not name the project's owner when the root names one.
        top = [n for n in cited if "/" not in n.path or n.source != "copyright notice"] or cited
        holders = _distinct([*owners, *(n.holder for n in top if n.holder)])
        shown = ", ".join(holders[:3]) + (f" and {len(holders) - 3} more" if len(holders) > 3 else "")
        return CheckOutcome(Status.PASS, f"Owned by {shown}", tuple(evidence))
    placeholder_evidence = tuple(
        Evidence(
            kind="file",
            path=n.path,
            line=n.line,
            detail=f"template placeholder instead of an owner: {n.text}",
        )
        for n in placeholders[:_SHOWN]
    )
    if placeholders and explicit == "yes" and manifest is not None:
        # A claim the repository contradicts: "ownership is explicit" beside an unfilled notice.
        return CheckOutcome(
            Status.FAIL,
            "The manifest says ownership is explicit, but the only copyright notices are "
            "unfilled template placeholders",
            (
                manifest.evidence("isOwnershipExplicit: Yes", *_KEYS, "isOwnershipExplicit"),
                *placeholder_evidence,
                *evidence,
            ),
            "Replace the placeholder with the owner's legal name (`Copyright 2024 Example "
            "Foundation`), or state the owner under `clearOwnership` in dpg.yaml.",
        )
    if placeholders:
        return CheckOutcome(
            Status.FAIL,
            "The only copyright notices are unfilled template placeholders",
            placeholder_evidence + tuple(evidence),
            "Replace the placeholder with the owner's legal name (`Copyright 2024 Example "
            "Foundation`), or state the owner under `clearOwnership` in dpg.yaml.",
        )
    looked = [*facts.licenses.candidates, *facts.policy_paths.get("ownership", [])]
    if facts.docs.readme:
        looked.append(facts.docs.readme.path)
    searched = Evidence(
        kind="metadata",
        detail="searched for a named owner in "
        + (", ".join(dict.fromkeys(looked)) or "license, NOTICE, COPYRIGHT and AUTHORS files")
        + ", NOTICE*/COPYRIGHT*/AUTHORS* files, package metadata (package.json, pyproject.toml, "
        "setup.cfg, mix.exs, DESCRIPTION, pom.xml, .csproj, AssemblyInfo), docs-site configs "
        '(conf.py, mkdocs.yml, Docusaurus), README "developed / maintained by" lines, sampled '
        "source file headers" + (" and the manifest" if manifest is not None else "; no manifest"),
    )
    if explicit == "yes" and manifest is not None:
        evidence.insert(0, manifest.evidence("isOwnershipExplicit: Yes, but no owner named", *_KEYS))
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        "No owner named in the repository; a reviewer must check where ownership is stated",
        (searched, *evidence),
        _REMEDIATION_NONE,
    )


def _distinct(names: list[str]) -> list[str]:
    """Names in order, one per holder however it is spelt."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(same_holder(name), name)
    return list(seen.values())


def _one_per_holder(notices: list[CopyrightNotice]) -> list[CopyrightNotice]:
    """The first notice of each holder per file (the same holder in two files is two places)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for notice in notices:
        key = (notice.path, same_holder(notice.holder or ""))
        if key not in seen:
            seen.add(key)
            kept.append(notice)
    return kept


CHECK = Check(
    "clear_ownership",
    check_ownership,
    link_roles=("copyright",),
    manifest_keys=(("organizations",), ("clearOwnership",)),
    shows_license_facts=True,
)
