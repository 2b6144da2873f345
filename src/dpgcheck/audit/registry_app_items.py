"""Audit items of the DPGA application platform: one per repository each entry names.

An entry names its repositories in ``repositories[].url``, sometimes several in one text.
Each becomes its own item (its own results line), grouped by the entry (``group``), so the
summaries show the entry once with the worst status per indicator. A URL that names no
repository (an organisation or search page, a website) becomes that item's error, and the
entry's other repositories are still checked.

The item's manifest is ``FILE#ID:N``: the entry, and which of its repositories this is.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from dpgcheck.audit.items import AuditItem
from dpgcheck.errors import DpgcheckError
from dpgcheck.facts.manifest.registry_app import translate
from dpgcheck.facts.manifest.registry_app_read import AppDocument, read_document
from dpgcheck.facts.manifest.registry_translation import entry_label
from dpgcheck.facts.manifest.registry_urls import classify_repository
from dpgcheck.sources.targets import LOCAL_REGISTRY_ENV


def app_document(path: Path) -> AppDocument | None:
    """``path`` read as an application-platform file, or None when it is another kind of file."""
    if path.suffix.lower() != ".json":
        return None
    try:
        return read_document(str(path))
    except DpgcheckError:
        return None  # unreadable: the list-file reader reports it the usual way


def app_folder_documents(folder: Path) -> list[AppDocument]:
    """The entry files of a folder (``<id>.json`` each), in name order; empty if it holds none."""
    documents = []
    for file in sorted(folder.glob("*.json")):
        document = app_document(file) if file.is_file() else None
        if document is not None:
            documents.append(document)
    return documents


def app_items(document: AppDocument, base: Path) -> Iterator[AuditItem]:
    """Items for every entry of the document, one per repository it names."""
    for _, entry in document.entries:
        entry_id = str(entry.get("id")).strip()
        group = f"registry:{entry_id}"
        raw_name = entry.get("name")
        name = raw_name.strip() if isinstance(raw_name, str) and raw_name.strip() else entry_id
        origin = f"{document.path}#{entry_id}"
        try:
            written = [url for url, _ in translate(entry).repositories]
        except DpgcheckError as exc:
            yield AuditItem(group, group, None, name, origin, exc.message, group=group)
            continue
        if not written:
            missing = f"{entry_label(entry)} names no repository (repositories[].url)"
            yield AuditItem(group, group, None, name, origin, missing, group=group)
            continue
        for number, url in enumerate(written, start=1):
            target, problem = repository_target(url, base)
            key = f"{group}:{target or url.strip()}"
            manifest = f"{document.path}#{entry_id}:{number}"
            yield AuditItem(key, target or url.strip(), manifest, name, origin, problem, group=group)


def repository_target(url: str, base: Path) -> tuple[str | None, str | None]:
    """The target to check for one written URL, or the problem that stops it."""
    if os.environ.get(LOCAL_REGISTRY_ENV) == "1" and url.startswith("file://"):
        local = Path(url.removeprefix("file://")).expanduser()
        local = local if local.is_absolute() else base / local
        if local.exists():
            return str(local.resolve()), None
    read = classify_repository(url)
    return read.url, read.problem
