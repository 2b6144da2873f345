"""DPG-3's informational lines: the owner's organisation type and country, and, per asset type,
whether all of it is owned or licensed for redistribution.

The application form asks these under DPG-3; the Standard's requirement ("Ownership of assets
[...] must be clearly defined and documented") does not make them a condition of a pass, so
they are ``INFO`` evidence: shown to the reviewer, never a verdict, never a finding to waive.
A contributor agreement is asked for only where the owner does not hold all the copyright
("[If No] Do you have the right to re-distribute [...] For code, this could be a Contributor
License Agreement"), so its absence is information too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.facts.owner_profile import (
    AFFILIATION,
    AGREEMENTS_SEARCHED,
    COUNTRY,
    MAINTENANCE,
    OWNER_TYPE,
    PROFILE_SEARCHED,
    OwnerStatement,
)
from dpgcheck.model import INFO, Evidence

if TYPE_CHECKING:
    from dpgcheck.facts import Facts
    from dpgcheck.facts.manifest.model import Manifest

_KEY = "clearOwnership"
_LABEL = {
    OWNER_TYPE: "owner's organisation type",
    COUNTRY: "owner's country",
    AFFILIATION: "authors' affiliation",
    MAINTENANCE: "maintained by (publiccode.yml)",
}
_ASSET_WORDS = {
    "data": "data",
    "content": "content",
    "aimodel": "model, training data and code",
    "standard": "standard",
}


def owner_info(facts: Facts) -> list[Evidence]:
    """The informational lines DPG-3 adds to whatever it concluded."""
    manifest = facts.manifest
    lines = _declared(manifest)
    profile = facts.owner_profile
    statements = [s for s in (profile.statements if profile else ()) if s.field in _LABEL]
    declared_fields = {
        field for field, key in _DECLARED.items() if manifest is not None and manifest.get(_KEY, key)
    }
    lines += [_line(s) for s in statements if s.field not in declared_fields]
    if not any(s.field in (OWNER_TYPE, COUNTRY) for s in statements) and not declared_fields:
        lines.append(
            Evidence(
                kind=INFO,
                detail=f"owner's organisation type and country: not stated (searched {PROFILE_SEARCHED}); "
                "the form asks both: dpg.yaml `clearOwnership.ownerOrganisationType`, `ownerCountry`",
            )
        )
    lines += _rights(facts, manifest)
    return lines


_DECLARED = {OWNER_TYPE: "ownerOrganisationType", COUNTRY: "ownerCountry"}


def _declared(manifest: Manifest | None) -> list[Evidence]:
    if manifest is None:
        return []
    lines = []
    for field, key in _DECLARED.items():
        value = manifest.get(_KEY, key)
        if isinstance(value, str) and value.strip():
            item = manifest.evidence(f"{_LABEL[field]}: {' '.join(value.split())[:80]} (declared)", _KEY, key)
            lines.append(Evidence(INFO, item.detail, item.path, item.line, item.url))
    return lines


def _line(statement: OwnerStatement) -> Evidence:
    return Evidence(
        kind=INFO,
        path=statement.path,
        line=statement.line,
        detail=f"{_LABEL[statement.field]}: {statement.value} — {statement.source}",
    )


def _rights(facts: Facts, manifest: Manifest | None) -> list[Evidence]:
    """Per asset type: all owned, or licensed for redistribution (a CLA or DCO for code)."""
    lines: list[Evidence] = []
    owns = manifest.answer(_KEY, "ownsAllAssets") if manifest is not None else None
    rights = manifest.get(_KEY, "redistributionRights") if manifest is not None else None
    if owns and manifest is not None:
        item = manifest.evidence(
            f"owns all of the code, content and data: {owns.capitalize()} (declared)", _KEY, "ownsAllAssets"
        )
        lines.append(Evidence(INFO, item.detail, item.path, item.line, item.url))
    if rights and manifest is not None:
        item = manifest.evidence(
            f"right to redistribute: {' '.join(str(rights).split())[:120]}", _KEY, "redistributionRights"
        )
        lines.append(Evidence(INFO, item.detail, item.path, item.line, item.url))
    agreements = facts.owner_profile.agreements if facts.owner_profile else ()
    if "software" in facts.asset_types or "aimodel" in facts.asset_types:
        if agreements:
            lines += [
                Evidence(INFO, f"code: contributions come under a {a.value} — {a.source}", a.path, a.line)
                for a in agreements
            ]
        elif owns != "yes":
            lines.append(
                Evidence(
                    INFO,
                    f"code: no contributor agreement (CLA or DCO) found (searched {AGREEMENTS_SEARCHED}); "
                    "the form asks for one only where the owner does not hold the copyright of all the code",
                )
            )
    others = [_ASSET_WORDS[t] for t in facts.asset_types if t in _ASSET_WORDS and t != "standard"]
    if others and owns is None and not rights:
        lines.append(
            Evidence(
                INFO,
                f"{' and '.join(others)}: whether all of it is owned or licensed for redistribution is not "
                "stated; say so in dpg.yaml `clearOwnership.ownsAllAssets` (Yes/No) and, if No, "
                "`clearOwnership.redistributionRights` (the licensing agreements or public-domain evidence)",
            )
        )
    return lines
