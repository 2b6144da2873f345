"""Run a check: target → snapshot → facts → one result per indicator → Report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dpgcheck import __version__
from dpgcheck.catalog import ASSET_TYPES, Catalog, Indicator, load_catalog, with_indicators
from dpgcheck.checks import CheckContext, CheckFunction, builtin_checks
from dpgcheck.checks.links_support import apply_remote_evidence
from dpgcheck.checks.manifest_claims import review_todos
from dpgcheck.errors import CatalogError, InputError
from dpgcheck.excludes import exclude_paths
from dpgcheck.facts import Facts
from dpgcheck.facts.manifest import Manifest
from dpgcheck.model import CheckOutcome, Evidence, IndicatorResult, Report, Status
from dpgcheck.model_facts import ReportFacts
from dpgcheck.plugins import load_plugins
from dpgcheck.sources import Snapshot, SourceOptions, open_link_checker, open_target
from dpgcheck.sources.links import LinkProber


@dataclass(frozen=True)
class CheckOptions:
    """Everything that shapes one run besides the target."""

    asset_types: tuple[str, ...] = ()  # empty: the manifest's `type`, else software
    manifest_path: str | None = None
    source: SourceOptions = field(default_factory=SourceOptions)
    plugins: bool = True
    exclude: tuple[str, ...] = ()  # glob patterns of paths left out (fixtures, vendored code)
    # A link checker to use instead of the one ``source`` describes (tests pass a fake).
    link_checker: LinkProber | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Checker:
    """The catalog and the check functions bound to it, ready to run on many targets."""

    catalog: Catalog
    checks: Mapping[str, CheckFunction]


def build_checker(plugins: bool = True) -> Checker:
    """Load the catalog and the checks (built in, plus plugins) and bind them."""
    catalog = load_catalog()
    checks = builtin_checks()
    if plugins:
        loaded = load_plugins()
        catalog = with_indicators(catalog, loaded.indicators)
        checks = {**checks, **loaded.checks}
    for indicator in catalog.indicators:
        if indicator.check not in checks:
            raise CatalogError(f"Indicator {indicator.id} binds to unknown check {indicator.check!r}")
    return Checker(catalog, checks)


DEFAULT_ASSET_TYPES = ("software",)


def declared_asset_types(manifest: Manifest | None) -> tuple[str, ...]:
    """The asset types a manifest's ``type`` declares (unknown ones are left to the schema)."""
    declared = manifest.get("type") if manifest is not None else None
    if isinstance(declared, str):
        declared = [declared]
    if not isinstance(declared, list):
        return ()
    return tuple(
        dict.fromkeys(str(t).strip().lower() for t in declared if str(t).strip().lower() in ASSET_TYPES)
    )


def validate_asset_types(asset_types: Sequence[str]) -> tuple[str, ...]:
    """The asset types, de-duplicated; an unknown one is an InputError."""
    unknown = [t for t in asset_types if t not in ASSET_TYPES]
    if unknown:
        raise InputError(
            f"Unknown asset type: {', '.join(unknown)}",
            f"Use one or more of: {', '.join(ASSET_TYPES)}.",
        )
    return tuple(dict.fromkeys(asset_types))


def run(target: str, options: CheckOptions | None = None, checker: Checker | None = None) -> Report:
    """Check ``target`` and return the report."""
    options = options or CheckOptions()
    checker = checker or build_checker(options.plugins)
    snapshot = open_target(target, options.source)
    return check_snapshot(snapshot, options, checker)


