"""DPG-4: platform independence — closed run-time dependencies need open alternatives."""

from __future__ import annotations

import json

from dpgcheck.model import Status
from tests.checkutil import evidence_at, line_of, run_check

CHECK = "platform_independence"

PACKAGE_JSON = json.dumps(
    {"name": "web", "dependencies": {"react": "^18", "firebase": "^10"}, "devDependencies": {"jest": "^29"}},
    indent=2,
)


def test_open_dependencies_pass_and_say_how_many_were_read(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "requirements.txt": "django>=4\npsycopg>=3  # db\n",
            "go.mod": "module x\n\nrequire github.com/lib/pq v1\n",
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert "3 dependencies" in outcome.summary and "2 manifest(s)" in outcome.summary
    assert outcome.evidence[0].path == "go.mod"


def test_closed_dependency_in_a_monorepo_package_is_cited_by_file_and_line(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {"package.json": '{"name": "root", "private": true}', "packages/web/package.json": PACKAGE_JSON}
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "firebase" in outcome.summary
    detail = evidence_at(outcome, "packages/web/package.json", line_of(PACKAGE_JSON, '"firebase"'))
    assert "Supabase" in detail  # the open alternatives the catalog lists


def test_declared_open_alternative_passes(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "package.json": PACKAGE_JSON,
            "dpg.yaml": "platformIndependence:\n"
            "  mandatoryDepsCreateMoreRestrictions: 'No'\n"
            "  isSoftwarePltIndependent: 'Yes'\n"
            "  pltIndependenceDesc: Firebase can be swapped for Supabase via the storage adapter.\n",
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert "Supabase" in evidence_at(outcome, "dpg.yaml", 4)


def test_dev_dependencies_and_container_images_are_exempt(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "package.json": json.dumps({"devDependencies": {"firebase-tools": "^1", "firebase": "^10"}}),
            "Dockerfile": "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n",
        }
    )
    assert run_check(repo, CHECK).status is Status.PASS


def test_manifests_in_examples_tests_and_vendor_are_not_the_projects(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "examples/demo/package.json": PACKAGE_JSON,
            "tests/fixtures/package.json": PACKAGE_JSON,
            "vendor/lib/package.json": PACKAGE_JSON,
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "No dependency manifest was found" in outcome.summary


def test_unparsable_manifest_is_reported_not_fatal(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"package.json": "{not json", "pom.xml": "<project><dependencies>"})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.NEEDS_REVIEW  # nothing could be read: nothing to judge
    assert evidence_at(outcome, "package.json", containing="could not be parsed (JSONDecodeError)")
    assert evidence_at(outcome, "pom.xml", containing="could not be parsed")
    assert "could be read" in outcome.summary
    repo = make_repo({"package.json": "{not json", "requirements.txt": "flask\n"})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert "1 manifest(s) could not be read" in outcome.summary


def test_manifest_declaring_restrictive_dependencies_without_alternatives_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "requirements.txt": "flask\n",
            "dpg.yaml": "platformIndependence:\n  mandatoryDepsCreateMoreRestrictions: 'Yes'\n",
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "restrictive" in evidence_at(outcome, "dpg.yaml", 2)


def test_no_manifest_at_all_is_nothing_to_judge_not_a_pass(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"README.md": "# x\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.evidence[0].kind == "metadata" and "package.json" in (outcome.evidence[0].detail or "")
    assert "0 dependencies" not in outcome.summary and "nothing to judge" in outcome.summary
    assert "dpg.yaml" in (outcome.remediation or "")


def test_maven_and_gradle_dependencies_are_located(make_repo) -> None:  # type: ignore[no-untyped-def]
    gradle = "dependencies {\n    implementation 'com.google.firebase:firebase-firestore:24.0.0'\n}\n"
    outcome = run_check(make_repo({"app/build.gradle": gradle}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "firebase-firestore" in evidence_at(outcome, "app/build.gradle", 2)
    pom = (
        "<project>\n  <dependencies>\n    <dependency>\n      <groupId>com.oracle.database.jdbc</groupId>\n"
        "      <artifactId>ojdbc11</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n"
    )
    outcome = run_check(make_repo({"server/pom.xml": pom}), CHECK)
    # A proprietary driver with no open drop-in and no open driver beside it: proof, cited.
    assert outcome.status is Status.FAIL
    assert "ojdbc11" in evidence_at(outcome, "server/pom.xml", 5)


def test_closed_sdk_behind_an_optional_extra_is_reported_but_passes(make_repo) -> None:  # type: ignore[no-untyped-def]
    pyproject = (
        '[project]\nname = "frictionless"\ndependencies = ["jsonschema>=4"]\n\n'
        '[project.optional-dependencies]\naws = ["boto3>=1.26"]\n'
    )
    outcome = run_check(make_repo({"pyproject.toml": pyproject}), CHECK)
    assert outcome.status is Status.PASS
    assert outcome.summary.startswith("No mandatory closed dependencies")
    assert "optional: not a mandatory dependency" in evidence_at(outcome, "pyproject.toml", 6)


def test_dependency_lines_are_where_the_name_stands_whole() -> None:
    import random
    import re

    from dpgcheck.facts.dependencies import _line_of

    def by_regex(text: str, name: str) -> int | None:  # the definition _line_of implements
        pattern = r"(^|[\s\"'(:{,<=>])(" + re.escape(name) + r")($|[\s\"'),:=<>~!;\[@/])"
        match = re.search(pattern, text, re.MULTILINE)
        return text.count("\n", 0, match.start(2)) + 1 if match else None

    assert _line_of('{\n  "react-dom": "1",\n  "react": "18"\n}', "react") == 3
    assert _line_of("requests>=2\nrequests-oauthlib\n", "requests") == 1
    # The line of the name itself, not of the newline before it (the old regex gave line 1).
    assert _line_of("flask\nrequests\n", "requests") == 2
    assert _line_of("flask-cors\n", "flask") is None
    chooser = random.Random(5)
    alphabet = ["a", "ab", "b", "\n", " ", '"', ">=", "-", "_", "@", "/", "\u00a0", "\t", ":", "x"]
    for _ in range(4000):
        text = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 30)))
        name = chooser.choice(["a", "ab", "b", "a-b", "x_a"])
        assert _line_of(text, name) == by_regex(text, name), (text, name)
