"""Build Facts by hand for table-driven check tests: say only what a case is about.

Every argument is optional; what is not given is absent (no README, no manifest, no licenses…).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from dpgcheck.facts import Facts, FileIndex
from dpgcheck.facts.ai_components import AiComponents
from dpgcheck.facts.conduct import ConductFacts
from dpgcheck.facts.data_docs import DataDocumentation
from dpgcheck.facts.dependencies import ClosedDependency, Dependency, DependencyFacts
from dpgcheck.facts.docs import DocsFacts, analyse_readme
from dpgcheck.facts.licenses.detect import LicenseFacts, LicenseFinding
from dpgcheck.facts.licenses.parts import LicenseParts
from dpgcheck.facts.licenses.spdx import approvals
from dpgcheck.facts.links import LinkFacts, LinkRef
from dpgcheck.facts.manifest.license_claim import license_claim
from dpgcheck.facts.manifest.model import Manifest
from dpgcheck.facts.manifest.parse import parse_manifest_text
from dpgcheck.facts.owner_profile import OwnerProfile
from dpgcheck.facts.ownership import CopyrightNotice
from dpgcheck.facts.policies import PolicyFacts, PolicyFile
from dpgcheck.facts.privacy import PrivacyFacts
from dpgcheck.facts.sdg import SdgMention
from dpgcheck.facts.standards import Practice, StandardsFacts, StandardUse
from dpgcheck.facts.technologies import Technology

README = "README.md"
MANIFEST = "dpg.yaml"


def build_facts(
    *,
    asset_types: tuple[str, ...] = ("software",),
    paths: Iterable[str] = (),
    readme: str | None = None,
    manifest: str | None = None,
    licenses: LicenseFacts | None = None,
    policies: Sequence[PolicyFile] = (),
    dependencies: DependencyFacts | None = None,
    standards: Sequence[StandardUse] = (),
    practices: Sequence[Practice] = (),
    notices: Sequence[CopyrightNotice] = (),
    sdg_mentions: Sequence[SdgMention] = (),
    data_docs: Sequence[str] = (),
    links: Sequence[LinkRef] = (),
    texts: Mapping[str, str | None] | None = None,
    conduct: ConductFacts | None = None,
    privacy: PrivacyFacts | None = None,
    ai: AiComponents | None = None,
    technologies: Sequence[Technology] = (),
    owner_profile: OwnerProfile | None = None,
    license_parts: LicenseParts | None = None,
    data_documentation: DataDocumentation | None = None,
) -> Facts:
    """Facts of a repository holding ``paths`` (plus the README and dpg.yaml when given)."""
    files = set(paths)
    parsed: Manifest | None = None
    if manifest is not None:
        files.add(MANIFEST)
        parsed = parse_manifest_text(MANIFEST, manifest)
    docs = DocsFacts(None, None, (), ())
    if readme is not None:
        files.add(README)
        docs = DocsFacts(analyse_readme(README, readme), None, (), ())
    files |= {policy.path for policy in policies}
    index = FileIndex(frozenset(files), frozenset(_folders(files)))
    licenses = licenses or license_facts()
    by_role: dict[str, tuple[PolicyFile, ...]] = {}
    for policy in policies:
        by_role[policy.role] = (*by_role.get(policy.role, ()), policy)
    return Facts(
        asset_types=asset_types,
        files=index,
        host=None,
        manifest=parsed,
        manifest_notes=(),
        publiccode=None,
        repository_urls=(),
        licenses=licenses,
        license_claim=license_claim(parsed, None, licenses, index, ()),
        docs=docs,
        readme_text=readme or "",
        policy_paths={role: [p.path for p in found] for role, found in by_role.items()},
        policies=PolicyFacts(by_role),
        dependencies=dependencies or dependency_facts(),
        standards=StandardsFacts(tuple(standards), tuple(practices)),
        copyright_notices=tuple(notices),
        sdg_mentions=tuple(sdg_mentions),
        data_docs=tuple(data_docs),
        links=LinkFacts(tuple(links)),
        texts=dict(texts or {}),
        conduct=conduct or ConductFacts(),
        privacy=privacy or PrivacyFacts(),
        ai=ai,
        technologies=tuple(technologies),
        owner_profile=owner_profile,
        license_parts=license_parts,
        data_documentation=data_documentation,
    )


def _folders(paths: Iterable[str]) -> set[str]:
    folders: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def license_text(
    spdx: str | None, path: str = "LICENSE", asset_types: Iterable[str] = ("software",)
) -> LicenseFinding:
    """A license file whose text was classified as ``spdx`` (None: matched nothing)."""
    approval = approvals(spdx, asset_types) if spdx else {}
    return LicenseFinding(spdx, path, "text", 1.0 if spdx else 0.3, approval=approval, primary=bool(spdx))


def license_facts(*files: LicenseFinding) -> LicenseFacts:
    """License facts from license files alone; the effective licenses are the identified ones."""
    effective = tuple(dict.fromkeys(f.spdx for f in files if f.spdx))
    return LicenseFacts(files, (), tuple(f.path for f in files), (), effective=effective)


def dependency_facts(*closed: tuple[str, str]) -> DependencyFacts:
    """One package.json whose run-time dependencies include ``closed`` (name, open alternative)."""
    deps = [Dependency("npm", name, "runtime", "package.json", 3 + i) for i, (name, _) in enumerate(closed)]
    found = tuple(
        ClosedDependency(dep, "Proprietary SDK.", (alternative,) if alternative else ())
        for dep, (_, alternative) in zip(deps, closed, strict=True)
    )
    return DependencyFacts(tuple(deps), ("package.json",), (), found)


def policy(role: str, path: str, *, email: str | None = None, placeholder: str | None = None) -> PolicyFile:
    """A readable policy file, with an e-mail contact and/or a template placeholder at line 5."""
    return PolicyFile(
        role,
        path,
        True,
        emails=((5, email),) if email else (),
        placeholders=((5, placeholder),) if placeholder else (),
    )


CORE_PRACTICES = (
    Practice("automated tests", ("tests/test_app.py",)),
    Practice("continuous integration", (".github/workflows/ci.yml",)),
    Practice("contributing guide", ("CONTRIBUTING.md",)),
)
