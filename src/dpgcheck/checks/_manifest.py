"""Manifest answers applied to any check's outcome: TODO placeholders and moved paths.

An indicator whose manifest answers are still ``TODO`` placeholders cannot pass: the engine
turns such a pass into needs-review and cites each TODO line under the manifest sections the
check declares it reads (``Check.manifest_keys``). A declared path whose file moved is a stale
claim: a pass resting on it warns, citing the manifest line and where the file is now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from collections.abc import Sequence

    from dpgcheck.facts.manifest.claims import StaleClaim
    from dpgcheck.facts.manifest.model import KeyPath, Manifest
    from dpgcheck.facts.privacy import Place


# The screening sections whose other questions only apply when the first is answered "Yes":
# after "No", a TODO left under the follow-up questions is moot, not unanswered.
CONDITIONAL_SECTIONS: dict[KeyPath, str] = {
    ("NonPII",): "collectsNonPII",
    ("doNoHarm", "dataPrivacySecurity"): "collectsPII",
    ("doNoHarm", "inappropriateIllegalContent"): "collectStoreDistribute",
    ("doNoHarm", "protectionFromHarassment"): "userInteraction",
}


def is_moot(manifest: Manifest, path: KeyPath) -> bool:
    """Whether the field at ``path`` follows a question the manifest answered "No"."""
    for section, question in CONDITIONAL_SECTIONS.items():
        if (
            path[: len(section)] == section
            and path != (*section, question)
            and manifest.answer(*section, question) == "no"
        ):
            return True
    return False


def todo_evidence(manifest: Manifest, *prefixes: KeyPath) -> list[Evidence]:
    """One evidence item per TODO placeholder below the given key paths, but for the moot ones
    (under a question the manifest answered "No")."""
    from dpgcheck.facts.manifest.model import dotted

    return [
        Evidence(
            kind="manifest",
            path=manifest.file_of(*path),
            line=line,
            detail=f"`{dotted(path)}` is still a TODO placeholder: the project must answer it",
        )
        for path, line in manifest.todos_under(*prefixes)
        if not is_moot(manifest, path)
    ]


def review_todos(keys: tuple[KeyPath, ...], outcome: CheckOutcome, manifest: Manifest | None) -> CheckOutcome:
    """A pass resting on unanswered TODOs becomes needs-review.

    A needs-review verdict keeps its status and cites the TODO lines, so the reader sees what
    to answer; so does not-applicable, which only a declared answer produces (the TODOs left
    beside it are moot). A fail or an error is left alone.
    """
    if manifest is None or not manifest.todos:
        return outcome
    if outcome.status not in (Status.PASS, Status.NOT_APPLICABLE, Status.NEEDS_REVIEW):
        return outcome
    todos = todo_evidence(manifest, *keys)
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


def with_stale_claims(
    outcome: CheckOutcome, stale: Sequence[StaleClaim], what: str, field: str
) -> CheckOutcome:
    """An outcome that also reports declared paths which moved (``LICENSE`` → ``LICENSE.md``).

    The claim is out of date, not contradicted: a pass becomes a warning; any other verdict keeps
    its status. Both sides are cited (the manifest line, the file where it is now) and the
    remediation asks to update the field; a not-applicable verdict only gains the evidence.
    """
    if not stale:
        return outcome
    cited: list[Evidence] = []
    for claim in stale:
        cited.append(claim.evidence)
        cited.append(
            Evidence(
                kind="file",
                path=claim.now,
                detail=f"the {what} the manifest declares at {claim.declared} is now here",
            )
        )
    evidence = (*cited, *(e for e in outcome.evidence if e not in cited))
    moves = ", ".join(f"{claim.declared} → {claim.now}" for claim in stale)
    now = ", ".join(dict.fromkeys(claim.now for claim in stale))
    update = f"Update `{field}` in dpg.yaml to the {what}'s current path ({now})."
    if outcome.status is Status.NOT_APPLICABLE:
        return CheckOutcome(outcome.status, outcome.summary, evidence, outcome.remediation)
    remediation = f"{outcome.remediation} {update}" if outcome.remediation else update
    if outcome.status is Status.PASS:
        summary = f"{outcome.summary}; but the manifest points at a {what} path that moved ({moves})"
        return CheckOutcome(Status.WARN, summary, evidence, remediation)
    return CheckOutcome(outcome.status, outcome.summary, evidence, remediation)


def contradicted_no(
    declaration: Evidence, places: Sequence[Place], what: str, summary: str, remediation: str
) -> CheckOutcome:
    """needs-review for a manifest "No" the repository contradicts, citing both: the manifest
    line and each file line that says otherwise (``what`` says what that line shows)."""
    cited = [Evidence(kind="file", path=p.path, line=p.line, detail=f"{what}: {p.text}") for p in places]
    return CheckOutcome(Status.NEEDS_REVIEW, summary, (declaration, *cited), remediation)
