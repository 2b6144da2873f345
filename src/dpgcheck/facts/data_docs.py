"""How a data set is documented (DPG-5 for data): its fields, how it was collected, how to read it.

The Standard asks data projects for "documentation that describes all the fields in the set,
and provides context on how the dataset was collected, and how it should be interpreted". Each
of the three is looked for where data projects keep it: field descriptions in
``datapackage.json`` schemas, CSVW columns, a data dictionary or codebook, README sections;
the collection in README / document sections (Methodology, Data collection, Sources,
Provenance), a datapackage's ``sources``, a methodology or datasheet file; the interpretation in
sections on usage, interpretation, limitations and caveats.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
import yaml

from dpgcheck.errors import DpgcheckError
from dpgcheck.facts.docs import real_sections
from dpgcheck.facts.project_paths import file_name, in_foreign_dir
from dpgcheck.facts.text import headings
from dpgcheck.parsing import safe_json_loads, safe_yaml_load
from dpgcheck.sources.snapshot import Snapshot

FIELDS_HEADING = re.compile(
    r"\b(fields?|columns?|variables?|data dictionary|codebook|schema|attributes|data description|"
    r"description of (the )?data|data format|data structure)\b",
    re.IGNORECASE,
)
COLLECTION_HEADING = re.compile(
    r"\b(methodology|methods?|data collection|"
    r"how (the|this) data (was|is|were) (collected|gathered|produced)|"
    r"collection (process|methods?)|provenance|lineage|data sources?|sources of (the )?data|"
    r"origin of (the )?data|data origin|data preparation|data processing|"
    r"how (the|this) data (is|was) (prepared|processed)|how (it|we) (was|were)? ?(collected|built|made))\b"
    # A heading that is only "Sources" or "Preparation" (datahub's layout), not "Open Source".
    r"|^\W*(sources?|source data|preparation|processing|origin)\W*$",
    re.IGNORECASE,
)
INTERPRETATION_HEADING = re.compile(
    r"\b(interpret(ation|ing)?|how to (use|read)|using the data|usage|limitations?|caveats?|"
    r"known issues|notes on the data|data quality|considerations|scoring|calculations?|coverage|"
    r"data availability|completeness|glossary|definitions)\b",
    re.IGNORECASE,
)
COLLECTION_FILE = re.compile(
    r"^(methodology|methods|provenance|data[-_ ]?collection|sources)\b", re.IGNORECASE
)
DATASHEET_FILE = re.compile(r"^(datasheet|data[-_ ]?card|dataset[-_ ]?card)\b", re.IGNORECASE)
# "CSV columns:" then a list of "- `name`: meaning" lines, or a table whose header names fields.
FIELD_LIST_INTRO = re.compile(
    r"^\W*(csv |data |the )?(columns?|fields?|variables?|attributes)\b.{0,40}:?\W*$", re.I
)
FIELD_ITEM = re.compile(r"^\s*[-*+]\s*`*[\w.\- ]{1,40}?`*\s*[:=—–-]\s+\S")
FIELD_TABLE = re.compile(r"^\s*\|.*\b(field|column|variable|attribute)s?( name)?\b.*\|", re.I)
NOT_DOCUMENTATION = re.compile(
    r"^(licen[cs]e|copying|notice|changelog|changes|history|contributing|code[-_]of[-_]conduct|security|"
    r"governance|authors|maintainers)",
    re.IGNORECASE,
)
MAX_ITEMS = 1000
"""Resources, fields, tables and columns looked at, at most, per list (a YAML file's aliases can
make a short text hold lists of lists whose product is huge)."""
MAX_DOCUMENTS = 20
"""Prose documents beside the README whose headings are read, at most."""

Place = tuple[str, int | None, str]  # (path, line, what)


class DataDocumentation(msgspec.Struct, frozen=True):
    """Where the data's fields, collection and interpretation are documented."""

    fields: tuple[Place, ...] = ()
    collection: tuple[Place, ...] = ()
    interpretation: tuple[Place, ...] = ()
    searched: tuple[str, ...] = ()


def _load(path: str, text: str) -> Any:
    """The document's data, or None when it is not valid (or is too deep or too large to read)."""
    try:
        if path.lower().endswith((".yaml", ".yml", ".cff")):
            return safe_yaml_load(text, path)
        return safe_json_loads(text, path)
    except (DpgcheckError, ValueError, yaml.YAMLError, RecursionError):
        return None


def parse_datapackage_docs(path: str, text: str) -> DataDocumentation:
    """Field descriptions (``schema.fields[].description``) and ``sources`` of a data package."""
    data = _load(path, text)
    if not isinstance(data, dict):
        return DataDocumentation()
    total = described = 0
    resources = data.get("resources")
    for resource in resources[:MAX_ITEMS] if isinstance(resources, list) else []:
        schema = resource.get("schema") if isinstance(resource, dict) else None
        fields = schema.get("fields") if isinstance(schema, dict) else None
        for item in fields[:MAX_ITEMS] if isinstance(fields, list) else []:
            if isinstance(item, dict):
                total += 1
                described += bool(isinstance(item.get("description"), str) and item["description"].strip())
    found_fields: list[Place] = []
    if total:
        # "0 of N": field names without meanings, which the caller does not count as descriptions.
        at = max(text.find("description", max(text.find("fields"), 0)), 0)
        line = text.count("\n", 0, at) + 1
        found_fields.append((path, line, f"{described} of {total} field(s) described in its schema"))
    collection: list[Place] = []
    if isinstance(data.get("sources"), list) and data["sources"]:
        collection.append(
            (path, text.count("\n", 0, max(text.find("sources"), 0)) + 1, "data package `sources`")
        )
    return DataDocumentation(tuple(found_fields), tuple(collection))


