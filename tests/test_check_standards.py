"""DPG-8: open standards and best practices, found in files and dependencies."""

from __future__ import annotations

from dpgcheck.model import Status
from tests.checkutil import evidence_at, locations, run_check

CHECK = "standards_practices"
PRACTICES = {
    ".github/workflows/ci.yml": "on: push\n",
    "tests/test_app.py": "def test(): pass\n",
    "CONTRIBUTING.md": "# Contributing\n",
}
POM = (
    "<project>\n  <dependencies>\n    <dependency>\n      <groupId>ca.uhn.hapi.fhir</groupId>\n"
    "      <artifactId>hapi-fhir-base</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n"
)


def test_standard_in_a_file_and_core_practices_pass(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"docs/api/openapi.json": "{}", **PRACTICES}), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "docs/api/openapi.json") == "OpenAPI: file"
    assert {".github/workflows/ci.yml", "tests", "CONTRIBUTING.md"} <= {p for p, _ in locations(outcome)}


def test_standard_from_a_dependency_cites_manifest_and_line(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"server/pom.xml": POM, **PRACTICES}), CHECK)
    assert outcome.status is Status.PASS
    assert "HL7 FHIR" in evidence_at(outcome, "server/pom.xml", 5)


def test_declared_standard_counts(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = "standards:\n  standardsList: [ISO 8601, SDMX]\n"
    outcome = run_check(make_repo({"dpg.yaml": manifest, **PRACTICES}), CHECK)
    assert outcome.status is Status.PASS
    assert "ISO 8601" in evidence_at(outcome, "dpg.yaml", 2)


def test_missing_core_practice_needs_review_and_names_it(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {k: v for k, v in PRACTICES.items() if not k.startswith(".github")}
    outcome = run_check(make_repo({"openapi.yaml": "openapi: 3.1.0\n", **files}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "continuous integration" in outcome.summary


def test_test_files_without_a_test_folder_count(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "openapi.yaml": "openapi: 3.1.0\n",
        ".gitlab-ci.yml": "test: {script: [go test]}\n",
        ".github/CONTRIBUTING.md": "# c\n",
        "pkg/store/store_test.go": "package store\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "pkg/store/store_test.go") == "best practice: automated tests"


def test_no_standard_and_no_practice(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"main.c": "int main(){}\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.summary.startswith("No open standard found or declared")
    assert outcome.evidence[0].kind == "metadata"


def test_top_level_test_folder_is_cited_first(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {**PRACTICES, "django/test/client.py": "x = 1\n", "openapi.yaml": "openapi: 3.1.0\n"}
    outcome = run_check(make_repo(files), CHECK)
    assert evidence_at(outcome, "tests") == "best practice: automated tests"


def test_standards_named_in_the_documentation(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = "# App\n\nCountry codes follow ISO 3166-1; the UI targets WCAG 2.1 AA.\nMUST as in RFC 2119.\n"
    files = {**PRACTICES, "README.md": readme, "docs/api.md": "# API\n\nTokens are JWTs (RFC 7519).\n"}
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS
    details = [e.detail for e in outcome.evidence]
    assert any(d.startswith("ISO 3166-1 named in the documentation") for d in details)
    assert any(d.startswith("WCAG 2.1 named") for d in details)
    assert evidence_at(outcome, "docs/api.md", 3).startswith("RFC 7519 named")
    assert not any("RFC 2119" in d for d in details)


def test_standard_names_in_tests_and_changelogs_do_not_count(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        **PRACTICES,
        "README.md": "# App\n\nA tool.\n",
        "CHANGELOG.md": "# 1.0\n\nFHIR support.\n",
        "tests/fixtures/openapi.yaml": "openapi: 3.0.0\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "no open standard" in outcome.summary.lower()
    assert "standards.standardsList" in (outcome.remediation or "")


def test_ci_workflow_is_picked_by_what_it_does(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        **PRACTICES,
        ".github/workflows/ci.yml": "on: workflow_dispatch\njobs: {}\n",
        ".github/workflows/a-release.yml": "on:\n  release:\njobs:\n  r:\n    steps:\n      - run: dist\n",
        ".github/workflows/z-tests.yml": "on: [push, pull_request]\njobs:\n  t:\n    steps:\n    - run: tox",
        "README.md": "# App\n\nSpeaks FHIR.\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS
    assert "runs the tests on push or pull request" in evidence_at(outcome, ".github/workflows/z-tests.yml")
    assert ".github/workflows/a-release.yml" not in locations(outcome)


def test_ci_that_runs_no_tests_is_said_so(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        **PRACTICES,
        ".github/workflows/ci.yml": "on: push\njobs:\n  d:\n    steps:\n      - run: deploy\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert "none seen running tests" in evidence_at(outcome, ".github/workflows/ci.yml")


def test_php_oauth_and_geojson_packages_show_their_standards(make_repo) -> None:  # type: ignore[no-untyped-def]
    # Ushahidi's composer.json: laravel/passport is an OAuth 2.0 server, symm/gisconverter GeoJSON.
    composer = (
        '{\n  "require": {\n    "laravel/passport": "^10.0",\n    "symm/gisconverter": "^1.0"\n  }\n}\n'
    )
    outcome = run_check(make_repo({"composer.json": composer, **PRACTICES}), CHECK)
    assert outcome.status is Status.PASS
    assert "OAuth 2.0" in evidence_at(outcome, "composer.json", 3)
    assert "GeoJSON" in evidence_at(outcome, "composer.json", 4)
