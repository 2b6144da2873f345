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
    assert evidence_at(outcome, "api/openapi.yaml") == "OpenAPI 3.0.0 API description"


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
    assert outcome.status is Status.PASS
    assert "GraphQL" in evidence_at(outcome, "server/schema/schema.graphql")


def test_nothing_found(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"README.md": "# App\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.evidence[0].kind == "metadata"


def test_openapi_found_by_content_under_any_name(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {"backend/api/v1.yaml": "# the API\nopenapi: 3.1.0\ninfo:\n  title: T\n"}
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "backend/api/v1.yaml", 2) == "OpenAPI 3.1.0 API description"


def test_swagger_json_and_asyncapi_by_content(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "server/contract.json": '{\n  "swagger": "2.0",\n  "paths": {}\n}\n',
        "events/channels.yml": "asyncapi: '2.6.0'\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert evidence_at(outcome, "server/contract.json", 2) == "Swagger 2.0 API description"
    assert evidence_at(outcome, "events/channels.yml", 1) == "AsyncAPI 2.6.0 API description"


def test_nested_or_test_api_documents_are_not_evidence(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "config/app.yaml": "server:\n  openapi: 3.0.0\n",  # not a top-level key
        "tests/fixtures/api.yaml": "openapi: 3.0.0\n",
        "examples/petstore/openapi.yaml": "openapi: 3.0.0\n",
        "vendor/lib/schema.graphql": "type Query { a: Int }\n",
        "src/__tests__/export.test.js": "csv.writer(f)\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert all(e.kind == "metadata" for e in outcome.evidence)


def test_export_code_is_a_mechanism(make_repo) -> None:  # type: ignore[no-untyped-def]
    code = "import csv\n\n# csv.writer in a comment does not count\ndef run(f):\n    w = csv.writer(f)\n"
    outcome = run_check(
        make_repo({"app/exporters/csv_export.py": code, "app/other.py": "csv.writer(f)\n"}), CHECK
    )
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "app/exporters/csv_export.py", 5).startswith("export code: w = csv.writer")


def test_content_disposition_attachment_in_a_download_view(make_repo) -> None:  # type: ignore[no-untyped-def]
    code = 'res.setHeader("Content-Disposition", "attachment; filename=data.json")\n'
    outcome = run_check(make_repo({"server/routes/download.ts": code}), CHECK)
    assert outcome.status is Status.PASS
    assert "Content-Disposition" in evidence_at(outcome, "server/routes/download.ts", 1)


def test_an_api_blueprint_document_is_a_mechanism(make_repo) -> None:  # type: ignore[no-untyped-def]
    # Ushahidi describes its REST API in API Blueprint (docs/api/index.apib, "FORMAT: 1A").
    blueprint = "FORMAT: 1A\nHOST: http://demo.example.org\n\n# Reports API\n\n<!-- include(posts.apib) -->\n"
    outcome = run_check(
        make_repo({"docs/api/index.apib": blueprint, "docs/api/posts.apib": "## Posts\n"}), CHECK
    )
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "docs/api/index.apib", 1) == "API Blueprint API description"
    # An included part without the header is not cited, and a test fixture never counts.
    assert "docs/api/posts.apib" not in [e.path for e in outcome.evidence]
    outcome = run_check(make_repo({"tests/fixtures/api.apib": blueprint}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW


def test_export_code_under_any_spelling_of_its_name(make_repo) -> None:  # type: ignore[no-untyped-def]
    code = "import csv\n\n\ndef dump(rows, f):\n    w = csv.writer(f)\n"
    for name in ("ReportBuilder.py", "DOWNLOADS.kt", "Cſv.py"):  # the long s is an "s" to the pattern
        outcome = run_check(make_repo({f"app/{name}": code, "app/views.py": "x = 1\n"}), CHECK)
        assert evidence_at(outcome, f"app/{name}", 5).startswith("export code: w = csv.writer"), name
    # Not a source extension, or no export word in the name: not read for export code.
    for name in ("report.txt", "views.py"):
        outcome = run_check(make_repo({f"app/{name}": code}), CHECK)
        assert not [e for e in outcome.evidence if e.path == f"app/{name}"], name
