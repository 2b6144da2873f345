"""DPG-3: clear ownership — a notice naming a holder or a declared owner; placeholders fail."""

from __future__ import annotations

import pytest

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
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.summary.startswith("No owner named in the repository")


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
    assert outcome.status is Status.NEEDS_REVIEW
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


def test_nothing_found_needs_review_and_lists_where_it_looked(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"README.md": "# Tool\n\nNo owner here.\n", "AUTHORS": "Ada\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    detail = outcome.evidence[0].detail
    assert "README.md" in detail and "AUTHORS" in detail and "package.json" in detail
    assert outcome.remediation and "clearOwnership" in outcome.remediation and "NOTICE" in outcome.remediation


def test_prose_about_copyright_is_not_a_notice(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {"README.md": "# Tool\n\nCopyright law matters.\nCopyright holders and contributors …\n"}
    )
    assert run_check(repo, CHECK).status is Status.NEEDS_REVIEW


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


@pytest.mark.parametrize(
    ("path", "text", "line", "holder"),
    [
        (
            "NOTICE_RELEASE",
            "Apache Fineract\nCopyright 2008-2021 The Apache Software Foundation\n",
            2,
            "The Apache Software Foundation",
        ),
        (
            "package.json",
            '{\n  "name": "x",\n  "author": "Rahat Team <team@rahat.example>"\n}\n',
            3,
            "Rahat Team",
        ),
        (
            "package.json",
            '{\n  "author": {\n    "email": "t@e.io",\n    "name": "eSatya Team"\n  }\n}\n',
            4,
            "eSatya Team",
        ),
        (
            "pyproject.toml",
            '[project]\nname = "x"\nauthors = [{name = "Learning Equality"}]\n',
            3,
            "Learning Equality",
        ),
        ("setup.cfg", "[metadata]\nname = x\nauthor = Pallets Team\n", 3, "Pallets Team"),
        ("mix.exs", 'defp package do\n  [maintainers: ["Aam Digital GmbH"]]\nend\n', 2, "Aam Digital GmbH"),
        (
            "DESCRIPTION",
            'Package: x\nAuthors@R: c(\n  person("Ada", "Lovelace", role = c("aut", "cre")),\n'
            '  person("Example Institute", role = "cph"))\n',
            4,
            "Example Institute",
        ),
        (
            "pom.xml",
            "<project>\n  <organization>\n    <name>Open Foris</name>\n  </organization>\n</project>\n",
            3,
            "Open Foris",
        ),
        (
            "src/App/App.csproj",
            "<Project>\n  <PropertyGroup>\n    <Company>OpenIMIS</Company>\n",
            3,
            "OpenIMIS",
        ),
        (
            "Properties/AssemblyInfo.cs",
            '[assembly: AssemblyCopyright("Copyright © Acme Health 2020")]\n',
            1,
            "Acme Health",
        ),
        (
            "docs/conf.py",
            'project = "x"\ncopyright = u"{year:d}, Learning Equality".format(year=2024)\n',
            2,
            "Learning Equality",
        ),
        (
            "mkdocs.yml",
            'site_name: Docs\nsite_author: "I-TECH - University Of Washington"\n',
            2,
            "I-TECH - University Of Washington",
        ),
        (
            "website/docusaurus.config.js",
            "module.exports = {\n  footer: {\n"
            "    copyright: `Copyright © ${new Date().getFullYear()} Mifos Initiative`,\n",
            3,
            "Mifos Initiative",
        ),
        (
            "README.md",
            "# Tool\n\nProject X is developed and maintained by [Cirrolytix Research Services](https://c.example).\n",
            3,
            "Cirrolytix Research Services",
        ),
    ],
)
def test_owner_named_where_projects_keep_it(make_repo, path: str, text: str, line: int, holder: str) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({path: text}), CHECK)
    assert outcome.status is Status.PASS, outcome
    assert outcome.summary == f"Owned by {holder}"
    assert holder in evidence_at(outcome, path, line)


