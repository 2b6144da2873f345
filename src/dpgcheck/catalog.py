"""The indicator catalog: one YAML file per indicator, plus the data lists the checks use.

The catalog lives in the top-level ``indicators/`` folder of a source checkout and is shipped
inside the wheel as ``dpgcheck/_catalog``; the loader looks in both places, so an editable
install and a built wheel behave the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from dpgcheck.errors import CatalogError

AUTOMATION_LEVELS = ("full", "partial", "manual")
ASSET_TYPES = ("software", "data", "content", "standard", "aimodel")

_REQUIRED_FIELDS = ("id", "title", "requirement", "automation", "check", "remediation")
# The verdicts an indicator's `rule:` mapping may describe (the report's statuses but "error").
RULE_VERDICTS = ("pass", "warn", "fail", "needs-review", "not-applicable", "not-checked")


class Indicator(msgspec.Struct, frozen=True):
    """One indicator of the Standard as the catalog describes it."""

    id: str
    title: str
    requirement: str
    automation: str
    check: str
    remediation: str
    help_url: str | None
    accepted_evidence: tuple[str, ...] = ()
    source: str = ""
    standard_text: str = ""  # the Standard's own words, where the YAML quotes them
    rule: tuple[tuple[str, str], ...] = ()  # (status, what gives it); status "" for a prose rule
    looks_at: tuple[str, ...] = ()  # where in a repository the check searches (for `explain`)


class Catalog(msgspec.Struct, frozen=True):
    """All indicators, in order, and the Standard they belong to."""

    standard_name: str
    standard_version: str
    standard_url: str
    indicators: tuple[Indicator, ...]
    directory: Path
    extra: Mapping[str, Any] = msgspec.field(default_factory=dict)

    def get(self, indicator_id: str) -> Indicator | None:
        """The indicator with this id (case-insensitive), if any."""
        wanted = indicator_id.upper()
        return next((ind for ind in self.indicators if ind.id.upper() == wanted), None)


def catalog_dir() -> Path:
    """The built-in catalog folder: the source checkout's, else the one inside the wheel."""
    checkout = Path(__file__).resolve().parents[2] / "indicators"
    if (checkout / "standard.yaml").is_file():
        return checkout
    from importlib import resources  # ~5 ms (tempfile, random): only in an installed wheel

    packaged = Path(str(resources.files("dpgcheck") / "_catalog"))
    if (packaged / "standard.yaml").is_file():
        return packaged
    raise CatalogError(
        "The indicator catalog is missing from this installation",
        "Reinstall dpgcheck; the wheel must contain dpgcheck/_catalog.",
    )


def _load_yaml(path: Path) -> Any:
    """A catalog YAML file's data."""
    import yaml  # only when the catalog is read: not for --help and --version

    try:
        text = path.read_text(encoding="utf-8")
        # libyaml's loader, when PyYAML has it, reads the catalog several times faster.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogError(f"Cannot read catalog file {path}: {exc}") from exc


