"""DPGA registry entries on disk: a nomination file and its screening file, found by slug.

The registry (``DPGAlliance/publicgoods-candidates``) keeps each product in two JSON files with
the same slug: ``nominees/<slug>.json`` (name, license, SDGs, organizations…) and
``digitalpublicgoods/<slug>.json`` (the screening answers). Several products may share one
screening file through a symbolic link; a checkout made without symlink support holds the
link as a one-line text file naming its target, which is followed too.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import msgspec

from dpgcheck.errors import InputError
from dpgcheck.facts.manifest.registry_urls import split_urls
from dpgcheck.parsing import DocumentLimitError, safe_json_loads

NOMINEES_DIR = "nominees"
SCREENING_DIR = "digitalpublicgoods"

_MAX_LINK_HOPS = 10
_MAX_LINK_TEXT_BYTES = 1024
_MAX_NOMINATION_BYTES = 2 * 1024 * 1024


class RegistryEntry(msgspec.Struct, frozen=True):
    """One product of a registry checkout: its files, name and first repository."""

    slug: str
    nomination_path: str
    screening_path: str | None
    repository_url: str | None
    name: str | None
    problem: str | None = None  # why the nomination could not be read, if it could not
    repository_urls: tuple[str, ...] = ()  # every repository URL it names, in order


def is_nomination_path(path: str) -> bool:
    """Whether ``path`` is a registry nomination file (``…/nominees/<slug>.json``)."""
    return Path(path).parent.name == NOMINEES_DIR


def slug_of(path: str) -> str:
    """``nominees/dhis2.json`` → ``dhis2``."""
    name = Path(path).name
    return name[: -len(".json")] if name.endswith(".json") else name


def resolve_screening(nomination_path: str) -> tuple[str | None, list[str]]:
    """The screening file of a nomination (links followed to the file that holds the text).

    Returns the path to read (or None) and notes for the report: which link was followed, or
    that the screening file is missing or broken.
    """
    nomination = Path(nomination_path)
    slug = slug_of(nomination_path)
    folder = nomination.parent.parent / SCREENING_DIR
    candidates = [folder / f"{slug}.json", folder / slug]
    found = next((c for c in candidates if c.is_file() or c.is_symlink()), None)
    if found is None:
        return None, [
            f"No screening file for {slug} ({candidates[0]}): the screening answers are missing, "
            "so the indicators that need them are judged from the repository alone"
        ]
    target, problem = follow_link(str(found))
    if problem is not None:
        return None, [f"Screening file {found} not read: {problem}"]
    notes = []
    if target != str(found):
        notes.append(
            f"Screening file {found} is a link to {target}, shared by several products: "
            f"the screening answers of {slug} are cited from {target}"
        )
    return target, notes


def follow_link(path: str) -> tuple[str, str | None]:
    """The file a (chain of) symbolic link(s) ends at, in the caller's path style, or a problem.

    A git checkout without symlink support writes a link as a small text file holding the
    target's relative path: that is followed too, when the target exists.
    """
    current = path
    for _ in range(_MAX_LINK_HOPS):
        if os.path.islink(current):
            target = os.path.normpath(os.path.join(os.path.dirname(current), os.readlink(current)))
            if not os.path.lexists(target):
                return current, f"a broken link to {target}"
            current = target
            continue
        textual = _link_text(current)
        if textual is None:
            return current, None
        current = textual
    return current, "too many links in a row (a loop?)"


def _link_text(path: str) -> str | None:
    try:
        if os.path.getsize(path) > _MAX_LINK_TEXT_BYTES:
            return None
        text = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not text or "\n" in text or text.startswith(("{", "[")) or not text.endswith(".json"):
        return None
    target = os.path.normpath(os.path.join(os.path.dirname(path), text))
    return target if os.path.isfile(target) else None


def find_registry_entries(folder: str) -> list[RegistryEntry]:
    """Every ``nominees/*.json`` of a registry checkout (or of a ``nominees`` folder), by slug.

    An unreadable or malformed nomination is listed with its ``problem`` so a batch audit can
    report it as that entry's error instead of stopping.
    """
    root = Path(folder).expanduser()
    nominees = root if root.name == NOMINEES_DIR else root / NOMINEES_DIR
    if not nominees.is_dir():
        raise InputError(
            f"No {NOMINEES_DIR}/ folder in {folder}",
            "Give the folder of a DPGA registry checkout (it holds nominees/ and digitalpublicgoods/).",
        )
    entries = []
    for file in sorted(nominees.iterdir(), key=lambda f: slug_of(f.name)):
        if not file.name.endswith(".json") or file.name.startswith(".") or not file.is_file():
            continue
        path = str(file)
        screening, _ = resolve_screening(path)
        data, problem = _read_nomination(path)
        entries.append(
            RegistryEntry(
                slug=slug_of(path),
                nomination_path=path,
                screening_path=screening,
                repository_url=first_repository_url(data),
                name=str(data["name"]) if isinstance(data.get("name"), str) else None,
                problem=problem,
                repository_urls=all_repository_urls(data),
            )
        )
    return entries


def first_repository_url(data: dict[str, Any]) -> str | None:
    """``repositories[0].url``, else the older ``repositoryURL``."""
    repositories = data.get("repositories")
    if isinstance(repositories, list):
        for repository in repositories:
            if isinstance(repository, dict) and isinstance(repository.get("url"), str):
                url = str(repository["url"]).strip()
                if url:
                    return url
    older = data.get("repositoryURL")
    return older.strip() if isinstance(older, str) and older.strip() else None


def all_repository_urls(data: dict[str, Any]) -> tuple[str, ...]:
    """Every URL of ``repositories[].url`` (several in one text are split), else the older
    ``repositoryURL``; a value that holds no URL at all (a bare path) is kept as written."""
    written: list[str] = []
    repositories = data.get("repositories")
    if isinstance(repositories, list):
        for repository in repositories:
            if isinstance(repository, dict) and isinstance(repository.get("url"), str):
                text = str(repository["url"]).strip()
                written += split_urls(text) or ([text] if text else [])
    if not written:
        older = data.get("repositoryURL")
        if isinstance(older, str) and older.strip():
            written += split_urls(older) or [older.strip()]
    return tuple(dict.fromkeys(written))


def _read_nomination(path: str) -> tuple[dict[str, Any], str | None]:
    try:
        if os.path.getsize(path) > _MAX_NOMINATION_BYTES:
            return {}, "nomination file too large"
        data = safe_json_loads(Path(path).read_text(encoding="utf-8"), path)
    except DocumentLimitError as exc:
        return {}, exc.message.removeprefix(f"{path}: ")
    except RecursionError:  # safe_json_loads should have refused it first
        return {}, "nested too deeply to read"
    except (OSError, UnicodeDecodeError) as exc:
        return {}, f"unreadable: {exc}"
    except json.JSONDecodeError as exc:
        return {}, f"not valid JSON (line {exc.lineno}: {exc.msg})"
    if not isinstance(data, dict):
        return {}, "not a JSON object"
    return data, None
