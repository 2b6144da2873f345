"""Per-part licensing of a data set or content collection: which license governs which part.

The DPG Standard 1.1.7 (#186) recognises a data set or content collection only if all of it is
openly licensed, so the root LICENSE is not the whole answer: a sub-folder may carry a LICENSE
of its own, single files a REUSE ``.license`` sidecar, ``REUSE.toml`` / ``.reuse/dep5`` may
license paths by pattern, data files may carry ``SPDX-License-Identifier`` headers, and dataset
metadata (``datapackage.json``, Croissant / schema.org JSON-LD, CSVW, ``CITATION.cff``, read in
``dataset_meta``) names licenses per package and per resource. Each becomes a LicensePart with
its scope, license and evidence (file and line); DPG-2 judges them (checks/_license_parts.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

import msgspec

from dpgcheck.facts.licenses.files import is_header_template, name_score
from dpgcheck.facts.licenses.mentions import spdx_headers
from dpgcheck.facts.licenses.model import LicenseFinding
from dpgcheck.facts.licenses.names import resolve
from dpgcheck.facts.project_paths import file_name, file_suffix, in_foreign_dir
from dpgcheck.sources.snapshot import Snapshot

DATA_EXTENSIONS = frozenset(
    {"csv", "tsv", "parquet", "xlsx", "xls", "ods", "geojson", "topojson", "shp", "dbf", "gpkg"}
    | {"sqlite", "jsonl", "ndjson", "nc", "feather", "arrow", "dta", "sav", "rds", "rda", "json"}
)
CONTENT_EXTENSIONS = frozenset(
    {"md", "markdown", "rst", "pdf", "epub", "html", "htm", "png", "jpg", "jpeg", "gif", "svg"}
    | {"webp", "mp3", "mp4", "wav", "ogg", "webm", "mov", "docx", "odt", "pptx", "tex", "txt"}
)
_DATA_FOLDERS = frozenset({"data", "dataset", "datasets", "db", "database", "raw", "processed", "csv"})
_CONTENT_FOLDERS = frozenset(
    {"content", "contents", "docs", "doc", "documentation", "images", "img", "media", "assets"}
    | {"audio", "video", "books", "lessons", "curriculum", "stories", "illustrations", "photos"}
)
_SOFTWARE_FOLDERS = frozenset({"src", "lib", "app", "code", "scripts", "packages", "cmd", "pkg", "fonts"})

MAX_SUBFOLDER_LICENSES = 40
"""Sub-folder license files classified at most, outermost first (each may cost a classification)."""
MAX_SIDECARS = 200
"""REUSE ``.license`` sidecars read at most."""
HEADER_SAMPLE = 60
"""Data and content files whose first bytes are read for SPDX-License-Identifier headers."""
HEADER_BYTES = 4096

ClassifyText = Callable[[str, str], "LicenseFinding | None"]
"""Classifies one license text (path, text) into a finding: the license detector's classifier."""


class LicensePart(msgspec.Struct, frozen=True):
    """One part of the repository and the license stated for it, with where it is stated."""

    scope: str  # the folder, file or pattern it governs ("data/raw", "images/a.png", "*.csv", "")
    spdx: str | None  # None: stated but not recognised (``raw`` says what was written)
    raw: str
    path: str  # the file that states it
    line: int | None
    source: str  # "sub-folder license", ".license sidecar", "REUSE.toml", "datapackage.json resource"…
    asset: str = ""  # "data", "content", "software", or "" (the whole collection)

    def where(self) -> str:
        """The part in words: ``data/raw (sub-folder license)``."""
        return f"{self.scope or 'the whole collection'} ({self.source})"


class UnlicensedPart(msgspec.Struct, frozen=True):
    """A part that dataset metadata describes without any license (nor one for its package)."""

    scope: str
    path: str
    line: int | None
    source: str


class LicenseParts(msgspec.Struct, frozen=True):
    """Every per-part license found, the parts described without one, and what was searched."""

    parts: tuple[LicensePart, ...] = ()
    unlicensed: tuple[UnlicensedPart, ...] = ()
    searched: tuple[str, ...] = ()  # the files read, for the evidence of a verdict
    notes: tuple[str, ...] = ()  # limits that applied


# Frictionless and Croissant short names the SPDX resolver does not know.
_ALIASES = {
    "odc-by": "ODC-By-1.0",
    "odc-by-1.0": "ODC-By-1.0",
    "odc-odbl": "ODbL-1.0",
    "odc-odbl-1.0": "ODbL-1.0",
    "odbl": "ODbL-1.0",
    "odc-pddl": "PDDL-1.0",
    "odc-pddl-1.0": "PDDL-1.0",
    "pddl": "PDDL-1.0",
    "cc0": "CC0-1.0",
    "cc-zero": "CC0-1.0",
}


