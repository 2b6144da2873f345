"""The library's entry point: a target and options in, a Report with its policy applied out.

``check`` is the one flow every command that judges a repository goes through (``check``,
``badge``, each target of ``audit``)::

    configuration → catalog + checks → indicator selection → engine → waivers and gate

The configuration (``.dpgcheck.yaml`` or ``--config``) and the command line's policy decide
which indicators run and which findings gate; the engine turns the snapshot into results;
``dpgcheck.policy`` applies waivers and the gate to the finished Report. Nothing here prints.

``detect_licenses`` and ``indicator_catalog`` are the library calls of the commands that stop
before a Report (``licenses``, ``indicators``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import msgspec
from msgspec.structs import replace

from dpgcheck.config import Config, check_indicator_ids, discover_config
from dpgcheck.engine import Checker, CheckOptions, build_checker, check_snapshot, validate_asset_types
from dpgcheck.policy import apply_policy, select_indicators
from dpgcheck.sources import SourceOptions, open_target

if TYPE_CHECKING:
    from dpgcheck.application.model import Application
    from dpgcheck.catalog import Catalog
    from dpgcheck.facts.licenses.detect import LicenseFacts
    from dpgcheck.model import Report

__all__ = [
    "DEFAULT_FAIL_ON",
    "CheckOptions",
    "CheckRun",
    "LicenseDetection",
    "Policy",
    "RunOptions",
    "check",
    "detect_licenses",
    "draft_application",
    "indicator_catalog",
]

DEFAULT_FAIL_ON = "fail"


class Policy(msgspec.Struct, frozen=True):
    """What the caller says about policy; each value given here beats the configuration's."""

    config_path: str | None = None
    use_config: bool = True
    fail_on: str | None = None
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    today: date | None = None  # waiver expiry is judged against this day (default: today)


class RunOptions(msgspec.Struct, frozen=True):
    """Everything that shapes one run besides the target.

    ``policy`` None runs every indicator with no configuration and no gate: the raw report an
    audit records (the audit reads no target's configuration, and ``gate`` stays null).
    """

    check: CheckOptions = msgspec.field(default_factory=CheckOptions)
    policy: Policy | None = msgspec.field(default_factory=Policy)


class CheckRun(msgspec.Struct, frozen=True):
    """The outcome of a run: the report (policy applied), and where the policy came from."""

    report: Report
    config: Config
    fail_on: str

    @property
    def failed(self) -> bool:
        """Whether any required, unwaived result is at or above the gate level."""
        return bool(self.report.gating(self.fail_on))


def check(target: str, options: RunOptions | None = None, checker: Checker | None = None) -> CheckRun:
    """Check ``target`` under its configuration (or ``policy.config_path``) and the policy given.

    ``options.check.asset_types`` empty means "not given": the configuration's ``type``
    applies, else the manifest's ``type``, else software (decided by the engine). ``checker``
    lets a caller that checks many targets (the audit) load the catalog and plugins once.
    """
    options = options or RunOptions()
    policy = options.policy
    if policy is None:
        checker = checker or build_checker(options.check.plugins)
        snapshot = open_target(target, options.check.source)
        return CheckRun(check_snapshot(snapshot, options.check, checker), Config(), DEFAULT_FAIL_ON)
    # The configuration first: a broken one is reported before the catalog and plugins load.
    config = discover_config(target, policy.config_path, policy.use_config)
    checker = checker or build_checker(options.check.plugins)
    check_indicator_ids(config, [indicator.id for indicator in checker.catalog.indicators])
    selected = select_indicators(
        checker.catalog.indicators, policy.only or config.only, policy.skip or config.skip
    )
    if len(selected) != len(checker.catalog.indicators):
        checker = Checker(replace(checker.catalog, indicators=selected), checker.checks)
    check_options = replace(
        options.check,
        asset_types=options.check.asset_types or config.asset_types,
        exclude=(*options.check.exclude, *config.exclude),
    )
    snapshot = open_target(target, check_options.source)
    report = check_snapshot(snapshot, check_options, checker)
    fail_on = policy.fail_on or config.fail_on or DEFAULT_FAIL_ON
    report = apply_policy(report, config, fail_on, policy.today or date.today())
    return CheckRun(report, config, fail_on)


class LicenseDetection(msgspec.Struct, frozen=True):
    """The licenses of one target, as ``dpgcheck licenses`` shows them."""

    licenses: LicenseFacts
    location: str
    asset_types: tuple[str, ...]


def detect_licenses(
    target: str, asset_types: tuple[str, ...] = ("software",), source: SourceOptions | None = None
) -> LicenseDetection:
    """Detect the licenses of ``target`` (files, manifests, headers, README), judged for ``asset_types``;
    a remote target is fetched with ``source``."""
    from dpgcheck.facts.licenses.detect import detect_licenses as detect

    types = validate_asset_types(asset_types)
    snapshot = open_target(target, source)
    return LicenseDetection(detect(snapshot, types), snapshot.target.location, types)


def indicator_catalog(plugins: bool = True) -> Catalog:
    """The catalog of every indicator a run checks: the Standard's, then the plugins'."""
    return build_checker(plugins).catalog


def draft_application(
    target: str, options: CheckOptions | None = None, config_path: str | None = None, use_config: bool = True
) -> Application:
    """The draft of ``target``'s DPGA application: every question answered, with its source."""
    from dpgcheck.application.run import run_application

    return run_application(target, options or CheckOptions(), config_path, use_config)
