"""Run one built-in check on a hand-made repository, and read its evidence."""

from __future__ import annotations

from pathlib import Path

from dpgcheck.checks import CheckContext, builtin_checks
from dpgcheck.facts.collect import collect_facts
from dpgcheck.facts.manifest.parse import load_manifest
from dpgcheck.model import INFO, CheckOutcome
from dpgcheck.sources.local import open_local


def run_check(
    root: Path,
    check: str,
    asset_types: tuple[str, ...] = ("software",),
    manifest_path: str | None = None,
) -> CheckOutcome:
    """The outcome of the check named ``check`` on the repository at ``root``."""
    snapshot = open_local(str(root))
    facts = collect_facts(snapshot, load_manifest(snapshot, manifest_path), asset_types)
    return builtin_checks()[check](facts, CheckContext(asset_types=asset_types))


def locations(outcome: CheckOutcome) -> set[tuple[str | None, int | None]]:
    """(path, line) of every evidence item but the informational ones (``INFO``: DPG-3's owner
    type and country, DPG-4's core technologies), which every result carries."""
    return {(item.path, item.line) for item in outcome.evidence if item.kind != INFO}


def evidence_at(outcome: CheckOutcome, path: str, line: int | None = None, containing: str = "") -> str:
    """The detail of the evidence item at ``path`` (and ``line``, and with ``containing`` in it).

    Fails the test when there is none.
    """
    for item in outcome.evidence:
        if item.path == path and (line is None or item.line == line) and containing in item.detail:
            return item.detail
    raise AssertionError(f"no evidence at {path}:{line} with {containing!r} in {outcome.evidence}")


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line containing ``fragment``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in text")
