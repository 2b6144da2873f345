"""The report's ``facts`` section as data: what was detected, for people and tools.

``ReportFacts`` mirrors, key for key and in the same order, what the facts of a run write
(``Facts.to_dict``); the engine builds it with ``ReportFacts.from_dict`` and the formats read
its attributes. ``to_dict`` gives back exactly the JSON it was read from, so the JSON report
stays the same byte for byte. When the facts could not be gathered, only ``error`` is set and
the section is ``{"error": "…"}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from dpgcheck.model_read import Fields

_HOST_KEYS = (
    "host",
    "url",
    "description",
    "topics",
    "homepage",
    "default_branch",
    "archived",
    "license_spdx",
)


class LicenseApproval(msgspec.Struct, frozen=True):
    """Whether a license is approved for one asset type, and by which rule."""

    approved: bool
    rule: str


class LicenseFact(msgspec.Struct, frozen=True):
    """One license found in one place (``facts.licenses[]``)."""

    spdx: str | None
    path: str
    method: str
    confidence: float
    line: int | None = None
    end_line: int | None = None
    source: str = ""
    how: str = ""
    package: str | None = None
    closest: str | None = None
    note: str | None = None
    primary: bool = False
    scope: str | None = None
    approved: bool = False
    approved_by: str = ""
    approval: Mapping[str, LicenseApproval] = msgspec.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON entry."""
        return {
            "spdx": self.spdx,
            "path": self.path,
            "line": self.line,
            "end_line": self.end_line,
            "method": self.method,
            "source": self.source,
            "how": self.how,
            "package": self.package,
            "confidence": self.confidence,
            "closest": self.closest,
            "note": self.note,
            "primary": self.primary,
            "scope": self.scope,
            "approved": self.approved,
            "approved_by": self.approved_by,
            "approval": {
                asset: {"approved": item.approved, "rule": item.rule} for asset, item in self.approval.items()
            },
        }

    @classmethod
    def from_fields(cls, data: Fields) -> LicenseFact:
        """Read one entry (see ``dpgcheck.model_read`` for what may be absent)."""
        approval = data.maybe_child("approval")
        return cls(
            spdx=data.maybe_text("spdx"),
            path=data.text("path"),
            method=data.text("method"),
            confidence=data.number("confidence"),
            line=data.maybe_integer("line"),
            end_line=data.maybe_integer("end_line"),
            source=data.text("source", ""),
            how=data.text("how", ""),
            package=data.maybe_text("package"),
            closest=data.maybe_text("closest"),
            note=data.maybe_text("note"),
            primary=data.flag("primary", False),
            scope=data.maybe_text("scope"),
            approved=data.flag("approved", False),
            approved_by=data.text("approved_by", ""),
            approval={
                asset: LicenseApproval(item.flag("approved"), item.text("rule"))
                for asset, item in ((a, approval.child(a)) for a in approval.data)
            }
            if approval is not None
            else {},
        )


class ClosedDependencyFact(msgspec.Struct, frozen=True):
    """A dependency on the catalog's list of closed services (``facts.dependencies.closed[]``)."""

    name: str
    ecosystem: str
    path: str
    line: int | None
    reason: str


