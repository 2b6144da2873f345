"""DPG-1: SDG relevance — declared goals pass, mentions and silence go to a reviewer."""

from __future__ import annotations

import pytest

from dpgcheck.errors import ManifestError
from dpgcheck.model import Status
from tests.checkutil import evidence_at, locations, run_check

CHECK = "sdg_relevance"


def test_declared_goals_with_evidence_pass_citing_each_entry(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "dpg.yaml": "name: x\n"
            "SDGs:\n"
            "  - SDGNumber: 3\n"
            "    evidenceText: Tracks vaccinations.\n"
            "  - SDGNumber: 4\n"
            "    evidenceURL: https://example.org/education\n"
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert "3, 4" in outcome.summary
    assert locations(outcome) == {("dpg.yaml", 3), ("dpg.yaml", 5)}
    assert "Tracks vaccinations" in evidence_at(outcome, "dpg.yaml", 3)
    assert [e.url for e in outcome.evidence] == [None, "https://example.org/education"]


def test_a_goal_without_explanation_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"dpg.yaml": "SDGs:\n  - SDGNumber: 3\n    evidenceText: Health.\n  - SDGNumber: 5\n"})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "SDG 5 declared without" in evidence_at(outcome, "dpg.yaml", 1)
    assert outcome.remediation and "evidenceText" in outcome.remediation


def test_a_goal_number_outside_1_to_17_is_a_manifest_error(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"dpg.yaml": "SDGs:\n  - SDGNumber: 18\n    evidenceText: Not a goal.\n"})
    with pytest.raises(ManifestError, match=r"dpg.yaml:2: `SDGs\[0\].SDGNumber` is 18"):
        run_check(repo, CHECK)


def test_readme_mentions_alone_never_pass(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = "# Tool\n\nSome intro.\n\nThis project supports SDG 3 (good health).\n"
    repo = make_repo({"README.md": readme})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "SDG 3" in evidence_at(outcome, "README.md", 5)


def test_nothing_anywhere_needs_review_and_says_where_it_looked(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"README.md": "# Tool\n\nA tool.\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "no mention of the SDGs" in evidence_at(outcome, "README.md")
    empty = run_check(make_repo({}), CHECK)
    assert empty.status is Status.NEEDS_REVIEW
    assert empty.evidence[0].kind == "metadata"


def test_sdgs_not_a_list_is_a_manifest_error(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"dpg.yaml": "SDGs: 3\n", "README.md": "# T\n\nSustainable Development Goals.\n"})
    with pytest.raises(ManifestError, match="`SDGs` must be a list"):
        run_check(repo, CHECK)
