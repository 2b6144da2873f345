"""The per-part licensing of a collection, read once: sub-folder licenses, REUSE data, SPDX
headers of data and content files, and dataset metadata (see parts and dataset_meta).

Only read when data or content is checked: software is judged by its effective license alone.
"""

from __future__ import annotations

from dpgcheck.facts.licenses.dataset_meta import metadata_parts
from dpgcheck.facts.licenses.findings import classify_license_file
from dpgcheck.facts.licenses.model import LicenseFacts, LicenseFinding
from dpgcheck.facts.licenses.parts import (
    CONTENT_EXTENSIONS,
    DATA_EXTENSIONS,
    LicenseParts,
    header_parts,
    sidecar_parts,
    subfolder_parts,
)
from dpgcheck.sources.snapshot import Snapshot

COLLECTION_TYPES = ("data", "content")


def collect_license_parts(
    snapshot: Snapshot, licenses: LicenseFacts, asset_types: tuple[str, ...]
) -> LicenseParts:
    """Every per-part license of the repository, for the data and content types checked."""
    types = tuple(t for t in asset_types if t in COLLECTION_TYPES)
    if not types:
        return LicenseParts()
    # A license file the detector already classified (a package's, a bundled folder's) is reused.
    known = {f.path: f for f in licenses.files if f.method == "text"}

    def classify(path: str, text: str) -> LicenseFinding | None:
        found = classify_license_file(path, text, types)
        return next((f for f in found if f.spdx), found[0] if found else None)

    folders, notes = subfolder_parts(snapshot, known, classify, licenses.packages)
    reuse, searched = sidecar_parts(snapshot)
    exts = (DATA_EXTENSIONS - {"json"} if "data" in types else frozenset()) | (
        CONTENT_EXTENSIONS - {"txt", "html", "htm"} if "content" in types else frozenset()
    )
    headers, sampled = header_parts(snapshot, sorted(exts))
    meta, unlicensed, meta_files, meta_notes = metadata_parts(snapshot)
    searched = [
        "license files in sub-folders",
        *searched,
        sampled,
        *meta_files,
    ]
    return LicenseParts(
        parts=tuple(folders + reuse + headers + meta),
        unlicensed=tuple(unlicensed),
        searched=tuple(searched),
        notes=tuple(notes + meta_notes),
    )
