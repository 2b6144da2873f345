"""The working state of reading one application-platform entry: data, sources, notes.

Shared by the field mapping (``registry_app``) and the answer readers (``registry_answers``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dpgcheck.errors import ManifestError
from dpgcheck.facts.manifest.model import KeyPath


@dataclass
class Translation:
    """The manifest data in the older shape, where each value came from, and the notes."""

    entry: str  # "registry entry 10226 (OpenHexa)": how notes and errors name it
    data: dict[str, Any] = field(default_factory=dict)
    sources: dict[KeyPath, KeyPath] = field(default_factory=dict)  # manifest path → entry path
    notes: list[str] = field(default_factory=list)
    repositories: list[tuple[str, KeyPath]] = field(default_factory=list)  # URLs as written

    def put(self, path: KeyPath, value: Any, source: KeyPath) -> None:
        """Set ``data`` at ``path`` (creating mappings on the way) and remember its source."""
        node = self.data
        for key in path[:-1]:
            node = node.setdefault(str(key), {})
        node[str(path[-1])] = value
        self.sources.setdefault(path, source)
        for depth in range(1, len(path)):
            self.sources.setdefault(path[:depth], source[:1])

    def note(self, text: str) -> None:
        """A reading of the entry that a reviewer should know about."""
        self.notes.append(f"{self.entry}: {text}")

    def wrong_type(self, key: str, expected: str, value: Any) -> ManifestError:
        """The error for a field whose value cannot be read: names the field and the entry."""
        kind = type(value).__name__.replace("dict", "mapping").replace("str", "text")
        return ManifestError(
            f"{self.entry}: `{key}` must be {expected}, not {kind}",
            "Fix that field of the entry (or report it to the registry); the other entries are read.",
        )


def entry_label(entry: dict[str, Any]) -> str:
    """``registry entry 10226 (OpenHexa)``."""
    name = entry.get("name")
    named = f" ({name.strip()})" if isinstance(name, str) and name.strip() else ""
    return f"registry entry {entry.get('id')}{named}"


def object_items(entry: dict[str, Any], key: str, out: Translation) -> list[tuple[KeyPath, dict[str, Any]]]:
    """A list-of-objects field (or one object) as (entry path, object) pairs."""
    value = entry.get(key)
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, dict):
        return [((key,), value)]
    if isinstance(value, list):
        if not all(isinstance(item, dict) for item in value):
            raise out.wrong_type(key, "a list of objects", value)
        return [((key, index), item) for index, item in enumerate(value)]
    raise out.wrong_type(key, "a list of objects", value)