def parse_indicator(path: Path) -> Indicator:
    """Read and validate one indicator YAML file (parsed once per process while it is unchanged:
    the built-in catalog and the built-in plugin read the same files)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise CatalogError(f"Cannot read catalog file {path}: {exc}") from exc
    return _parse_indicator(path, stat.st_mtime_ns, stat.st_size)


@cache
def _parse_indicator(path: Path, mtime_ns: int, size: int) -> Indicator:
    raw = _load_yaml(path)
    if not isinstance(raw, dict):
        raise CatalogError(f"Catalog file {path} must be a mapping")
    missing = [name for name in _REQUIRED_FIELDS if not raw.get(name)]
    if missing:
        raise CatalogError(f"Catalog file {path} lacks {', '.join(missing)}")
    if raw["automation"] not in AUTOMATION_LEVELS:
        raise CatalogError(f"Catalog file {path}: automation must be one of {', '.join(AUTOMATION_LEVELS)}")
    _check_rule(path, raw.get("rule"))
    evidence = raw.get("accepted_evidence") or []
    return Indicator(
        id=str(raw["id"]),
        title=str(raw["title"]).strip(),
        requirement=" ".join(str(raw["requirement"]).split()),
        automation=str(raw["automation"]),
        check=str(raw["check"]),
        remediation=str(raw["remediation"]).strip(),
        help_url=str(raw["help_url"]) if raw.get("help_url") else None,
        accepted_evidence=tuple(str(item) for item in evidence),
        source=str(path),
        standard_text=" ".join(str(raw.get("standard_text") or "").split()),
        rule=_rule(raw.get("rule")),
        looks_at=tuple(str(item) for item in raw.get("looks_at") or ()),
    )


def _rule(raw: Any) -> tuple[tuple[str, str], ...]:
    """The YAML ``rule`` (checked by ``_check_rule``) as (verdict, text) pairs, text on one line."""
    if not isinstance(raw, dict):
        return ()
    return tuple((str(status), " ".join(str(text).split())) for status, text in raw.items() if text)


def _check_rule(path: Path, rule: Any) -> None:
    """An indicator's `rule:` (optional for plugins) maps each verdict to the text that says
    when it is given: one shape for every indicator, so tools and tests can read it."""
    if rule is None:
        return
    if not isinstance(rule, dict) or not rule:
        raise CatalogError(
            f"Catalog file {path}: `rule` must map verdicts (pass, fail, needs-review) to text"
        )
    for verdict, text in rule.items():
        # An asset type's key states how the rule differs for it (aimodel: judged by its parts).
        if verdict not in RULE_VERDICTS and verdict not in ASSET_TYPES:
            raise CatalogError(
                f"Catalog file {path}: `rule` has an unknown key {verdict!r} "
                f"(expected a verdict: {', '.join(RULE_VERDICTS)}; "
                f"or an asset type: {', '.join(ASSET_TYPES)})"
            )
        if not isinstance(text, str) or not text.strip():
            raise CatalogError(f"Catalog file {path}: `rule.{verdict}` must be a non-empty text")


def indicator_files(directory: Path) -> list[Path]:
    """The indicator YAML files of a catalog folder, in the Standard's order."""
    return sorted(directory.glob("DPG-*.yaml"), key=lambda p: _order_key(p.stem))


def _order_key(indicator_id: str) -> tuple[int, str]:
    number = indicator_id.split("-", 1)[1] if "-" in indicator_id else indicator_id
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 999, number)


@cache
def load_catalog(directory: Path | None = None) -> Catalog:
    """Load the built-in catalog (or the one in ``directory``)."""
    folder = directory or catalog_dir()
    meta = _load_yaml(folder / "standard.yaml")
    if not isinstance(meta, dict):
        raise CatalogError(f"{folder / 'standard.yaml'} must be a mapping")
    indicators = tuple(parse_indicator(path) for path in indicator_files(folder))
    _ensure_unique(indicators)
    return Catalog(
        standard_name=str(meta.get("name", "DPG Standard")),
        standard_version=str(meta.get("version", "")),
        standard_url=str(meta.get("url", "")),
        indicators=indicators,
        directory=folder,
        extra=meta,
    )


def with_indicators(catalog: Catalog, more: Sequence[Indicator]) -> Catalog:
    """A catalog with plugin indicators appended after the Standard's own."""
    combined = (*catalog.indicators, *more)
    _ensure_unique(combined)
    return Catalog(
        standard_name=catalog.standard_name,
        standard_version=catalog.standard_version,
        standard_url=catalog.standard_url,
        indicators=combined,
        directory=catalog.directory,
        extra=catalog.extra,
    )


def _ensure_unique(indicators: Iterable[Indicator]) -> None:
    seen: dict[str, str] = {}
    for indicator in indicators:
        if indicator.id in seen:
            raise CatalogError(
                f"Indicator {indicator.id} is defined twice ({seen[indicator.id]}, {indicator.source})"
            )
        seen[indicator.id] = indicator.source


@cache
def data_file(name: str) -> Any:
    """A YAML data list from ``indicators/data/`` by file name."""
    path = catalog_dir() / "data" / name
    if not path.is_file():
        raise CatalogError(f"Catalog data file {name} is missing")
    return _load_yaml(path)


@cache
def approved_license_lists() -> Mapping[str, frozenset[str]]:
    """The DPGA's approved SPDX ids by list name (software, content, data)."""
    path = catalog_dir() / "data" / "approved-licenses.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CatalogError(f"Cannot read {path}: {exc}") from exc
    lists: dict[str, set[str]] = {}
    section: str | None = None
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            lists.setdefault(section, set())
        elif section is not None:
            lists[section].add(line)
    return {name: frozenset(ids) for name, ids in lists.items()}
