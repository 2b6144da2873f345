"""Run the checks over a snapshot: snapshot → facts → one result per indicator → Report.

``dpgcheck.api.check`` is the entry point: it opens the target and applies the policy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec
from msgspec.structs import replace

from dpgcheck import __version__
from dpgcheck.catalog import ASSET_TYPES, Catalog, Indicator, load_catalog, with_indicators
from dpgcheck.checks import Check, CheckContext
from dpgcheck.checks._links import apply_host_license, apply_link_results
from dpgcheck.checks._manifest import review_todos
from dpgcheck.eligibility import eligibility_notes
from dpgcheck.errors import InputError
from dpgcheck.excludes import exclude_paths
from dpgcheck.facts import Facts
from dpgcheck.facts.collect import collect_facts
from dpgcheck.facts.links import check_links
from dpgcheck.facts.manifest.model import Manifest
from dpgcheck.facts.manifest.parse import load_manifest
from dpgcheck.model import CheckOutcome, Evidence, IndicatorResult, Report, Status
from dpgcheck.model_facts import ReportFacts
from dpgcheck.plugins import builtin_plugin, load_plugin, load_plugins
from dpgcheck.sources import Snapshot, SourceOptions, open_link_checker
from dpgcheck.sources.link_result import LinkProber


class CheckOptions(msgspec.Struct, frozen=True):
    """Everything that shapes one run besides the target."""

    asset_types: tuple[str, ...] = ()  # empty: the manifest's `type`, else software
    manifest_path: str | None = None
    source: SourceOptions = msgspec.field(default_factory=SourceOptions)
    plugins: bool = True
    exclude: tuple[str, ...] = ()  # glob patterns of paths left out (fixtures, vendored code)
    # A link checker to use instead of the one ``source`` describes (tests pass a fake).
    link_checker: LinkProber | None = None


class Checker(msgspec.Struct, frozen=True):
    """The catalog and the checks bound to it, ready to run on many targets."""

    catalog: Catalog
    checks: Mapping[str, Check]


def build_checker(plugins: bool = True) -> Checker:
    """The built-in plugin's indicators and checks, then every installed plugin's, bound."""
    standard = load_catalog()  # the Standard's name and version
    loaded = [load_plugin(builtin_plugin())]
    if plugins:
        loaded.append(load_plugins())
    catalog = with_indicators(
        replace(standard, indicators=()), [i for part in loaded for i in part.indicators]
    )
    return Checker(catalog, {name: c for part in loaded for name, c in part.checks.items()})


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


def check_snapshot(snapshot: Snapshot, options: CheckOptions, checker: Checker) -> Report:
    """Run every indicator of the catalog over one snapshot."""
    return check_snapshot_facts(snapshot, options, checker)[0]


def check_snapshot_facts(snapshot: Snapshot, options: CheckOptions, checker: Checker) -> tuple[Report, Facts]:
    """``check_snapshot``, with the facts the report was judged on (the application draft
    answers from them)."""
    snapshot = exclude_paths(snapshot, options.exclude)
    reads = tuple(
        dict.fromkeys(path for i in checker.catalog.indicators for path in checker.checks[i.check].reads)
    )
    prefetch = getattr(snapshot, "prefetch", None)
    if callable(prefetch):
        # A remote snapshot fetches file contents lazily: collecting the facts once tells it
        # which files they read (checks read none), so it fetches them in one batch.
        prefetch(lambda: _plan(snapshot, options, reads))
    # A malformed manifest is the user's input error: surface it before any check runs.
    facts, notes = _collect(snapshot, options, reads)
    facts = _check_links(facts, options)
    context = CheckContext(asset_types=facts.asset_types, offline=options.source.offline)
    indicators = checker.catalog.indicators
    checks = [checker.checks[indicator.check] for indicator in indicators]
    outcomes = [_check_one(check, facts, context) for check in checks]
    results = tuple(
        _run_one(indicator, check, outcome, facts)
        for indicator, check, outcome in zip(indicators, checks, outcomes, strict=True)
    )
    report = Report(
        tool_version=__version__,
        standard_name=checker.catalog.standard_name,
        standard_version=checker.catalog.standard_version,
        target=snapshot.target,
        asset_types=facts.asset_types,
        results=results,
        facts=ReportFacts.from_dict(_safe_facts(facts)),
        notes=_notes(snapshot, options) + notes + facts.manifest_notes,
        eligibility=eligibility_notes(facts.eligibility),
    )
    return report, facts


def _collect(
    snapshot: Snapshot, options: CheckOptions, reads: tuple[str, ...]
) -> tuple[Facts, tuple[str, ...]]:
    """The manifest first, then the asset types (``--type``, else the manifest's ``type``, else
    software), then the facts for them; and the note saying where the types came from."""
    asset_types = validate_asset_types(options.asset_types) or DEFAULT_ASSET_TYPES
    manifest = load_manifest(snapshot, options.manifest_path)
    notes: tuple[str, ...] = ()
    declared = declared_asset_types(manifest)
    if not options.asset_types and declared and declared != asset_types:
        # No --type and no configured type: the project's own declaration says what it is.
        asset_types = declared
        notes = (f"Asset types from the manifest's `type`: {', '.join(asset_types)}",)
    return collect_facts(snapshot, manifest, asset_types, reads), notes


def _plan(snapshot: Snapshot, options: CheckOptions, reads: tuple[str, ...]) -> None:
    """What a remote snapshot prefetches for: the reads of collecting the facts."""
    try:
        _collect(snapshot, options, reads)
    except Exception:  # the real run reports it; this only records which files are read
        return


def _check_links(facts: Facts, options: CheckOptions) -> Facts:
    """The facts with their links checked (network waits), unless offline."""
    prober = options.link_checker or open_link_checker(options.source)
    return replace(facts, links=check_links(list(facts.links.refs), prober))


def _notes(snapshot: Snapshot, options: CheckOptions) -> tuple[str, ...]:
    notes = list(snapshot.notes)
    if options.source.offline and not any(note.startswith("Offline") for note in notes):
        notes.append("Offline: no network was used; links were not checked.")
    return tuple(notes)


def _check_one(check: Check, facts: Facts, context: CheckContext) -> CheckOutcome | Exception:
    """The check's outcome, or the exception it raised (an InputError is raised on)."""
    try:
        return check(facts, context)
    except InputError:
        raise
    except Exception as exc:  # reported by _run_one, beside the other indicators' results
        return exc