def check_snapshot(snapshot: Snapshot, options: CheckOptions, checker: Checker) -> Report:
    """Run every indicator of the catalog over one snapshot."""
    asset_types = validate_asset_types(options.asset_types) or DEFAULT_ASSET_TYPES
    context = CheckContext(asset_types=asset_types, offline=options.source.offline)
    snapshot = exclude_paths(snapshot, options.exclude)
    prefetch = getattr(snapshot, "prefetch", None)
    if callable(prefetch):
        # A remote snapshot fetches file contents lazily: a dry run tells it which files the
        # facts and checks read, so it fetches them in one batch instead of one by one.
        prefetch(lambda: _dry_run(snapshot, asset_types, options, checker, context))
    links = options.link_checker or open_link_checker(options.source)
    facts = Facts(snapshot, asset_types, options.manifest_path, links)
    # A malformed manifest is the user's input error: surface it before any check runs.
    manifest = facts.manifest
    notes: tuple[str, ...] = ()
    declared = declared_asset_types(manifest)
    if not options.asset_types and declared and declared != asset_types:
        # No --type and no configured type: the project's own declaration says what it is.
        asset_types = declared
        context = CheckContext(asset_types=asset_types, offline=options.source.offline)
        facts = Facts(snapshot, asset_types, options.manifest_path, links)
        notes = (f"Asset types from the manifest's `type`: {', '.join(asset_types)}",)
    # The link checks wait on the network: send them now, and apply their answers only once
    # every check has run, so the waits overlap the checks.
    facts.start_link_checks()
    indicators = checker.catalog.indicators
    outcomes = [_check_one(checker.checks[indicator.check], facts, context) for indicator in indicators]
    results = tuple(
        _run_one(indicator, outcome, facts) for indicator, outcome in zip(indicators, outcomes, strict=True)
    )
    return Report(
        tool_version=__version__,
        standard_name=checker.catalog.standard_name,
        standard_version=checker.catalog.standard_version,
        target=snapshot.target,
        asset_types=asset_types,
        results=results,
        facts=ReportFacts.from_dict(_safe_facts(facts)),
        notes=_notes(snapshot, options) + notes + facts.manifest_notes,
    )


def _notes(snapshot: Snapshot, options: CheckOptions) -> tuple[str, ...]:
    notes = list(snapshot.notes)
    if options.source.offline and not any(note.startswith("Offline") for note in notes):
        notes.append("Offline: no network was used; links were not checked.")
    return tuple(notes)


def _dry_run(
    snapshot: Snapshot,
    asset_types: tuple[str, ...],
    options: CheckOptions,
    checker: Checker,
    context: CheckContext,
) -> None:
    facts = Facts(snapshot, asset_types, options.manifest_path)
    for indicator in checker.catalog.indicators:
        try:
            checker.checks[indicator.check](facts, context)
        except Exception:  # the real run reports it; the dry run only records which files are read
            continue
    try:
        facts.to_dict()
    except Exception:
        return


def _check_one(check: CheckFunction, facts: Facts, context: CheckContext) -> CheckOutcome | Exception:
    """The check's outcome, or the exception it raised (an InputError is raised on)."""
    try:
        return check(facts, context)
    except InputError:
        raise
    except Exception as exc:  # reported by _run_one, beside the other indicators' results
        return exc


def _run_one(indicator: Indicator, checked: CheckOutcome | Exception, facts: Facts) -> IndicatorResult:
    try:
        if isinstance(checked, Exception):
            raise checked
        outcome = apply_remote_evidence(indicator.check, checked, facts)
    except InputError:
        raise
    except Exception as exc:  # one broken check must not hide the other indicators' results
        outcome = CheckOutcome(
            Status.ERROR,
            f"The check could not run: {exc.__class__.__name__}: {exc}",
            (Evidence(kind="metadata", detail=f"{exc.__class__.__name__} in check {indicator.check}"),),
            "Report this as a dpgcheck bug, with the repository if you can share it.",
        )
    outcome = review_todos(indicator.check, outcome, facts.manifest)  # TODOs in dpg.yaml cannot pass
    if outcome.status is Status.PASS and not outcome.evidence:
        outcome = CheckOutcome(
            Status.ERROR,
            "The check passed without evidence, which dpgcheck does not accept",
            (
                Evidence(
                    kind="metadata",
                    detail=f"check {indicator.check} returned pass with no evidence",
                ),
            ),
            "Report this as a dpgcheck bug.",
        )
    remediation = None
    if outcome.status not in (Status.PASS, Status.NOT_APPLICABLE):
        remediation = outcome.remediation or indicator.remediation
    return IndicatorResult(
        id=indicator.id,
        title=indicator.title,
        status=outcome.status,
        automation=indicator.automation,
        summary=outcome.summary,
        evidence=outcome.evidence,
        remediation=remediation,
        help_url=indicator.help_url,
        requirement=indicator.requirement,
    )


def _safe_facts(facts: Facts) -> dict[str, object]:
    try:
        return facts.to_dict()
    except Exception as exc:  # the facts section is informative; never lose the verdicts over it
        return {"error": f"{exc.__class__.__name__}: {exc}"}
