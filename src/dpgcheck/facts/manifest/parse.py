"""The evidence manifest (``dpg.yaml`` / ``dpg.yml`` / ``dpg.json``): the project's declarations.

Field names are the DPGA registry's (nomination and screening records), so a project's own
file and a registry entry read alike. Every value keeps its file and line, so evidence can cite
it: a registry entry is two files (``nominees/<slug>.json`` and ``digitalpublicgoods/<slug>.json``)
merged into one Manifest that remembers which file each top-level field came from.

Values starting with ``TODO`` are placeholders (``dpgcheck init`` writes them): they are taken
out of the data before validation, so no check can mistake one for an answer, and kept in
``todos`` so the checks can say what is still open.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dpgcheck.errors import ManifestError
from dpgcheck.facts.manifest.model import MANIFEST_NAMES, KeyPath, Manifest, dotted, is_todo
from dpgcheck.facts.manifest.registry import is_nomination_path, resolve_screening
from dpgcheck.facts.manifest.schema import unknown_fields, validate
from dpgcheck.parsing import DocumentLimitError, safe_json_loads, safe_yaml_load_nodes, yaml_loader
from dpgcheck.sources.snapshot import Snapshot

if TYPE_CHECKING:
    import yaml


# Older screening records used other names for two sections; read them as the current ones.
_ALIASES = {"ownership": "clearOwnership", "dependencies": "platformIndependence"}


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

MAX_MANIFEST_ENTRIES = 10_000
"""Most fields and list items read from one manifest file; a registry entry holds a few hundred."""


def read_manifest_file(path: str) -> str:
    """The text of a manifest file on disk, or ManifestError saying why it cannot be read."""
    file = Path(path).expanduser()
    try:
        if not file.is_file():
            raise ManifestError(
                f"Manifest not found: {path}", "Give the path of a dpg.yaml or dpg.json file."
            )
        if file.stat().st_size > MAX_MANIFEST_BYTES:
            raise ManifestError(f"Manifest {path} is too large", "A manifest is a small YAML or JSON file.")
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"Manifest {path} is not UTF-8 text", "Save it as UTF-8.") from exc
    except OSError as exc:
        raise ManifestError(f"Cannot read the manifest {path}: {exc.strerror or exc}") from exc


def load_manifest_file(path: str) -> Manifest:
    """Parse a manifest named on the command line (``--manifest``), anywhere on disk.

    A DPGA registry nomination (``…/nominees/<slug>.json``) is merged with its screening file
    (``…/digitalpublicgoods/<slug>.json``, possibly a symbolic link shared by several products).
    """
    from dpgcheck.facts.manifest import registry_app_read as app

    file, entry_id, repository = app.split_selector(path)
    if entry_id is not None or (file.endswith(".json") and not is_nomination_path(file)):
        # The DPGA application platform's entries (one, or an export of many) are JSON too:
        # told apart from a dpg.json by their shape, not their name.
        text = app.read_export_text(file) if entry_id is not None else read_manifest_file(file)
        document = app.read_document(file, text)
        if document is not None:
            return app.entry_manifest(document, entry_id, repository)
        if entry_id is not None:
            raise ManifestError(
                f"{file} is not a DPGA registry file, so `#{entry_id}` names nothing in it",
                "`FILE#ID` selects one entry of a registry export.",
            )
        return parse_manifest_text(path, text)
    text = read_manifest_file(path)
    if not is_nomination_path(path):
        return parse_manifest_text(path, text)
    parts = [(path, *parse_document(path, text))]
    screening, notes = resolve_screening(path)
    if screening is not None:
        parts.append((screening, *parse_document(screening, read_manifest_file(screening))))
    return build_manifest(path, parts, notes)


def parse_manifest_text(path: str, text: str) -> Manifest:
    """Parse manifest text (YAML or JSON), record the line of every key, validate it."""
    data, lines = parse_document(path, text)
    return build_manifest(path, [(path, data, lines)])


def parse_document(path: str, text: str) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    """One YAML or JSON document as a mapping, and the line of each key path.

    Alias bombs, deep nesting and more than MAX_MANIFEST_ENTRIES values are refused before
    anything walks the data (see dpgcheck.parsing).
    """
    import yaml  # only when there is a manifest to read

    is_json = path.endswith(".json")
    try:
        if is_json:
            data, node = safe_json_loads(text, path), _compose_json(text)
        else:
            data, node = safe_yaml_load_nodes(text, path)
    except DocumentLimitError as exc:
        raise ManifestError(exc.message, exc.hint) from exc
    except json.JSONDecodeError as exc:
        raise ManifestError(
            f"{path}:{exc.lineno}: not valid JSON ({exc.msg})", "Fix the syntax of the manifest."
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else path
        problem = getattr(exc, "problem", None) or "unreadable"
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
    if _count_values(data, MAX_MANIFEST_ENTRIES) > MAX_MANIFEST_ENTRIES:
        raise ManifestError(
            f"{path}: more than {MAX_MANIFEST_ENTRIES:,} fields and list items",
            "A manifest answers a few dozen fields; this file is not one (or is generated wrongly).",
        )
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    elif is_json:
        _json_key_lines(text, data, lines)
    return {str(key): value for key, value in data.items()}, lines


def _compose_json(text: str) -> yaml.Node | None:
    """The YAML node tree of a JSON manifest (for lines), its depth already checked; None when
    YAML 1.1 cannot read this JSON (lines then come from the keys)."""
    import yaml

    try:
        return yaml.compose(text, Loader=yaml_loader())
    except yaml.YAMLError:
        return None


def _count_values(data: Any, limit: int) -> int:
    """The number of mapping values and list items under ``data``, counting stops past ``limit``."""
    count, pending = 0, [data]
    while pending and count <= limit:
        node = pending.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        for child in children:
            count += 1
            pending.append(child)
    return count


def _json_key_lines(text: str, data: dict[str, Any], lines: dict[KeyPath, int]) -> None:
    """Lines of mapping keys, found in document order (json keeps it); list items take their key's.

    One pass forward through the text: each key is searched from where the previous one was
    found, and lines are counted only over the text between them.
    """
    offset, line = 0, 1
    pending: list[tuple[KeyPath, Any]] = [((), data)]
    while pending:
        prefix, node = pending.pop()
        if isinstance(node, dict):
            children: list[tuple[KeyPath, Any]] = []
            for key, value in node.items():
                pattern = rf'"{re.escape(json.dumps(str(key))[1:-1])}"\s*:'
                found = re.compile(pattern).search(text, offset)
                if found:
                    start = found.start()
                    line += text.count("\n", offset, start)
                    offset = found.end()
                    lines[(*prefix, str(key))] = line
                children.append(((*prefix, str(key)), value))
            pending.extend(reversed(children))
        elif isinstance(node, list):
            pending.extend(reversed([((*prefix, index), item) for index, item in enumerate(node)]))


def build_manifest(
    primary: str,
    parts: Sequence[tuple[str, dict[str, Any], dict[KeyPath, int]]],
    notes: Sequence[str] = (),
) -> Manifest:
    """Merge documents (the first wins on a shared field), strip TODOs, validate, list unknowns."""
    data: dict[str, Any] = {}
    lines: dict[KeyPath, int] = {}
    files: dict[str, str] = {}
    for file, part, part_lines in parts:
        by_key: dict[str, list[tuple[KeyPath, int]]] = {}  # one pass, not one per key
        for path, line in part_lines.items():
            if path:
                by_key.setdefault(str(path[0]), []).append((path, line))
        for key, value in part.items():
            name = _ALIASES.get(key, key)
            if name != key and name in part:  # both spellings given: keep each as written
                name = key
            if name in data:
                continue
            data[name] = value
            files[name] = file
            for path, line in by_key.get(key, ()):
                lines[(name, *path[1:])] = line
    todos: list[tuple[KeyPath, int | None]] = []
    clean, clean_lines = _strip_todos(data, lines, todos)
    assert isinstance(clean, dict)
    manifest = Manifest(
        path=primary,
        data=clean,
        lines=clean_lines,
        files={key: file for key, file in files.items() if file != primary},
        todos=tuple(todos),
        notes=tuple(notes),
    )
    validate(manifest)
    found = unknown_fields(clean)
    if not found:
        return manifest
    unknown = tuple((path, manifest.line(*path)) for path in found)
    listed = ", ".join(f"{dotted(path)} ({manifest.file_of(*path)}:{line})" for path, line in unknown[:8])
    more = f" and {len(unknown) - 8} more" if len(unknown) > 8 else ""
    note = f"Fields unknown to the manifest schema were kept but not used: {listed}{more}"
    return Manifest(
        path=manifest.path,
        data=manifest.data,
        lines=manifest.lines,
        files=manifest.files,
        todos=manifest.todos,
        unknown=unknown,
        notes=(*manifest.notes, note),
    )


def _strip_todos(
    node: Any,
    lines: Mapping[KeyPath, int],
    todos: list[tuple[KeyPath, int | None]],
    old: KeyPath = (),
    new: KeyPath = (),
    out_lines: dict[KeyPath, int] | None = None,
) -> tuple[Any, dict[KeyPath, int]]:
    """A copy of ``node`` without TODO values (and containers left empty by them).

    List items that go away shift the indexes after them, so the lines are re-keyed as we go.
    """
    out_lines = {} if out_lines is None else out_lines
    if old in lines:
        out_lines[new] = lines[old]
    if isinstance(node, dict):
        result: dict[str, Any] = {}
        for key, value in node.items():
            child = (*old, key)
            if is_todo(value):
                todos.append((child, lines.get(child)))
                continue
            cleaned, _ = _strip_todos(value, lines, todos, child, (*new, key), out_lines)
            if _emptied(value, cleaned):
                continue
            result[key] = cleaned
        return result, out_lines
    if isinstance(node, list):
        items: list[Any] = []
        for index, value in enumerate(node):
            child = (*old, index)
            if is_todo(value):
                todos.append((child, lines.get(child)))
                continue
            cleaned, _ = _strip_todos(value, lines, todos, child, (*new, len(items)), out_lines)
            if _emptied(value, cleaned):
                continue
            items.append(cleaned)
        return items, out_lines
    return node, out_lines


def _emptied(before: Any, after: Any) -> bool:
    return isinstance(before, dict | list) and bool(before) and not after


def _record_lines(node: yaml.Node, prefix: KeyPath, lines: dict[KeyPath, int]) -> None:
    import yaml

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
