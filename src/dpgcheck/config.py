"""The project configuration: ``.dpgcheck.yaml`` or ``[tool.dpgcheck]`` in pyproject.toml.

Found at the root of the checked folder (or named with ``--config``). Every key is validated:
an unknown key or a bad value is a ConfigError naming the file and the key, never a silent
default. Parsing is separate from reading so tests (and other tools) can validate a mapping.

Keys (the same in YAML and TOML)::

    type: [software]            # asset types
    fail-on: fail               # fail | warn | needs-review | never
    required: [DPG-2, DPG-5]    # only these gate the exit code (the rest are advisory)
    advisory: [DPG-1]           # these never gate the exit code
    only: [DPG-2]               # run only these indicators
    skip: [DPG-8]               # do not run these indicators
    exclude: ["tests/fixtures", "vendor/**"]
    waivers:
      - indicator: DPG-4
        reason: "Maps are optional; tracked in #123"   # mandatory
        expires: 2026-12-31                            # optional, inclusive
        finding: firebase                              # optional: waive only findings matching this
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import msgspec

from dpgcheck.catalog import ASSET_TYPES
from dpgcheck.errors import ConfigError
from dpgcheck.model import FAIL_ON_LEVELS, Target
from dpgcheck.parsing import DocumentLimitError, safe_toml_loads, safe_yaml_load
from dpgcheck.sources.snapshot import Snapshot

CONFIG_FILES = (".dpgcheck.yaml", ".dpgcheck.yml")
PYPROJECT = "pyproject.toml"

TOP_LEVEL_KEYS = ("type", "fail-on", "required", "advisory", "only", "skip", "exclude", "waivers")
WAIVER_KEYS = ("indicator", "reason", "expires", "finding")

MAX_CONFIG_BYTES = 1024 * 1024
"""Largest configuration file read; a real one is a few hundred bytes."""

_HINT = "See the Configuration section of the README for every key and its values."


class WaiverRule(msgspec.Struct, frozen=True):
    """One waiver as configured: which indicator (or finding), why, until when."""

    indicator: str
    reason: str
    expires: date | None = None
    finding: str | None = None
    key: str = "waivers"  # where it was declared, for messages ("waivers[2]")


class Config(msgspec.Struct, frozen=True):
    """A validated configuration; ``source`` is the file it came from (None: built in)."""

    source: str | None = None
    asset_types: tuple[str, ...] = ()
    fail_on: str | None = None
    required: tuple[str, ...] | None = None
    advisory: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    waivers: tuple[WaiverRule, ...] = ()

    def error(self, key: str, problem: str, hint: str | None = _HINT) -> ConfigError:
        """A ConfigError about ``key`` of this configuration's file."""
        return ConfigError(f"{self.source or 'configuration'}: {key}: {problem}", hint)


def find_config(root: Path) -> Path | None:
    """The configuration file at ``root``: ``.dpgcheck.yaml``/``.yml``, else a pyproject.toml with
    a ``[tool.dpgcheck]`` table; None when there is none.

    A ``.dpgcheck.yaml`` is returned even when it is a link (load_config then refuses a link
    out of the folder); a pyproject.toml that cannot be read as a repository file (a link out,
    too large, not UTF-8 TOML) is the build tool's business, not a dpgcheck configuration.
    """
    for name in CONFIG_FILES:
        candidate = root / name
        if os.path.lexists(candidate) and not candidate.is_dir():
            return candidate
    pyproject = root / PYPROJECT
    if os.path.lexists(pyproject):
        text, _ = _read_in(root, PYPROJECT)
        try:
            data = safe_toml_loads(text, PYPROJECT) if text is not None else {}
        except (ValueError, DocumentLimitError):  # tomllib.TOMLDecodeError is a ValueError
            # A broken pyproject.toml is the build tool's problem unless it configures dpgcheck,
            # which we cannot tell; it is reported when named with --config.
            return None
        if isinstance(data.get("tool"), dict) and "dpgcheck" in data["tool"]:
            return pyproject
    return None


