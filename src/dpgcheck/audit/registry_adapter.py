"""Registry folders for the audit: ``nominees/<slug>.json`` + ``digitalpublicgoods/<slug>.json``.

The reading is ``dpgcheck.facts.manifest.registry.find_registry_entries`` (shared with ``check
--manifest``); this module only gives the audit the few fields it needs, by the names it uses.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from dpgcheck.facts.manifest.registry import NOMINEES_DIR, find_registry_entries


class AuditRegistryEntry(msgspec.Struct, frozen=True):
    """What the audit needs from one registry entry."""

    slug: str
    nomination: str
    screening: str | None
    repository: str | None
    name: str
    problem: str | None = None  # why the entry cannot be checked (unreadable nomination file)
    repositories: tuple[str, ...] = ()  # every repository URL it names (``repository`` first)


def is_registry_folder(path: Path) -> bool:
    """True for a folder holding a ``nominees/`` folder of JSON files."""
    return (path / NOMINEES_DIR).is_dir()


def registry_entries(folder: Path) -> list[AuditRegistryEntry]:
    """Every entry of the registry ``folder``, sorted by slug."""
    return [
        AuditRegistryEntry(
            slug=entry.slug,
            nomination=entry.nomination_path,
            screening=entry.screening_path,
            repository=entry.repository_url,
            name=entry.name or entry.slug,
            problem=entry.problem,
            repositories=entry.repository_urls,
        )
        for entry in sorted(find_registry_entries(str(folder)), key=lambda item: item.slug)
    ]
