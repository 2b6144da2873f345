"""Licenses in dataset metadata: Frictionless ``datapackage.json``, Croissant / schema.org
Dataset JSON-LD, CSVW metadata and ``CITATION.cff``.

A data package names licenses for the package and for each resource; a resource without one
inherits the package's. A resource with neither is an unlicensed part (DPG-2 asks a reviewer).
Every reader takes (path, text) and returns parts, never raises: a repository is hostile input.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml

from dpgcheck.errors import DpgcheckError
from dpgcheck.facts.licenses.parts import LicensePart, UnlicensedPart, line_of, resolve_license
from dpgcheck.facts.project_paths import file_name, in_foreign_dir
from dpgcheck.parsing import safe_json_loads, safe_yaml_load
from dpgcheck.sources.snapshot import Snapshot

MAX_METADATA_FILES = 30
"""Dataset metadata files read at most."""
MAX_RESOURCES = 500
"""Resources of one data package looked at, at most."""

Found = tuple[list[LicensePart], list[UnlicensedPart]]


def _load(path: str, text: str) -> Any:
    """The document's data, or None when it is not valid (or is too deep or too large to read)."""
    try:
        if path.lower().endswith((".yaml", ".yml", ".cff")):
            return safe_yaml_load(text, path)
        return safe_json_loads(text, path)
    except (DpgcheckError, ValueError, yaml.YAMLError, RecursionError):
        return None


def _license_values(value: Any) -> Iterator[str]:
    """License values as written: a string, a {name|path|url|@id} object, or a list of them."""
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        if isinstance(item, str) and item.strip():
            yield item.strip()
        elif isinstance(item, dict):
            for key in ("name", "path", "url", "@id", "id", "identifier", "title"):
                found = item.get(key)
                if isinstance(found, str) and found.strip():
                    yield found.strip()
                    break


def _parts(value: Any, scope: str, path: str, text: str, source: str, start: int = 0) -> list[LicensePart]:
    return [
        LicensePart(scope, resolve_license(raw), raw, path, line_of(text, raw, start), source, "data")
        for raw in _license_values(value)
    ]


def parse_datapackage(path: str, text: str) -> Found:
    """Frictionless Data Package: ``licenses`` of the package and of each resource."""
    data = _load(path, text)
    if not isinstance(data, dict):
        return [], []
    folder = path.rpartition("/")[0]
    package = _parts(
        data.get("licenses") or data.get("license"), folder, path, text, "datapackage.json package"
    )
    parts = list(package)
    unlicensed: list[UnlicensedPart] = []
    resources = data.get("resources")
    for resource in (resources if isinstance(resources, list) else [])[:MAX_RESOURCES]:
        if not isinstance(resource, dict):
            continue
        name = resource.get("path") or resource.get("name") or "a resource"
        name = (
            name
            if isinstance(name, str)
            else str(name[0])
            if isinstance(name, list) and name
            else "a resource"
        )
        scope = f"{folder}/{name}" if folder and "://" not in name else name
        start = text.find(json.dumps(name)[1:-1])
        own = resource.get("licenses") or resource.get("license")
        if own:
            parts.extend(_parts(own, scope, path, text, "datapackage.json resource", max(start, 0)))
        elif not package:
            unlicensed.append(
                UnlicensedPart(scope, path, line_of(text, json.dumps(name)[1:-1]), "datapackage.json")
            )
    return parts, unlicensed


def _is_dataset(node: dict[str, Any]) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit(":", 1)[-1].rsplit("/", 1)[-1] == "Dataset" for k in kinds)


def parse_jsonld(path: str, text: str) -> Found:
    """Croissant / schema.org ``Dataset`` JSON-LD: its ``license`` (also inside ``@graph``)."""
    data = _load(path, text)
    nodes = [data] if isinstance(data, dict) else data if isinstance(data, list) else []
    graph = data.get("@graph") if isinstance(data, dict) else None
    nodes += graph if isinstance(graph, list) else []
    parts: list[LicensePart] = []
    unlicensed: list[UnlicensedPart] = []
    for node in nodes[:50]:
        if not isinstance(node, dict) or not _is_dataset(node):
            continue
        value = node.get("license") or node.get("schema:license") or node.get("sc:license")
        source = (
            "Croissant metadata"
            if "mlcommons" in json.dumps(node.get("@context", ""))[:2000].lower()
            else "schema.org Dataset"
        )
        name = node.get("name") if isinstance(node.get("name"), str) else file_name(path)
        if value:
            parts.extend(_parts(value, str(name), path, text, source))
        else:
            unlicensed.append(UnlicensedPart(str(name), path, line_of(text, '"@type"'), source))
    return parts, unlicensed


