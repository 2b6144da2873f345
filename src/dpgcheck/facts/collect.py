"""Build the Facts of one snapshot: every read and parse the checks rely on, done once, here.

``collect_facts`` is also what a remote snapshot prefetches for: run under
``snapshot.prefetch``, the reads it makes are the files to fetch in one batch (checks read no
files of their own). The links are collected here and checked by the engine afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from msgspec.structs import replace

from dpgcheck.catalog import data_file
from dpgcheck.facts import Facts, FileIndex
from dpgcheck.facts.conduct import read_conduct
from dpgcheck.facts.dependencies import read_dependencies
from dpgcheck.facts.docs import DocsFacts, detect_docs
from dpgcheck.facts.eligibility import find_eligibility_signs
from dpgcheck.facts.extraction import detect_extraction
from dpgcheck.facts.globs import GlobSet
from dpgcheck.facts.licenses.agreement import PORTION
from dpgcheck.facts.licenses.detect import LicenseFacts, detect_licenses
from dpgcheck.facts.links import LinkFacts, collect_links
from dpgcheck.facts.manifest.claims import repository_urls
from dpgcheck.facts.manifest.license_claim import license_claim
from dpgcheck.facts.manifest.model import Manifest
from dpgcheck.facts.manifest.publiccode import read_publiccode
from dpgcheck.facts.named_standards import doc_files, find_named_standards
from dpgcheck.facts.owner_profile import read_owner_profile
from dpgcheck.facts.owner_statements import find_owner_statements
from dpgcheck.facts.ownership import find_notices, ownership_files
from dpgcheck.facts.policies import find_policy_files, read_policies
from dpgcheck.facts.privacy import collect_privacy
from dpgcheck.facts.sdg import find_sdg_mentions
from dpgcheck.facts.standards import StandardsFacts, detect_practices, detect_standards, telltale_pool
from dpgcheck.facts.technologies import detect_technologies
from dpgcheck.sources.snapshot import Snapshot

DATA_DOCS_SHOWN = 3
"""Data dictionaries and schemas cited at most (one is enough to satisfy DPG-5 for data)."""


def collect_facts(
    snapshot: Snapshot,
    manifest: Manifest | None = None,
    asset_types: tuple[str, ...] = ("software",),
    reads: Iterable[str] = (),
) -> Facts:
    """The facts of ``snapshot`` for ``asset_types``, with ``manifest`` as its evidence manifest.

    ``reads``: further files whose text a check declared it needs (``Check.reads``); each one
    the repository has is read into ``Facts.texts``. The links are collected, not checked:
    ``Facts.links`` has no results until the engine attaches them.
    """
    patterns = _patterns()
    publiccode = read_publiccode(snapshot)
    repo_urls = tuple(repository_urls(manifest, snapshot, publiccode))
    licenses = detect_licenses(snapshot, asset_types)
    docs = detect_docs(snapshot, [str(d) for d in patterns.get("docs_dirs", [])])
    readme_path = docs.readme.path if docs.readme else None
    policy_paths = find_policy_files(snapshot, patterns)
    dependencies = read_dependencies(snapshot, data_file("closed-dependencies.yaml") or [])
    catalog = data_file("open-standards.yaml") or []
    # One pass over every path for both: standards' telltale files and practices' files.
    pool = telltale_pool(snapshot, catalog, patterns)
    standards = StandardsFacts(
        tuple(detect_standards(snapshot, dependencies.dependencies, catalog, pool)),
        tuple(detect_practices(snapshot, patterns, policy_paths, pool)),
        tuple(find_named_standards(snapshot, readme_path, doc_files(snapshot, readme_path, docs.folders))),
    )
    owner_files = [
        *ownership_files(snapshot, [str(d) for d in patterns.get("policy_dirs", [""])]),
        *policy_paths.get("ownership", []),
        *([readme_path] if readme_path else []),
    ]
    data_docs: tuple[str, ...] = ()
    if "data" in asset_types:
        data_patterns = [str(p) for p in patterns.get("data_docs", [])]
        data_docs = tuple(GlobSet(data_patterns).select(snapshot, DATA_DOCS_SHOWN))
    readme_text = (snapshot.read_text(readme_path) or "") if readme_path else ""
    facts = Facts(
        asset_types=asset_types,
        files=FileIndex(snapshot.path_set, snapshot.directories),
        host=snapshot.metadata,
        manifest=manifest,
        manifest_notes=_manifest_notes(manifest, asset_types),
        publiccode=publiccode,
        repository_urls=repo_urls,
        licenses=licenses,
        license_claim=license_claim(manifest, publiccode, licenses, snapshot, repo_urls),
        docs=docs,
        readme_text=readme_text,
        policy_paths=policy_paths,
        policies=read_policies(snapshot, patterns),
        dependencies=dependencies,
        standards=standards,
        copyright_notices=tuple(
            find_notices(
                snapshot,
                licenses.candidates,
                owner_files,
                find_owner_statements(snapshot, readme_path),
                _portion_lines(licenses),
            )
        ),
        sdg_mentions=tuple(find_sdg_mentions(snapshot, readme_path)),
        data_docs=data_docs,
        links=LinkFacts(tuple(collect_links(docs, manifest, snapshot.metadata))),
        texts={path: snapshot.read_text(path) for path in dict.fromkeys(reads) if snapshot.exists(path)},
        extraction=detect_extraction(snapshot),
        conduct=read_conduct(
            snapshot,
            policy_paths.get("code_of_conduct", []),
            [*([readme_path] if readme_path else []), *policy_paths.get("contributing", [])],
        ),
        privacy=collect_privacy(
            snapshot,
            readme_path,
            tuple(policy_paths.get("privacy", [])),
            tuple(policy_paths.get("security", [])),
            tuple(name for name, _ in docs.docs_dirs),
        ),
        technologies=detect_technologies(
            snapshot, dependencies.dependencies, data_file("technologies.yaml") or {}
        ),
        eligibility=find_eligibility_signs(snapshot, readme_path, readme_text, asset_types),
        owner_profile=read_owner_profile(
            snapshot, publiccode, readme_path, readme_text, tuple(policy_paths.get("contributing", []))
        ),
        **_optional_facts(snapshot, manifest, asset_types, readme_path, docs, licenses, data_docs),
    )
    # Last: the reads above are what may have been skipped.
    return _with_skipped(facts, snapshot)


def _optional_facts(
    snapshot: Snapshot,
    manifest: Manifest | None,
    asset_types: tuple[str, ...],
    readme_path: str | None,
    docs: DocsFacts,
    licenses: LicenseFacts,
    data_docs: tuple[str, ...],
) -> dict[str, Any]:
    """The facts only some runs need, by ``Facts`` field: each is read, and its module imported,
    only when the asset types or a manifest ask for it (a software check without a manifest
    loads none of them); the fields left out keep their empty defaults."""
    found: dict[str, Any] = {}
    if manifest is not None:
        # Only a manifest's "No" answers are checked against what the docs say users do.
        from dpgcheck.facts.user_activity import collect_activity

        documents = [*([readme_path] if readme_path else []), *doc_files(snapshot, readme_path, docs.folders)]
        found["activity"] = collect_activity(snapshot, documents)
    if "aimodel" in asset_types:
        from dpgcheck.facts.ai_components import collect_ai_components

        found["ai"] = collect_ai_components(snapshot, readme_path, _unknown_license_texts(licenses))
    if "data" in asset_types or "content" in asset_types:
        from dpgcheck.facts.licenses.collection import collect_license_parts

        found["license_parts"] = collect_license_parts(snapshot, licenses, asset_types)
    if "data" in asset_types:
        from dpgcheck.facts.data_docs import collect_data_documentation

        found["data_documentation"] = collect_data_documentation(
            snapshot, readme_path, docs.folders, data_docs
        )
    return found


def _portion_lines(licenses: LicenseFacts) -> dict[str, int]:
    """Per license file, the first line of a portion's license appended to it (see PORTION)."""
    lines: dict[str, int] = {}
    for finding in licenses.files:
        if finding.note.startswith(PORTION) and finding.line:
            lines[finding.path] = min(lines.get(finding.path, finding.line), finding.line)
    return lines


