"""Model and dataset cards, Model Openness Framework files and statements in them, as data.

A Hugging Face card is Markdown with YAML front matter (``license``, ``license_name``,
``license_link``, ``datasets``, ``base_model``, ``pipeline_tag``); a Model Openness Framework
file (MOF.yaml) lists an AI system's components with a license each. Both are read here into
plain values with their lines, so the AI checks can cite them; nothing here judges a license.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
import yaml

from dpgcheck.errors import DpgcheckError
from dpgcheck.facts.text import Heading, headings
from dpgcheck.parsing import safe_yaml_load_nodes


class Stated(msgspec.Struct, frozen=True):
    """One value a file states, with where it states it."""

    value: str
    path: str
    line: int


class Card(msgspec.Struct, frozen=True):
    """A model card, dataset card or datasheet: its front matter and its sections."""

    path: str
    kind: str  # "model" | "dataset"
    license: Stated | None = None
    license_name: Stated | None = None
    license_link: Stated | None = None
    datasets: tuple[Stated, ...] = ()
    base_models: tuple[Stated, ...] = ()
    pipeline_tag: Stated | None = None
    sections: tuple[Heading, ...] = ()


class MofComponent(msgspec.Struct, frozen=True):
    """One component a Model Openness Framework file lists, sorted into a part of the system."""

    part: str  # "model" | "code" | "data" | "" (documentation and the like)
    name: str
    license: str | None
    path: str
    line: int


_FRONT_END = re.compile(r"^(?:---|\.\.\.)\s*$", re.MULTILINE)
_DATASET_KEYS = frozenset(
    {
        "task_categories",
        "size_categories",
        "dataset_info",
        "annotations_creators",
        "source_datasets",
        "configs",
    }
)
_MODEL_KEYS = frozenset({"pipeline_tag", "base_model", "library_name", "model-index", "model_name"})


def front_matter(text: str) -> tuple[str, int] | None:
    """The YAML front matter of a Markdown text and the line its body starts on, or None."""
    if not text.startswith("---"):
        return None
    first = text.find("\n")
    if first < 0 or text[:first].strip() != "---":
        return None
    end = _FRONT_END.search(text, first + 1)
    if end is None:
        return None
    return text[first + 1 : end.start()], 2


def _node_lines(node: yaml.Node | None, offset: int) -> dict[str, int]:
    """Top-level key → its 1-based line in the file."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines[str(key.value)] = key.start_mark.line + offset
    return lines


def _values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [
            str(item).strip() for item in value if isinstance(item, (str, int, float)) and str(item).strip()
        ]
    return []


def card_of(path: str, text: str, kind_hint: str = "") -> Card | None:
    """The card ``text`` at ``path`` is, or None when it has no card front matter nor hint.

    ``kind_hint`` ("model" / "dataset") is what the file name says (MODEL_CARD.md,
    datasheet.md); a README counts as a card only when its front matter says so.
    """
    found = front_matter(text)
    data: Any = None
    lines: dict[str, int] = {}
    if found is not None:
        try:
            data, node = safe_yaml_load_nodes(found[0], path)
        except (yaml.YAMLError, DpgcheckError, ValueError):
            data, node = None, None
        lines = _node_lines(node, found[1])
    if not isinstance(data, dict):
        data = {}
    keys = {str(k) for k in data}
    kind = kind_hint or (
        "dataset"
        if keys & _DATASET_KEYS
        else "model"
        if keys & (_MODEL_KEYS | {"datasets", "license"})
        else ""
    )
    if not kind:
        return None

    def stated(key: str) -> Stated | None:
        values = _values(data.get(key))
        return Stated(values[0], path, lines.get(key, 1)) if values else None

    def all_stated(key: str) -> tuple[Stated, ...]:
        return tuple(Stated(v, path, lines.get(key, 1)) for v in _values(data.get(key))[:20])

    return Card(
        path=path,
        kind=kind,
        license=stated("license"),
        license_name=stated("license_name"),
        license_link=stated("license_link"),
        datasets=all_stated("datasets"),
        base_models=all_stated("base_model"),
        pipeline_tag=stated("pipeline_tag"),
        sections=tuple(headings(text)),
    )


_MODEL_PART = re.compile(r"parameters|weights|checkpoint", re.IGNORECASE)
_DATA_PART = re.compile(r"\bdata ?sets?\b|training data|evaluation data|\bdata\b", re.IGNORECASE)
_CODE_PART = re.compile(r"code|architecture|librar|tools?\b", re.IGNORECASE)
_DOC_PART = re.compile(r"card|report|paper|metadata|results|sheet", re.IGNORECASE)


def mof_part(name: str) -> str:
    """The part of an AI system a MOF component name belongs to ("" for documentation)."""
    if _MODEL_PART.search(name):
        return "model"
    if _CODE_PART.search(name):
        return "code"
    if _DOC_PART.search(name):
        return ""
    return "data" if _DATA_PART.search(name) else ""


def mof_components(path: str, text: str) -> tuple[MofComponent, ...]:
    """The components a Model Openness Framework file lists, each with its license and line.

    The MOF tool writes ``release.components`` as a list of ``{name, license, ...}``; any list
    of such mappings anywhere in the file is read the same way.
    """
    try:
        data, node = safe_yaml_load_nodes(text, path)
    except (yaml.YAMLError, DpgcheckError, ValueError):
        return ()
    found: list[MofComponent] = []
    _walk(data, node, path, found, 0)
    return tuple(found[:50])


def _walk(data: Any, node: yaml.Node | None, path: str, found: list[MofComponent], depth: int) -> None:
    if depth > 6:
        return
    if isinstance(data, dict) and isinstance(node, yaml.MappingNode):
        if isinstance(data.get("name"), str) and "license" in data:
            license_value = data.get("license")
            if isinstance(license_value, dict):
                license_value = license_value.get("name")
            name = str(data["name"])
            found.append(
                MofComponent(
                    mof_part(name),
                    name,
                    str(license_value).strip() if isinstance(license_value, (str, int, float)) else None,
                    path,
                    node.start_mark.line + 1,
                )
            )
            return
        for key, value_node in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value in data:
                _walk(data[key.value], value_node, path, found, depth + 1)
    elif isinstance(data, list) and isinstance(node, yaml.SequenceNode):
        for item, item_node in zip(data, node.value, strict=False):
            _walk(item, item_node, path, found, depth + 1)