# "License: [CC-BY-NC]" (African Storybook), "license: CC-BY-SA-4.0" (front matter), "**License**: …".
LICENSE_LINE = re.compile(
    r"^[ \t]*(?:[*+-][ \t]*)?(?:\*\*)?licen[cs]e(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*"
    # The value starts with a mark that is not a space, so a run of spaces is never tried twice.
    r"\[?([^\]\s][^\]\n]{1,79}?)\]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
NOT_CONTENT = re.compile(
    r"^(readme|licen[cs]e|copying|changelog|contributing|code[-_]of[-_]conduct|security)", re.I
)
# Creative Commons names written without a version ("CC-BY-NC"): read as 4.0, which decides the
# same as any version for content (NC, ND and SA are what matter); the evidence shows the raw text.
_UNVERSIONED_CC = re.compile(r"^cc[- ]?by(-nc)?(-sa|-nd)?$", re.IGNORECASE)


def resolve_license(raw: str) -> str | None:
    """The SPDX id of a license value as dataset metadata writes it (id, name or URL)."""
    text = raw.strip()
    if _UNVERSIONED_CC.match(text):
        return text.upper().replace(" ", "-").replace("CCBY", "CC-BY") + "-4.0"
    if not text or text.upper() in ("NOASSERTION", "NONE"):
        return None
    alias = _ALIASES.get(text.lower())
    if alias:
        return alias
    resolved = resolve(text)
    return resolved.spdx if resolved else None


def asset_of_path(path: str) -> str:
    """What a path (file, folder or pattern) holds: data, content, software, or "" (unknown)."""
    suffix = file_suffix(path).lstrip(".").lower()
    if suffix in DATA_EXTENSIONS:
        return "data"
    if suffix in CONTENT_EXTENSIONS:
        return "content"
    for folder in reversed([p.lower() for p in path.split("/")[:-1] or [path.lower()]]):
        if folder in _DATA_FOLDERS:
            return "data"
        if folder in _CONTENT_FOLDERS:
            return "content"
        if folder in _SOFTWARE_FOLDERS:
            return "software"
    return "software" if suffix and suffix not in ("", "license", "toml") and "*" not in path else ""


def _folder_asset(snapshot: Snapshot, folder: str) -> str:
    """A folder's kind: by its name, else by most of the files directly in it."""
    named = asset_of_path(f"{folder}/x")
    if named:
        return named
    counts: dict[str, int] = {}
    for path in snapshot.children(folder):
        kind = asset_of_path(path)
        counts[kind] = counts.get(kind, 0) + 1
    counts.pop("", None)
    return max(counts, key=lambda k: counts[k]) if counts else ""


def line_of(text: str, needle: str, start: int = 0) -> int | None:
    """The 1-based line of the first ``needle`` at or after offset ``start`` (None if absent)."""
    at = text.find(needle, start)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _subfolder_license_files(snapshot: Snapshot) -> list[str]:
    found: list[str] = []
    for lower, paths in snapshot.by_lower_name.items():
        if name_score(lower) <= 0 or is_header_template(lower):
            continue
        for path in paths:
            parts = path.split("/")[:-1]
            if not parts or len(parts) > 4 or in_foreign_dir(path):
                continue
            if parts[0] in ("LICENSES", ".github", ".reuse") or (
                len(parts) == 1 and parts[0] in ("docs", "doc")
            ):
                continue  # the project's own license places (see files.license_candidates)
            if parts[-1] == "LICENSES":
                continue
            found.append(path)
    return sorted(found, key=lambda p: (p.count("/"), p))


def subfolder_parts(
    snapshot: Snapshot,
    known: Mapping[str, LicenseFinding],
    classify: ClassifyText,
    packages: Iterable[str] = (),
) -> tuple[list[LicensePart], list[str]]:
    """A LICENSE in a sub-folder governs that folder: one part per file (and notes)."""
    files = _subfolder_license_files(snapshot)
    code_folders = set(packages)
    notes = []
    if len(files) > MAX_SUBFOLDER_LICENSES:
        notes.append(
            f"{len(files)} sub-folder license files found; the first {MAX_SUBFOLDER_LICENSES} "
            "(outermost first) were read"
        )
    parts: list[LicensePart] = []
    for path in files[:MAX_SUBFOLDER_LICENSES]:
        finding = known.get(path)
        if finding is None:
            text = snapshot.read_text(path)
            if not text or not text.strip():
                continue
            finding = classify(path, text)
        if finding is None:
            continue
        folder = path.rpartition("/")[0]
        # A folder with a package manifest (package.json, pyproject.toml…) is code.
        asset = "software" if folder in code_folders else _folder_asset(snapshot, folder)
        parts.append(
            LicensePart(
                scope=folder,
                spdx=finding.spdx,
                raw=finding.spdx or (finding.closest or "unrecognised license text"),
                path=path,
                line=finding.line or 1,
                source="sub-folder license",
                asset=asset,
            )
        )
    return parts, notes


def parse_sidecar(path: str, text: str) -> list[LicensePart]:
    """A REUSE ``FILE.license`` sidecar: the SPDX-License-Identifier lines license FILE."""
    target = path[: -len(".license")]
    parts = []
    for offset, value in spdx_headers(text):
        parts.append(
            LicensePart(
                target, resolve_license(value), value.strip(), path, text.count("\n", 0, offset) + 1,
                ".license sidecar", asset_of_path(target),
            )
        )  # fmt: skip
    return parts


def parse_reuse_toml(path: str, text: str) -> list[LicensePart]:
    """``REUSE.toml``: each ``[[annotations]]`` licenses its ``path`` pattern(s)."""
    import tomllib  # only when a REUSE.toml is there (~4 ms of imports)

    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return []
    annotations = data.get("annotations") if isinstance(data, dict) else None
    parts: list[LicensePart] = []
    search = 0
    for item in annotations if isinstance(annotations, list) else []:
        if not isinstance(item, dict):
            continue
        patterns = item.get("path")
        patterns = [patterns] if isinstance(patterns, str) else patterns
        value = item.get("SPDX-License-Identifier")
        if not isinstance(patterns, list) or not isinstance(value, str):
            continue
        at = text.find("SPDX-License-Identifier", search)
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        search = at + 1 if at >= 0 else search
        for pattern in patterns:
            if isinstance(pattern, str):
                scope = "" if pattern in ("**", "**/*", "*") else pattern
                parts.append(
                    LicensePart(
                        scope, resolve_license(value), value, path, line, "REUSE.toml", asset_of_path(scope)
                    )
                )
    return parts


_DEP5_FIELD = re.compile(r"^(Files|License):[ \t]*(.*)$", re.MULTILINE)


def parse_dep5(path: str, text: str) -> list[LicensePart]:
    """``.reuse/dep5`` (Debian copyright format): each ``Files:`` stanza's ``License:``."""
    parts: list[LicensePart] = []
    files: list[str] = []
    for match in _DEP5_FIELD.finditer(text):
        field, value = match.group(1), match.group(2).strip()
        if field == "Files":
            files = value.split()
            continue
        if not files or not value:
            continue
        line = text.count("\n", 0, match.start()) + 1
        for pattern in files:
            scope = "" if pattern in ("*", "**") else pattern
            parts.append(
                LicensePart(
                    scope, resolve_license(value), value, path, line, ".reuse/dep5", asset_of_path(scope)
                )
            )
        files = []
    return parts


def sidecar_parts(snapshot: Snapshot) -> tuple[list[LicensePart], list[str]]:
    """Every ``.license`` sidecar (up to MAX_SIDECARS) and the REUSE files' annotations."""
    parts: list[LicensePart] = []
    searched: list[str] = []
    sidecars = [p for p in snapshot.by_extension.get("license", []) if not in_foreign_dir(p)]
    for path in sorted(sidecars)[:MAX_SIDECARS]:
        text = snapshot.read_text(path, HEADER_BYTES)
        if text:
            parts.extend(parse_sidecar(path, text))
    if sidecars:
        searched.append(f"{len(sidecars)} .license sidecar(s)")
    for path, parse in (("REUSE.toml", parse_reuse_toml), (".reuse/dep5", parse_dep5)):
        if snapshot.exists(path):
            searched.append(path)
            text = snapshot.read_text(path)
            if text:
                parts.extend(parse(path, text))
    return parts, searched


def header_parts(snapshot: Snapshot, extensions: Iterable[str]) -> tuple[list[LicensePart], str]:
    """SPDX-License-Identifier headers, or a ``License: X`` metadata line (front matter, a story's
    credits), in a spread sample of data and content files; and what was read, in words."""
    index = snapshot.by_extension
    files = sorted(p for ext in extensions for p in index.get(ext, []) if not in_foreign_dir(p))
    files = [p for p in files if not NOT_CONTENT.match(file_name(p))]
    step = max(1, len(files) // HEADER_SAMPLE)
    sample = files[::step][:HEADER_SAMPLE]
    parts: list[LicensePart] = []
    for path in sample:
        text = snapshot.read_text(path, HEADER_BYTES) or ""
        found = next(iter(spdx_headers(text)), None)
        source = "SPDX header"
        if found is None:
            match = LICENSE_LINE.search(text)
            found = (match.start(), match.group(1)) if match else None
            source = "license line"
        if found is not None:
            offset, value = found
            line = text.count("\n", 0, offset) + 1
            parts.append(
                LicensePart(
                    path, resolve_license(value), value.strip(), path, line, source, asset_of_path(path)
                )
            )
    read = (
        f"SPDX-License-Identifier headers and License: lines of {len(sample)} of {len(files)} "
        "data/content file(s)"
    )
    return parts, read
