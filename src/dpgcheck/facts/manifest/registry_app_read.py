"""Files of the DPGA application platform: one entry, an API export, a wrapped list, a folder.

The shape is detected from the data, not the file name: an **entry** is a JSON object with an
``id`` and at least one of the platform's own fields (``openlicenses``, ``categories``,
``sdgs``); an **export** is a JSON array of entries; a **wrapped list** is an object one of
whose values is such an array (``{"data": [...]}``); a **folder** holds entry files.

A file holding several entries is named with the entry's id after ``#``
(``registry.json#10226``); ``#10226:2`` also says which of the entry's repositories is being
checked (1 = the first), so URLs into its sibling repositories are not looked up in this one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import msgspec

from dpgcheck.errors import ManifestError
from dpgcheck.facts.manifest.json_lines import json_lines
from dpgcheck.facts.manifest.model import KeyPath, Manifest
from dpgcheck.facts.manifest.registry_app import translate
from dpgcheck.facts.manifest.registry_urls import classify_repository
from dpgcheck.facts.manifest.schema import validate
from dpgcheck.parsing import DocumentLimitError, safe_json_loads

APP_FIELDS = ("openlicenses", "categories", "sdgs")
MAX_EXPORT_BYTES = 64 * 1024 * 1024
"""A registry export: a few hundred entries of ~10 KB each, with room to grow."""
_SELECTOR = re.compile(r"^(?P<path>.+)#(?P<id>[^#:/]+)(?::(?P<repo>\d+))?$")


def is_app_entry(value: Any) -> bool:
    """Whether ``value`` is one application-platform entry."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("id"), int | str)
        and not isinstance(value.get("id"), bool)
        and any(key in value for key in APP_FIELDS)
    )


def app_entries(data: Any) -> list[tuple[KeyPath, dict[str, Any]]] | None:
    """The entries of a document with their key paths, or None when it is not of this format."""
    if is_app_entry(data):
        return [((), data)]
    if isinstance(data, list) and any(is_app_entry(item) for item in data):
        return [((index,), item) for index, item in enumerate(data) if is_app_entry(item)]
    if isinstance(data, dict) and "id" not in data:
        for key, value in data.items():
            if isinstance(value, list) and any(is_app_entry(item) for item in value):
                return [((key, index), item) for index, item in enumerate(value) if is_app_entry(item)]
    return None


class AppDocument(msgspec.Struct, frozen=True):
    """A file of the platform's format, read once: its entries and the line of every key."""

    path: str
    entries: tuple[tuple[KeyPath, dict[str, Any]], ...]
    lines: dict[KeyPath, int]
    skipped: int = 0  # items of an export that are not entries


def split_selector(path: str) -> tuple[str, str | None, int | None]:
    """``registry.json#10226:2`` → (``registry.json``, ``10226``, 2); a real file is kept whole."""
    match = _SELECTOR.match(path)
    if match is None or Path(path).expanduser().exists():
        return path, None, None
    repo = match.group("repo")
    return match.group("path"), match.group("id"), int(repo) if repo else None


def read_document(path: str, text: str | None = None) -> AppDocument | None:
    """The file at ``path`` as the platform's format, or None when it is another format."""
    if text is None:
        text = _read(path)
    try:
        data = safe_json_loads(text, path)
    except DocumentLimitError as exc:
        raise ManifestError(exc.message, exc.hint) from exc
    except json.JSONDecodeError:
        return None  # not JSON: the caller's reader says what is wrong with it
    entries = app_entries(data)
    if entries is None:
        return None
    lines = json_lines(text)
    total = len(data) if isinstance(data, list) else len(entries)
    return AppDocument(path, tuple(entries), lines, total - len(entries))


def read_export_text(path: str) -> str:
    """The text of a registry file (an export may be larger than a manifest)."""
    return _read(path)


def _read(path: str) -> str:
    file = Path(path).expanduser()
    try:
        if file.stat().st_size > MAX_EXPORT_BYTES:
            raise ManifestError(f"{path} is too large for a registry file", "Split the export.")
        return file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"{path} is not UTF-8 text", "Save it as UTF-8.") from exc
    except OSError as exc:
        raise ManifestError(f"Cannot read {path}: {exc.strerror or exc}") from exc


def select_entry(document: AppDocument, entry_id: str | None) -> tuple[KeyPath, dict[str, Any]]:
    """The entry ``entry_id`` names (the only one when none is named)."""
    if entry_id is None:
        if len(document.entries) == 1:
            return document.entries[0]
        ids = ", ".join(str(entry.get("id")) for _, entry in document.entries[:5])
        raise ManifestError(
            f"{document.path} holds {len(document.entries)} registry entries",
            f"Name one after `#`: {document.path}#ID (ids: {ids}…).",
        )
    for prefix, entry in document.entries:
        if str(entry.get("id")).strip() == entry_id:
            return prefix, entry
    raise ManifestError(f"No registry entry with id {entry_id} in {document.path}", "Check the id.")


def entry_manifest(
    document: AppDocument, entry_id: str | None = None, repository: int | None = None
) -> Manifest:
    """One entry as a Manifest the checks read, citing the lines of the entry's own file."""
    prefix, entry = select_entry(document, entry_id)
    translation = translate(entry)
    repositories = [classify_repository(url) for url, _ in translation.repositories]
    named = [(repo, source) for repo, (_, source) in zip(repositories, translation.repositories, strict=True)]
    usable = [(repo, source) for repo, source in named if repo.url is not None]
    if repository is not None:
        if not 1 <= repository <= len(named):
            raise ManifestError(
                f"{translation.entry} names {len(named)} repositories, not {repository}",
                "Number the repository from 1, in the order the entry lists them.",
            )
        chosen = named[repository - 1]
        usable = [chosen] if chosen[0].url is not None else []
    elif len(usable) > 1:
        translation.note(
            f"names {len(usable)} repositories; URLs into them are not looked up in this one "
            f"(add `#{entry.get('id')}:N` to say it is the N-th)"
        )
        usable = []
    if usable:
        translation.data["repositories"] = [
            {"name": str(repo.url).rsplit("/", 1)[-1], "url": repo.url} for repo, _ in usable
        ]
        translation.sources[("repositories",)] = ("repositories",)
        for index, (_, source) in enumerate(usable):
            translation.sources[("repositories", index)] = source
            translation.sources[("repositories", index, "url")] = source
    lines = {
        target: document.lines[(*prefix, *source)]
        for target, source in translation.sources.items()
        if (*prefix, *source) in document.lines
    }
    manifest = Manifest(
        path=document.path, data=translation.data, lines=lines, notes=tuple(translation.notes)
    )
    validate(manifest)  # the mapping's own output: a failure here names the mapped field
    return manifest
