"""Third-party indicators from the ``dpgcheck.indicators`` entry-point group.

A plugin's entry point names a callable that returns a :class:`Plugin`: the YAML files of its
indicators and the check functions they bind to. A plugin that fails to load is an error (the
user asked for it by installing it), never a silently skipped check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dpgcheck.catalog import Indicator, parse_indicator
from dpgcheck.checks import CheckFunction
from dpgcheck.errors import CatalogError, PluginError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

ENTRY_POINT_GROUP = "dpgcheck.indicators"

__all__ = ["ENTRY_POINT_GROUP", "LoadedPlugins", "Plugin", "load_plugins"]


@dataclass(frozen=True)
class Plugin:
    """What a plugin contributes."""

    name: str
    indicator_files: Sequence[Path]
    checks: Mapping[str, CheckFunction]


@dataclass(frozen=True)
class LoadedPlugins:
    """Indicators and checks from every installed plugin."""

    indicators: tuple[Indicator, ...]
    checks: Mapping[str, CheckFunction]
    names: tuple[str, ...]


def load_plugins() -> LoadedPlugins:
    """Load every installed plugin; raise PluginError naming the one that fails."""
    indicators: list[Indicator] = []
    checks: dict[str, CheckFunction] = {}
    names: list[str] = []
    for entry in _entry_points():
        try:
            factory = entry.load()
            plugin = factory()
            if not isinstance(plugin, Plugin):
                raise TypeError(f"returned {type(plugin).__name__}, not dpgcheck.plugins.Plugin")
            loaded = [parse_indicator(Path(path)) for path in plugin.indicator_files]
        except CatalogError as exc:
            raise PluginError(
                f"Plugin {entry.name!r} ({entry.value}): {exc.message}",
                "Fix or uninstall the plugin.",
            ) from exc
        except Exception as exc:  # a plugin's own code can fail in any way
            raise PluginError(
                f"Plugin {entry.name!r} ({entry.value}) failed to load: {exc.__class__.__name__}: {exc}",
                "Fix or uninstall the plugin; dpgcheck does not skip indicators silently.",
            ) from exc
        for indicator in loaded:
            if indicator.check not in plugin.checks:
                raise PluginError(
                    f"Plugin {entry.name!r}: indicator {indicator.id} binds to check "
                    f"{indicator.check!r}, which the plugin does not provide",
                    "Every indicator YAML's `check` must name one of the plugin's checks.",
                )
        indicators.extend(loaded)
        checks.update(plugin.checks)
        names.append(entry.name)
    return LoadedPlugins(tuple(indicators), checks, tuple(names))


def _entry_points() -> list[EntryPoint]:
    """The installed entry points of the group, by name, as importlib.metadata gives them on
    this run: a plugin installed or removed a moment ago is seen at once."""
    from importlib import metadata  # ~11 ms: not for --help and --version

    return sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