def parse_csvw(path: str, text: str) -> Found:
    """CSVW metadata: ``dc:license`` (or ``license``) of the table group and of each table."""
    data = _load(path, text)
    if not isinstance(data, dict) or "csvw" not in json.dumps(data.get("@context", ""))[:2000]:
        return [], []
    folder = path.rpartition("/")[0]
    group = data.get("dc:license") or data.get("license") or data.get("schema:license")
    parts = _parts(group, folder, path, text, "CSVW metadata")
    unlicensed: list[UnlicensedPart] = []
    tables = data.get("tables")
    tables = tables if isinstance(tables, list) else [data] if "url" in data else []
    for table in tables[:MAX_RESOURCES]:
        if not isinstance(table, dict) or table is data:
            continue
        url = table.get("url") if isinstance(table.get("url"), str) else "a table"
        own = table.get("dc:license") or table.get("license")
        if own:
            parts.extend(_parts(own, str(url), path, text, "CSVW table", max(text.find(str(url)), 0)))
        elif not group:
            unlicensed.append(UnlicensedPart(str(url), path, line_of(text, str(url)), "CSVW metadata"))
    if not tables and not group and "url" in data:
        unlicensed.append(UnlicensedPart(str(data.get("url")), path, 1, "CSVW metadata"))
    return parts, unlicensed


def parse_citation(path: str, text: str) -> Found:
    """``CITATION.cff``: its ``license`` (an SPDX id or a list) covers what it cites."""
    data = _load(path, text)
    if not isinstance(data, dict) or not data.get("license"):
        return [], []
    parts = _parts(data.get("license"), "", path, text, "CITATION.cff")
    return [
        LicensePart(p.scope, p.spdx, p.raw, p.path, line_of(text, "license") or p.line, p.source, "")
        for p in parts
    ], []


def parse_dataset_card(path: str, text: str) -> Found:
    """A Hugging Face dataset card: the README's YAML front matter ``license`` (for all of it).

    ``license: other`` with a ``license_name`` names a license of its own, which a reviewer reads.
    """
    if not text.startswith("---"):
        return [], []
    end = text.find("\n---", 3)
    if end < 0:
        return [], []
    data = _load("card.yaml", text[3:end])
    if not isinstance(data, dict) or not data.get("license"):
        return [], []
    value = data.get("license")
    if value == "other" and isinstance(data.get("license_name"), str):
        value = data["license_name"]
    parts = _parts(value, "", path, text[:end], "dataset card")
    return [
        LicensePart(p.scope, p.spdx, p.raw, p.path, line_of(text, "license") or p.line, p.source, "")
        for p in parts
    ], []


def _metadata_files(snapshot: Snapshot) -> list[tuple[str, Any]]:
    """(path, reader) of the dataset metadata files, outermost first."""
    found: list[tuple[str, Any]] = []
    for lower, paths in snapshot.by_lower_name.items():
        if lower in ("datapackage.json", "datapackage.yaml", "datapackage.yml"):
            reader: Any = parse_datapackage
        elif (
            lower.endswith((".jsonld", ".json-ld"))
            or lower == "metadata.json"
            or lower.startswith("croissant")
        ):
            reader = parse_jsonld
        elif lower.endswith("-metadata.json") or lower == "csv-metadata.json":
            reader = parse_csvw
        elif lower == "citation.cff":
            reader = parse_citation
        else:
            continue
        found.extend((p, reader) for p in paths if not in_foreign_dir(p))
    # The root README's front matter: a Hugging Face dataset card.
    found.extend((p, parse_dataset_card) for p in snapshot.by_lower_name.get("readme.md", []) if "/" not in p)
    return sorted(found, key=lambda item: (item[0].count("/"), item[0]))


def metadata_parts(
    snapshot: Snapshot,
) -> tuple[list[LicensePart], list[UnlicensedPart], list[str], list[str]]:
    """Parts and unlicensed parts from every dataset metadata file; the files read; notes."""
    files = _metadata_files(snapshot)
    notes = []
    if len(files) > MAX_METADATA_FILES:
        notes.append(f"{len(files)} dataset metadata files found; the first {MAX_METADATA_FILES} were read")
    parts: list[LicensePart] = []
    unlicensed: list[UnlicensedPart] = []
    searched: list[str] = []
    for path, reader in files[:MAX_METADATA_FILES]:
        text = snapshot.read_text(path)
        searched.append(path)
        if text:
            found, missing = reader(path, text)
            parts.extend(found)
            unlicensed.extend(missing)
    return parts, unlicensed, searched, notes
