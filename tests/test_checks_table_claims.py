"""Manifest claims the repository dates or contradicts, table-driven over hand-built facts.

A declared path whose file moved is a stale claim: a pass warns, citing the manifest line and the
file's current path, any other verdict keeps its status (issue 13). Rows for DPG-2, 3, 5, 7, 9C;
the same runner as tests/test_checks_table.py.
"""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from dpgcheck.checks import CheckContext, builtin_checks
from dpgcheck.facts.ownership import CopyrightNotice
from dpgcheck.facts.privacy import Place
from dpgcheck.facts.user_activity import ActivityFacts
from dpgcheck.model import Status
from tests.factsbuilder import build_facts, license_facts, license_text, policy
from tests.test_checks_table import CHECK_OF, LONG_README, Case

NOTICE = CopyrightNotice("LICENSE", 1, "Copyright 2024 Example Foundation", "Example Foundation", False)
COC = "doNoHarm:\n  protectionFromHarassment:\n"
NO_CONTENT = "doNoHarm:\n  inappropriateIllegalContent:\n    collectStoreDistribute: 'No'\n"
NO_PII = "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'No'\n"
POSTING = ActivityFacts(content=(Place("README.md", 7, "Citizens can upload photos of potholes."),))
TALKING = ActivityFacts(interaction=(Place("docs/guide.md", 12, "Farmers can chat with extension workers."),))
COLLECTING = ActivityFacts(personal_data=(Place("app/models.py", 9, "email = models.EmailField()"),))