def discover_config(target: str, explicit: str | None = None, enabled: bool = True) -> Config:
    """The configuration for ``target``: ``explicit`` if given, else the one at the target's root.

    Only a local folder has a root to look in; a remote target is configured with ``--config``.
    An empty Config comes back when nothing is found or ``enabled`` is False.
    """
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ConfigError(
                f"Configuration file not found: {explicit}",
                "Give the path of a .dpgcheck.yaml or pyproject.toml file to --config.",
            )
        return load_config(path)
    if not enabled:
        return Config()
    root = Path(target).expanduser()
    if not root.is_dir():
        return Config()
    found = find_config(root)
    return load_config(found, root) if found else Config()


def _read_in(root: Path, name: str) -> tuple[str | None, str | None]:
    """A file at ``root`` read like every repository file: never through a link out of ``root``,
    never a FIFO or device, never more than MAX_CONFIG_BYTES. Returns (text, why not)."""
    snapshot = Snapshot(root, [name], Target(kind="local", location=str(root)))
    text = snapshot.read_text(name, MAX_CONFIG_BYTES)
    return text, snapshot.skipped.get(name) if text is None else None


def load_config(path: Path, root: Path | None = None) -> Config:
    """Read and validate the configuration in ``path`` (YAML, or TOML's ``[tool.dpgcheck]``).

    ``root`` is the checked folder when the file was found there: then it is read as a file of
    that repository (a link out of it is refused). A file named by the user (``root`` None) is
    theirs, links and all; both are read with the same size cap.
    """
    source = str(path)
    if root is None:
        real = Path(os.path.realpath(path))
        text, problem = _read_in(real.parent, real.name)
    else:
        text, problem = _read_in(root, path.name)
    if text is None:
        raise ConfigError(f"Cannot read the configuration {source}: {problem or 'unreadable'}", _HINT)
    if path.suffix == ".toml":
        try:
            data = safe_toml_loads(text, source)
        except ValueError as exc:  # tomllib.TOMLDecodeError, imported only with a TOML file
            raise ConfigError(f"{source}: not valid TOML: {exc}", "Fix the TOML syntax.") from exc
        except DocumentLimitError as exc:
            raise ConfigError(exc.message, exc.hint) from exc
        tool = data.get("tool")
        if not isinstance(tool, dict) or "dpgcheck" not in tool:
            raise ConfigError(
                f"{source}: no [tool.dpgcheck] table",
                "Add a [tool.dpgcheck] table, or point --config at a .dpgcheck.yaml file.",
            )
        return parse_config(tool["dpgcheck"], source, prefix="tool.dpgcheck.")
    import yaml  # only when there is YAML to read: most runs need none (see catalog_cache)

    try:
        raw = safe_yaml_load(text, source)
    except DocumentLimitError as exc:
        raise ConfigError(exc.message, exc.hint) from exc
    except yaml.YAMLError as exc:
        # PyYAML's own text quotes the offending line: say where and what, not the content.
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        problem = getattr(exc, "problem", None) or "unreadable"
        raise ConfigError(f"{where}: not valid YAML ({problem})", "Fix the YAML syntax.") from exc
    return parse_config({} if raw is None else raw, source)


def _excerpt(value: object, limit: int = 40, quote: bool = True) -> str:
    """A short, one-line rendering of a value read from a file, for a message (quoted, unless
    it names a key)."""
    text = str(value)
    shown = "".join(char if char.isprintable() else f"\\x{ord(char):02x}" for char in text[:limit])
    shown += "…" if len(text) > limit else ""
    return repr(shown) if quote else shown


