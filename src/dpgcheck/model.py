"""The report as data: statuses, evidence, indicator results and the report itself.

Everything here is a frozen dataclass so a report can be passed around, rendered in several
formats and compared without anyone mutating it underway.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import msgspec

from dpgcheck.model_facts import ReportFacts
from dpgcheck.model_read import Fields, MalformedReport

SCHEMA_VERSION = "1"


class Status(StrEnum):
    """The closed set of outcomes of one indicator."""

    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    NEEDS_REVIEW = "needs-review"
    NOT_APPLICABLE = "not-applicable"
    ERROR = "error"

    @property
    def severity(self) -> int:
        """Rank used by ``--fail-on``: higher is worse."""
        return _SEVERITY[self]


_SEVERITY = {
    Status.PASS: 0,
    Status.NOT_APPLICABLE: 0,
    Status.NEEDS_REVIEW: 1,
    Status.WARN: 2,
    Status.FAIL: 3,
    # A check that could not run cannot vouch for the project: it gates like a failure.
    Status.ERROR: 4,
}

FAIL_ON_LEVELS: dict[str, int] = {
    "fail": Status.FAIL.severity,
    "warn": Status.WARN.severity,
    "needs-review": Status.NEEDS_REVIEW.severity,
    "never": 99,
}

STATUS_ORDER = tuple(Status)


INFO = "info"
"""Evidence kind of a line given for the reviewer's information (core technologies, the owner's
country): not a finding, so waivers need not cover it and it never decides a verdict."""


class Evidence(msgspec.Struct, frozen=True):
    """One thing found (or found missing) that supports a verdict."""

    kind: str  # "file" | "url" | "manifest" | "metadata" | "info" (INFO: not a finding)
    detail: str
    path: str | None = None
    line: int | None = None
    url: str | None = None

    def location(self) -> str:
        """A short human location: ``path:line``, the URL, or empty."""
        if self.path:
            return f"{self.path}:{self.line}" if self.line else self.path
        return self.url or ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract's evidence object."""
        return {
            "kind": self.kind,
            "path": self.path,
            "line": self.line,
            "url": self.url,
            "detail": self.detail,
        }

    @classmethod
    def from_fields(cls, data: Fields) -> Evidence:
        """Read one evidence object (see ``dpgcheck.model_read`` for what may be absent)."""
        return cls(
            kind=data.text("kind"),
            detail=data.text("detail"),
            path=data.maybe_text("path"),
            line=data.maybe_integer("line"),
            url=data.maybe_text("url"),
        )


class CheckOutcome(msgspec.Struct, frozen=True):
    """What a check function returns; the engine adds the catalog's title and texts."""

    status: Status
    summary: str
    evidence: tuple[Evidence, ...] = ()
    remediation: str | None = None  # overrides the catalog's generic remediation


class Waiver(msgspec.Struct, frozen=True):
    """A configured waiver as it applied to one result (see dpgcheck.policy).

    An expired waiver is still attached, so every report says that it stopped waiving.
    """

    reason: str
    expires: str | None = None  # ISO date, inclusive
    expired: bool = False
    findings: tuple[str, ...] = ()  # empty: the whole indicator is waived
    source: str | None = None  # the configuration file that declared it

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract's waiver object."""
        return {
            "reason": self.reason,
            "expires": self.expires,
            "expired": self.expired,
            "findings": list(self.findings),
            "source": self.source,
        }

    @classmethod
    def from_fields(cls, data: Fields) -> Waiver:
        """Read one waiver object."""
        return cls(
            reason=data.text("reason"),
            expires=data.maybe_text("expires"),
            expired=data.flag("expired", False),
            findings=data.texts("findings", required=False),
            source=data.maybe_text("source"),
        )


