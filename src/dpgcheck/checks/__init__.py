"""The check registry: one pure function per indicator, keyed by the catalog's ``check`` name.

A check takes the facts and the context and returns a CheckOutcome. It does no I/O of its own
(facts do, lazily and bounded) and never prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dpgcheck.model import CheckOutcome

if TYPE_CHECKING:
    from dpgcheck.facts import Facts


@dataclass(frozen=True)
class CheckContext:
    """What a check may know besides the facts."""

    asset_types: tuple[str, ...] = ("software",)
    offline: bool = True
    options: dict[str, object] = field(default_factory=dict)


CheckFunction = Callable[["Facts", CheckContext], CheckOutcome]

CHECKS: dict[str, CheckFunction] = {}


def register(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under ``name`` (the catalog's ``check`` field)."""

    def decorator(function: CheckFunction) -> CheckFunction:
        if name in CHECKS and CHECKS[name] is not function:
            raise ValueError(f"check {name!r} registered twice")
        CHECKS[name] = function
        return function

    return decorator


def builtin_checks() -> dict[str, CheckFunction]:
    """The built-in checks (importing their modules registers them)."""
    from dpgcheck.checks import (  # noqa: F401  (imported for registration)
        content,
        data_extraction,
        documentation,
        harassment,
        license,
        ownership,
        platform,
        privacy,
        sdg,
        security,
        standards,
    )

    return dict(CHECKS)
