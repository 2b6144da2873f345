"""Report renderers: pure ``Report -> str`` functions in a registry keyed by format name.

``get_renderer`` hands every renderer, plugins' included, the report as
``dpgcheck.display.display_report`` makes it: paths and texts a repository chose (a file name
that is not UTF-8) arrive as valid, escaped strings, so no format can fail to be written.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

import msgspec

from dpgcheck.model import Report


class RenderOptions(msgspec.Struct, frozen=True):
    """Presentation choices the CLI makes (a renderer never inspects the terminal itself)."""

    color: bool = False
    width: int = 100
    verbose: bool = False


Renderer = Callable[[Report, RenderOptions], str]

FORMATS: dict[str, Renderer] = {}

# Built-in format name -> its module: a run imports only the renderers it uses. The order is
# the one ``--help`` lists them in.
_BUILTIN_MODULES = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "junit": "junit",
    "markdown": "markdown",
    "html": "html_format",
    "badge": "badge",
}


def register_format(name: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer under ``name``."""

    def decorator(function: Renderer) -> Renderer:
        FORMATS[name] = function
        return function

    return decorator


def get_renderer(name: str) -> Renderer:
    """The renderer for ``name`` (built-ins are registered on first use, each alone), given
    the report with its strings escaped for display."""
    if name not in FORMATS and name in _BUILTIN_MODULES:
        import_module(f"dpgcheck.formats.{_BUILTIN_MODULES[name]}")
    if name not in FORMATS:
        _load_builtin()
    renderer = FORMATS[name]

    def render(report: Report, options: RenderOptions) -> str:
        from dpgcheck.display import display_report

        return renderer(display_report(report), options)

    return render


def format_names() -> list[str]:
    """Every registered format name (importing every built-in renderer)."""
    _load_builtin()
    return sorted(FORMATS)


def available_formats() -> tuple[str, ...]:
    """Every format name ``get_renderer`` accepts, without importing a renderer: the built-ins,
    then any registered since (the CLI offers these as ``--format`` choices)."""
    return tuple(dict.fromkeys([*_BUILTIN_MODULES, *FORMATS]))


def _load_builtin() -> None:
    # Importing the modules registers their renderers.
    for module in _BUILTIN_MODULES.values():
        import_module(f"dpgcheck.formats.{module}")
