"""DPG-9A: data privacy and security — a reporting channel, and safeguards where PII is held."""

from __future__ import annotations

from dpgcheck.model import Status
from tests.checkutil import evidence_at, run_check

CHECK = "data_privacy_security"
PII = "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: '{answer}'\n"
SAFEGUARDS = "    ensurePrivacySecurity: Encryption at rest, audit logs.\n"


def test_reporting_address_alone_needs_review_citing_the_line(make_repo) -> None:  # type: ignore[no-untyped-def]
    # A way to report vulnerabilities does not show how personal data is protected.
    policy = "# Security\n\nSupported versions: 2.x\n\nMail security@registry.example.org.\n"
    outcome = run_check(make_repo({"SECURITY.md": policy}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.summary.startswith("Only a vulnerability-reporting channel")
    assert outcome.remediation is not None and "SECURITY.md" not in outcome.remediation
    assert "security@registry.example.org" in evidence_at(outcome, "SECURITY.md", 5)


def test_lower_case_policy_in_dot_github_with_advisory_link(make_repo) -> None:  # type: ignore[no-untyped-def]
    policy = (
        "# Security\n\nSee https://docs.example.org/versions for supported versions.\n"
        "Report at https://github.com/org/app/security/advisories/new\n"
    )
    outcome = run_check(make_repo({".github/security.md": policy}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    detail = evidence_at(outcome, ".github/security.md", 4)
    assert detail.endswith("/security/advisories/new")  # the reporting link, not the first URL


def test_security_txt_in_well_known(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = "Contact: mailto:psirt@example.net\nExpires: 2030-01-01T00:00:00Z\n"
    outcome = run_check(make_repo({".well-known/security.txt": text}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "psirt@example.net" in evidence_at(outcome, ".well-known/security.txt", 1)


def test_policy_without_a_channel_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"SECURITY.md": "# Security\n\nWe take security seriously.\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.summary.startswith("No description of how PII is protected")
    assert "without a reporting channel" in evidence_at(outcome, "SECURITY.md")
    assert outcome.remediation is not None and "SECURITY.md" in outcome.remediation


def test_pii_without_policy_or_safeguards_fails(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"dpg.yaml": PII.format(answer="Yes")}), CHECK)
    assert outcome.status is Status.FAIL
    assert evidence_at(outcome, "dpg.yaml", 3) == "collectsPII: Yes"


def test_pii_with_policy_and_safeguards_passes(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {"SECURITY.md": "Report to sec@example.net\n", "dpg.yaml": PII.format(answer="Yes") + SAFEGUARDS}
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert "Encryption at rest" in evidence_at(outcome, "dpg.yaml", 4)


def test_pii_with_policy_but_no_safeguards_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"SECURITY.md": "Report to sec@example.net\n", "dpg.yaml": PII.format(answer="Yes")})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.summary.startswith("Only a vulnerability-reporting channel")


def test_no_pii_declared_is_not_applicable(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"dpg.yaml": PII.format(answer="No")}), CHECK)
    assert outcome.status is Status.NOT_APPLICABLE
    assert outcome.evidence[0].line == 3


def test_nothing_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"README.md": "# x\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.evidence[0].kind == "metadata"


def test_binary_security_policy_is_reported(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"SECURITY.md": b"\x00\x01\x02binary"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "binary file" in evidence_at(outcome, "SECURITY.md")


def test_security_section_of_the_readme_is_a_reporting_channel(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = (
        "# App\n\nContact: team@app.example.net\n\n## Security\n\nSee below.\n\n### Reporting\n\n"
        "Please e-mail security@app.example.net, not the issue tracker.\n\n## License\n\nMIT\n"
    )
    outcome = run_check(make_repo({"README.md": readme}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    detail = evidence_at(outcome, "README.md", 11)
    assert detail == "reporting channel in the README section 'Security': security@app.example.net"


def test_readme_contacts_outside_a_security_section_do_not_count(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = (
        "# App\n\nContact: team@app.example.net\n\n## Security\n\nWe care.\n\n## Team\n\nx@app.example.net\n"
    )
    outcome = run_check(make_repo({"README.md": readme}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.summary.startswith("No description of how PII is protected")
