"""Every built-in check, table-driven over hand-built facts: positive and negative cases per indicator.

Each row is (indicator, case, facts, expected status, a fragment of the summary). The checks are
pure functions of the facts, so no repository is built here (tests/test_check_*.py build real
ones). Adding an indicator means adding its rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dpgcheck.catalog import load_catalog
from dpgcheck.checks import CheckContext, builtin_checks
from dpgcheck.facts import Facts
from dpgcheck.facts.ai_cards import Card, Stated
from dpgcheck.facts.ai_components import AiComponents, Located
from dpgcheck.facts.conduct import ConductContact, ConductFacts, ConductLink
from dpgcheck.facts.data_docs import DataDocumentation
from dpgcheck.facts.licenses.parts import LicensePart, LicenseParts, UnlicensedPart
from dpgcheck.facts.owner_profile import AGREEMENT, COUNTRY, OWNER_TYPE, OwnerProfile, OwnerStatement
from dpgcheck.facts.ownership import CopyrightNotice
from dpgcheck.facts.privacy import Place, PrivacyFacts
from dpgcheck.facts.sdg import SdgMention
from dpgcheck.facts.standards import Practice, StandardUse
from dpgcheck.facts.technologies import Technology
from dpgcheck.facts.text import Heading
from dpgcheck.model import INFO, Status
from tests.factsbuilder import (
    CORE_PRACTICES,
    build_facts,
    dependency_facts,
    license_facts,
    license_text,
    policy,
)

LONG_README = (
    "# Clinic\n\n" + "A records system for rural clinics. " * 12 + "\n\n## Installation\n\nRun it.\n"
)
PII = "doNoHarm:\n  dataPrivacySecurity:\n"
CONTENT = "doNoHarm:\n  inappropriateIllegalContent:\n"


def _ai_facts(
    *,
    model_license: str = "apache-2.0",
    data: bool = True,
    closed: str | None = None,
    sections: tuple[str, ...] = ("Intended uses", "Training data", "Evaluation", "Limitations"),
    base_model: str | None = None,
    pii: bool = False,
    manifest: str | None = None,
) -> Facts:
    """Facts of a model repository: a model card (README), weights, train.py, a dataset card."""
    heads = tuple(Heading(text, 2, 10 + i) for i, text in enumerate(sections))
    model_card = Card(
        "README.md",
        "model",
        license=Stated(model_license, "README.md", 2),
        base_models=(Stated(base_model, "README.md", 3),) if base_model else (),
        sections=heads,
    )
    cards = (model_card, Card("data/README.md", "dataset", license=Stated("cc-by-4.0", "data/README.md", 2)))
    ai = AiComponents(
        cards=cards if data else cards[:1],
        weights=(Located("model.safetensors", "weights file (safetensors), stored in Git LFS"),),
        code=(Located("train.py", "training/inference script"),),
        closed=((closed, Stated("The weights are not released.", "README.md", 20)),) if closed else (),
        pii=(Stated("No personal information.", "data/README.md", 5),) if pii else (),
    )
    return build_facts(
        asset_types=("aimodel",),
        licenses=license_facts(license_text("MIT", asset_types=("aimodel",))),
        readme="# Model\n",
        manifest=manifest,
        ai=ai,
    )


@dataclass(frozen=True)
class Case:
    indicator: str
    name: str
    facts: Facts
    status: Status
    summary: str


PROFILE = OwnerProfile(
    (
        OwnerStatement(OWNER_TYPE, "non-profit (non-profit organisation)", "the README: …", "README.md", 3),
        OwnerStatement(COUNTRY, "Kenya", "the README: …", "README.md", 3),
    ),
    (
        OwnerStatement(
            AGREEMENT, "Contributor License Agreement", "Contributor License Agreement file", "CLA.md"
        ),
    ),
)
TECHNOLOGIES = (
    Technology("Python", "language", "40 files (.py)"),
    Technology("Django", "framework", "pypi dependency django", "requirements.txt", 1),
)
NOTICE = CopyrightNotice("LICENSE", 3, "Copyright 2024 Example Foundation", "Example Foundation", False)

CASES = [
    # DPG-1: SDG relevance
    Case(
        "DPG-1",
        "declared goal with evidence",
        build_facts(manifest="SDGs:\n  - SDGNumber: 3\n    evidenceText: Health records for clinics\n"),
        Status.PASS,
        "Declares SDG 3",
    ),
    Case(
        "DPG-1",
        "declared goal without evidence",
        build_facts(manifest="SDGs:\n  - SDGNumber: 3\n"),
        Status.NEEDS_REVIEW,
        "no explanation or link",
    ),
    Case(
        "DPG-1",
        "only mentioned",
        build_facts(readme="# P\n", sdg_mentions=[SdgMention("README.md", 1, "SDG 3")]),
        Status.NEEDS_REVIEW,
        "mentioned (1 place(s))",
    ),
    Case("DPG-1", "nothing stated", build_facts(readme="# P\n"), Status.NEEDS_REVIEW, "No SDG relevance"),
    # DPG-2: open license
    Case(
        "DPG-2",
        "approved license text",
        build_facts(licenses=license_facts(license_text("MIT"))),
        Status.PASS,
        "MIT — approved for software",
    ),
    Case(
        "DPG-2",
        "not approved",
        build_facts(licenses=license_facts(license_text("SSPL-1.0"))),
        Status.FAIL,
        "Not an approved license",
    ),
    Case("DPG-2", "no license", build_facts(), Status.NEEDS_REVIEW, "No license found in the repository"),
    Case(
        "DPG-2",
        "unrecognised text",
        build_facts(licenses=license_facts(license_text(None))),
        Status.NEEDS_REVIEW,
        "matches no known license",
    ),
    Case(
        "DPG-2",
        "declared license contradicted",
        build_facts(
            manifest="license:\n  - spdx: Apache-2.0\n    licenseURL: LICENSE\n",
            paths=["LICENSE"],
            licenses=license_facts(license_text("MIT")),
        ),
        Status.FAIL,
        "contradicted by the repository (MIT)",
    ),
    Case(
        "DPG-2",
        "declared only in the manifest",
        build_facts(manifest="license:\n  - spdx: MIT\n    licenseURL: https://example.org/license\n"),
        Status.NEEDS_REVIEW,
        "declared in the manifest, but the repository states none",
    ),
    Case(
        "DPG-2",
        "software license on content: a question, not proof",
        build_facts(
            asset_types=("content",), licenses=license_facts(license_text("MIT", asset_types=("content",)))
        ),
        Status.NEEDS_REVIEW,
        "No license approved for content found",
    ),
    Case(
        "DPG-2",
        "code and content each under an approved license",
        build_facts(
            asset_types=("software", "content"),
            licenses=license_facts(
                license_text("MIT", asset_types=("software", "content")),
                license_text("CC-BY-SA-4.0", "CC-BY-SA-4.0.md", ("software", "content")),
            ),
        ),
        Status.PASS,
        "approved for software, content",
    ),
    Case(
        "DPG-2",
        "non-commercial license on software: proof",
        build_facts(licenses=license_facts(license_text("CC-BY-NC-4.0"))),
        Status.FAIL,
        "NonCommercial (NC) licenses forbid commercial use",
    ),
    Case(
        "DPG-2",
        "non-commercial license alone on software and content: proof for the software",
        build_facts(
            asset_types=("software", "content"),
            licenses=license_facts(license_text("CC-BY-NC-SA-4.0", asset_types=("software", "content"))),
        ),
        Status.FAIL,
        "software: NonCommercial (NC)",
    ),
    Case(
        "DPG-2",
        "data set with a sub-folder under no-derivatives: proof, naming the part",
        build_facts(
            asset_types=("data",),
            licenses=license_facts(license_text("CC-BY-4.0", asset_types=("data",))),
            license_parts=LicenseParts(
                (
                    LicensePart(
                        "data/partner",
                        "CC-BY-ND-4.0",
                        "CC-BY-ND-4.0",
                        "data/partner/LICENSE",
                        1,
                        "sub-folder license",
                        "data",
                    ),
                )
            ),
        ),
        Status.FAIL,
        "data/partner (sub-folder license) is under CC-BY-ND-4.0",
    ),
    Case(
        "DPG-2",
        "data set whose parts are all open",
        build_facts(
            asset_types=("data",),
            licenses=license_facts(license_text("CC-BY-4.0", asset_types=("data",))),
            license_parts=LicenseParts(
                (
                    LicensePart(
                        "a.csv",
                        "ODbL-1.0",
                        "odc-odbl",
                        "datapackage.json",
                        7,
                        "datapackage.json resource",
                        "data",
                    ),
                )
            ),
        ),
        Status.PASS,
        "CC-BY-4.0",
    ),
    Case(
        "DPG-2",
        "data set with a resource described without a license",
        build_facts(
            asset_types=("data",),
            licenses=license_facts(license_text("CC-BY-4.0", asset_types=("data",))),
            license_parts=LicenseParts(
                unlicensed=(UnlicensedPart("b.csv", "datapackage.json", 12, "datapackage.json"),)
            ),
        ),
        Status.NEEDS_REVIEW,
        "b.csv (datapackage.json) has no license",
    ),
    Case(
        "DPG-2",
        "non-commercial content: accepted by the Standard's text, warned with the newer guidance",
        build_facts(
            asset_types=("content",),
            licenses=license_facts(license_text("CC-BY-NC-SA-4.0", asset_types=("content",))),
        ),
        Status.WARN,
        "CC-BY-NC-SA-4.0 forbids commercial use",
    ),
    # DPG-3: clear ownership
    Case(
        "DPG-3",
        "copyright notice naming a holder",
        build_facts(
            notices=[
                CopyrightNotice(
                    "LICENSE", 3, "Copyright 2024 Example Foundation", "Example Foundation", False
                )
            ]
        ),
        Status.PASS,
        "Owned by Example Foundation",
    ),
    Case(
        "DPG-3",
        "declared owner organisation",
        build_facts(manifest="organizations:\n  - name: Example Org\n    org_type: owner\n"),
        Status.PASS,
        "Owned by Example Org",
    ),
    Case(
        "DPG-3",
        "placeholder only",
        build_facts(
            notices=[CopyrightNotice("LICENSE", 3, "Copyright [yyyy] [name of copyright owner]", None, True)]
        ),
        Status.FAIL,
        "template placeholders",
    ),
    Case(
        "DPG-3",
        "declared page missing",
        build_facts(manifest="clearOwnership:\n  copyrightURL: NOTICE.md\n"),
        Status.FAIL,
        "not in the repository",
    ),
    Case("DPG-3", "nothing", build_facts(), Status.NEEDS_REVIEW, "No owner named in the repository"),
    Case(
        "DPG-3",
        "explicit Yes without any owner is not proof",
        build_facts(manifest="clearOwnership:\n  isOwnershipExplicit: 'Yes'\n"),
        Status.NEEDS_REVIEW,
        "No owner named",
    ),
    Case(
        "DPG-3",
        "package metadata names the owner",
        build_facts(
            notices=[
                CopyrightNotice(
                    "package.json", 18, '"name": "eSatya Team"', "eSatya Team", False, "package metadata"
                )
            ]
        ),
        Status.PASS,
        "Owned by eSatya Team",
    ),
    Case(
        "DPG-3",
        "registry-style clearOwnership names the owner",
        build_facts(
            manifest="clearOwnership:\n  clearOwnershipName: Aam Digital GmbH\n"
            "  clearOwnershipURL: https://aam-digital.com/about-us/\n"
        ),
        Status.PASS,
        "Owned by Aam Digital GmbH",
    ),
    Case(
        "DPG-3",
        "clearOwnership answered Yes names nobody",
        build_facts(manifest="clearOwnership:\n  clearOwnershipName: 'Yes'\n"),
        Status.NEEDS_REVIEW,
        "No owner named",
    ),
    Case(
        "DPG-3",
        "a source header does not outrank the LICENSE holder",
        build_facts(
            notices=[
                CopyrightNotice("LICENSE", 3, "Copyright 2024 Angaza", "Angaza", False),
                CopyrightNotice(
                    "static/a.js", 2, "Copyright 2009 Someone", "Someone", False, "source file header"
                ),
            ]
        ),
        Status.PASS,
        "Owned by Angaza",
    ),
    # The owner's type and country and a CLA are information: they neither make nor break a pass.
    Case(
        "DPG-3",
        "owner profile beside a notice",
        build_facts(notices=[NOTICE], owner_profile=PROFILE),
        Status.PASS,
        "Owned by",
    ),
    Case(
        "DPG-3",
        "owner profile without any holder named",
        build_facts(owner_profile=PROFILE),
        Status.NEEDS_REVIEW,
        "No owner named",
    ),
    # DPG-4: platform independence
    Case(
        "DPG-4",
        "core technologies beside clean manifests",
        build_facts(dependencies=dependency_facts(), technologies=TECHNOLOGIES),
        Status.PASS,
        "No closed",
    ),
    Case(
        "DPG-4",
        "core technologies beside a closed dependency",
        build_facts(dependencies=dependency_facts(("firebase", "supabase")), technologies=TECHNOLOGIES),
        Status.NEEDS_REVIEW,
        "firebase",
    ),
    Case(
        "DPG-4",
        "no closed dependency",
        build_facts(dependencies=dependency_facts()),
        Status.PASS,
        "No closed",
    ),
    Case(
        "DPG-4",
        "closed dependency without alternative",
        build_facts(dependencies=dependency_facts(("firebase", "supabase"))),
        Status.NEEDS_REVIEW,
        "need open alternatives: firebase",
    ),
    Case(
        "DPG-4",
        "closed dependency with a declared alternative",
        build_facts(
            dependencies=dependency_facts(("firebase", "supabase")),
            manifest="platformIndependence:\n  pltIndependenceDesc: supabase replaces firebase\n",
        ),
        Status.PASS,
        "1 with a declared open alternative",
    ),
    Case(
        "DPG-4",
        "declared unrestricted but closed",
        build_facts(
            dependencies=dependency_facts(("firebase", "supabase")),
            manifest="platformIndependence:\n  mandatoryDepsCreateMoreRestrictions: 'No'\n",
        ),
        Status.NEEDS_REVIEW,
        "the repository depends on: firebase",
    ),
    # DPG-5: documentation
    Case(
        "DPG-5",
        "README with setup section",
        build_facts(readme=LONG_README),
        Status.PASS,
        "setup instructions",
    ),
    Case("DPG-5", "no README", build_facts(), Status.NEEDS_REVIEW, "No readable README"),
    Case("DPG-5", "stub README", build_facts(readme="# P\nA tool.\n"), Status.NEEDS_REVIEW, "stub"),
    Case(
        "DPG-5",
        "short README linking its documentation site",
        build_facts(readme="# P\nA tool. Docs: https://p.readthedocs.io/en/latest/\n"),
        Status.NEEDS_REVIEW,
        "Documentation outside the README",
    ),
    Case(
        "DPG-5",
        "Quick start heading",
        build_facts(readme=LONG_README.replace("Installation", "Quick start")),
        Status.PASS,
        "Quick start",
    ),
    Case(
        "DPG-5",
        "setup section that only says TODO",
        build_facts(readme=LONG_README.replace("Run it.", "TODO")),
        Status.NEEDS_REVIEW,
        "no installation",
    ),
    Case(
        "DPG-5",
        "only third-party manuals and news linked",
        build_facts(
            readme="# P\n\n"
            + "A records system for rural clinics. " * 12
            + "\nhttps://docs.docker.com/install/ "
            "https://p.example.org/news/2024 https://img.shields.io/badge/docs-blue.svg\n"
        ),
        Status.NEEDS_REVIEW,
        "no docs are linked",
    ),
    Case(
        "DPG-5",
        "declared documentation missing",
        build_facts(readme=LONG_README, manifest="documentation:\n  documentationURL: docs/manual/\n"),
        Status.FAIL,
        "docs/manual",
    ),
    Case(
        "DPG-5",
        "declared documentation present",
        build_facts(
            readme=LONG_README,
            manifest="documentation:\n  documentationURL: docs/manual/\n",
            paths=["docs/manual/index.md"],
        ),
        Status.PASS,
        "setup instructions",
    ),
    Case(
        "DPG-5",
        "data without a data dictionary",
        build_facts(readme=LONG_README, asset_types=("data",)),
        Status.NEEDS_REVIEW,
        "without field descriptions or how the data was collected or how to interpret it",
    ),
    Case(
        "DPG-5",
        "data with a data dictionary only: the collection and interpretation are missing",
        build_facts(readme=LONG_README, asset_types=("data",), data_docs=["datapackage.json"]),
        Status.NEEDS_REVIEW,
        "without how the data was collected or how to interpret it (field descriptions found)",
    ),
    Case(
        "DPG-5",
        "data with its fields, collection and interpretation",
        build_facts(
            readme=LONG_README,
            asset_types=("data",),
            data_documentation=DataDocumentation(
                fields=(("datapackage.json", 9, "3 of 3 field(s) described in its schema"),),
                collection=(("METHODOLOGY.md", None, "methodology / provenance document"),),
                interpretation=(("README.md", 20, "section: Limitations"),),
                searched=("datapackage.json",),
            ),
        ),
        Status.PASS,
        "Data documentation: the fields, how the data was collected and how to interpret it",
    ),
    # DPG-6: data extraction
    Case(
        "DPG-6",
        "declares no non-PII data",
        build_facts(manifest="NonPII:\n  collectsNonPII: 'No'\n"),
        Status.PASS,
        "collects, uses or generates no non-PII data",
    ),
    Case(
        "DPG-6",
        "declared mechanism corroborated by the README",
        build_facts(
            readme="# P\n\nExport all records as CSV from the admin page.\n",
            manifest="NonPII:\n  collectsNonPII: 'Yes'\n  nonPIIAccessMechanism: CSV export\n",
        ),
        Status.PASS,
        "corroborated",
    ),
    Case(
        "DPG-6",
        "declared mechanism not visible",
        build_facts(manifest="NonPII:\n  collectsNonPII: 'Yes'\n  nonPIIAccessMechanism: CSV export\n"),
        Status.NEEDS_REVIEW,
        "not visible in the repository",
    ),
    Case("DPG-6", "nothing", build_facts(readme="# P\n"), Status.NEEDS_REVIEW, "No data export"),
    # DPG-7: privacy and applicable laws
    Case(
        "DPG-7",
        "policy and laws",
        build_facts(
            policies=[policy("privacy", "PRIVACY.md")], manifest="privacy:\n  privacyComplianceList: [GDPR]\n"
        ),
        Status.PASS,
        "Privacy policy and applicable laws",
    ),
    Case(
        "DPG-7",
        "policy linked from the README",
        build_facts(
            readme="# P\n\nSee https://p.example.org/privacy-policy\n",
            manifest="privacy:\n  privacyComplianceList: [GDPR]\n",
        ),
        Status.PASS,
        "Privacy policy and applicable laws",
    ),
    Case(
        "DPG-7",
        "PII without a policy: absence is not proof",
        build_facts(manifest=PII + "    collectsPII: 'Yes'\n"),
        Status.NEEDS_REVIEW,
        "Missing a privacy policy and the applicable laws",
    ),
    Case(
        "DPG-7",
        "policy URL and law in free text",
        build_facts(
            manifest="privacy:\n  adherenceSteps: [Our policy is at https://p.example.org/legal/privacy]\n"
            "  isPrivacyCompliant: 'Yes'\n" + PII + "    privacySecurityDescription: Under the POPI Act.\n"
        ),
        Status.PASS,
        "Privacy policy and applicable laws",
    ),
    Case(
        "DPG-7",
        "schemeless policy URL",
        build_facts(
            manifest="privacy:\n  privacyComplianceList: [GDPR]\n"
            + PII
            + "    privacyPolicyURL: www.p.example.org/privacy\n"
        ),
        Status.PASS,
        "Privacy policy and applicable laws",
    ),
    Case(
        "DPG-7",
        "privacy page shipped in the application",
        build_facts(
            manifest="privacy:\n  privacyComplianceList: [Data Protection Act 2019]\n",
            privacy=PrivacyFacts(pages=(Place("src/views/PrivacyPolicy.tsx", 3, "<h1>Privacy policy</h1>"),)),
        ),
        Status.PASS,
        "Privacy policy and applicable laws",
    ),
    Case(
        "DPG-7",
        "laws named in the repository, policy missing",
        build_facts(privacy=PrivacyFacts(laws=(Place("README.md", 9, "GDPR"),))),
        Status.NEEDS_REVIEW,
        "Missing a privacy policy;",
    ),
    Case(
        "DPG-7",
        "N/A answers are empty",
        build_facts(
            manifest="privacy:\n  privacyComplianceList: [n/a]\n" + PII + "    privacyPolicyURL: N/A\n"
        ),
        Status.NEEDS_REVIEW,
        "Missing a privacy policy and the applicable laws",
    ),
    Case(
        "DPG-7",
        "declared policy moved: a stale claim warns",
        build_facts(
            paths=["PRIVACY.md"],
            manifest="privacy:\n  privacyComplianceList: [GDPR]\n"
            + PII
            + "    privacyPolicyURL: PRIVACY.txt\n",
        ),
        Status.WARN,
        "path that moved",
    ),
    Case(
        "DPG-7",
        "no PII declared",
        build_facts(manifest=PII + "    collectsPII: 'No'\n"),
        Status.NOT_APPLICABLE,
        "collects no PII",
    ),
    Case(
        "DPG-7",
        "declared policy missing",
        build_facts(manifest=PII + "    privacyPolicyURL: PRIVACY.md\n"),
        Status.FAIL,
        "(PRIVACY.md) is not in the repository",
    ),
    Case(
        "DPG-7",
        "nothing",
        build_facts(),
        Status.NEEDS_REVIEW,
        "Missing a privacy policy and the applicable laws",
    ),
    # DPG-8: standards and practices
    Case(
        "DPG-8",
        "standard and core practices",
        build_facts(
            standards=[
                StandardUse("OpenAPI", "https://spec.openapis.org", (("openapi.yaml", 1, "openapi: 3.0"),))
            ],
            practices=CORE_PRACTICES,
        ),
        Status.PASS,
        "Uses OpenAPI; follows 3 of 3 practices",
    ),
    Case(
        "DPG-8",
        "declared standard, a core practice missing",
        build_facts(
            manifest="standards:\n  standardsList: [FHIR]\n",
            practices=[*CORE_PRACTICES[:2], Practice("contributing guide", ())],
        ),
        Status.NEEDS_REVIEW,
        "Missing contributing guide",
    ),
    Case("DPG-8", "nothing", build_facts(), Status.NEEDS_REVIEW, "No open standard found or declared"),
    # DPG-9A: data privacy and security
    Case(
        "DPG-9A",
        "a reporting address alone",
        build_facts(policies=[policy("security", "SECURITY.md", email="security@p.org")]),
        Status.NEEDS_REVIEW,
        "Only a vulnerability-reporting channel",
    ),
    Case(
        "DPG-9A",
        "security section of the README alone",
        build_facts(readme="# P\n\n## Security\n\nReport vulnerabilities to security@p.org.\n"),
        Status.NEEDS_REVIEW,
        "Only a vulnerability-reporting channel",
    ),
    Case(
        "DPG-9A",
        "safeguards declared in the manifest",
        build_facts(
            manifest=PII
            + "    collectsPII: 'Yes'\n    privacySecurityDescription: Encrypted at rest, RBAC.\n"
        ),
        Status.PASS,
        "Safeguards for personal data described",
    ),
    Case(
        "DPG-9A",
        "safeguards described in the documentation",
        build_facts(
            policies=[policy("security", "SECURITY.md", email="security@p.org")],
            privacy=PrivacyFacts(safeguards=(Place("docs/security.md", 4, "section 'Data protection'"),)),
        ),
        Status.PASS,
        "Safeguards for personal data described and a reporting channel",
    ),
    Case(
        "DPG-9A",
        "PII declared, nothing says how it is protected",
        build_facts(manifest=PII + "    collectsPII: 'Yes'\n"),
        Status.FAIL,
        "nothing says how it is protected",
    ),
    Case(
        "DPG-9A",
        "PII declared, only a reporting channel",
        build_facts(
            manifest=PII + "    collectsPII: 'Yes'\n",
            policies=[policy("security", "SECURITY.md", email="security@p.org")],
        ),
        Status.NEEDS_REVIEW,
        "Only a vulnerability-reporting channel",
    ),
    Case(
        "DPG-9A",
        "PII not protected",
        build_facts(manifest=PII + "    collectsPII: 'Yes'\n    ensurePrivacySecurity: 'No'\n"),
        Status.FAIL,
        "does not ensure its privacy",
    ),
    Case(
        "DPG-9A",
        "no PII",
        build_facts(manifest=PII + "    collectsPII: 'No'\n"),
        Status.NOT_APPLICABLE,
        "does not collect",
    ),
    Case(
        "DPG-9A",
        "policy without a contact",
        build_facts(policies=[policy("security", "SECURITY.md")]),
        Status.NEEDS_REVIEW,
        "No description of how PII is protected",
    ),
    # DPG-9B: inappropriate and illegal content
    Case(
        "DPG-9B",
        "moderated content",
        build_facts(
            manifest=CONTENT
            + "    collectStoreDistribute: 'Yes'\n    illegalContentDetection: 'Yes'\n"
            + "    illegalContentDetectionMechanism: Moderators review every upload\n"
        ),
        Status.PASS,
        "declared detection and moderation",
    ),
    Case(
        "DPG-9B",
        "no user content",
        build_facts(manifest=CONTENT + "    collectStoreDistribute: 'No'\n"),
        Status.NOT_APPLICABLE,
        "does not collect",
    ),
    Case(
        "DPG-9B",
        "content without detection",
        build_facts(
            manifest=CONTENT + "    collectStoreDistribute: 'Yes'\n    illegalContentDetection: 'No'\n"
        ),
        Status.FAIL,
        "no way to detect illegal content",
    ),
    Case("DPG-9B", "not declared", build_facts(), Status.NEEDS_REVIEW, "not declared"),
    Case(
        "DPG-9B",
        "not declared, a content policy in the repository",
        build_facts(policies=[policy("content_policy", "docs/moderation.md")]),
        Status.NEEDS_REVIEW,
        "a content policy is in the repository",
    ),
    Case(
        "DPG-9B",
        "declared without detection, but a moderation policy is in the repository",
        build_facts(
            manifest=CONTENT + "    collectStoreDistribute: 'Yes'\n    illegalContentDetection: 'No'\n",
            policies=[policy("content_policy", "MODERATION.md")],
        ),
        Status.NEEDS_REVIEW,
        "but the repository has a content policy",
    ),
    # DPG-9C: protection from harassment
    Case(
        "DPG-9C",
        "code of conduct with a contact",
        build_facts(policies=[policy("code_of_conduct", "CODE_OF_CONDUCT.md", email="conduct@p.org")]),
        Status.PASS,
        "enforcement contact (CODE_OF_CONDUCT.md)",
    ),
    Case(
        "DPG-9C",
        "template placeholder",
        build_facts(
            policies=[policy("code_of_conduct", "CODE_OF_CONDUCT.md", placeholder="[INSERT CONTACT METHOD]")]
        ),
        Status.FAIL,
        "still the template placeholder",
    ),
    Case(
        "DPG-9C",
        "only linked from the README",
        build_facts(readme="# P\n\nSee https://p.example.org/code-of-conduct\n"),
        Status.NEEDS_REVIEW,
        "A code of conduct is linked",
    ),
    Case(
        "DPG-9C",
        "linked from CONTRIBUTING",
        build_facts(
            conduct=ConductFacts(links=(ConductLink("CONTRIBUTING.md", 4, "https://p.org/code-of-conduct"),))
        ),
        Status.NEEDS_REVIEW,
        "A code of conduct is linked",
    ),
    Case(
        "DPG-9C",
        "contact URL",
        build_facts(
            policies=[policy("code_of_conduct", "CODE_OF_CONDUCT.md")],
            conduct=ConductFacts(
                contacts=(
                    ConductContact("CODE_OF_CONDUCT.md", 57, "contact URL", "https://niis.org/contact"),
                )
            ),
        ),
        Status.PASS,
        "enforcement contact",
    ),
    Case(
        "DPG-9C",
        "no contact at all",
        build_facts(policies=[policy("code_of_conduct", "CODE_OF_CONDUCT.md")]),
        Status.NEEDS_REVIEW,
        "no enforcement contact",
    ),
    Case(
        "DPG-9C",
        "declared no interaction, code present",
        build_facts(
            manifest="doNoHarm:\n  protectionFromHarassment:\n    userInteraction: 'No'\n",
            policies=[policy("code_of_conduct", "CODE_OF_CONDUCT.md", email="c@p.org")],
        ),
        Status.NOT_APPLICABLE,
        "do not interact",
    ),
    Case(
        "DPG-9C",
        "declared interaction, no code anywhere",
        build_facts(manifest="doNoHarm:\n  protectionFromHarassment:\n    userInteraction: 'Yes'\n"),
        Status.FAIL,
        "Users interact (declared)",
    ),
    Case(
        "DPG-9C",
        "declared code of conduct missing",
        build_facts(manifest="doNoHarm:\n  protectionFromHarassment:\n    codeOfConductURL: CONDUCT.md\n"),
        Status.FAIL,
        "(CONDUCT.md) is not in the repository",
    ),
    Case("DPG-9C", "nothing", build_facts(), Status.NEEDS_REVIEW, "No code of conduct found"),
    # AI systems (aimodel, 1.1.7 #193): each part judged under its kind's license rules.
    Case(
        "DPG-2",
        "AI system: weights, code and data all open",
        _ai_facts(),
        Status.PASS,
        "training data: CC-BY-4.0",
    ),
    Case(
        "DPG-2",
        "AI system: weights under a use-restricted license",
        _ai_facts(model_license="bigscience-openrail-m"),
        Status.FAIL,
        "model (weights): bigscience-openrail-m: OpenRAIL",
    ),
    Case(
        "DPG-2",
        "AI system: weights declared not released",
        _ai_facts(closed="model"),
        Status.FAIL,
        "model (weights): declared not released",
    ),
    Case(
        "DPG-2",
        "AI system: no training data found",
        _ai_facts(data=False),
        Status.NEEDS_REVIEW,
        "training data: not found",
    ),
    Case("DPG-5", "AI system: checklist in the card", _ai_facts(), Status.PASS, "AI documentation:"),
    Case(
        "DPG-5",
        "AI system: card without evaluation",
        _ai_facts(sections=("Intended uses", "Training data", "Limitations")),
        Status.NEEDS_REVIEW,
        "AI documentation lacks: evaluation",
    ),
    Case(
        "DPG-4",
        "AI system: restricted base model",
        _ai_facts(base_model="meta-llama/Llama-2-7b-hf"),
        Status.FAIL,
        "use-restricted license: meta-llama/Llama-2-7b-hf",
    ),
    Case(
        "DPG-9A",
        "AI system: training data PII not stated",
        _ai_facts(),
        Status.NEEDS_REVIEW,
        "training data includes personal information (PII) is not stated",
    ),
    Case(
        "DPG-9A",
        "AI system: PII declared absent",
        _ai_facts(pii=True, manifest=PII + "    collectsPII: 'No'\n"),
        Status.NOT_APPLICABLE,
        "does not collect",
    ),
]

CHECK_OF = {indicator.id: indicator.check for indicator in load_catalog().indicators}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.indicator}: {c.name}" for c in CASES])
def test_check_on_hand_built_facts(case: Case) -> None:
    check = builtin_checks()[CHECK_OF[case.indicator]]
    outcome = check(case.facts, CheckContext(asset_types=case.facts.asset_types))
    assert (outcome.status, case.summary in outcome.summary) == (case.status, True), outcome
    assert outcome.evidence, "every verdict carries evidence"


def test_every_indicator_has_a_passing_and_a_failing_row() -> None:
    # Positive and negative cases for every indicator of the catalog (not-applicable counts as
    # a positive; needs-review as a negative where the indicator cannot fail on facts alone).
    for indicator in CHECK_OF:
        statuses = {case.status for case in CASES if case.indicator == indicator}
        assert statuses & {Status.PASS, Status.NOT_APPLICABLE}, indicator
        assert statuses & {Status.FAIL, Status.NEEDS_REVIEW}, indicator


@pytest.mark.parametrize(
    ("indicator", "facts", "expected"),
    [
        (
            "DPG-3",
            build_facts(notices=[NOTICE], owner_profile=PROFILE),
            [
                "owner's organisation type: non-profit (non-profit organisation) — the README: …",
                "owner's country: Kenya — the README: …",
                "code: contributions come under a Contributor License Agreement — Contributor License "
                "Agreement file",
            ],
        ),
        (
            "DPG-4",
            build_facts(dependencies=dependency_facts(), technologies=TECHNOLOGIES),
            [
                "core technology (language): Python — 40 files (.py)",
                "core technology (framework): Django — pypi dependency django",
            ],
        ),
        ("DPG-4", build_facts(dependencies=dependency_facts()), []),
    ],
)
def test_information_lines_follow_the_verdicts_evidence(
    indicator: str, facts: Facts, expected: list[str]
) -> None:
    outcome = builtin_checks()[CHECK_OF[indicator]](facts, CheckContext(asset_types=facts.asset_types))
    info = [item.detail for item in outcome.evidence if item.kind == INFO]
    assert info == expected
    # Information comes after every finding, so the verdict's own evidence reads first.
    kinds = [item.kind == INFO for item in outcome.evidence]
    assert kinds == sorted(kinds)
