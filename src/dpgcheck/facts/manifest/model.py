"""The evidence manifest as data: a parsed manifest with the file and line of every key,
and the small helpers every reader of it shares (key paths, TODO placeholders)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from dpgcheck.model import Evidence

MANIFEST_NAMES = ("dpg.yaml", "dpg.yml", "dpg.json")

KeyPath = tuple[str | int, ...]

TODO_PREFIX = "TODO"


class Manifest(msgspec.Struct, frozen=True):
    """A parsed manifest with the file and line of every key."""

    path: str
    data: Mapping[str, Any]
    lines: Mapping[KeyPath, int] = msgspec.field(default_factory=dict)
    files: Mapping[str, str] = msgspec.field(default_factory=dict)  # top-level key → file it came from
    todos: tuple[tuple[KeyPath, int | None], ...] = ()  # placeholders left to answer
    unknown: tuple[tuple[KeyPath, int | None], ...] = ()  # fields the schema does not know
    notes: tuple[str, ...] = ()

    def get(self, *keys: str | int) -> Any:
        """The value at a key path, or None when any step is missing."""
        node: Any = self.data
        for key in keys:
            in_list = isinstance(key, int) and isinstance(node, list) and -len(node) <= key < len(node)
            in_mapping = isinstance(key, str) and isinstance(node, Mapping) and key in node
            if in_list or in_mapping:
                node = node[key]
            else:
                return None
        return node

    def line(self, *keys: str | int) -> int | None:
        """The line of the deepest key of the path that exists."""
        path: KeyPath = tuple(keys)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def file_of(self, *keys: str | int) -> str:
        """The file a key path was read from (a registry entry is two files)."""
        if keys and str(keys[0]) in self.files:
            return self.files[str(keys[0])]
        return self.path

    @property
    def all_files(self) -> tuple[str, ...]:
        """Every file this manifest was read from, the main one first."""
        return tuple(dict.fromkeys([self.path, *self.files.values()]))

    def answer(self, *keys: str | int) -> str | None:
        """A screening answer as ``yes``/``no``/``unknown`` (booleans accepted), or None."""
        value = self.get(*keys)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str) and value.strip().lower() in ("yes", "no", "unknown"):
            return value.strip().lower()
        return None

    def texts(self, *keys: str | int) -> list[str]:
        """A text-or-list field as a list of its non-empty texts."""
        value = self.get(*keys)
        items = value if isinstance(value, list) else [value]
        return [
            str(item).strip() for item in items if isinstance(item, str | int | float) and str(item).strip()
        ]

    def evidence(self, detail: str, *keys: str | int) -> Evidence:
        """Evidence pointing at a key of the manifest."""
        return Evidence(kind="manifest", path=self.file_of(*keys), line=self.line(*keys), detail=detail)

    def todos_under(self, *prefixes: KeyPath) -> list[tuple[KeyPath, int | None]]:
        """The TODO placeholders below any of the key paths given."""
        return [(path, line) for path, line in self.todos if any(path[: len(p)] == p for p in prefixes)]


def dotted(path: Sequence[str | int]) -> str:
    """``("SDGs", 0, "SDGNumber")`` → ``SDGs[0].SDGNumber``."""
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text or "(top level)"


def is_todo(value: Any) -> bool:
    """Whether a value is a ``TODO`` placeholder (upper case, a word: not "Todoist")."""
    return isinstance(value, str) and re.match(rf"{TODO_PREFIX}\b", value.strip()) is not None
