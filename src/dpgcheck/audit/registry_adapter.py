"""Registry folders for the audit: ``nominees/<slug>.json`` + ``digitalpublicgoods/<slug>.json``.

The real reader is ``dpgcheck.facts.registry.find_registry_entries`` (written for issue 4).
Until it is merged, a minimal scan below stands in for it with the same fields, so the audit
works on both sides of the merge.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

NOMINEES_DIR = "nominees"
SCREENING_DIR = "digitalpublicgoods"


@dataclass(frozen=True)
class AuditRegistryEntry:
    """What the audit needs from one registry entry."""

    slug: str
    nomination: str
    screening: str | None
    repository: str | None
    name: str
    problem: str | None = None  # why the entry cannot be checked (unreadable nomination file)


def is_registry_folder(path: Path) -> bool:
    """True for a folder holding a ``nominees/`` folder of JSON files."""
    return (path / NOMINEES_DIR).is_dir()


def registry_entries(folder: Path) -> list[AuditRegistryEntry]:
    """Every entry of the registry ``folder``, sorted by slug."""
    finder = _library_finder()
    raw = finder(folder) if finder is not None else _fallback_entries(folder)
    entries = [_adapt(item) for item in raw]
    return sorted(entries, key=lambda entry: entry.slug)


def _library_finder() -> Callable[[Path], list[Any]] | None:
    try:
        module = importlib.import_module("dpgcheck.facts.registry")
    except ImportError:
        return None
    finder = getattr(module, "find_registry_entries", None)
    return cast("Callable[[Path], list[Any]] | None", finder)


def _adapt(item: Any) -> AuditRegistryEntry:
    """Read the fields under the names issue 4 gives them (with a few tolerated spellings)."""
    if isinstance(item, AuditRegistryEntry):
        return item

    def field(*names: str) -> Any:
        return next((getattr(item, n) for n in names if getattr(item, n, None) is not None), None)

    slug = str(field("slug"))
    nomination = field("nomination", "nomination_path")
    screening = field("screening", "screening_path")
    repository = field("repository", "repository_url", "url", "first_repository")
    name = field("name") or slug
    problem = field("problem", "error")
    return AuditRegistryEntry(
        slug=slug,
        nomination=str(nomination),
        screening=str(screening) if screening is not None else None,
        repository=str(repository) if repository else None,
        name=str(name),
        problem=str(problem) if problem else None,
    )


# --- Fallback scan: remove once dpgcheck.facts.registry (issue 4) is merged. -----------------


def _fallback_entries(folder: Path) -> list[AuditRegistryEntry]:
    entries: list[AuditRegistryEntry] = []
    for nomination in sorted((folder / NOMINEES_DIR).glob("*.json")):
        slug = nomination.stem
        data, problem = _read_json(nomination)
        screening = folder / SCREENING_DIR / f"{slug}.json"
        repos = data.get("repositories")
        first = repos[0] if isinstance(repos, list) and repos and isinstance(repos[0], dict) else {}
        url = first.get("url")
        entries.append(
            AuditRegistryEntry(
                slug=slug,
                nomination=str(nomination),
                # is_file() follows symlinks: registries share one screening file between products.
                screening=str(screening) if screening.is_file() else None,
                repository=url if isinstance(url, str) and url.strip() else None,
                name=str(data.get("name") or slug),
                problem=problem,
            )
        )
    return entries


def _read_json(path: Path) -> tuple[dict[str, Any], str | None]:
    """The nomination's JSON object, or ({}, why not): one bad file must not stop the audit."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, f"cannot read {path}: {exc}"
    if not isinstance(data, dict):
        return {}, f"{path} is not a JSON object"
    return data, None


# --- End of fallback. ----------------------------------------------------------------------------
