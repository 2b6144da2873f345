"""Facts about one repository, as data: a frozen tree built once by ``collect.collect_facts``.

Checks read these and nothing else: they never see the snapshot, so each check is a pure
function of a Facts a test can build by hand (tests/factsbuilder.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from dpgcheck.facts.ai_components import AiComponents
    from dpgcheck.facts.conduct import ConductFacts
    from dpgcheck.facts.data_docs import DataDocumentation
    from dpgcheck.facts.dependencies import DependencyFacts
    from dpgcheck.facts.docs import DocsFacts
    from dpgcheck.facts.eligibility import EligibilitySign
    from dpgcheck.facts.extraction import ExtractionFacts
    from dpgcheck.facts.licenses.detect import LicenseFacts
    from dpgcheck.facts.licenses.parts import LicenseParts
    from dpgcheck.facts.links import LinkFacts
    from dpgcheck.facts.manifest.license_claim import LicenseClaim
    from dpgcheck.facts.manifest.model import Manifest
    from dpgcheck.facts.manifest.publiccode import PublicCode
    from dpgcheck.facts.owner_profile import OwnerProfile
    from dpgcheck.facts.ownership import CopyrightNotice
    from dpgcheck.facts.policies import PolicyFacts
    from dpgcheck.facts.privacy import PrivacyFacts
    from dpgcheck.facts.sdg import SdgMention
    from dpgcheck.facts.standards import StandardsFacts
    from dpgcheck.facts.technologies import Technology
    from dpgcheck.facts.user_activity import ActivityFacts
    from dpgcheck.sources.snapshot import HostMetadata


class FileIndex(msgspec.Struct, frozen=True):
    """The repository's file list, for claims about paths (``documentationURL: docs/``)."""

    paths: frozenset[str] = frozenset()
    directories: frozenset[str] = frozenset()  # every folder that holds a file
    skipped: Mapping[str, str] = msgspec.field(default_factory=dict)  # files that could not be read, and why

    def exists(self, path: str) -> bool:
        """Whether ``path`` is a file of the repository."""
        return path in self.paths


class Facts(msgspec.Struct, frozen=True):
    """Everything the checks know about one repository, for the asset types being checked."""

    asset_types: tuple[str, ...]
    files: FileIndex
    host: HostMetadata | None  # what the code host says (None for a plain folder)
    manifest: Manifest | None  # the evidence manifest (dpg.yaml), if any
    manifest_notes: tuple[str, ...]  # links followed, unknown fields, a declared-type mismatch
    publiccode: PublicCode | None
    repository_urls: tuple[str, ...]  # the project's own repository URLs, normalised
    licenses: LicenseFacts
    license_claim: LicenseClaim | None  # declared licenses (dpg.yaml, publiccode.yml) vs detected
    docs: DocsFacts
    readme_text: str  # the README's text ("" without a readable README)
    policy_paths: Mapping[str, Sequence[str]]  # policy file paths by role
    policies: PolicyFacts
    dependencies: DependencyFacts
    standards: StandardsFacts
    copyright_notices: tuple[CopyrightNotice, ...]
    sdg_mentions: tuple[SdgMention, ...]
    data_docs: tuple[str, ...]  # data dictionaries and schemas (looked for when data is checked)
    links: LinkFacts  # the project's links; their results are attached once checked
    texts: Mapping[str, str | None] = msgspec.field(default_factory=dict)  # files checks declared they read
    extraction: ExtractionFacts | None = None  # API descriptions and export code (DPG-6)
    conduct: ConductFacts = msgspec.field(
        default_factory=lambda: _no_conduct()
    )  # code-of-conduct contacts, links
    privacy: PrivacyFacts = msgspec.field(default_factory=lambda: _no_privacy())  # DPG-7 / DPG-9A evidence
    # What the docs say users do and the personal data the code collects, read when a manifest
    # is given (its "No" answers are checked against them: DPG-7, 9A, 9B, 9C). These three are
    # None when not read, so that a run that needs none of them never imports their modules.
    activity: ActivityFacts | None = None
    ai: AiComponents | None = None  # the parts of an AI system (read when aimodel is checked)
    technologies: tuple[Technology, ...] = ()  # core languages, frameworks, databases (DPG-4)
    eligibility: tuple[EligibilitySign, ...] = ()  # library / fork signs, for the report's notes
    owner_profile: OwnerProfile | None = None  # organisation type, country, contributor agreements (DPG-3)
    # Per-part licenses of a data set or content collection (read when data or content is checked).
    license_parts: LicenseParts | None = None
    data_documentation: DataDocumentation | None = None  # DPG-5, data

    def to_dict(self) -> dict[str, Any]:
        """The report's ``facts`` section: what was detected, for people and tools."""
        deps = self.dependencies
        return {
            "files_indexed": len(self.files.paths),
            "licenses": [item.to_dict() for item in self.licenses.all],
            "effective_licenses": list(self.licenses.effective),
            "manifest": self.manifest.path if self.manifest else None,
            "manifest_files": list(self.manifest.all_files) if self.manifest else [],
            "manifest_todos": len(self.manifest.todos) if self.manifest else 0,
            "publiccode": self.publiccode.path if self.publiccode else None,
            "readme": self.docs.readme.path if self.docs.readme else None,
            "docs_dirs": [name for name, _ in self.docs.docs_dirs],
            "policies": {role: [f.path for f in files] for role, files in self.policies.files.items()},
            "dependencies": {
                "manifests": len(deps.manifests),
                "count": len(deps.dependencies),
                "runtime": len(deps.runtime()),
                "closed": [
                    {
                        "name": c.dependency.name,
                        "ecosystem": c.dependency.ecosystem,
                        "path": c.dependency.path,
                        "line": c.dependency.line,
                        "reason": c.reason,
                    }
                    for c in deps.closed
                ],
            },
            "technologies": [item.to_dict() for item in self.technologies],
            "standards": [s.name for s in self.standards.standards],
            "practices": {p.name: list(p.paths) for p in self.standards.practices},
            "links": self.links.to_dict(),
            "host": _host_dict(self.host),
            "skipped_files": [{"path": p, "reason": r} for p, r in sorted(self.files.skipped.items())],
        }


def _no_conduct() -> ConductFacts:
    from dpgcheck.facts.conduct import ConductFacts

    return ConductFacts()


def _no_privacy() -> PrivacyFacts:
    from dpgcheck.facts.privacy import PrivacyFacts

    return PrivacyFacts()


def _host_dict(meta: HostMetadata | None) -> dict[str, Any] | None:
    if meta is None:
        return None
    return {
        "host": meta.host,
        "url": meta.url,
        "description": meta.description,
        "topics": list(meta.topics),
        "homepage": meta.homepage,
        "default_branch": meta.default_branch,
        "archived": meta.archived,
        "license_spdx": meta.license_spdx,
        **{key: value for key, value in meta.extra.items() if key not in ("api_requests",)},
    }
