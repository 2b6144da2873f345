"""DPG-8: adherence to standards and best practices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

CORE_PRACTICES = ("automated tests", "continuous integration", "contributing guide")


def check_standards(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass on at least one open standard (found or declared) and every core practice."""
    evidence: list[Evidence] = []
    for standard in facts.standards.standards:
        path, line, what = standard.telltales[0]
        evidence.append(Evidence(kind="file", path=path, line=line, detail=f"{standard.name}: {what}"))
    manifest = facts.manifest
    declared = manifest.get("standards", "standardsList") if manifest else None
    if isinstance(declared, str):
        declared = [declared]
    if declared and manifest is not None:
        evidence.append(
            manifest.evidence(
                f"declared standards: {', '.join(map(str, declared))[:160]}",
                "standards",
                "standardsList",
            )
        )
    present, missing = [], []
    for practice in facts.standards.practices:
        if practice.paths:
            present.append(practice.name)
            evidence.append(
                Evidence(kind="file", path=practice.paths[0], detail=f"best practice: {practice.name}")
            )
        else:
            missing.append(practice.name)
    core_missing = [name for name in CORE_PRACTICES if name in missing]
    standards_named = list(
        dict.fromkeys([s.name for s in facts.standards.standards] + [str(x) for x in declared or []])
    )
    if standards_named and not core_missing:
        return CheckOutcome(
            Status.PASS,
            f"Uses {', '.join(standards_named[:4])}; follows {len(present)} of "
            f"{len(facts.standards.practices)} practices",
            tuple(evidence),
        )
    gaps = ([] if standards_named else ["no open standard found or declared"]) + (
        [f"missing {', '.join(core_missing)}"] if core_missing else []
    )
    if not evidence:
        evidence.append(Evidence(kind="metadata", detail="no open standard and no practice files found"))
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        "; ".join(gaps).capitalize() + f" (present: {', '.join(present) or 'none'})",
        tuple(evidence),
    )


CHECK = Check(
    "standards_practices",
    check_standards,
    manifest_keys=(("standards",),),
)
