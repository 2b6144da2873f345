"""DPG-4: platform independence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.facts.dependencies import EXEMPT_SCOPES, OPTIONAL
from dpgcheck.facts.manifest.claims import mentions
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts


def check_platform(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass without closed run-time dependencies, or when the manifest names open alternatives."""
    deps = facts.dependencies
    manifest = facts.manifest
    read = (
        f"{len(deps.dependencies)} dependencies ({len(deps.runtime())} at run time) "
        f"in {len(deps.manifests)} manifest(s)"
    )
    evidence = [
        Evidence(
            kind="file",
            path=c.dependency.path,
            line=c.dependency.line,
            detail=f"{c.dependency.name} ({c.dependency.ecosystem}, {c.dependency.scope}): "
            f"{c.reason} Open alternatives: {', '.join(c.alternatives) or 'none listed'}"
            + (" (optional: not a mandatory dependency)" if c.dependency.scope == OPTIONAL else ""),
        )
        for c in deps.closed
    ]
    # The Standard asks about *mandatory* dependencies: a closed SDK behind an optional extra
    # (``pip install x[aws]``, npm optionalDependencies) is reported but does not hold DPG-4 up.
    mandatory = [c for c in deps.closed if c.dependency.scope != OPTIONAL]
    evidence += [Evidence(kind="file", path=p, detail=f"manifest not read: {r}") for p, r in deps.unparsed]
    declared_desc = manifest.get("platformIndependence", "pltIndependenceDesc") if manifest else None
    restrictive = (
        manifest.answer("platformIndependence", "mandatoryDepsCreateMoreRestrictions") if manifest else None
    )
    independent = manifest.answer("platformIndependence", "isSoftwarePltIndependent") if manifest else None
    if not mandatory:
        manifests = ", ".join(deps.manifests[:5]) + (" …" if len(deps.manifests) > 5 else "")
        base = [
            Evidence(
                kind="file" if deps.manifests else "metadata",
                path=deps.manifests[0] if deps.manifests else None,
                detail=f"read {read}"
                + (f": {manifests}" if manifests else "")
                + (
                    f"; {len(deps.closed)} closed one(s) only in optional extras"
                    if deps.closed
                    else "; none is on the closed-dependency list"
                ),
            )
        ]
        if restrictive == "yes" and manifest is not None:
            base.append(
                manifest.evidence(
                    "declares mandatory dependencies more restrictive than the license",
                    "platformIndependence",
                    "mandatoryDepsCreateMoreRestrictions",
                )
            )
            if not (declared_desc and independent == "yes"):
                return CheckOutcome(
                    Status.NEEDS_REVIEW,
                    "The manifest declares restrictive dependencies without open alternatives",
                    tuple(base + evidence),
                )
        unread = f"; {len(deps.unparsed)} manifest(s) could not be read" if deps.unparsed else ""
        return CheckOutcome(
            Status.PASS,
            f"No {'mandatory ' if deps.closed else ''}closed dependencies among {read}{unread}",
            tuple(base + evidence),
        )
    # A closed dependency is cleared when the declared alternatives name it or one of its
    # known open alternatives; a free text that names neither clears nothing.
    desc = str(declared_desc or "")
    cleared = [c for c in mandatory if desc and mentions(desc, [c.dependency.name, *c.alternatives])]
    open_deps = [c for c in mandatory if c not in cleared]
    if declared_desc and manifest is not None:
        evidence.append(
            manifest.evidence(
                f"open alternatives declared: {desc[:160]}",
                "platformIndependence",
                "pltIndependenceDesc",
            )
        )
    names = ", ".join(sorted({c.dependency.name for c in open_deps}))
    if not open_deps:
        return CheckOutcome(
            Status.PASS,
            f"{len(mandatory)} closed dependenc{'y' if len(mandatory) == 1 else 'ies'}, "
            "each with a declared open alternative",
            tuple(evidence),
        )
    runtime_open = [c for c in open_deps if c.dependency.scope not in EXEMPT_SCOPES]
    if restrictive == "no" and runtime_open and manifest is not None:
        evidence.insert(
            0,
            manifest.evidence(
                "mandatoryDepsCreateMoreRestrictions: No",
                "platformIndependence",
                "mandatoryDepsCreateMoreRestrictions",
            ),
        )
        return CheckOutcome(
            Status.FAIL,
            "The manifest declares no restrictive dependencies, but the repository depends on "
            f"closed ones: {', '.join(sorted({c.dependency.name for c in runtime_open}))}",
            tuple(evidence),
            "Either replace the closed dependencies, or answer `mandatoryDepsCreateMoreRestrictions: Yes` "
            "and name the open alternative to each in `pltIndependenceDesc`.",
        )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        f"Closed or proprietary dependencies need open alternatives: {names}",
        tuple(evidence),
        "Name, in `platformIndependence.pltIndependenceDesc` of dpg.yaml, the open alternative to "
        f"each of {names} and how it swaps in.",
    )


CHECK = Check(
    "platform_independence",
    check_platform,
    manifest_keys=(("platformIndependence",),),
)