class IndicatorResult(msgspec.Struct, frozen=True):
    """The verdict on one indicator, with everything a reader needs to act on it."""

    id: str
    title: str
    status: Status
    automation: str
    summary: str
    evidence: tuple[Evidence, ...]
    remediation: str | None
    help_url: str | None
    requirement: str | None = None  # the Standard's requirement, in short (from the catalog)
    required: bool = True  # False: advisory by configuration, never gates the exit code
    waiver: Waiver | None = None
    # Files a finding without a file of its own is attached to (SARIF needs a location): the
    # license files for a check that shows license facts (``Check.shows_license_facts``).
    # Not part of the JSON contract, so not of equality either: a report read back from JSON
    # (``Report.from_dict``) equals the one written.
    anchor_files: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not IndicatorResult:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def _compared(self) -> tuple[Any, ...]:
        """Every field but ``anchor_files``, which is not part of the JSON contract."""
        return tuple(getattr(self, name) for name in self.__struct_fields__ if name != "anchor_files")

    @property
    def waived(self) -> bool:
        """Whether an unexpired waiver covers this result (its status stays what it was)."""
        return self.waiver is not None and not self.waiver.expired

    @property
    def gates(self) -> bool:
        """Whether this result can decide the exit code: required and not waived."""
        return self.required and not self.waived

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract's indicator object."""
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "automation": self.automation,
            "summary": self.summary,
            "evidence": [item.to_dict() for item in self.evidence],
            "remediation": self.remediation,
            "help_url": self.help_url,
            "requirement": self.requirement,
            "required": self.required,
            "waived": self.waived,
            "waiver": self.waiver.to_dict() if self.waiver else None,
        }

    @classmethod
    def from_fields(cls, data: Fields) -> IndicatorResult:
        """Read one indicator object; ``waived`` is derived from the waiver, not read."""
        waiver = data.maybe_child("waiver")
        return cls(
            id=data.text("id"),
            title=data.text("title"),
            status=_status(data, "status"),
            automation=data.text("automation"),
            summary=data.text("summary"),
            evidence=tuple(Evidence.from_fields(item) for item in data.children("evidence")),
            remediation=data.maybe_text("remediation"),
            help_url=data.maybe_text("help_url"),
            requirement=data.maybe_text("requirement"),
            required=data.flag("required", True),
            waiver=Waiver.from_fields(waiver) if waiver is not None else None,
        )


def _status(data: Fields, key: str) -> Status:
    value = data.text(key)
    try:
        return Status(value)
    except ValueError:
        raise MalformedReport(f"{data.where}.{key} is {value!r}, not one of {', '.join(Status)}") from None


class EligibilityNote(msgspec.Struct, frozen=True):
    """A note for the reviewer on whether the repository is a kind of solution the DPGA
    recognises (a library, a fork): shown with the report, never a verdict."""

    kind: str  # "library" | "fork"
    note: str
    evidence: tuple[Evidence, ...] = ()
    source: str = ""  # the DPGA's public text the note rests on

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract's eligibility note object."""
        return {
            "kind": self.kind,
            "note": self.note,
            "evidence": [item.to_dict() for item in self.evidence],
            "source": self.source,
        }

    @classmethod
    def from_fields(cls, data: Fields) -> EligibilityNote:
        """Read one note."""
        return cls(
            kind=data.text("kind"),
            note=data.text("note"),
            evidence=tuple(Evidence.from_fields(item) for item in data.children("evidence", required=False)),
            source=data.text("source", ""),
        )


class Target(msgspec.Struct, frozen=True):
    """What was checked."""

    kind: str  # "local" | "git" | "github" | "gitlab" | "registry"
    location: str
    revision: str | None = None


