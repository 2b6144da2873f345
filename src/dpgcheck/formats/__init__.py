"""Report renderers: pure ``Report -> str`` functions in a registry keyed by format name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dpgcheck.model import Report


@dataclass(frozen=True)
class RenderOptions:
    """Presentation choices the CLI makes (a renderer never inspects the terminal itself)."""

    color: bool = False
    width: int = 100
    verbose: bool = False


Renderer = Callable[[Report, RenderOptions], str]

FORMATS: dict[str, Renderer] = {}


def register_format(name: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer under ``name``."""

    def decorator(function: Renderer) -> Renderer:
        FORMATS[name] = function
        return function

    return decorator


def get_renderer(name: str) -> Renderer:
    """The renderer for ``name`` (built-ins are registered on first use)."""
    _load_builtin()
    return FORMATS[name]


def format_names() -> list[str]:
    """Every registered format name."""
    _load_builtin()
    return sorted(FORMATS)


def _load_builtin() -> None:
    # Importing the modules registers their renderers.
    from dpgcheck.formats import (  # noqa: F401
        badge,
        html_format,
        json_format,
        junit,
        markdown,
        sarif,
        text,
    )