CASES = [
    # DPG-2: licenseURL
    Case(
        "DPG-2",
        "licenseURL renamed (LICENSE → LICENSE.md): stale, warns",
        build_facts(
            paths=["LICENSE.md"],
            licenses=license_facts(license_text("MIT", "LICENSE.md")),
            manifest="license:\n  - spdx: MIT\n    licenseURL: LICENSE\n",
        ),
        Status.WARN,
        "license text path that moved (LICENSE → LICENSE.md)",
    ),
    Case(
        "DPG-2",
        "licenseURL moved to another folder, same license there: stale, warns",
        build_facts(
            paths=["legal/LICENSE.txt"],
            licenses=license_facts(license_text("MIT", "legal/LICENSE.txt")),
            manifest="license:\n  - spdx: MIT\n    licenseURL: LICENSE.txt\n",
        ),
        Status.WARN,
        "(LICENSE.txt → legal/LICENSE.txt)",
    ),
    Case(
        "DPG-2",
        "licenseURL gone, the declared license's text is COPYING: stale, warns",
        build_facts(
            paths=["COPYING"],
            licenses=license_facts(license_text("GPL-3.0-only", "COPYING")),
            manifest="license:\n  - spdx: GPL-3.0-only\n    licenseURL: docs/LICENSE.md\n",
        ),
        Status.WARN,
        "(docs/LICENSE.md → COPYING)",
    ),
    Case(
        "DPG-2",
        "licenseURL present: no warning",
        build_facts(
            paths=["LICENSE.md"],
            licenses=license_facts(license_text("MIT", "LICENSE.md")),
            manifest="license:\n  - spdx: MIT\n    licenseURL: LICENSE.md\n",
        ),
        Status.PASS,
        "MIT",
    ),
    Case(
        "DPG-2",
        "licenseURL gone and no license text anywhere: contradicted",
        build_facts(manifest="license:\n  - spdx: MIT\n    licenseURL: LICENSE.md\n"),
        Status.FAIL,
        "A declared license text is not in the repository",
    ),
    Case(
        "DPG-2",
        "declared license evidenced only outside the repository, another shipped: sources disagree",
        build_facts(
            paths=["LICENSE"],
            asset_types=("content",),
            licenses=license_facts(license_text("CC-BY-NC-SA-4.0", "LICENSE", ("content",))),
            manifest="license:\n  - spdx: CC-BY-SA-4.0\n    licenseURL: https://curriculum.example.org/\n",
        ),
        Status.WARN,
        "the manifest declares CC-BY-SA-4.0, evidenced outside this repository",
    ),
    Case(
        "DPG-2",
        "declared license's licenseURL is this repository's LICENSE of another license: contradicted",
        build_facts(
            paths=["LICENSE"],
            licenses=license_facts(license_text("MIT", "LICENSE")),
            manifest="license:\n  - spdx: Apache-2.0\n    licenseURL: LICENSE\n",
        ),
        Status.FAIL,
        "contradicted by the repository",
    ),
    Case(
        "DPG-2",
        "declared license without a licenseURL, another shipped: contradicted",
        build_facts(
            paths=["LICENSE"],
            licenses=license_facts(license_text("MIT", "LICENSE")),
            manifest="license:\n  - spdx: Apache-2.0\n",
        ),
        Status.FAIL,
        "contradicted by the repository",
    ),
    # DPG-3: copyrightURL
    Case(
        "DPG-3",
        "ownership page moved to docs/: stale, warns",
        build_facts(
            paths=["docs/COPYRIGHT.md"],
            notices=[NOTICE],
            manifest="clearOwnership:\n  copyrightURL: COPYRIGHT.md\n",
        ),
        Status.WARN,
        "(COPYRIGHT.md → docs/COPYRIGHT.md)",
    ),
    Case(
        "DPG-3",
        "ownership page present: no warning",
        build_facts(
            paths=["COPYRIGHT.md"],
            notices=[NOTICE],
            manifest="clearOwnership:\n  copyrightURL: COPYRIGHT.md\n",
        ),
        Status.PASS,
        "Owned by Example Foundation",
    ),
    Case(
        "DPG-3",
        "ownership page nowhere: contradicted",
        build_facts(notices=[NOTICE], manifest="clearOwnership:\n  copyrightURL: COPYRIGHT.md\n"),
        Status.FAIL,
        "not in the repository",
    ),
    # DPG-5: documentationURL
    Case(
        "DPG-5",
        "documentation renamed (INSTALL.md → install.rst): stale, warns",
        build_facts(
            paths=["docs/install.rst"],
            readme=LONG_README,
            manifest="documentation:\n  documentationURL: docs/INSTALL.md\n",
        ),
        Status.WARN,
        "(docs/INSTALL.md → docs/install.rst)",
    ),
    Case(
        "DPG-5",
        "documentation moved, two equally close copies: contradicted",
        build_facts(
            paths=["a/INSTALL.md", "b/INSTALL.md"],
            readme=LONG_README,
            manifest="documentation:\n  documentationURL: INSTALL.md\n",
        ),
        Status.FAIL,
        "missing from the repository: INSTALL.md",
    ),
    Case(
        "DPG-5",
        "a copy in a test folder is not the moved file",
        build_facts(
            paths=["tests/fixtures/INSTALL.md"],
            readme=LONG_README,
            manifest="documentation:\n  documentationURL: INSTALL.md\n",
        ),
        Status.FAIL,
        "missing from the repository: INSTALL.md",
    ),
    # DPG-7: privacyPolicyURL moved to another folder
    Case(
        "DPG-7",
        "privacy policy moved to docs/: stale, warns",
        build_facts(
            paths=["docs/PRIVACY.md"],
            manifest="privacy:\n  privacyComplianceList: [GDPR]\ndoNoHarm:\n  dataPrivacySecurity:\n"
            "    privacyPolicyURL: PRIVACY.md\n",
        ),
        Status.WARN,
        "(PRIVACY.md → docs/PRIVACY.md)",
    ),
    # DPG-9C: codeOfConductURL
    Case(
        "DPG-9C",
        "code of conduct moved to .github/: stale, warns",
        build_facts(
            policies=[policy("code_of_conduct", ".github/CODE_OF_CONDUCT.md", email="conduct@p.org")],
            manifest=COC + "    codeOfConductURL: CODE_OF_CONDUCT.md\n",
        ),
        Status.WARN,
        "(CODE_OF_CONDUCT.md → .github/CODE_OF_CONDUCT.md)",
    ),
    Case(
        "DPG-9C",
        "code of conduct moved out of the policy folders, interaction declared: not a fail",
        build_facts(
            paths=["community/CODE_OF_CONDUCT.md"],
            manifest=COC + "    userInteraction: 'Yes'\n    codeOfConductURL: CODE_OF_CONDUCT.md\n",
        ),
        Status.NEEDS_REVIEW,
        "Code of conduct declared at community/CODE_OF_CONDUCT.md",
    ),
    Case(
        "DPG-9C",
        "declared code of conduct gone, the repository keeps one under another name: stale, warns",
        build_facts(
            policies=[policy("code_of_conduct", "docs/code-of-conduct/README.md", email="conduct@p.org")],
            manifest=COC + "    codeOfConductURL: CODE_OF_CONDUCT.md\n",
        ),
        Status.WARN,
        "(CODE_OF_CONDUCT.md → docs/code-of-conduct/README.md)",
    ),
    Case(
        "DPG-7",
        "declared privacy policy gone, the repository keeps one under another name: stale, warns",
        build_facts(
            policies=[policy("privacy", "docs/privacy-notice.md")],
            manifest="privacy:\n  privacyComplianceList: [GDPR]\ndoNoHarm:\n  dataPrivacySecurity:\n"
            "    privacyPolicyURL: PRIVACY.md\n",
        ),
        Status.WARN,
        "(PRIVACY.md → docs/privacy-notice.md)",
    ),
    Case(
        "DPG-9C",
        "code of conduct at the declared path: no warning",
        build_facts(
            policies=[policy("code_of_conduct", "CODE_OF_CONDUCT.md", email="conduct@p.org")],
            manifest=COC + "    codeOfConductURL: CODE_OF_CONDUCT.md\n",
        ),
        Status.PASS,
        "enforcement contact (CODE_OF_CONDUCT.md)",
    ),
    # A manifest "No" the repository contradicts: needs-review citing both; uncontradicted: stands.
    Case(
        "DPG-9B",
        "no content declared, the README says users upload photos",
        replace(build_facts(manifest=NO_CONTENT), activity=POSTING),
        Status.NEEDS_REVIEW,
        "but the documentation describes users publishing content",
    ),
    Case(
        "DPG-9B",
        "no content declared, nothing says otherwise",
        replace(build_facts(manifest=NO_CONTENT), activity=TALKING),
        Status.NOT_APPLICABLE,
        "does not collect, store or distribute content",
    ),
    Case(
        "DPG-9C",
        "no interaction declared, the docs say users chat",
        replace(build_facts(manifest=COC + "    userInteraction: 'No'\n"), activity=TALKING),
        Status.NEEDS_REVIEW,
        "but the documentation describes users interacting",
    ),
    Case(
        "DPG-9C",
        "no interaction declared, only content described",
        replace(build_facts(manifest=COC + "    userInteraction: 'No'\n"), activity=POSTING),
        Status.NOT_APPLICABLE,
        "Declares that users do not interact",
    ),
    Case(
        "DPG-7",
        "no PII declared, a model stores e-mail addresses",
        replace(build_facts(manifest=NO_PII), activity=COLLECTING),
        Status.NEEDS_REVIEW,
        "but the code collects personal data",
    ),
    Case(
        "DPG-9A",
        "no PII declared, a model stores e-mail addresses",
        replace(build_facts(manifest=NO_PII), activity=COLLECTING),
        Status.NEEDS_REVIEW,
        "but the code collects personal data",
    ),
    Case(
        "DPG-9A",
        "no PII declared, nothing collected",
        replace(build_facts(manifest=NO_PII), activity=POSTING),
        Status.NOT_APPLICABLE,
        "does not collect, store or distribute PII",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.indicator}: {c.name}" for c in CASES])
def test_claim_on_hand_built_facts(case: Case) -> None:
    check = builtin_checks()[CHECK_OF[case.indicator]]
    outcome = check(case.facts, CheckContext(asset_types=case.facts.asset_types))
    assert (outcome.status, case.summary in outcome.summary) == (case.status, True), outcome
    assert outcome.evidence, "every verdict carries evidence"
    if case.status is Status.NEEDS_REVIEW and "but the" in case.summary:
        # A contradicted "No": the manifest line first, then the repository's file and line.
        assert outcome.evidence[0].kind == "manifest" and outcome.evidence[0].line
        assert outcome.evidence[1].kind == "file" and outcome.evidence[1].line
    if case.status is Status.WARN:
        # Both sides: the manifest line and the file where the declared one is now.
        kinds = {item.kind for item in outcome.evidence[:2]}
        assert kinds == {"manifest", "file"}, outcome.evidence
        assert outcome.remediation and "dpg.yaml" in outcome.remediation
