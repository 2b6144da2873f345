"""Render the license detection alone (``dpgcheck licenses``): pure LicenseFacts -> str functions."""

from __future__ import annotations

import json
from typing import Any

from dpgcheck.facts.licenses.detect import LicenseFacts, LicenseFinding
from dpgcheck.facts.licenses.spdx import approvals


def licenses_dict(facts: LicenseFacts, target: str, asset_types: tuple[str, ...]) -> dict[str, Any]:
    """The detection as JSON-ready data."""
    return {
        "target": target,
        "asset_types": list(asset_types),
        "effective": [
            {
                "spdx": spdx,
                "approval": {
                    asset: {"approved": item.approved, "rule": item.rule}
                    for asset, item in approvals(spdx, asset_types).items()
                },
            }
            for spdx in facts.effective
        ],
        "licenses": [finding.to_dict() for finding in facts.all],
        "packages": list(facts.packages),
        "disagreements": [
            {
                "summary": item.summary,
                "finding": item.first.to_dict(),
                "against": [other.to_dict() for other in item.second],
            }
            for item in facts.disagreements
        ],
        "candidates": list(facts.candidates),
        "unreadable": [{"path": path, "reason": reason} for path, reason in facts.unreadable],
        "notes": list(facts.notes),
    }


def render_licenses_json(facts: LicenseFacts, target: str, asset_types: tuple[str, ...]) -> str:
    """The detection as indented JSON."""
    return json.dumps(licenses_dict(facts, target, asset_types), indent=2, ensure_ascii=False) + "\n"


def _location(finding: LicenseFinding) -> str:
    if finding.line and finding.end_line and finding.end_line != finding.line:
        return f"{finding.path}:{finding.line}-{finding.end_line}"
    return f"{finding.path}:{finding.line}" if finding.line else finding.path


def _verdict(finding: LicenseFinding) -> str:
    if finding.spdx is None:
        return f"unknown (closest: {finding.closest})"
    mark = "approved" if finding.approved else "NOT approved"
    scope = f" (licenses the {finding.scope})" if finding.scope else ""
    return f"{finding.spdx}{scope}  [{mark}: {finding.approved_by}]"


def render_licenses_text(facts: LicenseFacts, target: str, asset_types: tuple[str, ...]) -> str:
    """A short human summary, like ``licensee detect``."""
    lines = [f"Licenses of {target} (asset types: {', '.join(asset_types)})", ""]
    if facts.effective:
        for spdx in facts.effective:
            judged = approvals(spdx, asset_types)
            ok = all(item.approved for item in judged.values())
            rules = "; ".join(f"{a}: {item.rule}" for a, item in judged.items())
            lines.append(f"Effective license: {spdx}  [{'approved' if ok else 'NOT approved'}: {rules}]")
    else:
        lines.append("Effective license: none found")
    groups: dict[str, list[LicenseFinding]] = {}
    for finding in facts.all:
        groups.setdefault(finding.package, []).append(finding)
    for package in sorted(groups):
        lines.append("")
        lines.append(f"Package {package}:" if package else "Project:")
        for finding in groups[package]:
            how = finding.describe()
            lines.append(f"  {_location(finding)}")
            lines.append(f"      {_verdict(finding)}")
            lines.append(f"      {how}" + (f" — {finding.note}" if finding.note else ""))
    if facts.disagreements:
        lines.append("")
        lines.append("Disagreements:")
        lines.extend(f"  - {item.summary}" for item in facts.disagreements)
    if facts.unreadable:
        lines.append("")
        lines.append("Not read:")
        lines.extend(f"  - {path}: {reason}" for path, reason in facts.unreadable)
    if facts.notes:
        lines.append("")
        lines.extend(f"Note: {note}" for note in facts.notes)
    return "\n".join(lines) + "\n"
