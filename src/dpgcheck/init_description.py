"""The one-line description a project already states in its package metadata, for ``dpgcheck init``.

Read from the root's pyproject.toml (``[project] description``, else Poetry's), package.json
(``description``), setup.cfg (``[metadata] description``) or an R package's DESCRIPTION
(``Title``, else the first line of ``Description``); the first found wins. A value that does
not read as one line of prose (empty, a placeholder, a template variable) is skipped.
"""

from __future__ import annotations

import configparser
import json
import re
import tomllib
from collections.abc import Callable
from typing import Any

from dpgcheck.parsing import DocumentLimitError, safe_json_loads, safe_toml_loads
from dpgcheck.sources.snapshot import Snapshot

MAX_DESCRIPTION = 300  # a one-line description; longer text is a README's first paragraph, cut


def project_description(snapshot: Snapshot) -> tuple[str, str] | None:
    """``(description, file it came from)`` from the root's package metadata, or None."""
    readers: tuple[tuple[str, Callable[[str, str], Any]], ...] = (
        ("pyproject.toml", _from_pyproject),
        ("package.json", _from_package_json),
        ("setup.cfg", _from_setup_cfg),
        ("DESCRIPTION", _from_r_description),
    )
    for name, read in readers:
        if not snapshot.exists(name):
            continue
        text = snapshot.read_text(name)
        if text is None:
            continue
        try:
            found = read(text, name)
        except (ValueError, DocumentLimitError, configparser.Error, tomllib.TOMLDecodeError):
            continue  # a broken metadata file is the build tool's problem: try the next one
        description = _one_line(found)
        if description:
            return description, name
    return None


def _from_pyproject(text: str, name: str) -> Any:
    data = safe_toml_loads(text, name)
    project = data.get("project")
    if isinstance(project, dict) and project.get("description"):
        return project["description"]
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    return poetry.get("description") if isinstance(poetry, dict) else None


def _from_package_json(text: str, name: str) -> Any:
    try:
        data = safe_json_loads(text, name)
    except json.JSONDecodeError:
        return None
    return data.get("description") if isinstance(data, dict) else None


def _from_setup_cfg(text: str, name: str) -> Any:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text, source=name)
    return parser.get("metadata", "description", fallback=None)


def _from_r_description(text: str, name: str) -> Any:
    # Debian-control style: "Field: value", continuation lines indented.
    fields: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if line[:1].isspace() and current:
            fields[current] += " " + line.strip()
        elif ":" in line:
            current, _, value = line.partition(":")
            current = current.strip()
            fields[current] = value.strip()
    return fields.get("Title") or fields.get("Description")


def _one_line(value: Any) -> str | None:
    """``value`` as one line of prose, or None when it is not one (empty, TODO, ``{{ var }}``)."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or re.match(r"(?i)todo\b", text) or re.search(r"\{\{|\$\{|%\(", text):
        return None
    if len(text) > MAX_DESCRIPTION:
        cut = text[:MAX_DESCRIPTION].rsplit(" ", 1)[0]
        text = cut.rstrip(",;:") + "…"
    return text