def _unknown_license_texts(licenses: LicenseFacts) -> tuple[str, ...]:
    """License files whose text matched no known license (a model license, say)."""
    return tuple(dict.fromkeys(f.path for f in licenses.all if f.spdx is None and f.method == "text"))


def _with_skipped(facts: Facts, snapshot: Snapshot) -> Facts:
    return replace(facts, files=replace(facts.files, skipped=dict(snapshot.skipped)))


def _patterns() -> dict[str, Any]:
    """The catalog's file-name patterns."""
    patterns = data_file("file-patterns.yaml")
    return patterns if isinstance(patterns, dict) else {}


def _manifest_notes(manifest: Manifest | None, asset_types: tuple[str, ...]) -> tuple[str, ...]:
    """The manifest's notes (links followed, unknown fields) and a declared-type mismatch."""
    if manifest is None:
        return ()
    declared = manifest.get("type")
    declared = [str(t) for t in declared] if isinstance(declared, list) else []
    notes = list(manifest.notes)
    if declared and set(declared) != set(asset_types):
        notes.append(
            f"{manifest.file_of('type')} declares type {', '.join(declared)} but the check ran "
            f"for {', '.join(asset_types)}; pass "
            + " ".join(f"--type {t}" for t in declared)
            + " to judge licenses for the declared types"
        )
    return tuple(notes)
