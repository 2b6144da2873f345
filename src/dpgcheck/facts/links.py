"""Link facts: the documentation, privacy, copyright, license and homepage URLs a project gives,
and (when a link checker is given, i.e. not ``--offline``) whether each one answers.

URLs come from the README, the evidence manifest and the host's metadata. Checking them is
network work, done once here through the prober a source created, before any check runs; the
checks only read the results.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from dpgcheck.facts.docs import DocsFacts
from dpgcheck.facts.manifest.model import Manifest
from dpgcheck.sources.link_result import LinkProber, LinkResult, LinkStatus
from dpgcheck.sources.snapshot import HostMetadata

ROLES = ("documentation", "privacy", "copyright", "license", "homepage")


class LinkRef(msgspec.Struct, frozen=True):
    """A URL the project gives for one purpose, and where it gives it."""

    url: str
    role: str
    source: str  # "README" | "manifest" | "host"
    path: str | None = None
    line: int | None = None


class LinkFacts(msgspec.Struct, frozen=True):
    """The project's links and, when checked, what each answered."""

    refs: tuple[LinkRef, ...]
    results: Mapping[str, LinkResult] = msgspec.field(default_factory=dict)
    checked: bool = False

    def result(self, url: str) -> LinkResult | None:
        """The check result of ``url``, if it was checked."""
        return self.results.get(url)

    def by_role(self, *roles: str) -> list[LinkRef]:
        """The references with one of ``roles``."""
        return [ref for ref in self.refs if ref.role in roles]

    def dead(self) -> list[LinkResult]:
        """Links that were checked and are dead."""
        return [r for r in self.results.values() if r.status is LinkStatus.DEAD]

    def to_dict(self) -> list[dict[str, Any]]:
        """The report's ``facts.links``."""
        return [
            {
                "url": ref.url,
                "role": ref.role,
                "source": ref.source,
                "path": ref.path,
                "line": ref.line,
                "check": self.results[ref.url].to_dict() if ref.url in self.results else None,
            }
            for ref in self.refs
        ]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _url(value: Any) -> str | None:
    text = str(value).strip() if isinstance(value, str) else ""
    return text if text.lower().startswith(("http://", "https://")) else None


def collect_links(docs: DocsFacts, manifest: Manifest | None, metadata: HostMetadata | None) -> list[LinkRef]:
    """Every URL the project gives for documentation, privacy, copyright, license or homepage."""
    refs: list[LinkRef] = []
    if manifest is not None:
        for index, value in enumerate(_as_list(manifest.get("documentation", "documentationURL"))):
            if url := _url(value):
                line = manifest.line("documentation", "documentationURL", index)
                refs.append(LinkRef(url, "documentation", "manifest", manifest.path, line))
        for keys, role in (
            (("doNoHarm", "dataPrivacySecurity", "privacyPolicyURL"), "privacy"),
            (("clearOwnership", "copyrightURL"), "copyright"),
            (("website",), "homepage"),
        ):
            if url := _url(manifest.get(*keys)):
                refs.append(LinkRef(url, role, "manifest", manifest.path, manifest.line(*keys)))
        for index, entry in enumerate(_as_list(manifest.get("license"))):
            if isinstance(entry, Mapping) and (url := _url(entry.get("licenseURL"))):
                line = manifest.line("license", index, "licenseURL")
                refs.append(LinkRef(url, "license", "manifest", manifest.path, line))
    if docs.readme is not None:
        for line, url in docs.readme.doc_links[:5]:
            refs.append(LinkRef(url, "documentation", "README", docs.readme.path, line))
    if metadata is not None and (url := _url(metadata.homepage)):
        refs.append(LinkRef(url, "homepage", "host"))
    return _unique(refs)


def _unique(refs: Iterable[LinkRef]) -> list[LinkRef]:
    seen: set[tuple[str, str]] = set()
    unique: list[LinkRef] = []
    for ref in refs:
        if (ref.url, ref.role) not in seen:
            seen.add((ref.url, ref.role))
            unique.append(ref)
    return unique


def check_links(refs: list[LinkRef], prober: LinkProber | None) -> LinkFacts:
    """The link facts; without a prober (``--offline``) the links are listed, not checked."""
    if prober is None or not refs:
        return LinkFacts(tuple(refs), {}, checked=prober is not None)
    return LinkFacts(tuple(refs), dict(prober.check(ref.url for ref in refs)), checked=True)