class DependencyCounts(msgspec.Struct, frozen=True):
    """``facts.dependencies``: how many manifests and dependencies, and the closed ones."""

    manifests: int = 0
    count: int = 0
    runtime: int = 0
    closed: tuple[ClosedDependencyFact, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON object."""
        return {
            "manifests": self.manifests,
            "count": self.count,
            "runtime": self.runtime,
            "closed": [
                {"name": c.name, "ecosystem": c.ecosystem, "path": c.path, "line": c.line, "reason": c.reason}
                for c in self.closed
            ],
        }

    @classmethod
    def from_fields(cls, data: Fields) -> DependencyCounts:
        """Read the object."""
        return cls(
            manifests=data.integer("manifests", 0),
            count=data.integer("count", 0),
            runtime=data.integer("runtime", 0),
            closed=tuple(
                ClosedDependencyFact(
                    c.text("name"),
                    c.text("ecosystem"),
                    c.text("path"),
                    c.maybe_integer("line"),
                    c.text("reason"),
                )
                for c in data.children("closed", required=False)
            ),
        )


class LinkCheckFact(msgspec.Struct, frozen=True):
    """What checking one URL found (``facts.links[].check``)."""

    url: str
    status: str  # ok | dead | unverified
    http_status: int | None = None
    final_url: str | None = None
    detail: str = ""


class LinkFact(msgspec.Struct, frozen=True):
    """A URL the project gives for one purpose, where, and what checking it found."""

    url: str
    role: str
    source: str
    path: str | None = None
    line: int | None = None
    check: LinkCheckFact | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON entry."""
        check = self.check
        return {
            "url": self.url,
            "role": self.role,
            "source": self.source,
            "path": self.path,
            "line": self.line,
            "check": None
            if check is None
            else {
                "url": check.url,
                "status": check.status,
                "http_status": check.http_status,
                "final_url": check.final_url,
                "detail": check.detail,
            },
        }

    @classmethod
    def from_fields(cls, data: Fields) -> LinkFact:
        """Read one entry."""
        check = data.maybe_child("check")
        return cls(
            url=data.text("url"),
            role=data.text("role"),
            source=data.text("source"),
            path=data.maybe_text("path"),
            line=data.maybe_integer("line"),
            check=None
            if check is None
            else LinkCheckFact(
                check.text("url"),
                check.text("status"),
                check.maybe_integer("http_status"),
                check.maybe_text("final_url"),
                check.text("detail", ""),
            ),
        )


class HostFact(msgspec.Struct, frozen=True):
    """What the code host says about the repository (``facts.host``).

    ``extra`` holds the host's own further fields (GitHub's ``fork``, GitLab's ``star_count``,
    a community profile): JSON data, written after the common ones.
    """

    host: str
    url: str
    description: str | None = None
    topics: tuple[str, ...] = ()
    homepage: str | None = None
    default_branch: str | None = None
    archived: bool | None = None
    license_spdx: str | None = None
    extra: Mapping[str, object] = msgspec.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object."""
        return {
            "host": self.host,
            "url": self.url,
            "description": self.description,
            "topics": list(self.topics),
            "homepage": self.homepage,
            "default_branch": self.default_branch,
            "archived": self.archived,
            "license_spdx": self.license_spdx,
            **self.extra,
        }

    @classmethod
    def from_fields(cls, data: Fields) -> HostFact:
        """Read the object; keys other than the common ones go to ``extra``."""
        return cls(
            host=data.text("host"),
            url=data.text("url"),
            description=data.maybe_text("description"),
            topics=data.texts("topics", required=False),
            homepage=data.maybe_text("homepage"),
            default_branch=data.maybe_text("default_branch"),
            archived=data.maybe_flag("archived"),
            license_spdx=data.maybe_text("license_spdx"),
            extra={key: value for key, value in data.data.items() if key not in _HOST_KEYS},
        )


class TechnologyFact(msgspec.Struct, frozen=True):
    """A core technology the repository shows (``facts.technologies[]``, DPG-4's question)."""

    name: str
    kind: str  # language | framework | database | service
    detail: str
    path: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON entry."""
        return {
            "name": self.name,
            "kind": self.kind,
            "detail": self.detail,
            "path": self.path,
            "line": self.line,
        }

    @classmethod
    def from_fields(cls, data: Fields) -> TechnologyFact:
        """Read one entry."""
        return cls(
            name=data.text("name"),
            kind=data.text("kind"),
            detail=data.text("detail", ""),
            path=data.maybe_text("path"),
            line=data.maybe_integer("line"),
        )


class SkippedFile(msgspec.Struct, frozen=True):
    """A file left out of the index, and why (``facts.skipped_files[]``)."""

    path: str
    reason: str


class ReportFacts(msgspec.Struct, frozen=True):
    """The ``facts`` section of a report (every key may be absent in an older report)."""

    files_indexed: int = 0
    licenses: tuple[LicenseFact, ...] = ()
    effective_licenses: tuple[str, ...] = ()
    manifest: str | None = None
    manifest_files: tuple[str, ...] = ()
    manifest_todos: int = 0
    publiccode: str | None = None
    readme: str | None = None
    docs_dirs: tuple[str, ...] = ()
    policies: Mapping[str, tuple[str, ...]] = msgspec.field(default_factory=dict)  # role -> paths
    dependencies: DependencyCounts = msgspec.field(default_factory=DependencyCounts)
    technologies: tuple[TechnologyFact, ...] = ()
    standards: tuple[str, ...] = ()
    practices: Mapping[str, tuple[str, ...]] = msgspec.field(default_factory=dict)  # practice -> paths
    links: tuple[LinkFact, ...] = ()
    host: HostFact | None = None
    skipped_files: tuple[SkippedFile, ...] = ()
    error: str | None = None  # the facts could not be gathered: the only key written

    def to_dict(self) -> dict[str, Any]:
        """The report's ``facts`` object, exactly as the facts of the run wrote it."""
        if self.error is not None:
            return {"error": self.error}
        return {
            "files_indexed": self.files_indexed,
            "licenses": [item.to_dict() for item in self.licenses],
            "effective_licenses": list(self.effective_licenses),
            "manifest": self.manifest,
            "manifest_files": list(self.manifest_files),
            "manifest_todos": self.manifest_todos,
            "publiccode": self.publiccode,
            "readme": self.readme,
            "docs_dirs": list(self.docs_dirs),
            "policies": {role: list(paths) for role, paths in self.policies.items()},
            "dependencies": self.dependencies.to_dict(),
            "technologies": [item.to_dict() for item in self.technologies],
            "standards": list(self.standards),
            "practices": {name: list(paths) for name, paths in self.practices.items()},
            "links": [link.to_dict() for link in self.links],
            "host": self.host.to_dict() if self.host else None,
            "skipped_files": [{"path": item.path, "reason": item.reason} for item in self.skipped_files],
        }

    @classmethod
    def from_dict(cls, data: object, where: str = "facts") -> ReportFacts:
        """The facts of ``data`` (a ``to_dict`` result); MalformedReport when its shape is wrong."""
        fields = Fields(data, where)
        if "error" in fields.data:
            return cls(error=fields.text("error"))
        dependencies = fields.maybe_child("dependencies")
        host = fields.maybe_child("host")
        return cls(
            files_indexed=fields.integer("files_indexed", 0),
            licenses=tuple(
                LicenseFact.from_fields(item) for item in fields.children("licenses", required=False)
            ),
            effective_licenses=fields.texts("effective_licenses", required=False),
            manifest=fields.maybe_text("manifest"),
            manifest_files=fields.texts("manifest_files", required=False),
            manifest_todos=fields.integer("manifest_todos", 0),
            publiccode=fields.maybe_text("publiccode"),
            readme=fields.maybe_text("readme"),
            docs_dirs=fields.texts("docs_dirs", required=False),
            policies=fields.text_lists("policies"),
            dependencies=DependencyCounts.from_fields(dependencies)
            if dependencies is not None
            else DependencyCounts(),
            technologies=tuple(
                TechnologyFact.from_fields(item) for item in fields.children("technologies", required=False)
            ),
            standards=fields.texts("standards", required=False),
            practices=fields.text_lists("practices"),
            links=tuple(LinkFact.from_fields(item) for item in fields.children("links", required=False)),
            host=HostFact.from_fields(host) if host is not None else None,
            skipped_files=tuple(
                SkippedFile(item.text("path"), item.text("reason"))
                for item in fields.children("skipped_files", required=False)
            ),
        )
