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
    for named in facts.standards.named:
        evidence.append(
            Evidence(
                kind="file",
                path=named.path,
                line=named.line,
                detail=f"{named.name} named in the documentation: {named.text[:100]}",
            )
        )
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
                Evidence(
                    kind="file",
                    path=practice.paths[0],
                    detail=f"best practice: {practice.name}"
                    + (f" ({practice.detail})" if practice.detail else ""),
                )
            )
        else:
            missing.append(practice.name)
    core_missing = [name for name in CORE_PRACTICES if name in missing]
    standards_named = list(
        dict.fromkeys(
            [s.name for s in facts.standards.standards]
            + [s.name for s in facts.standards.named]
            + [str(x) for x in declared or []]
        )
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
    evidence.append(Evidence(kind="metadata", detail=_SEARCHED))
    todo = []
    if not standards_named:
        todo.append("list the open standards the project implements in dpg.yaml `standards.standardsList`")
    if core_missing:
        todo.append("add " + ", ".join(_TODO[name] for name in core_missing))
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        "; ".join(gaps).capitalize() + f" (present: {', '.join(present) or 'none'})",
        tuple(evidence),
        _sentence("; ".join(todo)),
    )


def _sentence(text: str) -> str:
    """``text`` with a capital first letter and a full stop (``str.capitalize`` would lower the
    rest, dpg.yaml keys included)."""
    return text[:1].upper() + text[1:] + "."


_SEARCHED = (
    "searched: standards' telltale files and dependencies, standards named in the README and "
    "documentation (ISO, WCAG, RFC, FHIR, OData, OpenRosa…), CI configuration, test folders and "
    "files, CONTRIBUTING (tests, examples and vendored files excluded)"
)
_TODO = {
    "automated tests": "automated tests",
    "continuous integration": "a CI workflow that runs the tests on push and pull request",
    "contributing guide": "a CONTRIBUTING guide",
}


CHECK = Check(
    "standards_practices",
    check_standards,
    manifest_keys=(("standards",),),
)
