"""Every manifest claim against the repository: agreement passes, contradiction fails with both sides."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dpgcheck.api import CheckOptions, RunOptions, check
from dpgcheck.model import IndicatorResult, Status
from tests.conftest import license_text

MakeRepo = Callable[..., Path]

README = (
    "# Tool\n\n" + "This tool helps clinics keep records. " * 20 + "\n\n## Installation\n\npip install tool\n"
)
BASE: dict[str, str | bytes] = {
    "LICENSE": "Copyright 2024 Example Foundation\n\n" + license_text("Apache-2.0"),
    "README.md": README,
    "CODE_OF_CONDUCT.md": "# Code of conduct\n\nReport problems to conduct@tool-project.net.\n",
    "SECURITY.md": "# Security\n\nReport vulnerabilities to security@tool-project.net.\n",
}
REPO_URL = "https://github.com/example/tool"


def _check(
    make_repo: MakeRepo, manifest: str, extra: dict[str, str | bytes] | None = None
) -> dict[str, IndicatorResult]:
    repo = make_repo({**BASE, **(extra or {}), "dpg.yaml": manifest})
    report = check(str(repo), RunOptions(CheckOptions(), policy=None)).report
    return {result.id: result for result in report.results}


def _manifest_sides(result: IndicatorResult) -> tuple[list[str], list[str]]:
    manifest = [f"{e.path}:{e.line}" for e in result.evidence if e.kind == "manifest"]
    repository = [e.location() for e in result.evidence if e.kind in ("file", "metadata")]
    return manifest, repository


# DPG-2: license


def test_declared_license_agreeing_with_the_text_passes(make_repo: MakeRepo) -> None:
    results = _check(make_repo, "license:\n  - spdx: Apache-2.0\n    licenseURL: LICENSE\n")
    assert results["DPG-2"].status is Status.PASS


def test_declared_license_contradicted_by_the_text_fails_with_both_sides(make_repo: MakeRepo) -> None:
    results = _check(make_repo, "name: x\nlicense:\n  - spdx: MIT\n    licenseURL: LICENSE\n")
    result = results["DPG-2"]
    assert result.status is Status.FAIL
    assert "MIT" in result.summary and "Apache-2.0" in result.summary
    manifest, repository = _manifest_sides(result)
    assert manifest == ["dpg.yaml:3"]
    assert "LICENSE:1" in repository


def test_declared_license_text_elsewhere_is_a_stale_claim_that_warns_citing_both(make_repo: MakeRepo) -> None:
    # The declared file is gone, but the repository ships the declared license's text as LICENSE.
    results = _check(
        make_repo,
        f"repositories:\n  - url: {REPO_URL}\nlicense:\n"
        f"  - spdx: Apache-2.0\n    licenseURL: {REPO_URL}/blob/main/LICENSE-CODE\n",
    )
    result = results["DPG-2"]
    assert result.status is Status.WARN
    assert "LICENSE-CODE → LICENSE" in result.summary
    assert any("LICENSE-CODE" in e.detail and e.line == 5 for e in result.evidence)
    assert any(e.path == "LICENSE" and "now here" in e.detail for e in result.evidence)
    assert result.remediation and "licenseURL" in result.remediation and "(LICENSE)" in result.remediation


def test_declared_license_text_missing_with_no_license_text_anywhere_fails(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            "README.md": README,
            "dpg.yaml": "license:\n  - spdx: Apache-2.0\n    licenseURL: legal/LICENSE.txt\n",
        }
    )
    result = {r.id: r for r in check(str(repo), RunOptions(CheckOptions(), policy=None)).report.results}[
        "DPG-2"
    ]
    assert result.status is Status.FAIL
    assert any("legal/LICENSE.txt" in e.detail and e.line == 3 for e in result.evidence)


def test_declared_license_text_moved_to_another_folder_warns(make_repo: MakeRepo) -> None:
    # LICENSE.md declared; the repository keeps it in legal/ now: out of date, not contradicted.
    license_file = BASE["LICENSE"]
    repo = make_repo(
        {
            **{k: v for k, v in BASE.items() if k != "LICENSE"},
            "legal/LICENSE.md": license_file,
            "dpg.yaml": "license:\n  - spdx: Apache-2.0\n    licenseURL: LICENSE.md\n",
        }
    )
    result = {r.id: r for r in check(str(repo), RunOptions(CheckOptions(), policy=None)).report.results}[
        "DPG-2"
    ]
    assert result.status is not Status.FAIL
    assert any(e.path == "legal/LICENSE.md" and "now here" in e.detail for e in result.evidence)


def test_publiccode_license_is_a_claim_too(make_repo: MakeRepo) -> None:
    publiccode = "publiccodeYmlVersion: '0.4'\nname: Tool\nlegal:\n  license: GPL-3.0-only\n"
    results = _check(make_repo, "name: Tool\n", {"publiccode.yml": publiccode})
    result = results["DPG-2"]
    assert result.status is Status.FAIL
    assert any(e.path == "publiccode.yml" and e.line == 4 for e in result.evidence)
    agreeing = publiccode.replace("GPL-3.0-only", "Apache-2.0")
    assert _check(make_repo, "name: Tool\n", {"publiccode.yml": agreeing})["DPG-2"].status is Status.PASS


# DPG-5: documentation paths


def test_declared_documentation_paths_that_exist_are_evidence(make_repo: MakeRepo) -> None:
    manifest = (
        "documentation:\n  documentationURL:\n    - docs/guide.md\n    - https://docs.example.org (site)\n"
    )
    result = _check(make_repo, manifest, {"docs/guide.md": "# Guide\n"})["DPG-5"]
    assert result.status is Status.PASS
    assert any(e.kind == "manifest" and e.line == 3 and "docs/guide.md" in e.detail for e in result.evidence)
    assert any(e.url == "https://docs.example.org" and e.line == 4 for e in result.evidence)


def test_declared_documentation_path_missing_fails(make_repo: MakeRepo) -> None:
    manifest = (
        f"repositoryURL: {REPO_URL}.git\ndocumentation:\n  documentationURL: {REPO_URL}/tree/main/docs\n"
    )
    result = _check(make_repo, manifest)["DPG-5"]
    assert result.status is Status.FAIL
    assert "docs" in result.summary
    manifest_side, repository_side = _manifest_sides(result)
    assert manifest_side[0] == "dpg.yaml:3"
    assert "README.md:1" in repository_side


def test_prose_in_a_location_field_is_not_a_path_claim(make_repo: MakeRepo) -> None:
    manifest = "documentation:\n  documentationURL: [Wiki, 'Some information is available here:', docs]\n"
    result = _check(make_repo, manifest, {"docs/index.md": "# Docs\n"})["DPG-5"]
    assert result.status is Status.PASS
    assert [e.detail for e in result.evidence if e.kind == "manifest"] == [
        "documentation declared and present in the repository: docs"
    ]


# DPG-7 and DPG-9A: privacy policy and PII


def test_declared_privacy_policy_path_missing_fails(make_repo: MakeRepo) -> None:
    manifest = (
        "privacy:\n  privacyComplianceList: [GDPR]\n"
        "doNoHarm:\n  dataPrivacySecurity:\n    privacyPolicyURL: docs/privacy.md\n"
    )
    assert _check(make_repo, manifest)["DPG-7"].status is Status.FAIL
    present = _check(make_repo, manifest, {"docs/privacy.md": "# Privacy\n"})["DPG-7"]
    assert present.status is Status.PASS
    assert any("present in the repository: docs/privacy.md" in e.detail for e in present.evidence)


def test_pii_without_any_security_or_privacy_evidence(make_repo: MakeRepo) -> None:
    # 9A fails (PII declared, nothing says how it is protected); 7 asks a reviewer (the policy
    # may be on the product's website).
    manifest = "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'Yes'\n"
    repo = make_repo({k: v for k, v in BASE.items() if k != "SECURITY.md"} | {"dpg.yaml": manifest})
    results = {r.id: r for r in check(str(repo), RunOptions(CheckOptions(), policy=None)).report.results}
    assert results["DPG-7"].status is Status.NEEDS_REVIEW
    assert results["DPG-9A"].status is Status.FAIL
    manifest_side, repository_side = _manifest_sides(results["DPG-9A"])
    assert "dpg.yaml:3" in manifest_side
    assert repository_side  # what was searched, on the repository side


def test_pii_with_security_policy_and_described_safeguards_passes_9a(make_repo: MakeRepo) -> None:
    manifest = (
        "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'Yes'\n    ensurePrivacySecurity: 'Yes'\n"
        "    privacySecurityDescription: Encrypted at rest, role-based access.\n"
    )
    result = _check(make_repo, manifest)["DPG-9A"]
    assert result.status is Status.PASS
    assert any(e.line == 5 and "Encrypted" in e.detail for e in result.evidence)


def test_pii_declared_unprotected_fails(make_repo: MakeRepo) -> None:
    manifest = "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'Yes'\n    ensurePrivacySecurity: 'No'\n"
    assert _check(make_repo, manifest)["DPG-9A"].status is Status.FAIL


# DPG-9C: code of conduct path


def test_declared_code_of_conduct_path(make_repo: MakeRepo) -> None:
    manifest = (
        "doNoHarm:\n  protectionFromHarassment:\n    userInteraction: 'Yes'\n    codeOfConductURL: {path}\n"
    )
    ok = _check(make_repo, manifest.format(path="CODE_OF_CONDUCT.md"))["DPG-9C"]
    assert ok.status is Status.PASS
    assert any(e.kind == "manifest" and e.line == 4 for e in ok.evidence)
    # The declared file is gone but the repository keeps a code of conduct: out of date, not proof.
    moved = _check(make_repo, manifest.format(path="community/CONDUCT.md"))["DPG-9C"]
    assert moved.status is Status.WARN
    assert "community/CONDUCT.md → CODE_OF_CONDUCT.md" in moved.summary
    repo = make_repo(
        {
            **{k: v for k, v in BASE.items() if k != "CODE_OF_CONDUCT.md"},
            "dpg.yaml": manifest.format(path="community/CONDUCT.md"),
        }
    )
    missing = {r.id: r for r in check(str(repo), RunOptions(CheckOptions(), policy=None)).report.results}[
        "DPG-9C"
    ]
    assert missing.status is Status.FAIL
    assert "community/CONDUCT.md" in missing.summary


# DPG-3: ownership


def test_ownership_explicit_with_a_named_owner_passes(make_repo: MakeRepo) -> None:
    manifest = (
        "organizations:\n  - name: Example Foundation\n    org_type: owner\n"
        "clearOwnership:\n  isOwnershipExplicit: 'Yes'\n"
    )
    assert _check(make_repo, manifest)["DPG-3"].status is Status.PASS


def test_ownership_explicit_without_any_owner_fails_with_both_sides(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            "LICENSE": license_text("MIT"),
            "README.md": README,
            "dpg.yaml": "organizations:\n  - name: Someone\n    org_type: funder\n"
            "clearOwnership:\n  isOwnershipExplicit: 'Yes'\n",
        }
    )
    result = {r.id: r for r in check(str(repo), RunOptions(CheckOptions(), policy=None)).report.results}[
        "DPG-3"
    ]
    assert result.status is Status.FAIL
    assert "explicit" in result.summary
    manifest_side, repository_side = _manifest_sides(result)
    assert manifest_side == ["dpg.yaml:5"]
    assert repository_side


def test_publiccode_owner_counts_as_a_named_owner(make_repo: MakeRepo) -> None:
    repo = make_repo(
        {
            "LICENSE": license_text("MIT"),
            "README.md": README,
            "publiccode.yml": "name: Tool\nlegal:\n  license: MIT\n  mainCopyrightOwner: City of Example\n",
        }
    )
    result = {r.id: r for r in check(str(repo), RunOptions(CheckOptions(), policy=None)).report.results}[
        "DPG-3"
    ]
    assert result.status is Status.PASS
    assert any(e.path == "publiccode.yml" and e.line == 4 for e in result.evidence)


def test_declared_copyright_page_missing_fails(make_repo: MakeRepo) -> None:
    result = _check(make_repo, "clearOwnership:\n  copyrightURL: COPYRIGHT.md\n")["DPG-3"]
    assert result.status is Status.FAIL


# DPG-4: open alternatives to closed dependencies


PACKAGE = '{"name": "tool", "dependencies": {"firebase": "^10.0.0", "express": "^4.0.0"}}'


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("  pltIndependenceDesc: Supabase replaces Firebase behind the storage interface.\n", Status.PASS),
        ("  pltIndependenceDesc: firebase can be swapped for a self-hosted backend.\n", Status.PASS),
        ("  pltIndependenceDesc: Runs anywhere.\n", Status.NEEDS_REVIEW),
        ("  mandatoryDepsCreateMoreRestrictions: 'Yes'\n", Status.NEEDS_REVIEW),
        # A "No" the repository contradicts is for a reviewer, citing both (issue 13).
        ("  mandatoryDepsCreateMoreRestrictions: 'No'\n", Status.NEEDS_REVIEW),
    ],
)
def test_open_alternatives_clear_closed_dependencies(
    make_repo: MakeRepo, platform: str, expected: Status
) -> None:
    result = _check(make_repo, "platformIndependence:\n" + platform, {"package.json": PACKAGE})["DPG-4"]
    assert result.status is expected, result.summary
    if expected is Status.FAIL:
        manifest_side, repository_side = _manifest_sides(result)
        assert manifest_side[0] == "dpg.yaml:2"
        assert any(loc.startswith("package.json") for loc in repository_side)


def test_malformed_publiccode_is_ignored_not_fatal(make_repo: MakeRepo) -> None:
    results = _check(make_repo, "name: Tool\n", {"publiccode.yml": "legal: [unclosed\n"})
    assert results["DPG-2"].status is Status.PASS


def test_init_takes_name_and_description_from_publiccode(tmp_path: Path) -> None:
    from dpgcheck.init_manifest import draft_manifest
    from tests.conftest import write_tree

    publiccode = (
        "name: City Permits\ndescription:\n  en:\n    shortDescription: Apply for building permits online.\n"
    )
    root = write_tree(tmp_path / "p", {**BASE, "publiccode.yml": publiccode})
    draft = draft_manifest(str(root))
    assert 'name: "City Permits"' in draft.text
    assert 'description: "Apply for building permits online."  # from publiccode.yml' in draft.text
