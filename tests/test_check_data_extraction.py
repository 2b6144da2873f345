"""DPG-6: non-PII data extraction — a declared mechanism, corroborated by the repository."""

from __future__ import annotations

from dpgcheck.model import Status
from tests.checkutil import evidence_at, run_check

CHECK = "data_extraction"
DECLARED = (
    "NonPII:\n  collectsNonPII: 'Yes'\n  checkNonPIIAccessMechanism: 'Yes'\n"
    "  nonPIIAccessMechanism: CSV export and a REST API.\n"
)


def test_declared_and_corroborated_by_an_openapi_document(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"dpg.yaml": DECLARED, "api/openapi.yaml": "openapi: 3.0.0\n"})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert "CSV export" in evidence_at(outcome, "dpg.yaml", 4)
    assert evidence_at(outcome, "api/openapi.yaml").startswith("OpenAPI API description")


def test_declared_but_not_visible_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"dpg.yaml": DECLARED}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.summary.endswith("not visible in the repository")


def test_declares_no_non_pii_data(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"dpg.yaml": "NonPII:\n  collectsNonPII: 'No'\n"}), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "dpg.yaml", 2) == "collectsNonPII: No"


def test_readme_export_mention_needs_review_citing_the_line(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = "# App\n\nIntro.\n\nAdmins can export all records to CSV from the settings page.\n"
    outcome = run_check(make_repo({"README.md": readme}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "export" in evidence_at(outcome, "README.md", 5)


def test_graphql_schema_is_a_mechanism(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"server/schema/schema.graphql": "type Query { a: Int }\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "GraphQL" in evidence_at(outcome, "server/schema/schema.graphql")


def test_nothing_found(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"README.md": "# App\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.evidence[0].kind == "metadata"
