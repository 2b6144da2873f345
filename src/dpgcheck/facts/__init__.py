"""Facts derived from a Snapshot, each computed once and only when a check asks for it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

from dpgcheck.catalog import data_file
from dpgcheck.facts.claims import LicenseClaim, license_claim, repository_urls
from dpgcheck.facts.dependencies import DependencyFacts, read_dependencies
from dpgcheck.facts.docs import DocsFacts, detect_docs
from dpgcheck.facts.licenses import LicenseFacts, detect_licenses
from dpgcheck.facts.links import LinkFacts, LinkRef, check_links, collect_links
from dpgcheck.facts.manifest import Manifest, load_manifest
from dpgcheck.facts.ownership import CopyrightNotice, find_notices
from dpgcheck.facts.policies import PolicyFacts, find_policy_files, read_policies
from dpgcheck.facts.publiccode import PublicCode, read_publiccode
from dpgcheck.facts.sdg import SdgMention, find_sdg_mentions
from dpgcheck.facts.standards import StandardsFacts, detect_practices, detect_standards, telltale_pool
from dpgcheck.sources.links import LinkProber, LinkResult
from dpgcheck.sources.snapshot import Snapshot


class Facts:
    """Lazy, cached facts about one snapshot for the asset types being checked."""

    def __init__(
        self,
        snapshot: Snapshot,
        asset_types: tuple[str, ...] = ("software",),
        manifest_path: str | None = None,
        link_checker: LinkProber | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.asset_types = asset_types
        self._manifest_path = manifest_path
        self._link_checker = link_checker
        self._pending_links: tuple[list[LinkRef], Callable[[], Mapping[str, LinkResult]]] | None = None

    @cached_property
    def patterns(self) -> dict[str, Any]:
        """The catalog's file-name patterns."""
        patterns = data_file("file-patterns.yaml")
        return patterns if isinstance(patterns, dict) else {}

    @cached_property
    def manifest(self) -> Manifest | None:
        """The evidence manifest, or None when the project has none."""
        return load_manifest(self.snapshot, self._manifest_path)

    @cached_property
    def manifest_notes(self) -> tuple[str, ...]:
        """The manifest's notes (links followed, unknown fields) and a declared-type mismatch."""
        if self.manifest is None:
            return ()
        declared = self.manifest.get("type")
        declared = [str(t) for t in declared] if isinstance(declared, list) else []
        notes = list(self.manifest.notes)
        if declared and set(declared) != set(self.asset_types):
            notes.append(
                f"{self.manifest.file_of('type')} declares type {', '.join(declared)} but the check ran "
                f"for {', '.join(self.asset_types)}; pass "
                + " ".join(f"--type {t}" for t in declared)
                + " to judge licenses for the declared types"
            )
        return tuple(notes)

    @cached_property
    def publiccode(self) -> PublicCode | None:
        """The repository's publiccode.yml, if it has one."""
        return read_publiccode(self.snapshot)

    @cached_property
    def repository_urls(self) -> list[str]:
        """The project's own repository URLs (manifest, publiccode.yml, host), normalised."""
        return repository_urls(self.manifest, self.snapshot, self.publiccode)

    @cached_property
    def license_claim(self) -> LicenseClaim | None:
        """The declared licenses (dpg.yaml, publiccode.yml) against the detected ones."""
        return license_claim(
            self.manifest, self.publiccode, self.licenses, self.snapshot, self.repository_urls
        )

    @cached_property
    def licenses(self) -> LicenseFacts:
        """License files and declared licenses."""
        return detect_licenses(self.snapshot, self.asset_types)

    @cached_property
    def docs(self) -> DocsFacts:
        """README and documentation folders."""
        return detect_docs(self.snapshot, [str(d) for d in self.patterns.get("docs_dirs", [])])

    @cached_property
    def policy_paths(self) -> dict[str, list[str]]:
        """Policy file paths by role, without reading them."""
        return find_policy_files(self.snapshot, self.patterns)

    @cached_property
    def policies(self) -> PolicyFacts:
        """Policy files, read."""
        return read_policies(self.snapshot, self.patterns)

    @cached_property
    def dependencies(self) -> DependencyFacts:
        """Dependencies of every manifest, and the closed ones."""
        closed = data_file("closed-dependencies.yaml") or []
        return read_dependencies(self.snapshot, closed)

    @cached_property
    def standards(self) -> StandardsFacts:
        """Open standards and engineering practices."""
        catalog = data_file("open-standards.yaml") or []
        # One pass over every path for both: standards' telltale files and practices' files.
        pool = telltale_pool(self.snapshot, catalog, self.patterns)
        return StandardsFacts(
            tuple(detect_standards(self.snapshot, self.dependencies.dependencies, catalog, pool)),
            tuple(detect_practices(self.snapshot, self.patterns, self.policy_paths, pool)),
        )

    @cached_property
    def copyright_notices(self) -> tuple[CopyrightNotice, ...]:
        """Copyright notices from license, NOTICE, AUTHORS and README files and file headers."""
        others = list(self.policy_paths.get("ownership", []))
        if self.docs.readme:
            others.append(self.docs.readme.path)
        return tuple(find_notices(self.snapshot, self.licenses.candidates, others))

    @cached_property
    def sdg_mentions(self) -> tuple[SdgMention, ...]:
        """Places that name the SDGs."""
        readme = self.docs.readme.path if self.docs.readme else None
        return tuple(find_sdg_mentions(self.snapshot, readme))

    def start_link_checks(self) -> None:
        """Send the link checks' requests now, so their network waits overlap the other facts;
        ``links`` then collects the answers. Only for a checker that can start early (has
        ``start``); when collecting the links or starting fails, ``links`` does it all later
        and fails where a check asks, as it would have without this."""
        start = getattr(self._link_checker, "start", None)
        if not callable(start) or self._pending_links is not None or "links" in self.__dict__:
            return
        try:
            refs = collect_links(self.docs, self.manifest, self.snapshot.metadata)
            if refs:
                self._pending_links = (refs, start(ref.url for ref in refs))
        except Exception:
            return

    @cached_property
    def links(self) -> LinkFacts:
        """Documentation, privacy, copyright, license and homepage URLs, checked unless offline."""
        if self._pending_links is not None:
            refs, finish = self._pending_links
            return LinkFacts(tuple(refs), dict(finish()), checked=True)
        refs = collect_links(self.docs, self.manifest, self.snapshot.metadata)
        return check_links(refs, self._link_checker)

    def to_dict(self) -> dict[str, Any]:
        """The report's ``facts`` section: what was detected, for people and tools."""
        deps = self.dependencies
        return {
            "files_indexed": len(self.snapshot.paths),
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
            "standards": [s.name for s in self.standards.standards],
            "practices": {p.name: list(p.paths) for p in self.standards.practices},
            "links": self.links.to_dict(),
            "host": _host_dict(self.snapshot),
            "skipped_files": [{"path": p, "reason": r} for p, r in sorted(self.snapshot.skipped.items())],
        }


def _host_dict(snapshot: Snapshot) -> dict[str, Any] | None:
    meta = snapshot.metadata
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