def test_readme_created_by_material_names_no_owner(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = (
        "# Stories\n\nTranslate the materials created by the African Storybook Project into all languages.\n"
    )
    outcome = run_check(make_repo({"README.md": readme, "LICENSE": license_text("Apache-2.0")}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW


def test_readme_maintained_by_the_community_names_no_owner(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(
        make_repo({"README.md": "# T\n\nMaintained by the community of volunteers.\n"}), CHECK
    )
    assert outcome.status is Status.NEEDS_REVIEW


@pytest.mark.parametrize(
    ("notice", "holder"),
    [
        ("Copyright (c) <2020> <Acme Corp>", "Acme Corp"),
        ("Copyright (c) 2004-$YEAR, University of Oslo", "University of Oslo"),
        (
            "Copyright (c) 2019- Nordic Institute for Interoperability Solutions (NIIS)",
            "Nordic Institute for Interoperability Solutions (NIIS)",
        ),
        ("Copyright 2020 Ruby by Example Ltd", "Ruby by Example Ltd"),
        ("Copyright by Abby Smith", "Abby Smith"),
        (
            "©️ 2019-2023, [Cirrolytix Research Services](https://www.cirrolytix.com/)",
            "Cirrolytix Research Services",
        ),
        ('Copyright (c) 2010 "Cowboy" Ben Alman', '"Cowboy" Ben Alman'),
        ("Copyright [yyyy] Acme Inc.", "Acme Inc"),
    ],
)
def test_holder_parsing_keeps_names_whole(make_repo, notice: str, holder: str) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"NOTICE": f"{notice}\n"}), CHECK)
    assert outcome.summary == f"Owned by {holder}"


def test_one_holder_spelt_twice_is_named_once(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "LICENSE": "Copyright (c) 2019 CIRROLYTIX RESEARCH SERVICES\n\n" + license_text("MIT"),
            "README.md": "# A\n\n© 2023, [Cirrolytix Research Services](https://c.example)\n",
        }
    )
    assert run_check(repo, CHECK).summary == "Owned by CIRROLYTIX RESEARCH SERVICES"


def test_license_header_template_is_not_the_projects_notice(make_repo) -> None:  # type: ignore[no-untyped-def]
    header = "/*\n * Copyright (c) 2004-$YEAR, University of Oslo\n * All rights reserved.\n */\n"
    outcome = run_check(make_repo({"license-header": header, "LICENSE": license_text("Apache-2.0")}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "license-header" not in {path for path, _ in locations(outcome)}


def test_bundled_and_coverage_scripts_do_not_name_the_owner(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "LICENSE": "Copyright (c) 2024 Angaza-Elimu\n\n" + license_text("MIT"),
            "htmlcov/jquery.hotkeys.js": "/*\n * Copyright 2010, John Resig\n */\n",
            "site/Chart.bundle.js": "/*!\n * Copyright 2018 Chart.js Contributors\n */\n",
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.summary == "Owned by Angaza-Elimu"
    assert {path for path, _ in locations(outcome)} == {"LICENSE"}


def test_placeholder_only_notice_fails_and_its_todo_names_the_fix(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"NOTICE": "Copyright [yyyy] [name of copyright owner]\n"}), CHECK)
    assert outcome.status is Status.FAIL
    assert "[name of copyright owner]" in evidence_at(outcome, "NOTICE", 1)
    assert outcome.remediation and "placeholder" in outcome.remediation


def test_nested_component_license_does_not_name_the_project(make_repo) -> None:  # type: ignore[no-untyped-def]
    mit = license_text("MIT")
    repo = make_repo(
        {
            "LICENSE": "Copyright (c) 2019 eGovernments Foundation\n\n" + mit,
            "services/pdf/LICENSE": "Copyright (c) 2016 Jason Miller\n\n" + mit,
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.summary == "Owned by eGovernments Foundation"
    assert "HOLDERS" not in " ".join(e.detail for e in outcome.evidence)


@pytest.mark.parametrize(
    ("notice", "holder"),
    [
        ("Copyright (C) The OpenCRVS Authors listed above.", "The OpenCRVS Authors"),
        ("Copyright 2020 Acme (see AUTHORS.md)", "Acme"),
        ("Copyright 2021 Acme, as listed in AUTHORS", "Acme"),
        ("Copyright 2019 Listed Above Inc", "Listed Above Inc"),  # words of the name stay
    ],
)
def test_a_pointer_after_the_holder_is_not_part_of_the_name(notice: str, holder: str) -> None:
    from dpgcheck.facts.ownership import clean_holder

    assert clean_holder(notice.removeprefix("Copyright")) == holder


def test_the_authors_of_a_portion_appended_to_the_license_are_not_the_owner(make_repo) -> None:  # type: ignore[no-untyped-def]
    # CKAN's LICENSE.txt: its own notice, then WebHelpers' BSD text (another holder) for one module.
    own = (
        "CKAN\nCopyright (c) 2006-2023 Open Knowledge Foundation and contributors\n\n"
        "This program is free software: you can redistribute it and/or modify\n"
        "it under the terms of the GNU Affero General Public License as\n"
        "published by the Free Software Foundation, either version 3 of the\n"
        "License, or (at your option) any later version.\n\n"
        "This program is distributed in the hope that it will be useful,\n"
        "but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
        "MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\n"
        "GNU Affero General Public License for more details.\n\n"
        "You should have received a copy of the GNU Affero General Public License\n"
        "along with this program.  If not, see <http://www.gnu.org/licenses/>.\n\n"
    )
    portion = "Note\n====\n\nThe pagination module contains parts of WebHelpers:\n\n" + license_text(
        "BSD-3-Clause"
    ).replace("<year> <owner>", "2005, the Lawrence Journal-World")
    outcome = run_check(make_repo({"LICENSE.txt": own + portion}), CHECK)
    assert outcome.status is Status.PASS
    assert "Open Knowledge Foundation" in outcome.summary
    assert "Lawrence" not in outcome.summary