class Report(msgspec.Struct, frozen=True):
    """The whole result of one check run."""

    tool_version: str
    standard_name: str
    standard_version: str
    target: Target
    asset_types: tuple[str, ...]
    results: tuple[IndicatorResult, ...]
    facts: ReportFacts | None = None  # None: no facts were gathered (the section is ``{}``)
    notes: tuple[str, ...] = ()
    fail_on: str | None = None  # the gate applied by dpgcheck.policy; None when no policy ran
    eligibility: tuple[EligibilityNote, ...] = ()  # library / fork notes for the reviewer

    def counts(self) -> dict[str, int]:
        """How many indicators ended in each status (every status present, zeros included)."""
        counts = {status.value: 0 for status in Status}
        for result in self.results:
            counts[result.status.value] += 1
        return counts

    @property
    def overall(self) -> str:
        """``fail`` if anything failed or errored, ``needs-review`` if anything is open, else ``pass``.

        Waived results keep their status but do not count here: a waiver is an accepted finding.
        """
        statuses = {result.status for result in self.results if not result.waived}
        if statuses & {Status.FAIL, Status.ERROR}:
            return "fail"
        if statuses & {Status.WARN, Status.NEEDS_REVIEW}:
            return "needs-review"
        return "pass"

    def worst_severity(self) -> int:
        """The highest severity among the results (0 when there are none)."""
        return max((result.status.severity for result in self.results), default=0)

    def gating(self, fail_on: str | None = None) -> tuple[IndicatorResult, ...]:
        """The results that make the run fail at ``fail_on`` (default: the report's, else ``fail``)."""
        level = FAIL_ON_LEVELS[fail_on or self.fail_on or "fail"]
        return tuple(r for r in self.results if r.gates and r.status.severity >= level)

    def gate_dict(self) -> dict[str, Any] | None:
        """The gate decision for the JSON report, or None when no policy set ``fail_on``."""
        if self.fail_on is None:
            return None
        gating = self.gating()
        return {
            "fail_on": self.fail_on,
            "status": "fail" if gating else "pass",
            "gating": [result.id for result in gating],
        }

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON report (schema_version 1): add fields, never rename them."""
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "dpgcheck", "version": self.tool_version},
            "standard": {"name": self.standard_name, "version": self.standard_version},
            "target": {
                "kind": self.target.kind,
                "location": self.target.location,
                "revision": self.target.revision,
            },
            "asset_types": list(self.asset_types),
            "summary": {
                "status": self.overall,
                "counts": self.counts(),
                "waived": sum(1 for result in self.results if result.waived),
                "gate": self.gate_dict(),
            },
            "indicators": [result.to_dict() for result in self.results],
            "facts": self.facts.to_dict() if self.facts is not None else {},
            "notes": list(self.notes),
            "eligibility_notes": [note.to_dict() for note in self.eligibility],
        }

    @classmethod
    def from_dict(cls, data: object) -> Report:
        """The report ``to_dict`` wrote as ``data``: its exact inverse.

        The summary (status, counts, waived) is derived from the indicators, not read; of the
        gate only ``fail_on`` is kept. Raises MalformedReport, naming the key, when ``data`` is
        not a report of this schema_version (a cut line, an edited file, another version).
        """
        fields = Fields(data, "")
        version = fields.text("schema_version")
        if version != SCHEMA_VERSION:
            raise MalformedReport(
                f"schema_version {version!r} is not {SCHEMA_VERSION!r}, which this dpgcheck reads"
            )
        tool, standard, target = fields.child("tool"), fields.child("standard"), fields.child("target")
        summary = fields.maybe_child("summary")
        gate = summary.maybe_child("gate") if summary is not None else None
        facts = fields.maybe_child("facts")
        fail_on = gate.text("fail_on") if gate is not None else None
        if fail_on is not None and fail_on not in FAIL_ON_LEVELS:
            raise MalformedReport(
                f"summary.gate.fail_on is {fail_on!r}, not one of {', '.join(FAIL_ON_LEVELS)}"
            )
        return cls(
            tool_version=tool.text("version"),
            standard_name=standard.text("name"),
            standard_version=standard.text("version"),
            target=Target(target.text("kind"), target.text("location"), target.maybe_text("revision")),
            asset_types=fields.texts("asset_types"),
            results=tuple(IndicatorResult.from_fields(item) for item in fields.children("indicators")),
            facts=ReportFacts.from_dict(facts.data) if facts is not None and facts.data else None,
            notes=fields.texts("notes", required=False),
            fail_on=fail_on,
            eligibility=tuple(
                EligibilityNote.from_fields(item)
                for item in fields.children("eligibility_notes", required=False)
            ),
        )
