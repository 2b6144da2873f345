"""``publiccode.yml``: the public-sector software metadata file, read where a project has one.

Only what the DPG indicators can use: the name and description, the license
(``legal.license``), the owners (``legal.mainCopyrightOwner``, ``legal.repoOwner``), the
repository URL and who maintains it. A malformed file is reported, never fatal: it is the
project's file for another purpose, not an input of dpgcheck.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

from dpgcheck.model import Evidence
from dpgcheck.parsing import DocumentLimitError, safe_yaml_load_nodes
from dpgcheck.sources.snapshot import Snapshot

if TYPE_CHECKING:
    import yaml

PUBLICCODE_NAMES = ("publiccode.yml", "publiccode.yaml")


class PublicCode(msgspec.Struct, frozen=True):
    """What a ``publiccode.yml`` declares, each value with its line."""

    path: str
    name: str | None = None
    description: str | None = None
    url: str | None = None
    license: str | None = None
    owners: tuple[tuple[str, str], ...] = ()  # (name, dotted key)
    maintenance: str | None = None
    contacts: tuple[str, ...] = ()
    lines: dict[str, int] = msgspec.field(default_factory=dict)  # dotted key → line
    problem: str | None = None

    def evidence(self, detail: str, key: str) -> Evidence:
        """Evidence pointing at a key of the file."""
        return Evidence(kind="file", path=self.path, line=self.lines.get(key), detail=detail)


def read_publiccode(snapshot: Snapshot) -> PublicCode | None:
    """The repository's ``publiccode.yml`` at its root, or None when there is none."""
    path = next((name for name in PUBLICCODE_NAMES if snapshot.exists(name)), None)
    if path is None:
        return None
    text = snapshot.read_text(path)
    if text is None:
        return PublicCode(path, problem=snapshot.skipped.get(path, "unreadable"))
    import yaml  # only when there is YAML to read

    try:
        data, node = safe_yaml_load_nodes(text, path)
    except DocumentLimitError as exc:
        return PublicCode(path, problem=exc.message.removeprefix(f"{path}: "))
    except yaml.YAMLError as exc:
        return PublicCode(path, problem=f"not valid YAML ({getattr(exc, 'problem', None) or exc})")
    if not isinstance(data, dict):
        return PublicCode(path, problem="not a mapping of fields")
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        _lines(node, "", lines)
    legal = _mapping(data.get("legal"))
    maintenance = _mapping(data.get("maintenance"))
    owners: dict[str, str] = {}
    for key in ("mainCopyrightOwner", "repoOwner"):
        owner = _text(legal.get(key))
        if owner and owner not in owners:
            owners[owner] = f"legal.{key}"
    contacts = [
        _text(contact.get("name"))
        for contact in maintenance.get("contacts") or []
        if isinstance(contact, dict)
    ]
    return PublicCode(
        path=path,
        name=_text(data.get("name")),
        description=_description(data.get("description")),
        url=_text(data.get("url")),
        license=_text(legal.get("license")),
        owners=tuple(owners.items()),
        maintenance=_text(maintenance.get("type")),
        contacts=tuple(c for c in contacts if c),
        lines=lines,
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _description(value: Any) -> str | None:
    # description is keyed by language: {en: {shortDescription, longDescription, …}, it: …}
    if not isinstance(value, dict) or not value:
        return None
    localised = value.get("en") or value.get("eng") or next(iter(value.values()))
    if not isinstance(localised, dict):
        return None
    return _text(localised.get("shortDescription")) or _text(localised.get("longDescription"))


def _lines(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            lines[key] = key_node.start_mark.line + 1
            _lines(value_node, key, lines)
