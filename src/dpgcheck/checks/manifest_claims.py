"""Verdict helpers for the evidence manifest, shared by the checks (no check registered here).

- ``review_todos``: an indicator whose manifest answers are still ``TODO`` placeholders cannot
  pass; the engine turns such a pass into needs-review and cites each TODO line.
- ``license_claim_outcome``: DPG-2's verdict when the declared license (dpg.yaml,
  publiccode.yml) is contradicted by the license the repository ships.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts
    from dpgcheck.facts.manifest import KeyPath, Manifest

TODO_KEYS: dict[str, tuple[KeyPath, ...]] = {
    "sdg_relevance": (("SDGs",), ("SDGevidence",)),
    "open_license": (("license",),),
    "clear_ownership": (("organizations",), ("clearOwnership",)),
    "platform_independence": (("platformIndependence",),),
    "documentation": (("documentation",),),
    "data_extraction": (("NonPII",),),
    "privacy_laws": (("privacy",), ("doNoHarm", "dataPrivacySecurity", "privacyPolicyURL")),
    "standards_practices": (("standards",),),
    "data_privacy_security": (("doNoHarm", "dataPrivacySecurity"),),
    "illegal_content": (("doNoHarm", "inappropriateIllegalContent"),),
    "harassment_protection": (("doNoHarm", "protectionFromHarassment"),),
}
"""The manifest sections each built-in check reads, by check name."""


def todo_evidence(manifest: Manifest, *prefixes: KeyPath) -> list[Evidence]:
    """One evidence item per TODO placeholder below the given key paths."""
    from dpgcheck.facts.manifest import dotted

    return [
        Evidence(
            kind="manifest",
            path=manifest.file_of(*path),
            line=line,
            detail=f"`{dotted(path)}` is still a TODO placeholder: the project must answer it",
        )
        for path, line in manifest.todos_under(*prefixes)
    ]


def review_todos(check_name: str, outcome: CheckOutcome, manifest: Manifest | None) -> CheckOutcome:
    """A pass resting on unanswered TODOs becomes needs-review.

    A needs-review verdict keeps its status and cites the TODO lines, so the reader sees what
    to answer; so does not-applicable, which only a declared answer produces (the TODOs left
    beside it are moot). A fail or an error is left alone.
    """
    if manifest is None or not manifest.todos:
        return outcome
    if outcome.status not in (Status.PASS, Status.NOT_APPLICABLE, Status.NEEDS_REVIEW):
        return outcome
    todos = todo_evidence(manifest, *TODO_KEYS.get(check_name, ()))
    if not todos:
        return outcome
    remediation = (
        f"Replace the TODO placeholders in {todos[0].path} with the project's answers "
        "(the comments `dpgcheck init` wrote beside them say what each needs)."
    )
    if outcome.status is not Status.PASS:  # needs-review, or not applicable by a declared "No"
        return CheckOutcome(
            outcome.status, outcome.summary, (*outcome.evidence, *todos), outcome.remediation or remediation
        )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        f"{outcome.summary}; but {len(todos)} manifest answer(s) are still TODO",
        (*todos, *outcome.evidence),
        remediation,
    )


def license_claim_outcome(facts: Facts) -> CheckOutcome | None:
    """FAIL when the repository contradicts the declared license; None when it does not."""
    claim = facts.license_claim
    if claim is None or not claim.contradicted:
        return None
    evidence: list[Evidence] = [ev for _, ev in claim.unmatched] + list(claim.missing_texts)
    for finding in claim.detected:
        source = "license text" if finding.method == "text" else finding.source
        evidence.append(
            Evidence(
                kind="file",
                path=finding.path,
                line=finding.line,
                detail=f"the repository's {source} is {finding.spdx}",
            )
        )
    if claim.unmatched:
        declared = ", ".join(sorted({spdx for spdx, _ in claim.unmatched}))
        detected = ", ".join(sorted({f.spdx for f in claim.detected if f.spdx}))
        summary = f"The declared license ({declared}) is contradicted by the repository ({detected})"
    else:
        summary = "A declared license text is not in the repository"
    return CheckOutcome(
        Status.FAIL,
        summary,
        tuple(evidence),
        "Make the `license` of dpg.yaml (and publiccode.yml) name the license the repository ships, "
        "with a licenseURL that exists; reviewers reject a nomination whose license is ambiguous.",
    )
