"""Owners stated under ``clearOwnership`` (DPG-3), in the dpg.yaml shape or the registry's.

The registry writes ``clearOwnership: [{clearOwnershipName, clearOwnershipURL}]``; a dpg.yaml
may say ``clearOwnership: {name, url}``. A name that is only an answer ("Yes") names nobody;
the URLs in the URL field (often several, or prose around them) are evidence of where the
ownership is stated.
"""

from __future__ import annotations

import re
from typing import Any

from dpgcheck.facts.manifest.model import Manifest
from dpgcheck.facts.text import URL_RE
from dpgcheck.model import Evidence

_NAME_KEYS = ("clearOwnershipName", "name", "owner")
_URL_KEYS = ("clearOwnershipURL", "url")
_ANSWER = re.compile(r"(?i)^\s*(?:yes|no|unknown|n/?a|-|none|true|false)?\s*$")


def stated_owners(manifest: Manifest | None) -> list[tuple[str, Evidence]]:
    """(name, evidence) of each owner named under ``clearOwnership``, with its URLs."""
    if manifest is None:
        return []
    value = manifest.get("clearOwnership")
    entries: list[tuple[tuple[str | int, ...], Any]] = []
    if isinstance(value, list):
        entries = [(("clearOwnership", index), item) for index, item in enumerate(value)]
    elif isinstance(value, dict):
        entries = [(("clearOwnership",), value)]
    found: list[tuple[str, Evidence]] = []
    for keys, entry in entries:
        if not isinstance(entry, dict):
            continue
        name = next((str(entry[k]).strip() for k in _NAME_KEYS if isinstance(entry.get(k), str)), "")
        if _ANSWER.match(name):
            continue
        urls = [
            url.rstrip(".,);")
            for key in _URL_KEYS
            if isinstance(entry.get(key), str)
            for url in URL_RE.findall(entry[key])
        ]
        where = f" ({', '.join(urls[:3])})" if urls else ""
        found.append((name, manifest.evidence(f"owner stated in the manifest: {name}{where}", *keys)))
    return found
