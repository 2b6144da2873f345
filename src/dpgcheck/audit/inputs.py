"""Expand the audit's inputs into items: targets, text lists, CSV files and registry folders.

- a folder holding ``nominees/`` is a registry: one item per repository each entry names, with
  the entry's nomination (and screening answers) as the manifest; an entry of several
  repositories is grouped (one row in the summaries), its first keeps the key ``registry:<slug>``;
- a JSON file of the DPGA application platform (one entry, an API export, a wrapped list), or a
  folder of such entry files: one item per repository each entry names, grouped by entry
  (see ``registry_app_items``);
- a ``.csv`` file needs a ``target`` column (optional ``manifest`` and ``name`` columns);
- any other file is a list of targets, one per line; blank lines and ``#`` comments are skipped;
- anything else (a folder, a git URL, ``owner/repo``) is a target as ``dpgcheck check`` takes it.

A relative path inside a list, CSV or registry is read relative to that file's folder when it
exists there, so a list can travel with the repositories it names.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from dpgcheck.audit.items import AuditItem
from dpgcheck.audit.registry_adapter import is_registry_folder, registry_entries
from dpgcheck.errors import InputError
from dpgcheck.sources.targets import LOCAL_REGISTRY_ENV, is_remote_repository_url


def expand_inputs(inputs: Sequence[str]) -> list[AuditItem]:
    """Every item named by ``inputs``, in order, without duplicates (first occurrence wins)."""
    if not inputs:
        raise InputError(
            "No input given",
            "Name targets, a list file, a CSV file, a registry folder or export, or --registry URL.",
        )
    seen: set[str] = set()
    items: list[AuditItem] = []
    for value in inputs:
        for item in _expand_one(value):
            if item.key not in seen:
                seen.add(item.key)
                items.append(item)
    if not items:
        raise InputError(
            f"The inputs name no target: {' '.join(inputs)}",
            "A list file needs one target per line; a CSV file needs rows under its `target` column.",
        )
    return items


def _expand_one(value: str) -> Iterator[AuditItem]:
    from dpgcheck.audit import registry_app_items as app

    path = Path(value).expanduser()
    if path.is_dir() and is_registry_folder(path):
        yield from _registry_items(path)
    elif path.is_dir() and (documents := app.app_folder_documents(path)):
        for document in documents:
            yield from app.app_items(document, path.resolve())
    elif path.is_file() and (single := app.app_document(path)) is not None:
        yield from app.app_items(single, path.resolve().parent)
    elif path.is_file() and path.suffix.lower() == ".csv":
        yield from _csv_items(path)
    elif path.is_file():
        yield from _list_items(path)
    else:
        yield plain_item(value, Path.cwd(), "argument")


def plain_item(
    value: str, base: Path, origin: str, manifest: str | None = None, name: str | None = None
) -> AuditItem:
    """An item for one target string; a local path becomes absolute so its key is stable."""
    target = resolve_local(value.strip(), base)
    manifest_path = resolve_local(manifest.strip(), base) if manifest else None
    key = target if manifest_path is None else f"{target} --manifest {manifest_path}"
    return AuditItem(key=key, target=target, manifest=manifest_path, name=name, origin=origin)


def resolve_local(value: str, base: Path) -> str:
    """``value`` as an absolute path when it names an existing local path, else unchanged."""
    if "://" in value or value.startswith("git@"):
        return value
    candidate = Path(value).expanduser()
    if not candidate.is_absolute():
        candidate = base / candidate
    return str(candidate.resolve()) if candidate.exists() else value


def _registry_items(folder: Path) -> Iterator[AuditItem]:
    for entry in registry_entries(folder):
        origin = entry.nomination
        key = f"registry:{entry.slug}"
        declared = (entry.screening,) if entry.screening else ()
        repositories = entry.repositories or ((entry.repository,) if entry.repository else ())
        problem = entry.problem
        if not repositories and problem is None:
            problem = f"the registry entry {entry.slug} names no repository (repositories[].url)"
        if problem is not None:
            yield AuditItem(key, key, entry.nomination, entry.name, origin, problem, declared)
            continue
        # Several repositories: one line each, one row in the summaries (the entry's group).
        group = key if len(repositories) > 1 else None
        for number, url in enumerate(repositories):
            target, problem = _registry_target(url.strip(), folder)
            item_key = key if number == 0 else f"{key}:{target or url.strip()}"
            target = target or item_key  # never the unchecked text itself (a local path)
            yield AuditItem(item_key, target, entry.nomination, entry.name, origin, problem, declared, group)


def _registry_target(url: str, folder: Path) -> tuple[str | None, str | None]:
    """The target one repository URL of a registry entry names, or why it cannot be checked."""
    from dpgcheck.audit.registry_app_items import repository_target

    local = os.environ.get(LOCAL_REGISTRY_ENV) == "1"
    if local and "://" not in url and not url.startswith("git@"):
        return resolve_local(url, folder), None
    if is_remote_repository_url(url) or (local and url.startswith("file://")):
        # The same reading as the application platform's entries: a blob URL is its
        # repository, an organisation or search page is an error line that says so.
        return repository_target(url, folder)
    # A registry names repositories on hosts; a local path (/etc, ~/.ssh) would list the
    # reviewer's own files into the report.
    return None, f"not a remote repository URL: {url}"


def _list_items(path: Path) -> Iterator[AuditItem]:
    base = path.resolve().parent
    for number, line in enumerate(_read_lines(path), start=1):
        # A comment starts a line or follows a space; `#` inside a URL fragment is kept.
        text = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if text:
            yield plain_item(text, base, f"{path}:{number}")


def _csv_items(path: Path) -> Iterator[AuditItem]:
    base = path.resolve().parent
    lines = _read_lines(path)
    # The csv module refuses a field over 128 KB by default (a long notes column a reviewer
    # keeps beside the targets). The whole file is already in memory, so no field can be longer
    # than it: allow that much while this file is read, then put the limit back.
    previous = csv.field_size_limit(max(csv.field_size_limit(), sum(len(line) + 1 for line in lines)))
    reader = csv.DictReader(lines)
    try:
        columns = {name.strip().lower(): name for name in reader.fieldnames or ()}
        if "target" not in columns:
            raise InputError(
                f"{path} has no `target` column (columns: {', '.join(reader.fieldnames or ()) or 'none'})",
                "Put the targets under a header named `target`; `manifest` and `name` columns are optional.",
            )
        for number, row in enumerate(reader, start=2):
            target = (row.get(columns["target"]) or "").strip()
            if not target or target.startswith("#"):
                continue
            manifest = (row.get(columns["manifest"]) or "").strip() if "manifest" in columns else ""
            name = (row.get(columns["name"]) or "").strip() if "name" in columns else ""
            yield plain_item(target, base, f"{path}:{number}", manifest or None, name or None)
    except csv.Error as exc:
        message = f"{path}:{reader.line_num}: not a valid CSV file ({exc})"
        raise InputError(message, "Save the list of targets as CSV.") from exc
    finally:
        csv.field_size_limit(previous)


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not a UTF-8 text file", "A list of targets is plain text.") from exc
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    return text.splitlines()
