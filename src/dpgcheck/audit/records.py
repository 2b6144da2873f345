"""The lines of ``results.jsonl``: one JSON object per finished target, read back typed.

A line is either a **report line** — the JSON report of ``dpgcheck check -f json``
(schema_version 1) plus an ``audit`` object — or an **error line** for a target that could not
be checked::

    {"schema_version": "1", "status": "error", "target": "<target>", "error": "<why>",
     "hint": "<what to do>" | null, "audit": {…}}

Both carry ``audit``: ``key`` (the target's identity for --resume and --compare), ``target``,
``manifest``, ``name``, ``origin``, ``revision`` (git HEAD, ``tree:<digest>`` for a folder
outside git, the remote revision, or null), ``manifest_digest``, ``seconds`` and
``checked_at``. A report line has no top-level ``status``; its verdict is ``summary.status``.

``parse_line`` turns a line into a ``ReportRecord`` (the report through ``Report.from_dict``)
or an ``ErrorRecord``. A line with a readable key whose rest does not read (cut short, edited,
written by another version) becomes an ErrorRecord saying why, so it shows as that target's
error and ``--resume`` checks it again; a line without a readable key is not an audit record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from dpgcheck.model import Evidence, Report, Status
from dpgcheck.model_read import Fields, MalformedReport

RESULTS_FILE = "results.jsonl"


class AuditFields(msgspec.Struct, frozen=True):
    """The ``audit`` object of a line: which target, which revision, when and how long."""

    key: str
    target: str | None = None
    manifest: str | None = None
    name: str | None = None
    group: str | None = None  # the registry entry of several repositories this line is one of
    origin: str | None = None
    revision: str | None = None
    manifest_digest: str | None = None
    seconds: float | None = None
    checked_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object, in the order the runner writes it."""
        return {
            "key": self.key,
            "target": self.target,
            "manifest": self.manifest,
            "name": self.name,
            "group": self.group,
            "origin": self.origin,
            "revision": self.revision,
            "manifest_digest": self.manifest_digest,
            "seconds": self.seconds,
            "checked_at": self.checked_at,
        }

    @classmethod
    def from_fields(cls, data: Fields) -> AuditFields:
        """Read the object (MalformedReport when a field has the wrong type)."""
        seconds = data.data.get("seconds")
        if seconds is not None and (not isinstance(seconds, int | float) or isinstance(seconds, bool)):
            raise MalformedReport(f"{data.where}.seconds is not a number")
        return cls(
            key=data.text("key"),
            target=data.maybe_text("target"),
            manifest=data.maybe_text("manifest"),
            name=data.maybe_text("name"),
            group=data.maybe_text("group"),
            origin=data.maybe_text("origin"),
            revision=data.maybe_text("revision"),
            manifest_digest=data.maybe_text("manifest_digest"),
            seconds=seconds,
            checked_at=data.maybe_text("checked_at"),
        )


class Brief(msgspec.Struct, frozen=True):
    """What the runner keeps of a finished target: enough for counts and the exit status."""

    status: str  # pass | needs-review | fail | error
    severity: int
    failing: tuple[str, ...] = ()  # indicator ids that failed or errored


class Claim(msgspec.Struct, frozen=True):
    """A failing or warning indicator whose evidence cites the manifest: a contradicted claim."""

    id: str
    status: str
    summary: str
    claims: tuple[Evidence, ...]  # the evidence that cites the declaration
    evidence: tuple[Evidence, ...]  # the rest: what the repository shows


class ErrorRecord(msgspec.Struct, frozen=True):
    """An error line: a target that could not be checked (or whose line cannot be read)."""

    audit: AuditFields
    target: str
    error: str
    hint: str | None = None

    status = "error"

    @property
    def label(self) -> str:
        """What a person calls the target: the registry name, else the target string."""
        return _label(self.audit, self.audit.target or self.target)

    def indicator_statuses(self) -> dict[str, str]:
        """Indicator id → status: none for an error."""
        return {}

    def license_ids(self) -> list[str]:
        """The detected licenses: none for an error."""
        return []

    def contradicted_claims(self) -> list[Claim]:
        """Claims the repository contradicts: none for an error."""
        return []

    def brief(self) -> Brief:
        """The runner's brief of this line."""
        return Brief("error", Status.ERROR.severity)