def parse_config(raw: object, source: str, prefix: str = "") -> Config:
    """Validate a configuration mapping; ``prefix`` is how keys are named in messages."""
    base = Config(source=source)
    if not isinstance(raw, Mapping):
        raise base.error(prefix.rstrip(".") or "top level", "must be a mapping of keys to values")
    for name in raw:
        if name not in TOP_LEVEL_KEYS:
            raise base.error(
                f"{prefix}{_excerpt(name, quote=False)}", "unknown key" + _suggest(str(name), TOP_LEVEL_KEYS)
            )

    def key(name: str) -> str:
        return f"{prefix}{name}"

    asset_types = _strings(raw.get("type"), key("type"), base)
    bad_types = [t for t in asset_types if t not in ASSET_TYPES]
    if bad_types:
        raise base.error(
            key("type"),
            f"unknown asset type {', '.join(_excerpt(t, quote=False) for t in bad_types)}; "
            f"use {', '.join(ASSET_TYPES)}",
        )
    fail_on = raw.get("fail-on")
    if fail_on is not None and (not isinstance(fail_on, str) or fail_on not in FAIL_ON_LEVELS):
        raise base.error(key("fail-on"), f"{_excerpt(fail_on)} is not one of {', '.join(FAIL_ON_LEVELS)}")
    required = _ids(raw.get("required"), key("required"), base) if "required" in raw else None
    advisory = _ids(raw.get("advisory"), key("advisory"), base)
    both = sorted(set(required or ()) & set(advisory))
    if both:
        raise base.error(key("advisory"), f"{', '.join(both)} is also listed under required")
    only = _ids(raw.get("only"), key("only"), base)
    skip = _ids(raw.get("skip"), key("skip"), base)
    exclude = _strings(raw.get("exclude"), key("exclude"), base)
    if any(not pattern.strip() for pattern in exclude):
        raise base.error(key("exclude"), "an empty pattern would match nothing")
    waivers = _waivers(raw.get("waivers"), key("waivers"), base)
    return Config(
        source=source,
        asset_types=tuple(dict.fromkeys(asset_types)),
        fail_on=str(fail_on) if fail_on is not None else None,
        required=required,
        advisory=advisory,
        only=only,
        skip=skip,
        exclude=exclude,
        waivers=waivers,
    )


def check_indicator_ids(config: Config, known: Sequence[str]) -> None:
    """Raise a ConfigError naming the key when the configuration names an unknown indicator."""
    known_set = set(known)
    lists = {
        "required": config.required or (),
        "advisory": config.advisory,
        "only": config.only,
        "skip": config.skip,
    }
    for name, ids in lists.items():
        for indicator in ids:
            if indicator not in known_set:
                raise config.error(
                    name,
                    f"unknown indicator {_excerpt(indicator, quote=False)}" + _suggest(indicator, known),
                    _ids_hint(known),
                )
    for rule in config.waivers:
        if rule.indicator not in known_set:
            raise config.error(
                f"{rule.key}.indicator",
                f"unknown indicator {_excerpt(rule.indicator, quote=False)}"
                + _suggest(rule.indicator, known),
                _ids_hint(known),
            )


def _ids_hint(known: Sequence[str]) -> str:
    return f"Indicator ids are: {', '.join(known)} (see `dpgcheck indicators`)."


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _strings(value: Any, key: str, base: Config) -> tuple[str, ...]:
    """A string or a list of strings, as a tuple."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise base.error(key, f"must be a string or a list of strings, not {_describe(value)}")


def _ids(value: Any, key: str, base: Config) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item.strip().upper() for item in _strings(value, key, base)))


def _waivers(value: Any, key: str, base: Config) -> tuple[WaiverRule, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise base.error(key, f"must be a list of waivers, not {_describe(value)}")
    return tuple(_waiver(item, f"{key}[{index}]", base) for index, item in enumerate(value))


def _waiver(item: Any, key: str, base: Config) -> WaiverRule:
    if not isinstance(item, Mapping):
        raise base.error(key, f"must be a mapping with indicator and reason, not {_describe(item)}")
    for name in item:
        if name not in WAIVER_KEYS:
            raise base.error(
                f"{key}.{_excerpt(name, quote=False)}", "unknown key" + _suggest(str(name), WAIVER_KEYS)
            )
    indicator = item.get("indicator")
    if not isinstance(indicator, str) or not indicator.strip():
        raise base.error(f"{key}.indicator", "is required: the indicator id this waiver applies to")
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise base.error(
            f"{key}.reason",
            "is required: say why this finding is accepted",
            "Every waiver needs a reason; it is printed beside the waived result in every report.",
        )
    finding = item.get("finding")
    if finding is not None and (not isinstance(finding, str) or not finding.strip()):
        raise base.error(f"{key}.finding", "must be a non-empty string matched against the evidence")
    return WaiverRule(
        indicator=indicator.strip().upper(),
        reason=" ".join(reason.split()),
        expires=_date(item.get("expires"), f"{key}.expires", base),
        finding=finding.strip() if isinstance(finding, str) else None,
        key=key,
    )


def _date(value: Any, key: str, base: Config) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise base.error(key, f"{_excerpt(value)} is not a date; write it as YYYY-MM-DD")


def _describe(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )
