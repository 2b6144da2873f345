"""DPG-9C: protection from harassment — a code of conduct with a real enforcement contact."""

from __future__ import annotations

import pytest

from dpgcheck.model import Status
from tests.checkutil import evidence_at, run_check

CHECK = "harassment_protection"
COVENANT = (
    "# Contributor Covenant Code of Conduct\n\n## Our Pledge\n\nWe pledge to make participation "
    "harassment-free.\n\n## Enforcement\n\nInstances of abusive behavior may be reported to the "
    "community leaders responsible for enforcement at\n{contact}.\n"
)


@pytest.mark.parametrize(
    "path",
    [
        "CODE_OF_CONDUCT.md",
        "code_of_conduct.md",
        "CODE-OF-CONDUCT.md",
        ".github/CODE_OF_CONDUCT.md",
        "docs/code-of-conduct/README.md",
        "docs/CODE_OF_CONDUCT.rst",
    ],
)
def test_code_of_conduct_where_real_projects_keep_it(make_repo, path: str) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({path: COVENANT.format(contact="conduct@project.example.org")}), CHECK)
    assert outcome.status is Status.PASS
    assert path in outcome.summary
    assert evidence_at(outcome, path, 10) == "enforcement contact (e-mail): conduct@project.example.org"


def test_template_placeholder_contact_fails_citing_its_line(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(
        make_repo({"CODE_OF_CONDUCT.md": COVENANT.format(contact="[INSERT CONTACT METHOD]")}), CHECK
    )
    assert outcome.status is Status.FAIL
    assert "[INSERT CONTACT METHOD]" in evidence_at(outcome, "CODE_OF_CONDUCT.md", 10)
    assert outcome.remediation and "[INSERT CONTACT METHOD]" in outcome.remediation


def test_other_placeholder_spellings_fail(make_repo) -> None:  # type: ignore[no-untyped-def]
    for contact in ("[INSERT EMAIL ADDRESS]", "<email address>", "{{ project.contact_email }}"):
        outcome = run_check(make_repo({"CODE_OF_CONDUCT.md": COVENANT.format(contact=contact)}), CHECK)
        assert outcome.status is Status.FAIL, contact


def test_no_code_of_conduct_and_undeclared_interaction_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    # Absence is not proof: the organisation's .github repository may hold it.
    outcome = run_check(make_repo({"README.md": "# x\n", "src/code_of_conduct.py": "x = 1\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert ".github repository" in outcome.summary
    assert outcome.remediation and "codeOfConductURL" in outcome.remediation
    assert "no CODE_OF_CONDUCT file" in outcome.evidence[0].detail


def test_declared_interaction_without_any_code_of_conduct_fails(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = "doNoHarm:\n  protectionFromHarassment:\n    userInteraction: 'Yes'\n"
    outcome = run_check(make_repo({"dpg.yaml": manifest, "README.md": "# x\n"}), CHECK)
    assert outcome.status is Status.FAIL
    assert evidence_at(outcome, "dpg.yaml", 3) == "userInteraction: Yes"


def test_declared_interaction_with_steps_but_no_code_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = (
        "doNoHarm:\n  protectionFromHarassment:\n    userInteraction: 'Yes'\n"
        "    harassmentProtectionSteps: [Forums are moderated by the core team]\n"
    )
    outcome = run_check(make_repo({"dpg.yaml": manifest}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "moderated" in evidence_at(outcome, "dpg.yaml", 4)


def test_code_of_conduct_url_in_the_manifest_free_text_is_evidence(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = (
        "doNoHarm:\n  protectionFromHarassment:\n    userInteraction: 'Yes'\n"
        "    harassmentProtectionSteps: ['We enforce https://github.com/org/community/blob/main/CODE_OF_CONDUCT.md']\n"
    )
    outcome = run_check(make_repo({"dpg.yaml": manifest}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "linked" in outcome.summary
    assert any("CODE_OF_CONDUCT.md" in e.detail for e in outcome.evidence if e.path == "dpg.yaml")


def test_code_of_conduct_linked_from_contributing_is_evidence(make_repo) -> None:  # type: ignore[no-untyped-def]
    contributing = "# Contributing\n\nRead our [Code of Conduct](https://example.org/code-of-conduct/).\n"
    outcome = run_check(make_repo({"CONTRIBUTING.md": contributing}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    link = next(e for e in outcome.evidence if e.kind == "url")
    assert (link.path, link.line, link.url) == ("CONTRIBUTING.md", 3, "https://example.org/code-of-conduct/")


@pytest.mark.parametrize(
    ("contact", "kind"),
    [
        ("info AT example-project DOT org", "e-mail (obfuscated)"),
        ("conduct [at] acme [dot] org", "e-mail (obfuscated)"),
        ("https://www.niis.org/contact", "contact URL"),
    ],
)
def test_contact_forms_other_than_a_plain_address(make_repo, contact: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"CODE_OF_CONDUCT.md": COVENANT.format(contact=contact)}), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "CODE_OF_CONDUCT.md", 10).startswith(f"enforcement contact ({kind})")


def test_named_channel_is_a_contact(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = "# Code of Conduct\n\nBe kind.\n\nReport incidents to the moderators on our Discord #safety.\n"
    outcome = run_check(make_repo({"CODE_OF_CONDUCT.md": text}), CHECK)
    assert outcome.status is Status.PASS
    assert "Discord" in evidence_at(outcome, "CODE_OF_CONDUCT.md", 5)


def test_lower_case_at_in_prose_is_not_an_address(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = "# Code of Conduct\n\nBe kind. Reach us at example dot org events.\n"
    outcome = run_check(make_repo({"CODE_OF_CONDUCT.md": text}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW


def test_placeholder_with_template_channel_words_still_fails(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = (
        COVENANT.format(contact="[INSERT CONTACT METHOD]")
        + "\nReport abuse to the moderators of the forum.\n"
    )
    outcome = run_check(make_repo({"CODE_OF_CONDUCT.md": text}), CHECK)
    assert outcome.status is Status.FAIL


def test_declared_no_interaction_is_not_applicable_even_with_a_code(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = "doNoHarm:\n  protectionFromHarassment:\n    userInteraction: 'No'\n"
    repo = make_repo({"dpg.yaml": manifest, "CODE_OF_CONDUCT.md": COVENANT.format(contact="coc@acme.net")})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.NOT_APPLICABLE
    assert "code of conduct" in outcome.summary
    assert ("CODE_OF_CONDUCT.md", None) in [(e.path, e.line) for e in outcome.evidence]


def test_declared_no_user_interaction_is_not_applicable(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = "doNoHarm:\n  protectionFromHarassment:\n    userInteraction: 'No'\n"
    outcome = run_check(make_repo({"dpg.yaml": manifest}), CHECK)
    assert outcome.status is Status.NOT_APPLICABLE
    assert evidence_at(outcome, "dpg.yaml", 3) == "userInteraction: No"


def test_code_of_conduct_linking_elsewhere_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = "# Code of Conduct\n\nWe follow https://github.com/org/.github/blob/main/CODE_OF_CONDUCT.md\n"
    outcome = run_check(make_repo({"CODE_OF_CONDUCT.md": text}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    # A pointer to the organisation's code: the page, not the file, holds the contact.
    assert "only points elsewhere" in evidence_at(outcome, "CODE_OF_CONDUCT.md", 3)
    assert outcome.remediation and "who receives reports" in outcome.remediation


def test_declared_protection_steps_are_cited(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = (
        "doNoHarm:\n  protectionFromHarassment:\n    harassmentProtectionSteps: [Moderators, blocking]\n"
    )
    repo = make_repo({"dpg.yaml": manifest, "CODE_OF_CONDUCT.md": COVENANT.format(contact="coc@example.net")})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert "Moderators" in evidence_at(outcome, "dpg.yaml", 3)


def test_example_addresses_are_not_contacts(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(
        make_repo({"CODE_OF_CONDUCT.md": COVENANT.format(contact="conduct@example.com")}), CHECK
    )
    assert outcome.status is Status.NEEDS_REVIEW


def test_organisation_code_of_conduct_linked_from_the_readme_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = "# App\n\nIntro.\n\nWe follow the [code of conduct](https://github.com/org/.github/blob/main/CODE_OF_CONDUCT.md).\n"
    outcome = run_check(make_repo({"README.md": readme}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    link = next(e for e in outcome.evidence if e.kind == "url")
    assert (link.path, link.line) == ("README.md", 5)
    assert link.url == "https://github.com/org/.github/blob/main/CODE_OF_CONDUCT.md"


def test_asciidoc_code_of_conduct(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"CODE_OF_CONDUCT.adoc": COVENANT.format(contact="conduct@project.example.org")})
    assert run_check(repo, CHECK).status is Status.PASS


@pytest.mark.parametrize(
    "path",
    [
        "CODE_OF_CONDUCT-en-US.md",
        "CODE_OF_CONDUCT.es.md",
        "docs/code-of-conduct/en.md",
        ".github/CODE-OF-CONDUCT.rst",
        "CodeOfConduct.md",
        "docs/CODIGO_DE_CONDUCTA.md",
    ],
)
def test_localized_and_variant_code_of_conduct_names_are_found(make_repo, path: str) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({path: COVENANT.format(contact="conduct@project.example.org")}), CHECK)
    assert outcome.status is Status.PASS, outcome
    assert path in outcome.summary


def test_the_english_code_of_conduct_comes_before_a_translation(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "CODE_OF_CONDUCT.fr.md": COVENANT.format(contact="[INSERT CONTACT METHOD]"),
        "CODE_OF_CONDUCT-en-US.md": COVENANT.format(contact="conduct@project.example.org"),
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS
    assert "CODE_OF_CONDUCT-en-US.md" in outcome.summary


@pytest.mark.parametrize(
    "path",
    [
        "src/code_of_conduct.md",  # not a policy folder: a page of the product
        "docs/CODE_OF_CONDUCT_CHECKER.py",  # code named after it
        "docs/code-of-conduct/logo.png",  # not a document
        "CONDUCTOR.md",
    ],
)
def test_files_merely_named_like_a_code_of_conduct_are_not_one(make_repo, path: str) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({path: COVENANT.format(contact="conduct@project.example.org")}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW, outcome
    assert "No code of conduct found" in outcome.summary


def test_a_code_of_conduct_file_that_only_links_its_page_says_so(make_repo) -> None:  # type: ignore[no-untyped-def]
    # cht-core's CODE_OF_CONDUCT.md, whole.
    pointer = (
        "Read about how to contribute on the [documentation site]"
        "(https://docs.communityhealthtoolkit.org/contribute/code-of-conduct).\n"
    )
    outcome = run_check(make_repo({"README.md": "# App\n", "CODE_OF_CONDUCT.md": pointer}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert (
        "only points to https://docs.communityhealthtoolkit.org/contribute/code-of-conduct" in outcome.summary
    )
    assert "only points elsewhere" in evidence_at(outcome, "CODE_OF_CONDUCT.md", 1)
    assert "Keep the code of conduct's text in the repository" in (outcome.remediation or "")
    # A whole code without a contact is still that: no contact, whatever it links.
    full = "# Code of conduct\n\n" + "We pledge to make participation a harassment-free experience. " * 12
    full += "\nSee https://www.contributor-covenant.org/ for the original.\n"
    outcome = run_check(make_repo({"README.md": "# App\n", "CODE_OF_CONDUCT.md": full}), CHECK)
    assert outcome.summary.startswith("Code of conduct found, but no enforcement contact")
