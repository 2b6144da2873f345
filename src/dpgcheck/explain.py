"""One indicator explained, and the catalog as JSON: ``dpgcheck explain DPG-4``, ``indicators -f json``.

Everything comes from the catalog (the indicator's YAML: the Standard's words, the evidence it
accepts, the rule that gives pass / fail / needs-review, the remediation, its link) and from the
check bound to it (the dpg.yaml sections it reads, the files it needs). This module builds the
data; the text rendering is a plain list of headed paragraphs, wrapped at word boundaries.
"""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Any

from dpgcheck.errors import UsageError

if TYPE_CHECKING:
    from dpgcheck.catalog import Catalog, Indicator
    from dpgcheck.engine import Checker

# What each status means in every explanation, whatever the indicator.
_STATUS_ORDER = ("pass", "fail", "needs-review", "warn", "not-applicable", "not-checked")


def indicator_data(indicator: Indicator, checker: Checker) -> dict[str, Any]:
    """What ``explain`` says about ``indicator``, as JSON-ready data."""
    from dpgcheck.facts.manifest.model import dotted

    check = checker.checks.get(indicator.check)
    manifest_keys = [dotted(key) for key in check.manifest_keys] if check else []
    rule = sorted(indicator.rule, key=lambda item: _rank(item[0]))
    return {
        "id": indicator.id,
        "title": indicator.title,
        "automation": indicator.automation,
        "standard_text": indicator.standard_text or None,
        "requirement": indicator.requirement,
        "accepted_evidence": list(indicator.accepted_evidence),
        "rule": [{"status": status or None, "when": text} for status, text in rule],
        "looks_at": list(indicator.looks_at),
        "manifest_fields": manifest_keys,
        "reads_files": list(check.reads) if check else [],
        "link_roles": list(check.link_roles) if check else [],
        "remediation": indicator.remediation,
        "help_url": indicator.help_url,
    }


def _rank(status: str) -> int:
    return _STATUS_ORDER.index(status) if status in _STATUS_ORDER else len(_STATUS_ORDER)


def find_indicator(catalog: Catalog, indicator_id: str) -> Indicator:
    """The indicator named ``indicator_id`` (``4``, ``dpg-4``, ``DPG-9a`` all work), or a UsageError."""
    wanted = indicator_id.strip()
    found = catalog.get(wanted) or catalog.get(f"DPG-{wanted}")
    if found is None:
        known = ", ".join(indicator.id for indicator in catalog.indicators)
        raise UsageError(
            f"No indicator {indicator_id!r} in the catalog",
            f"Name one of {known} (`dpgcheck indicators` lists them).",
        )
    return found


def catalog_json(catalog: Catalog, checker: Checker) -> str:
    """The whole catalog, every indicator explained, as JSON."""
    data = {
        "standard": {
            "name": catalog.standard_name,
            "version": catalog.standard_version,
            "url": catalog.standard_url,
        },
        "indicators": [indicator_data(indicator, checker) for indicator in catalog.indicators],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def explain_json(indicator: Indicator, checker: Checker) -> str:
    """One indicator explained, as JSON."""
    return json.dumps(indicator_data(indicator, checker), indent=2, ensure_ascii=False) + "\n"


def explain_text(data: dict[str, Any], standard: str, width: int = 80) -> str:
    """One indicator explained for a reader: a heading, then one paragraph per question."""
    out: list[str] = [f"{data['id']}  {data['title']}  (automation: {data['automation']})"]

    def section(heading: str, paragraphs: list[str], bullets: bool = False) -> None:
        if not paragraphs:
            return
        out.extend(["", heading])
        for text in paragraphs:
            first, rest = ("  - ", "    ") if bullets else ("  ", "  ")
            out.extend(
                textwrap.wrap(
                    text,
                    width=max(width, 40),
                    initial_indent=first,
                    subsequent_indent=rest,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )

    if data["standard_text"]:
        section(f"The Standard ({standard}) says", [data["standard_text"]])
        section("In short", [data["requirement"]])
    else:
        section(f"The Standard ({standard}) requires", [data["requirement"]])
    section("Evidence a reviewer accepts", data["accepted_evidence"], bullets=True)
    where = list(data["looks_at"])
    if data["manifest_fields"]:
        where.append("dpg.yaml (or dpg.json, a registry entry): " + ", ".join(data["manifest_fields"]))
    if data["reads_files"]:
        where.append("files: " + ", ".join(data["reads_files"]))
    if data["link_roles"]:
        where.append("links it follows (a dead one turns a pass into warn): " + ", ".join(data["link_roles"]))
    section("What dpgcheck looks at", where, bullets=True)
    section(
        "What gives each status",
        [f"{item['status']}: {item['when']}" if item["status"] else item["when"] for item in data["rule"]],
        bullets=True,
    )
    how = data["remediation"]
    if data["manifest_fields"]:
        how += " In dpg.yaml: " + ", ".join(f"`{field}`" for field in data["manifest_fields"]) + "."
    section("How to state it", [how])
    if data["help_url"]:
        out.extend(["", f"See: {data['help_url']}"])
    return "\n".join(line.rstrip() for line in out) + "\n"