class ReportRecord(msgspec.Struct, frozen=True):
    """A report line: the target's report and its audit fields."""

    audit: AuditFields
    report: Report

    @property
    def status(self) -> str:
        """The report's overall status (pass / needs-review / fail)."""
        return self.report.overall

    @property
    def label(self) -> str:
        """What a person calls the target: the registry name, else the target string."""
        return _label(self.audit, self.audit.target or self.report.target.location)

    def indicator_statuses(self) -> dict[str, str]:
        """Indicator id → status."""
        return {result.id: result.status.value for result in self.report.results}

    def license_ids(self) -> list[str]:
        """The project's effective licenses (else every distinct SPDX id detected), sorted.

        The effective licenses are what a license change means to a reviewer; a file header or
        a bundled third-party text changing does not change the project's license.
        """
        facts = self.report.facts
        if facts is None:
            return []
        if facts.effective_licenses:
            return sorted({item for item in facts.effective_licenses if item})
        return sorted({item.spdx for item in facts.licenses if item.spdx})

    def contradicted_claims(self) -> list[Claim]:
        """Failing or warning indicators whose evidence cites the manifest.

        Evidence cites the manifest when it is of kind ``manifest`` or points into the manifest file.
        """
        manifest = self.report.facts.manifest if self.report.facts is not None else None
        claims = []
        for result in self.report.results:
            if result.status not in (Status.FAIL, Status.WARN):
                continue
            cited = tuple(
                e for e in result.evidence if e.kind == "manifest" or (manifest and e.path == manifest)
            )
            if cited:
                rest = tuple(e for e in result.evidence if not any(e is c for c in cited))
                claims.append(Claim(result.id, result.status.value, result.summary, cited, rest))
        return claims

    def brief(self) -> Brief:
        """The runner's brief of this line."""
        results = self.report.results
        failing = tuple(r.id for r in results if r.status in (Status.FAIL, Status.ERROR))
        return Brief(self.status, max((r.status.severity for r in results), default=0), failing)


Record = ReportRecord | ErrorRecord


def _label(audit: AuditFields, target: str) -> str:
    name = audit.name
    return f"{name} ({target})" if name and name != target else str(target or audit.key)


def iter_records(path: Path) -> Iterator[Record]:
    """The audit lines of a results file in order; damaged lines (a killed write) are skipped."""
    try:
        handle = path.open("r", encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return
    with handle:
        for line in handle:
            record = parse_line(line)
            if record is not None:
                yield record


def parse_line(line: str) -> Record | None:
    """One line as a record, or None when it is damaged or not an audit record (no key)."""
    if not line.endswith("\n"):
        return None  # the last line of a killed run: never trust a line without its newline
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return None
    audit = data.get("audit") if isinstance(data, dict) else None
    if not isinstance(audit, dict) or not isinstance(audit.get("key"), str):
        return None
    key: str = audit["key"]
    try:
        return _read(data)
    except MalformedReport as exc:
        # Keep what names the target (for its label); the rest of the line is not trusted.
        target, name = audit.get("target"), audit.get("name")
        target = target if isinstance(target, str) else key
        return ErrorRecord(
            AuditFields(key, target=target, name=name if isinstance(name, str) else None),
            target,
            f"its line in {RESULTS_FILE} cannot be read: {exc}",
            "Run the audit again with --resume: it checks this target again.",
        )


def _read(data: dict[str, Any]) -> Record:
    fields = Fields(data, "")
    audit = AuditFields.from_fields(fields.child("audit"))
    if data.get("status") == "error":
        return ErrorRecord(audit, fields.text("target"), fields.text("error"), fields.maybe_text("hint"))
    return ReportRecord(audit, Report.from_dict(data))
