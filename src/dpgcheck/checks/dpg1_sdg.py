"""DPG-1: relevance to the Sustainable Development Goals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dpgcheck.checks import Check, CheckContext
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts


def check_sdg(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass on declared SDGs with evidence; otherwise a person reviews what mentions them."""
    manifest = facts.manifest
    declared: list[Any] = []
    if manifest is not None and isinstance(manifest.get("SDGs"), list):
        declared = manifest.get("SDGs")
    evidence: list[Evidence] = []
    unsupported: list[str] = []
    shared = str(manifest.get("SDGevidence") or "").strip() if manifest is not None else ""
    for index, entry in enumerate(declared):
        assert manifest is not None
        if isinstance(entry, dict):
            number = entry.get("SDGNumber")
            text = str(entry.get("evidenceText") or "").strip()
            url = str(entry.get("evidenceURL") or "").strip()
        elif isinstance(entry, list) and entry:
            # The older registry form: [number, "goal title"], with one SDGevidence for all.
            number, text, url = entry[0], shared, ""
        else:
            continue
        if text or url:
            evidence.append(
                Evidence(
                    kind="manifest",
                    path=manifest.file_of("SDGs"),
                    line=manifest.line("SDGs", index),
                    url=url or None,
                    detail=f"SDG {number}: {text or url}"[:200],
                )
            )
        else:
            unsupported.append(str(number))
    if evidence and not unsupported:
        goals = ", ".join(e.detail.split(":", 1)[0].removeprefix("SDG ") for e in evidence)
        return CheckOutcome(Status.PASS, f"Declares SDG {goals}, each with evidence", tuple(evidence))
    mentions = [
        Evidence(
            kind="file" if m.path else "metadata",
            path=m.path,
            line=m.line,
            detail=f"mentions the SDGs: {m.text}",
        )
        for m in facts.sdg_mentions
    ]
    if unsupported and manifest is not None:
        evidence.append(
            manifest.evidence(
                f"SDG {', '.join(unsupported)} declared without evidenceText or evidenceURL", "SDGs"
            )
        )
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            "Some declared SDGs have no explanation or link",
            tuple(evidence + mentions),
            "Give every entry of `SDGs` an `evidenceText` (how the project advances that goal) "
            "and/or an `evidenceURL`.",
        )
    if mentions:
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            f"The SDGs are mentioned ({len(mentions)} place(s)) but not declared; a reviewer must judge",
            tuple(mentions),
        )
    where = facts.docs.readme.path if facts.docs.readme else None
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        "No SDG relevance stated anywhere; a reviewer needs the goals and how the project serves them",
        (
            Evidence(
                kind="file" if where else "metadata",
                path=where,
                detail="no mention of the SDGs in the README"
                if where
                else "no README and no dpg.yaml declaring SDGs",
            ),
        ),
    )


CHECK = Check(
    "sdg_relevance",
    check_sdg,
    manifest_keys=(("SDGs",), ("SDGevidence",)),
)
