"""DPG-9B: inappropriate and illegal content — judged on the project's declarations."""

from __future__ import annotations

from dpgcheck.model import Status
from tests.checkutil import evidence_at, run_check

CHECK = "illegal_content"
BASE = "doNoHarm:\n  inappropriateIllegalContent:\n"


def test_undeclared_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"README.md": "# x\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "doNoHarm.inappropriateIllegalContent" in outcome.evidence[0].detail
    with_manifest = run_check(make_repo({"dpg.yaml": "name: x\n"}), CHECK)
    assert "(dpg.yaml)" in with_manifest.evidence[0].detail


def test_declares_no_content_is_not_applicable(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"dpg.yaml": BASE + "    collectStoreDistribute: 'No'\n"}), CHECK)
    assert outcome.status is Status.NOT_APPLICABLE
    assert evidence_at(outcome, "dpg.yaml", 3) == "collectStoreDistribute: No"


def test_handles_content_with_a_moderation_process_passes(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = BASE + (
        "    collectStoreDistribute: 'Yes'\n"
        "    type: [images, comments]\n"
        "    illegalContentDetection: 'Yes'\n"
        "    illegalContentDetectionMechanism: PhotoDNA hash matching and a 24-hour moderation queue.\n"
    )
    outcome = run_check(make_repo({"dpg.yaml": manifest}), CHECK)
    assert outcome.status is Status.PASS
    assert "PhotoDNA" in evidence_at(outcome, "dpg.yaml", 6)


def test_handles_content_without_detection_fails(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = BASE + "    collectStoreDistribute: 'Yes'\n    illegalContentDetection: 'No'\n"
    outcome = run_check(make_repo({"dpg.yaml": manifest}), CHECK)
    assert outcome.status is Status.FAIL
    assert evidence_at(outcome, "dpg.yaml", 3) == "collectStoreDistribute: Yes"


def test_incomplete_declaration_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = BASE + "    collectStoreDistribute: 'Yes'\n    illegalContentDetection: 'Yes'\n"
    outcome = run_check(make_repo({"dpg.yaml": manifest}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW


def test_booleans_are_accepted_as_answers(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"dpg.yaml": BASE + "    collectStoreDistribute: false\n"}), CHECK)
    assert outcome.status is Status.NOT_APPLICABLE
