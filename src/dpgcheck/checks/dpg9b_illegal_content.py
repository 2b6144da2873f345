"""DPG-9B: inappropriate, misleading and illegal content."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.checks._manifest import contradicted_no
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

_KEYS = ("doNoHarm", "inappropriateIllegalContent")


def _policy_files(facts: Facts) -> tuple[Evidence, ...]:
    """Content policies, community guidelines and moderation documents in the repository."""
    return tuple(
        Evidence(kind="file", path=path, detail="content policy, community guidelines or moderation document")
        for path in facts.policy_paths.get("content_policy", [])[:3]
    )


def check_content(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Not applicable when the project handles no user content; else judged by its policy."""
    manifest = facts.manifest
    policies = _policy_files(facts)
    if manifest is None or manifest.get(*_KEYS) is None:
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            "Whether the project handles user content is not declared"
            + ("; a content policy is in the repository" if policies else ""),
            (
                Evidence(
                    kind="metadata",
                    detail="no `doNoHarm.inappropriateIllegalContent` answers in a manifest"
                    + (f" ({manifest.path})" if manifest else ""),
                ),
                *policies,
            ),
        )
    handles = manifest.answer(*_KEYS, "collectStoreDistribute")
    if handles == "no" and facts.activity is not None and facts.activity.content:
        # A "No" the documentation contradicts ("citizens can upload photos"): a reviewer decides.
        return contradicted_no(
            manifest.evidence("collectStoreDistribute: No", *_KEYS, "collectStoreDistribute"),
            facts.activity.content,
            "the documentation says users publish content",
            "Declares that it does not collect, store or distribute content, but the documentation "
            "describes users publishing content; a reviewer must check the answer",
            "If users publish content through the project, answer `collectStoreDistribute: Yes` under "
            "`doNoHarm.inappropriateIllegalContent` in dpg.yaml and describe how illegal content is "
            "detected and moderated (`illegalContentDetectionMechanism`); if the sentence cited "
            "describes something else, say so in that answer.",
        )
    if handles == "no":
        return CheckOutcome(
            Status.NOT_APPLICABLE,
            "Declares that it does not collect, store or distribute content",
            (manifest.evidence("collectStoreDistribute: No", *_KEYS, "collectStoreDistribute"),),
        )
    detection = manifest.answer(*_KEYS, "illegalContentDetection")
    mechanism = manifest.get(*_KEYS, "illegalContentDetectionMechanism")
    evidence = [
        manifest.evidence(
            f"collectStoreDistribute: {handles.capitalize() if handles else 'not answered'}",
            *_KEYS,
            "collectStoreDistribute",
        )
    ]
    if mechanism:
        evidence.append(
            manifest.evidence(
                f"detection and moderation: {str(mechanism)[:160]}",
                *_KEYS,
                "illegalContentDetectionMechanism",
            )
        )
    if handles == "yes" and detection == "yes" and mechanism:
        return CheckOutcome(
            Status.PASS,
            "Handles content, with a declared detection and moderation process",
            tuple(evidence),
        )
    if handles == "yes" and detection == "no" and policies:
        # The repository's own moderation or content policy says otherwise: a reviewer decides.
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            "Declares no way to detect illegal content, but the repository has a content policy; "
            "a reviewer must check the answer",
            (*evidence, *policies),
            "If the policy cited describes how inappropriate, misleading or illegal content is "
            "detected and removed, answer `illegalContentDetection: Yes` under "
            "`doNoHarm.inappropriateIllegalContent` in dpg.yaml and describe it in "
            "`illegalContentDetectionMechanism`.",
        )
    if handles == "yes" and detection == "no":
        return CheckOutcome(
            Status.FAIL,
            "Handles user content but declares no way to detect illegal content",
            tuple(evidence),
        )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        "Content handling declared incompletely; a reviewer must judge",
        (*evidence, *policies),
    )


CHECK = Check(
    "illegal_content",
    check_content,
    manifest_keys=(("doNoHarm", "inappropriateIllegalContent"),),
)
