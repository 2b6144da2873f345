"""The lines of ``results.jsonl``: one JSON object per finished target.

A line is either a **report line** — the JSON report of ``dpgcheck check -f json``
(schema_version 1) plus an ``audit`` object — or an **error line** for a target that could not
be checked::

    {"schema_version": "1", "status": "error", "target": "<target>", "error": "<why>",
     "hint": "<what to do>" | null, "audit": {…}}

Both carry ``audit``: ``key`` (the target's identity for --resume and --compare), ``target``,
``manifest``, ``name``, ``origin``, ``revision`` (git HEAD, ``tree:<digest>`` for a folder
outside git, the remote revision, or null), ``manifest_digest``, ``seconds`` and
``checked_at``. A report line has no top-level ``status``; its verdict is ``summary.status``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

RESULTS_FILE = "results.jsonl"

Record = dict[str, Any]


def is_error(record: Record) -> bool:
    """True for an error line."""
    return record.get("status") == "error"


def record_status(record: Record) -> str:
    """``error`` for an error line, else the report's overall status (pass/needs-review/fail)."""
    if is_error(record):
        return "error"
    summary = record.get("summary")
    return str(summary.get("status", "error")) if isinstance(summary, dict) else "error"


def record_key(record: Record) -> str | None:
    """The audit key of a line, or None for a line that is not an audit record."""
    audit = record.get("audit")
    key = audit.get("key") if isinstance(audit, dict) else None
    return key if isinstance(key, str) else None


def record_label(record: Record) -> str:
    """What a person calls the target: the registry name, else the target string."""
    audit = _mapping(record.get("audit"))
    name = audit.get("name")
    target = audit.get("target") or record.get("target")
    if isinstance(target, dict):
        target = target.get("location")
    return f"{name} ({target})" if name and name != target else str(target or audit.get("key"))


def indicator_statuses(record: Record) -> dict[str, str]:
    """Indicator id → status of a report line (empty for an error line)."""
    indicators = record.get("indicators")
    if not isinstance(indicators, list):
        return {}
    return {str(i.get("id")): str(i.get("status")) for i in indicators if isinstance(i, dict)}


def license_ids(record: Record) -> list[str]:
    """The project's effective licenses (else every distinct SPDX id detected), sorted.

    The effective licenses are what a license change means to a reviewer; a file header or a
    bundled third-party text changing does not change the project's license.
    """
    effective = _mapping(record.get("facts")).get("effective_licenses")
    if isinstance(effective, list) and effective:
        return sorted({str(item) for item in effective if item})
    found = _mapping(record.get("facts")).get("licenses")
    if not isinstance(found, list):
        return []
    return sorted({str(f["spdx"]) for f in found if isinstance(f, dict) and f.get("spdx")})


def contradicted_claims(record: Record) -> list[dict[str, Any]]:
    """Failing or warning indicators whose evidence cites the manifest: claims the repository contradicts.

    Evidence cites the manifest when it is of kind ``manifest`` or points into the manifest file.
    """
    manifest = _mapping(record.get("facts")).get("manifest")
    claims = []
    for indicator in record.get("indicators") or ():
        if not isinstance(indicator, dict) or indicator.get("status") not in ("fail", "warn"):
            continue
        evidence = [e for e in indicator.get("evidence") or () if isinstance(e, dict)]
        cited = [
            e for e in evidence if e.get("kind") == "manifest" or (manifest and e.get("path") == manifest)
        ]
        if cited:
            claims.append(
                {
                    "id": indicator.get("id"),
                    "status": indicator.get("status"),
                    "summary": indicator.get("summary"),
                    "claims": cited,
                    "evidence": [e for e in evidence if not any(e is c for c in cited)],
                }
            )
    return claims


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def iter_records(path: Path) -> Iterator[Record]:
    """The valid lines of a results file in order; damaged lines (a killed write) are skipped."""
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
    """One line as a record, or None when it is damaged or not an audit record."""
    if not line.endswith("\n"):
        return None  # the last line of a killed run: never trust a line without its newline
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(record, dict) or record_key(record) is None:
        return None
    return record
