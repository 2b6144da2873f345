"""Indicators and their checks, as plugins: the built-in one and the ``dpgcheck.indicators`` group.

A :class:`Plugin` is the YAML files of its indicators and the checks they bind to. dpgcheck's
own indicators are one (``builtin_plugin``: ``indicators/*.yaml`` and the ``CHECK`` of every
``dpgcheck.checks.dpg*`` module), loaded first; then every installed plugin, whose entry point
names a callable that returns a Plugin. Both go through ``load_plugin``, so a plugin can do
whatever a built-in does: its checks may be :class:`~dpgcheck.checks.Check` units declaring
link roles and manifest keys, or bare functions (which declare nothing). A plugin that fails to
load is an error (the user asked for it by installing it), never a silently skipped check.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from dpgcheck.catalog import Indicator, catalog_dir, indicator_files, parse_indicator
from dpgcheck.checks import Check, CheckFunction, as_check, builtin_checks
from dpgcheck.errors import CatalogError, PluginError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

ENTRY_POINT_GROUP = "dpgcheck.indicators"

__all__ = ["ENTRY_POINT_GROUP", "LoadedPlugins", "Plugin", "builtin_plugin", "load_plugin", "load_plugins"]


class Plugin(msgspec.Struct, frozen=True):
    """What a plugin contributes."""

    name: str
    indicator_files: Sequence[Path]
    # Check units (by their names), or a mapping of check name to a Check or a bare function.
    checks: Mapping[str, Check | CheckFunction] | Sequence[Check]


class LoadedPlugins(msgspec.Struct, frozen=True):
    """Indicators and checks from one or more plugins."""

    indicators: tuple[Indicator, ...]
    checks: Mapping[str, Check]
    names: tuple[str, ...]


def builtin_plugin() -> Plugin:
    """dpgcheck's own indicators (``indicators/*.yaml``) and checks, as a plugin."""
    return Plugin("dpgcheck", indicator_files(catalog_dir()), tuple(builtin_checks().values()))


def load_plugin(plugin: Plugin, label: str | None = None) -> LoadedPlugins:
    """Parse a plugin's indicators and bind them to its checks; raise PluginError on a gap.

    ``label`` names the plugin in messages (default: its name).
    """
    label = label or repr(plugin.name)
    try:
        checks = _checks_of(plugin)
        indicators = tuple(parse_indicator(Path(path)) for path in plugin.indicator_files)
    except CatalogError as exc:
        raise PluginError(f"Plugin {label}: {exc.message}", "Fix or uninstall the plugin.") from exc
    except Exception as exc:  # a plugin's own code can fail in any way
        raise PluginError(
            f"Plugin {label} failed to load: {exc.__class__.__name__}: {exc}",
            "Fix or uninstall the plugin; dpgcheck does not skip indicators silently.",
        ) from exc
    for indicator in indicators:
        if indicator.check not in checks:
            raise PluginError(
                f"Plugin {label}: indicator {indicator.id} binds to check "
                f"{indicator.check!r}, which the plugin does not provide",
                "Every indicator YAML's `check` must name one of the plugin's checks.",
            )
    return LoadedPlugins(indicators, checks, (plugin.name,))


def _checks_of(plugin: Plugin) -> dict[str, Check]:
    if isinstance(plugin.checks, Mapping):
        return {str(name): as_check(str(name), value) for name, value in plugin.checks.items()}
    checks: dict[str, Check] = {}
    for check in plugin.checks:
        if not isinstance(check, Check):
            raise TypeError(f"{type(check).__name__} in checks, not a dpgcheck.checks.Check")
        checks[check.name] = check
    return checks


def load_plugins() -> LoadedPlugins:
    """Load every installed plugin (not the built-in one); raise PluginError naming the one that fails."""
    indicators: list[Indicator] = []
    checks: dict[str, Check] = {}
    names: list[str] = []
    for entry in _entry_points():
        label = f"{entry.name!r} ({entry.value})"
        try:
            plugin = entry.load()()
        except Exception as exc:  # a plugin's own code can fail in any way
            raise PluginError(
                f"Plugin {label} failed to load: {exc.__class__.__name__}: {exc}",
                "Fix or uninstall the plugin; dpgcheck does not skip indicators silently.",
            ) from exc
        if not isinstance(plugin, Plugin):
            raise PluginError(
                f"Plugin {label} failed to load: TypeError: returned {type(plugin).__name__}, "
                "not dpgcheck.plugins.Plugin",
                "Fix or uninstall the plugin; dpgcheck does not skip indicators silently.",
            )
        loaded = load_plugin(plugin, label)
        indicators.extend(loaded.indicators)
        checks.update(loaded.checks)
        names.append(entry.name)
    return LoadedPlugins(tuple(indicators), checks, tuple(names))


def _entry_points() -> list[EntryPoint]:
    """The installed entry points of the group, by name, as importlib.metadata gives them on
    this run: a plugin installed or removed a moment ago is seen at once."""
    if not may_have_plugins(sys.path):
        return []
    from importlib import metadata  # ~20 ms of imports (email, csv, zipfile) and parsing

    return sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)


_METADATA_FOLDERS = (".dist-info", ".egg-info")


def may_have_plugins(search_path: Sequence[str]) -> bool:
    """Whether any distribution on ``search_path`` may declare the entry-point group.

    A quick, conservative look before importlib.metadata gives the exact answer: every
    ``entry_points.txt`` of a ``*.dist-info``, ``*.egg-info`` or ``*.egg/EGG-INFO`` folder is
    read and searched for the group's name. Anything this look cannot see into (a zip archive on
    the path, a zipped egg) counts as "may", so a plugin is never missed; only runs with no plugin
    installed, the usual case, skip importlib.metadata's ~20 ms.
    """
    for entry in search_path:
        try:
            with os.scandir(entry or ".") as items:
                for item in items:
                    if item.name.endswith(_METADATA_FOLDERS):
                        listing = os.path.join(item.path, "entry_points.txt")
                    elif item.name.endswith(".egg"):
                        if not item.is_dir():
                            return True
                        listing = os.path.join(item.path, "EGG-INFO", "entry_points.txt")
                    else:
                        continue
                    if _mentions_group(listing):
                        return True
        except NotADirectoryError:
            return True  # a zip archive on the path: importlib.metadata looks inside
        except OSError:
            continue  # a path entry that does not exist (python311.zip usually) holds nothing
    return False


def _mentions_group(listing: str) -> bool:
    try:
        with open(listing, encoding="utf-8", errors="replace") as handle:
            return ENTRY_POINT_GROUP in handle.read()
    except OSError:
        return False
