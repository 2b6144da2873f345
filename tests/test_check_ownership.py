"""DPG-3: clear ownership — a notice naming a holder or a declared owner; placeholders fail."""

from __future__ import annotations

from dpgcheck.model import Status
from tests.checkutil import evidence_at, line_of, locations, run_check
from tests.conftest import license_text

CHECK = "clear_ownership"


def test_notice_at_the_head_of_license_passes(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"LICENSE": "MIT License\n\nCopyright (c) 2019-2024 Ada Lovelace\n\nPermission is …\n"})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert "Ada Lovelace" in outcome.summary
    assert "Ada Lovelace" in evidence_at(outcome, "LICENSE", 3)


def test_apache_text_alone_names_no_owner(make_repo) -> None:  # type: ignore[no-untyped-def]
    # The appendix's "Copyright [yyyy] [name of copyright owner]" is the license's own template
    # (how to apply it), not an unfilled notice of the project: the verdict is "no owner".
    text = license_text("Apache-2.0")
    outcome = run_check(make_repo({"LICENSE": text}), CHECK)
    assert outcome.status is Status.FAIL
    assert outcome.summary == "No copyright notice or declared owner found"


def test_unfilled_notice_at_the_head_of_a_license_is_a_placeholder(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = license_text("MIT")  # its head is "Copyright (c) <year> <copyright holders>"
    outcome = run_check(make_repo({"LICENSE": text}), CHECK)
    assert outcome.status is Status.FAIL
    assert "placeholder" in outcome.summary
    assert "<year>" in evidence_at(outcome, "LICENSE", line_of(text, "<year>"))


def test_notice_assignments_and_contacts_name_the_holder_once(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "LICENSE": "Copyright (c) 2014 Ada Lovelace <ada@example.org>\n\n" + license_text("MIT"),
            "AUTHORS": "Copyright 2015 Ada Lovelace (https://ada.example.org)\n",
            "docs/conf.py": 'project = "x"\ncopyright = "2010 Pallets"\n',
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert outcome.summary == "Owned by Ada Lovelace, Pallets"


def test_notice_file_next_to_a_template_license_passes(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "LICENSE": license_text("Apache-2.0"),
            "NOTICE": "Harbour\nCopyright 2008-2026 Harbour Health Foundation\n",
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert "Harbour Health Foundation" in evidence_at(outcome, "NOTICE", 2)


def test_license_stewards_notice_is_not_the_projects(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"COPYING": license_text("GPL-3.0-only")}), CHECK)
    assert outcome.status is Status.FAIL
    assert "Free Software Foundation" not in " ".join(e.detail for e in outcome.evidence)


def test_source_header_and_spdx_file_copyright_text_count(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "src/app.py": "# SPDX-FileCopyrightText: 2024 Grace Hopper <grace@example.org>\n"
            "# SPDX-License-Identifier: MIT\nprint('hi')\n",
            "lib/util.js": "// just code\n",
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert "Grace Hopper" in evidence_at(outcome, "src/app.py", 1)


def test_readme_copyright_sign_counts(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"readme.md": "# Tool\n\nText.\n\n## License\n\n© 2023 Example Org. MIT.\n"})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert "Example Org" in evidence_at(outcome, "readme.md", 7)


def test_declared_owner_organisation_passes(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "dpg.yaml": "organizations:\n"
            "  - name: Funder Inc\n    org_type: funder\n"
            "  - name: Owner Foundation\n    org_type: owner\n"
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert outcome.summary == "Owned by Owner Foundation"
    assert locations(outcome) == {("dpg.yaml", 4)}


def test_placeholders_of_other_templates_fail(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {"LICENSE.md": "Copyright (c) <year> <copyright holders>\n\nPermission is hereby granted\n"}
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.FAIL
    assert "<year> <copyright holders>" in evidence_at(outcome, "LICENSE.md", 1)


def test_nothing_found_fails_and_lists_where_it_looked(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"README.md": "# Tool\n\nNo owner here.\n", "AUTHORS": "Ada\n"}), CHECK)
    assert outcome.status is Status.FAIL
    detail = outcome.evidence[0].detail
    assert "README.md" in detail and "AUTHORS" in detail


def test_prose_about_copyright_is_not_a_notice(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {"README.md": "# Tool\n\nCopyright law matters.\nCopyright holders and contributors …\n"}
    )
    assert run_check(repo, CHECK).status is Status.FAIL


def test_apache_clause_c_is_not_a_notice(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = license_text("Apache-2.0")
    repo = make_repo({"LICENSE": text, "NOTICE": "Requests\nCopyright 2019 Kenneth Reitz\n"})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert outcome.summary == "Owned by Kenneth Reitz"
    assert {path for path, _ in locations(outcome)} == {"NOTICE"}


def test_license_authors_that_own_projects_are_counted(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = "# The MIT License (MIT)\n\nCopyright © `2020` `Open Knowledge Foundation`\n\nPermission is …\n"
    outcome = run_check(make_repo({"LICENSE.md": text}), CHECK)
    assert outcome.status is Status.PASS
    assert outcome.summary == "Owned by Open Knowledge Foundation"
    assert ("LICENSE.md", 3) in locations(outcome)


def test_the_projects_notice_comes_before_bundled_third_party_notices(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = (
        "CKAN\n\nCopyright (c) 2006-2023 Open Knowledge Foundation and contributors\n\nAGPL …\n\n"
        "Bundled code:\n\nCopyright (c) 2005, the Lawrence Journal-World\n"
    )
    outcome = run_check(make_repo({"LICENSE.txt": text}), CHECK)
    assert outcome.status is Status.PASS
    assert outcome.summary.startswith("Owned by Open Knowledge Foundation and contributors, ")


def test_notices_in_examples_and_tests_are_not_the_projects(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "README.md": "# Tool\n",
            "examples/demo/app.py": "# Copyright 2024 Example Health Foundation\n",
            "tests/fixtures/x.py": "# Copyright 2024 Fixture Corp\n",
            "src/tool.py": "# Copyright 2025 Tool Makers\n",
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert outcome.summary == "Owned by Tool Makers"
