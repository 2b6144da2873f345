"""DPG-2 against a declared license (issue 13 leftovers): a README line that is itself the
license statement, and a declaration the repository corroborates or only disagrees with."""

from __future__ import annotations

import pytest

from dpgcheck.model import Status
from tests.checkutil import evidence_at, run_check
from tests.conftest import license_text

CHECK = "open_license"
README = "# Tool\n\nA tool.\n\n## Install\n\npip install tool\n\n{line}\n"


@pytest.mark.parametrize(
    "line",
    [
        "Licensed under LGPL 3.0",
        "This project is released under the GNU LGPL v3.",
        "> Licensed under LGPL-3.0",
    ],
)
def test_a_license_statement_line_in_the_readme_is_a_declaration(make_repo, line: str) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"LICENSE": license_text("MIT"), "README.md": README.format(line=line)})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.WARN, outcome  # MIT text, LGPL statement: sources disagree
    assert "LGPL-3.0" in evidence_at(outcome, "README.md", 9)


@pytest.mark.parametrize(
    "line",
    [
        "Parts of the map data are licensed under the ODbL by their authors.",  # not a line of its own
        "We use libraries licensed under the GPL.",
        "licensed under",
    ],
)
def test_prose_that_mentions_a_license_is_not_the_projects_statement(make_repo, line: str) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"LICENSE": license_text("MIT"), "README.md": README.format(line=line)})
    assert run_check(repo, CHECK).status is Status.PASS


def test_a_declaration_the_readme_corroborates_is_not_contradicted(make_repo) -> None:  # type: ignore[no-untyped-def]
    # Angaza's case: the manifest says LGPL-3.0 and points at LICENSE (MIT); the README says LGPL.
    files = {
        "LICENSE": license_text("MIT"),
        "README.md": README.format(line="Licensed under LGPL 3.0"),
        "dpg.yaml": "license:\n  - spdx: LGPL-3.0-only\n    licenseURL: LICENSE\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.WARN, outcome
    assert "disagree" in outcome.summary
    contradicted = {**files, "README.md": README.format(line="See the LICENSE file.")}
    assert run_check(make_repo(contradicted), CHECK).status is Status.FAIL


def test_a_declaration_evidenced_elsewhere_warns_with_both_sides(make_repo) -> None:  # type: ignore[no-untyped-def]
    # cyf-curriculum's case: the entry's license evidence is the product site and another repository.
    files = {
        "LICENSE": license_text("MIT"),
        "README.md": README.format(line=""),
        "dpg.yaml": "license:\n  - spdx: Apache-2.0\n    licenseURL: https://github.com/org/other/blob/main/LICENSE\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.WARN, outcome
    assert "evidenced only outside this repository" in evidence_at(outcome, "dpg.yaml", 2)
    assert evidence_at(outcome, "LICENSE", 1)
    assert outcome.remediation and "(MIT)" in outcome.remediation
