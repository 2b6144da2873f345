"""DPG-1: relevance to the Sustainable Development Goals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dpgcheck.checks import CheckContext, register
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts


@register("sdg_relevance")
def check_sdg(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass on declared SDGs with evidence; otherwise a person reviews what mentions them."""
    manifest = facts.manifest
    declared: list[Any] = []
    if manifest is not None and isinstance(manifest.get("SDGs"), list):
        declared = manifest.get("SDGs")
    evidence: list[Evidence] = []
    unsupported: list[str] = []
    invalid: list[Evidence] = []
    for index, entry in enumerate(declared):
        if not isinstance(entry, dict):
            continue
        number = entry.get("SDGNumber")
        text = str(entry.get("evidenceText") or "").strip()
        url = str(entry.get("evidenceURL") or "").strip()
        assert manifest is not None
        if _goal_number(number) is None:
            invalid.append(
                manifest.evidence(
                    f"SDGNumber {number!r} is not one of the 17 goals (1-17)", "SDGs", index, "SDGNumber"
                )
            )
        elif text or url:
            evidence.append(
                Evidence(
                    kind="manifest",
                    path=manifest.path,
                    line=manifest.line("SDGs", index),
                    url=url or None,
                    detail=f"SDG {number}: {text or url}"[:200],
                )
            )
        else:
            unsupported.append(str(number))
    if invalid:
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            "A declared SDG number is not one of the 17 goals",
            tuple(invalid + evidence),
            "Use the goal numbers 1 to 17 in `SDGs[].SDGNumber` (https://sdgs.un.org/goals).",
        )
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


def _goal_number(value: Any) -> int | None:
    """The goal number 1-17 of an ``SDGNumber`` value (``3`` or ``"3"``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 1 <= value <= 17 else None
