"""Checks: one self-contained unit per indicator, in a module named after it (``dpg5_documentation``).

A check is a :class:`Check`: a pure function ``(facts, context) -> CheckOutcome`` plus what
the engine needs to know about it, declared beside it in the check's own module:

- ``link_roles``: the roles of the links it relies on (``facts.links``); a dead one turns its
  pass into a warn,
- ``manifest_keys``: the evidence-manifest sections it reads; a ``TODO`` left there turns its
  pass into needs-review,
- ``uses_host_license``: the code host's own license detection is reported beside its verdict,
- ``shows_license_facts``: its findings are about the license files, so a finding without a file
  of its own is attached to them (SARIF needs a location),
- ``reads``: repository files whose text it needs (``facts.texts``), for checks about a file the
  built-in facts do not cover (plugins).

A check does no I/O and never prints. The built-in checks are the ``CHECK`` of every ``dpg*``
module of this package, registered as the built-in plugin (see dpgcheck.plugins), the way an
installed plugin registers its own.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING

import msgspec

from dpgcheck.model import CheckOutcome

if TYPE_CHECKING:
    from dpgcheck.facts import Facts
    from dpgcheck.facts.manifest.model import KeyPath


class CheckContext(msgspec.Struct, frozen=True):
    """What a check may know besides the facts."""

    asset_types: tuple[str, ...] = ("software",)
    offline: bool = True
    options: dict[str, object] = msgspec.field(default_factory=dict)


CheckFunction = Callable[["Facts", CheckContext], CheckOutcome]


class Check(msgspec.Struct, frozen=True):
    """One indicator's check and what the engine applies around it (see the module docstring)."""

    name: str  # what the catalog's ``check`` field names
    run: CheckFunction
    link_roles: tuple[str, ...] = ()
    manifest_keys: tuple[KeyPath, ...] = ()
    uses_host_license: bool = False
    shows_license_facts: bool = False
    reads: tuple[str, ...] = ()

    def __call__(self, facts: Facts, context: CheckContext) -> CheckOutcome:
        """Run the check."""
        return self.run(facts, context)


def as_check(name: str, value: Check | CheckFunction) -> Check:
    """``value`` as a Check named ``name``: a bare function declares nothing."""
    if isinstance(value, Check):
        if value.name != name:
            raise ValueError(f"check {value.name!r} is registered under another name, {name!r}")
        return value
    if not callable(value):
        raise TypeError(f"check {name!r} is a {type(value).__name__}, not a Check or a function")
    return Check(name, value)


CHECK_MODULE_PREFIX = "dpg"
"""Modules of this package whose name starts so each hold one built-in check, as ``CHECK``."""


def builtin_checks() -> dict[str, Check]:
    """The built-in checks by name: the ``CHECK`` of every ``dpg*`` module of this package."""
    checks: dict[str, Check] = {}
    for module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
        if not module.startswith(CHECK_MODULE_PREFIX):
            continue
        check = getattr(importlib.import_module(f"{__name__}.{module}"), "CHECK", None)
        if not isinstance(check, Check):
            raise TypeError(f"{__name__}.{module} defines no CHECK (a dpgcheck.checks.Check)")
        if check.name in checks:
            raise ValueError(f"check {check.name!r} is defined twice")
        checks[check.name] = check
    return checks
