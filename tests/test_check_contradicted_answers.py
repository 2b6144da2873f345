"""A manifest "No" the repository contradicts is needs-review citing both (issue 13): no user
content (9B) while the README says users publish, no interaction (9C) while it says users talk
to each other, no PII (DPG-7, 9A) while the code collects e-mail addresses or phone numbers."""

from __future__ import annotations

import pytest

from dpgcheck.model import CheckOutcome, Status
from tests.checkutil import evidence_at, run_check

README = "# Fix My Street\n\nA tool for cities.\n\n{line}\n"
NO_CONTENT = "doNoHarm:\n  inappropriateIllegalContent:\n    collectStoreDistribute: 'No'\n"
NO_INTERACTION = "doNoHarm:\n  protectionFromHarassment:\n    userInteraction: 'No'\n"
NO_PII = "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'No'\n"


def _both_sides(outcome: CheckOutcome, path: str, line: int) -> None:
    assert outcome.status is Status.NEEDS_REVIEW, outcome
    assert evidence_at(outcome, "dpg.yaml", 3)  # the manifest's "No"
    assert evidence_at(outcome, path, line)  # the repository's sentence or field
    assert outcome.remediation and "dpg.yaml" in outcome.remediation


@pytest.mark.parametrize(
    "line",
    [
        "Citizens can upload photos of potholes and broken street lights.",
        "The app allows users to post reports about their neighbourhood.",
        "Moderators review user-generated content every day.",
    ],
)
def test_no_user_content_contradicted_by_the_readme(make_repo, line: str) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"README.md": README.format(line=line), "dpg.yaml": NO_CONTENT})
    _both_sides(run_check(repo, "illegal_content"), "README.md", 5)


@pytest.mark.parametrize(
    "line",
    [
        "Users can download reports as CSV.",
        "Contributors can submit pull requests on GitHub.",
        "Anyone can submit a bug report in the issue tracker.",
        "Consider a social media application where users can write posts on a forum.",  # an exercise
    ],
)
def test_no_user_content_stands_when_the_readme_only_hints(make_repo, line: str) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"README.md": README.format(line=line), "dpg.yaml": NO_CONTENT})
    assert run_check(repo, "illegal_content").status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("line", "contradicted"),
    [
        ("Farmers can chat with extension workers about their crops.", True),
        ("It enables messaging between patients and doctors.", True),
        ("Users can comment on every report.", True),
        ("Users can interact with the map and zoom in.", False),
        ("Join the developers' chat on Slack.", False),
        ("Core technology ensures the integrity of messages between members.", False),  # organisations
        ("Consider a chat application where users can chat with each other.", False),  # an exercise
    ],
)
def test_no_interaction_contradicted_by_the_readme(make_repo, line: str, contradicted: bool) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"README.md": README.format(line=line), "dpg.yaml": NO_INTERACTION})
    outcome = run_check(repo, "harassment_protection")
    if contradicted:
        _both_sides(outcome, "README.md", 5)
    else:
        assert outcome.status is Status.NOT_APPLICABLE, outcome


MODELS = (
    "from django.db import models\n\n\nclass Patient(models.Model):\n"
    "    name = models.CharField()\n    email = models.EmailField()\n"
)
SIGNUP = '<form>\n  <input type="text" name="name">\n  <input type="email" name="email">\n</form>\n'


@pytest.mark.parametrize(
    ("check", "path", "text", "line"),
    [
        ("privacy_laws", "clinic/models.py", MODELS, 6),
        ("data_privacy_security", "clinic/models.py", MODELS, 6),
        ("privacy_laws", "templates/registration/signup.html", SIGNUP, 3),
        (
            "privacy_laws",
            "database/migrations/0001_users.php",
            "<?php\n$this->table('users')\n  ->addColumn('email', 'string')\n",
            3,
        ),
        (
            "privacy_laws",
            "src/user/user.entity.ts",
            "@Entity()\nexport class User {\n  @Column()\n  phoneNumber: string;\n}\n",
            4,
        ),
        ("data_privacy_security", "templates/accounts/register.html", SIGNUP, 3),
    ],
)
def test_no_pii_contradicted_by_the_code(make_repo, check: str, path: str, text: str, line: int) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"README.md": README.format(line=""), "dpg.yaml": NO_PII, path: text})
    _both_sides(run_check(repo, check), path, line)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("tests/models.py", MODELS),  # test code collects nothing
        ("clinic/models.py", MODELS.replace("email = models.EmailField()", "count = models.IntegerField()")),
        ("templates/search.html", SIGNUP),  # not a sign-up form
        ("docs/privacy.md", "We never ask for your email = models.EmailField() address."),
    ],
)
def test_no_pii_stands_without_collection_in_the_code(make_repo, path: str, text: str) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"README.md": README.format(line=""), "dpg.yaml": NO_PII, path: text})
    assert run_check(repo, "privacy_laws").status is Status.NOT_APPLICABLE
    assert run_check(repo, "data_privacy_security").status is Status.NOT_APPLICABLE