def parse_csvw_docs(path: str, text: str) -> DataDocumentation:
    """Column descriptions (``tableSchema.columns[]`` titles / ``dc:description``) of CSVW metadata."""
    data = _load(path, text)
    if not isinstance(data, dict):
        return DataDocumentation()
    listed = data.get("tables")
    tables: list[Any] = listed if isinstance(listed, list) else [data]
    columns = described = 0
    for table in tables[:MAX_ITEMS]:
        schema = table.get("tableSchema") if isinstance(table, dict) else None
        cols = schema.get("columns") if isinstance(schema, dict) else None
        for col in cols[:MAX_ITEMS] if isinstance(cols, list) else []:
            if isinstance(col, dict):
                columns += 1
                described += bool(col.get("dc:description") or col.get("titles") or col.get("description"))
    if not described:
        return DataDocumentation()
    line = text.count("\n", 0, max(text.find('"columns"'), 0)) + 1
    return DataDocumentation(((path, line, f"{described} of {columns} CSVW column(s) described"),))


def _field_list(path: str, text: str) -> list[Place]:
    """A list of at least three described fields after a "Columns:" line, or a field table."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if FIELD_TABLE.match(line):
            return [(path, index + 1, "table of the fields")]
        if FIELD_LIST_INTRO.match(line):
            items = [item for item in lines[index + 1 : index + 6] if FIELD_ITEM.match(item)]
            if len(items) >= 3:
                return [(path, index + 1, f"list of the fields: {line.strip()[:60]}")]
    return []


def _sections(path: str, text: str) -> DataDocumentation:
    real = real_sections(text, headings(text))
    return DataDocumentation(
        tuple((path, h.line, f"section: {h.text}") for h in real if FIELDS_HEADING.search(h.text))[:2]
        + tuple(_field_list(path, text)),
        tuple((path, h.line, f"section: {h.text}") for h in real if COLLECTION_HEADING.search(h.text))[:2],
        tuple((path, h.line, f"section: {h.text}") for h in real if INTERPRETATION_HEADING.search(h.text))[
            :2
        ],
    )


def _documents(snapshot: Snapshot, readme: str | None, folders: tuple[str, ...]) -> list[str]:
    """The README, then prose documents at the root and in the documentation folders."""
    found = [readme] if readme else []
    for folder in ("", *folders):
        for path in snapshot.children(folder):
            if (
                path != readme
                and path.lower().endswith((".md", ".rst", ".txt", ".markdown"))
                and not NOT_DOCUMENTATION.match(file_name(path))
            ):
                found.append(path)
    return found[: MAX_DOCUMENTS + 1]


def collect_data_documentation(
    snapshot: Snapshot, readme: str | None, folders: tuple[str, ...], data_docs: tuple[str, ...]
) -> DataDocumentation:
    """Where the fields, the collection and the interpretation of the data are documented."""
    fields: list[Place] = [(p, None, "data dictionary or schema") for p in data_docs if not in_foreign_dir(p)]
    collection: list[Place] = []
    interpretation: list[Place] = []
    for path in _metadata(snapshot):
        text = snapshot.read_text(path) or ""
        parse = (
            parse_datapackage_docs if file_name(path).lower().startswith("datapackage") else parse_csvw_docs
        )
        found = parse(path, text)
        if found.fields:
            described = [f for f in found.fields if not f[2].startswith("0 of")]
            fields = [f for f in fields if f[0] != path] + described
        collection += found.collection
    for path in _documents(snapshot, readme, folders):
        name = file_name(path)
        if COLLECTION_FILE.match(name):
            collection.append((path, None, "methodology / provenance document"))
        if DATASHEET_FILE.match(name):
            collection.append((path, None, "datasheet"))
            interpretation.append((path, None, "datasheet"))
        found = _sections(path, snapshot.read_text(path) or "")
        fields += found.fields
        collection += found.collection
        interpretation += found.interpretation
    return DataDocumentation(
        tuple(dict.fromkeys(fields))[:3],
        tuple(dict.fromkeys(collection))[:3],
        tuple(dict.fromkeys(interpretation))[:3],
        (
            "datapackage.json / CSVW field descriptions, data dictionaries and codebooks, and the sections "
            "of the README and documents at the root and in docs/ (fields, methodology, data collection, "
            "sources, provenance, interpretation, usage, limitations), methodology and datasheet files",
        ),
    )


def _metadata(snapshot: Snapshot) -> list[str]:
    names = ("datapackage.json", "datapackage.yaml", "datapackage.yml", "csv-metadata.json")
    found = [p for n in names for p in snapshot.by_lower_name.get(n, [])]
    found += [p for n, ps in snapshot.by_lower_name.items() if n.endswith("-metadata.json") for p in ps]
    return sorted({p for p in found if not in_foreign_dir(p)}, key=lambda p: (p.count("/"), p))[:10]
