"""One policy-aware check run: configuration → indicator selection → check → waivers and gate.

cli.py stays a thin shell over this: it parses options into a CheckOptions and a
PolicyRequest and gets back the Report (policy applied) and the level it gates at.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from dpgcheck.config import Config, check_indicator_ids, discover_config
from dpgcheck.engine import CheckOptions, build_checker, run
from dpgcheck.model import Report
from dpgcheck.policy import apply_policy, select_indicators

DEFAULT_FAIL_ON = "fail"


@dataclass(frozen=True)
class PolicyRequest:
    """What the command line says about policy; each value given here beats the configuration's."""

    config_path: str | None = None
    use_config: bool = True
    fail_on: str | None = None
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    today: date | None = None  # waiver expiry is judged against this day (default: today)


@dataclass(frozen=True)
class PolicyRun:
    """The outcome of a run: the report with policy applied, and where the policy came from."""

    report: Report
    config: Config
    fail_on: str

    @property
    def failed(self) -> bool:
        """Whether any required, unwaived result is at or above the gate level."""
        return bool(self.report.gating(self.fail_on))


def run_with_policy(target: str, options: CheckOptions, request: PolicyRequest) -> PolicyRun:
    """Check ``target`` under its configuration (or ``--config``) and the command line's policy.

    ``options.asset_types`` empty means "not given": the configuration's ``type`` applies, else
    the manifest's ``type``, else software (decided by the engine).
    """
    config = discover_config(target, request.config_path, request.use_config)
    checker = build_checker(options.plugins)
    check_indicator_ids(config, [indicator.id for indicator in checker.catalog.indicators])
    checker = select_indicators(checker, request.only or config.only, request.skip or config.skip)
    options = replace(
        options,
        asset_types=options.asset_types or config.asset_types,
        exclude=(*options.exclude, *config.exclude),
    )
    report = run(target, options, checker)
    fail_on = request.fail_on or config.fail_on or DEFAULT_FAIL_ON
    report = apply_policy(report, config, fail_on, request.today or date.today())
    return PolicyRun(report, config, fail_on)
