"""The evidence manifest (``dpg.yaml`` / ``dpg.yml`` / ``dpg.json``): the project's declarations.

Field names are the DPGA registry's (nomination and screening records), so a project's own
file and a registry entry read alike. Every value keeps its line, so evidence can cite it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dpgcheck.errors import ManifestError
from dpgcheck.model import Evidence
from dpgcheck.sources.snapshot import Snapshot

MANIFEST_NAMES = ("dpg.yaml", "dpg.yml", "dpg.json")

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Manifest:
    """A parsed manifest with the line of every key."""

    path: str
    data: Mapping[str, Any]
    lines: Mapping[KeyPath, int] = field(default_factory=dict)

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

    def answer(self, *keys: str | int) -> str | None:
        """A screening answer as ``yes``/``no``/``unknown`` (booleans accepted), or None."""
        value = self.get(*keys)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str) and value.strip().lower() in ("yes", "no", "unknown"):
            return value.strip().lower()
        return None

    def evidence(self, detail: str, *keys: str | int) -> Evidence:
        """Evidence pointing at a key of the manifest."""
        return Evidence(kind="manifest", path=self.path, line=self.line(*keys), detail=detail)


def find_manifest(snapshot: Snapshot) -> str | None:
    """The manifest's path at the repository root, if there is one."""
    return next((name for name in MANIFEST_NAMES if snapshot.exists(name)), None)


def load_manifest(snapshot: Snapshot, manifest_file: str | None = None) -> Manifest | None:
    """The manifest given by the user (a file path), else the repository's own at its root.

    A malformed manifest raises ManifestError naming the file and line.
    """
    if manifest_file is not None:
        return load_manifest_file(manifest_file)
    path = find_manifest(snapshot)
    if path is None:
        return None
    text = snapshot.read_text(path)
    if text is None:
        raise ManifestError(
            f"Cannot read the manifest {path}: {snapshot.skipped.get(path, 'unreadable')}",
            "dpg.yaml must be a UTF-8 text file inside the repository.",
        )
    return parse_manifest_text(path, text)


MAX_MANIFEST_BYTES = 2 * 1024 * 1024


def load_manifest_file(path: str) -> Manifest:
    """Parse a manifest named on the command line (``--manifest``), anywhere on disk."""
    file = Path(path).expanduser()
    try:
        if not file.is_file():
            raise ManifestError(
                f"Manifest not found: {path}", "Give the path of a dpg.yaml or dpg.json file."
            )
        if file.stat().st_size > MAX_MANIFEST_BYTES:
            raise ManifestError(f"Manifest {path} is too large", "A manifest is a small YAML or JSON file.")
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"Manifest {path} is not UTF-8 text", "Save it as UTF-8.") from exc
    except OSError as exc:
        raise ManifestError(f"Cannot read the manifest {path}: {exc.strerror or exc}") from exc
    return parse_manifest_text(path, text)


def parse_manifest_text(path: str, text: str) -> Manifest:
    """Parse manifest text (YAML or JSON) and record the line of every key."""
    try:
        data = json.loads(text) if path.endswith(".json") else yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except json.JSONDecodeError as exc:
        raise ManifestError(
            f"{path}:{exc.lineno}: not valid JSON ({exc.msg})", "Fix the syntax of the manifest."
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else path
        problem = getattr(exc, "problem", None) or str(exc)
        raise ManifestError(
            f"{where}: not valid YAML ({problem})", "Fix the syntax of the manifest."
        ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ManifestError(
            f"{path}: the manifest must be a mapping of fields, not a {type(data).__name__}",
            "Start from `dpgcheck init`, which drafts a valid dpg.yaml.",
        )
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    return Manifest(path=path, data=data, lines=lines)


def _record_lines(node: yaml.Node, prefix: KeyPath, lines: dict[KeyPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*prefix, str(key_node.value))
            lines[key] = key_node.start_mark.line + 1
            _record_lines(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = (*prefix, index)
            lines[key] = item.start_mark.line + 1
            _record_lines(item, key, lines)