def _run_one(
    indicator: Indicator, check: Check, checked: CheckOutcome | Exception, facts: Facts
) -> IndicatorResult:
    """The indicator's result: the check's outcome with the post-steps it declares applied."""
    try:
        if isinstance(checked, Exception):
            raise checked
        outcome = apply_link_results(check.link_roles, checked, facts.links)
        if check.uses_host_license:
            outcome = apply_host_license(outcome, facts.host, facts.licenses)
    except InputError:
        raise
    except Exception as exc:  # one broken check must not hide the other indicators' results
        outcome = CheckOutcome(
            Status.ERROR,
            f"The check could not run: {exc.__class__.__name__}: {exc}",
            (Evidence(kind="metadata", detail=f"{exc.__class__.__name__} in check {indicator.check}"),),
            "Report this as a dpgcheck bug, with the repository if you can share it.",
        )
    outcome = review_todos(check.manifest_keys, outcome, facts.manifest)  # TODOs in dpg.yaml cannot pass
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
        anchor_files=_license_paths(facts) if check.shows_license_facts else (),
    )


def _license_paths(facts: Facts) -> tuple[str, ...]:
    return tuple(finding.path for finding in facts.licenses.all if finding.path)


def _safe_facts(facts: Facts) -> dict[str, object]:
    try:
        return facts.to_dict()
    except Exception as exc:  # the facts section is informative; never lose the verdicts over it
        return {"error": f"{exc.__class__.__name__}: {exc}"}
