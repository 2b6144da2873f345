"""DPG-7: privacy and applicable laws — a policy (file, manifest URL or README link) and the laws."""

from __future__ import annotations

from dpgcheck.model import Status
from tests.checkutil import evidence_at, locations, run_check

CHECK = "privacy_laws"
LAWS = "privacy:\n  privacyComplianceList: [GDPR, Kenya Data Protection Act 2019]\n"


def test_privacy_file_and_declared_laws_pass(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"docs/PRIVACY.md": "# Privacy\n", "dpg.yaml": LAWS})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert locations(outcome) == {("docs/PRIVACY.md", 1), ("dpg.yaml", 2)}
    assert "GDPR" in evidence_at(outcome, "dpg.yaml", 2)


def test_policy_on_a_website_linked_from_the_readme_counts(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = "# App\n\nIntro.\n\nSee our [privacy policy](https://app.example.org/privacy-policy).\n"
    outcome = run_check(make_repo({"README.md": readme, "dpg.yaml": LAWS}), CHECK)
    assert outcome.status is Status.PASS
    link = next(e for e in outcome.evidence if e.kind == "url")
    assert (link.path, link.line, link.url) == ("README.md", 5, "https://app.example.org/privacy-policy")


def test_policy_url_declared_in_the_manifest(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = (
        LAWS + "doNoHarm:\n  dataPrivacySecurity:\n    privacyPolicyURL: https://x.example.org/privacy\n"
    )
    outcome = run_check(make_repo({"dpg.yaml": manifest}), CHECK)
    assert outcome.status is Status.PASS
    assert any(e.url == "https://x.example.org/privacy" and e.line == 5 for e in outcome.evidence)


def test_pii_without_any_policy_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    # A policy on the product's website is accepted: its absence here is not proof.
    manifest = "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'Yes'\n"
    outcome = run_check(make_repo({"dpg.yaml": manifest}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.summary.startswith("Missing a privacy policy and the applicable laws")
    assert outcome.remediation is not None and "privacyPolicyURL" in outcome.remediation


def test_pii_with_a_readme_link_is_not_a_failure(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'Yes'\n"
    readme = "# App\n\nPrivacy: https://app.example.org/legal/privacy\n"
    outcome = run_check(make_repo({"dpg.yaml": manifest, "README.md": readme}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "applicable laws" in outcome.summary


def test_policy_without_laws_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"privacy-policy.md": "# Privacy\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.summary.startswith("Missing the applicable laws")


def test_nothing_needs_review_and_says_where_it_looked(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"README.md": "# App\n\nhttps://example.org/docs\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "README links and every manifest field" in outcome.evidence[0].detail


def test_privacy_folder_readme_is_a_policy(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"docs/privacy/README.md": "# Privacy\n", "dpg.yaml": LAWS})
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert ("docs/privacy/README.md", 1) in locations(outcome)
