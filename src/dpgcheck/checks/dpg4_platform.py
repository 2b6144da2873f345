"""DPG-4: platform independence.

Rule (indicators/DPG-4.yaml): ``fail`` only on proof, a closed component required at run time
with no open drop-in alternative, declared nowhere; ``needs-review`` when a closed dependency
has a known open alternative the project has not declared, when the manifest's answer is
contradicted, or when there is nothing to judge; ``pass`` with the manifests read as evidence,
or with each closed dependency's open alternative (declared in dpg.yaml, or configured in the
repository: an S3-compatible endpoint, local storage, an SMTP server, an open driver). Every
result ends with the core technologies found (languages, frameworks, databases), for the form's
"Which are the core technologies your solution depends on?"; they never change the verdict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec.structs import replace

from dpgcheck.checks import Check, CheckContext
from dpgcheck.checks._technologies import technology_evidence
from dpgcheck.facts.dependencies.model import (
    CLOSED_LIBRARY,
    CLOUD_SDK,
    OPTIONAL,
    PROPRIETARY_DRIVER,
    ClosedDependency,
    DevelopmentOnly,
)
from dpgcheck.facts.manifest.claims import mentions
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dpgcheck.facts import Facts
    from dpgcheck.facts.dependencies import DependencyFacts
    from dpgcheck.facts.manifest.model import Manifest

_KEY = "platformIndependence"
SEARCHED = (
    "package manifests (package.json, requirements*.txt, pyproject.toml, setup.cfg, Pipfile, pom.xml, "
    "build.gradle, libs.versions.toml, go.mod, Gemfile, composer.json, Cargo.toml, mix.exs, mix.lock, "
    "DESCRIPTION, pubspec.yaml, *.csproj, packages.config) and service images (Dockerfile, "
    "docker-compose, Helm values and Chart.yaml)"
)


def _name(c: ClosedDependency) -> str:
    d = c.dependency
    return f"{d.name}:{d.version}" if d.ecosystem == "container" and d.version else d.name


def _names_of(c: ClosedDependency) -> list[str]:
    """What a declaration may call the dependency or an alternative ("OpenSearch (Apache-2.0)")."""
    return [c.dependency.name, *c.alternatives, *(a.split(" (")[0] for a in c.alternatives)]


def _detail(c: ClosedDependency) -> str:
    d = c.dependency
    # The version is shown where it decided (version-aware entries), not for every listed SDK.
    version = f" {d.version}" if d.version and c.version_note and d.ecosystem != "container" else ""
    parts = [f"{_name(c)}{version} ({d.ecosystem}, {d.scope}): {c.reason}"]
    if c.license:
        parts.append(f"License: {c.license}.")
    if c.version_note:
        parts.append(f"({c.version_note})")
    parts.append(f"Open alternatives: {', '.join(c.alternatives) or 'none listed'}")
    if d.scope == OPTIONAL:
        parts.append("(optional: not a mandatory dependency)")
    return " ".join(parts)


def _signal_evidence(c: ClosedDependency) -> list[Evidence]:
    what = (
        "a hosted service with an open default or alternative configured"
        if c.kind == CLOUD_SDK
        else "open alternative"
    )
    return [
        Evidence(kind="file", path=s.path, line=s.line, detail=f"{_name(c)}: {what}: {s.text}")
        for s in c.open_signals
    ]


def _submodule_note(deps: DependencyFacts) -> list[Evidence]:
    if not deps.submodules:
        return []
    shown = ", ".join(deps.submodules[:5]) + (" …" if len(deps.submodules) > 5 else "")
    return [
        Evidence(
            kind="file",
            path=".gitmodules",
            detail=f"not checked: code in {len(deps.submodules)} git submodule(s) ({shown}) is not in "
            "this checkout; their dependencies were not read",
        )
    ]


def _nothing_to_judge(facts: Facts, deps: DependencyFacts) -> CheckOutcome:
    """No manifest read: software needs a reviewer; data or content has no dependencies to judge."""
    evidence = [Evidence(kind="metadata", detail=f"searched {SEARCHED}: none found")]
    evidence += [Evidence(kind="file", path=p, detail=f"manifest not read: {r}") for p, r in deps.unparsed]
    evidence += _submodule_note(deps)
    if "software" not in facts.asset_types and not deps.unparsed:
        return CheckOutcome(
            Status.NOT_APPLICABLE,
            "No dependency manifest: dependencies do not apply to this data or content",
            tuple(evidence),
        )
    what = "could be read" if deps.unparsed else "was found"
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        f"No dependency manifest {what}: nothing to judge platform independence on",
        tuple(evidence),
        "If the software has dependencies, commit their manifest (e.g. requirements.txt, package.json, "
        "pom.xml); otherwise state in `platformIndependence` of dpg.yaml that it has no closed "
        "mandatory dependencies (`mandatoryDepsCreateMoreRestrictions: No`).",
    )


def check_platform(facts: Facts, context: CheckContext) -> CheckOutcome:
    """The verdict on closed dependencies (for an AI system, the model's and the data's
    dependencies too), with the core technologies found as evidence lines.

    The application form asks for the core technologies (languages, frameworks, databases); they
    are reported for the reviewer and never change the verdict.
    """
    outcome = _judge(facts)
    outcome = replace(outcome, evidence=(*outcome.evidence, *technology_evidence(facts.technologies)))
    if "aimodel" not in context.asset_types:
        return outcome
    from dpgcheck.checks._ai_checks import ai_platform  # the AI modules load only for AI systems

    return ai_platform(facts, outcome)


def _judge(facts: Facts) -> CheckOutcome:
    """Judge the closed dependencies found against the open alternatives declared or configured."""
    deps = facts.dependencies
    manifest = facts.manifest
    if not deps.manifests or len(deps.unparsed) == len(deps.manifests):
        return _nothing_to_judge(facts, deps)
    read = (
        f"{len(deps.dependencies)} dependencies ({len(deps.runtime())} at run time) "
        f"in {len(deps.manifests)} manifest(s)"
    )
    mandatory = [c for c in deps.closed if c.dependency.scope != OPTIONAL]
    desc = str((manifest.get(_KEY, "pltIndependenceDesc") if manifest else None) or "")
    declared = [c for c in mandatory if desc and mentions(desc, _names_of(c))]
    configured = [c for c in mandatory if c not in declared and c.open_signals]
    open_deps = [c for c in mandatory if c not in declared and c not in configured]
    # A closed library in a folder its README calls a development tool proves nothing about the
    # product's run time: a reviewer decides (DIGIT's chatbot dialog designer, a local-only app).
    tools = {note.folder: note for note in deps.development_only}
    proof = [
        c
        for c in open_deps
        if c.kind in (CLOSED_LIBRARY, PROPRIETARY_DRIVER)
        and not c.drop_in
        and c.dependency.path.rpartition("/")[0] not in tools
    ]

    evidence = [
        Evidence(kind="file", path=c.dependency.path, line=c.dependency.line, detail=_detail(c))
        for c in deps.closed
    ]
    for c in configured:
        evidence += _signal_evidence(c)
    if declared and manifest is not None:
        evidence.append(
            manifest.evidence(f"open alternatives declared: {desc[:160]}", _KEY, "pltIndependenceDesc")
        )
    evidence += _development_tool_evidence(open_deps, tools)
    evidence += [Evidence(kind="file", path=p, detail=f"manifest not read: {r}") for p, r in deps.unparsed]
    evidence += _submodule_note(deps)
    unread = f"; {len(deps.unparsed)} manifest(s) could not be read" if deps.unparsed else ""

    if proof:
        names = ", ".join(sorted({_name(c) for c in proof}))
        return CheckOutcome(
            Status.FAIL,
            f"Closed components required at run time with no open drop-in alternative declared: {names}",
            tuple(evidence),
            f"Replace {names} with an open alternative (see the evidence), or name in "
            "`platformIndependence.pltIndependenceDesc` of dpg.yaml the open alternative the product "
            "runs with and how it swaps in.",
        )
    if open_deps:
        return _undeclared(open_deps, evidence, manifest, tools)
    return _passing(facts, deps, read + unread, mandatory, declared, configured, evidence, manifest)


def _development_tool_evidence(
    open_deps: list[ClosedDependency], tools: Mapping[str, DevelopmentOnly]
) -> list[Evidence]:
    """For each development-tool folder requiring a closed component, where its README says so."""
    evidence = []
    for folder, note in tools.items():
        names = sorted({_name(c) for c in open_deps if c.dependency.path.rpartition("/")[0] == folder})
        if names:
            evidence.append(
                Evidence(
                    kind="file",
                    path=note.path,
                    line=note.line,
                    detail=f"{folder}/, which requires {', '.join(names)}, is a development tool by its "
                    f"README, so the product may not need it at run time: “{note.text}”",
                )
            )
    return evidence


def _undeclared(
    open_deps: list[ClosedDependency],
    evidence: list[Evidence],
    manifest: Manifest | None,
    tools: Mapping[str, DevelopmentOnly],
) -> CheckOutcome:
    names = ", ".join(sorted({_name(c) for c in open_deps}))
    in_tools = sorted({_name(c) for c in open_deps if c.dependency.path.rpartition("/")[0] in tools})
    tool_note = (
        f" For {', '.join(in_tools)}, required only by a development tool, saying there that the "
        "deployed product does not use it is enough."
        if in_tools
        else ""
    )
    summary = f"Closed or proprietary dependencies need open alternatives: {names}"
    if manifest is not None and manifest.answer(_KEY, "mandatoryDepsCreateMoreRestrictions") == "no":
        # A "No" the repository contradicts is for a reviewer to weigh, citing both sides.
        evidence.insert(
            0,
            manifest.evidence(
                "mandatoryDepsCreateMoreRestrictions: No", _KEY, "mandatoryDepsCreateMoreRestrictions"
            ),
        )
        summary = f"The manifest declares no restrictive dependencies, but the repository depends on: {names}"
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        summary,
        tuple(evidence),
        "Name, in `platformIndependence.pltIndependenceDesc` of dpg.yaml, the open alternative to "
        f"each of {names} and how it swaps in.{tool_note}",
    )


def _passing(
    facts: Facts,
    deps: DependencyFacts,
    read: str,
    mandatory: list[ClosedDependency],
    declared: list[ClosedDependency],
    configured: list[ClosedDependency],
    evidence: list[Evidence],
    manifest: Manifest | None,
) -> CheckOutcome:
    """Every mandatory closed dependency has an open alternative, or there is none."""
    restrictive = manifest.answer(_KEY, "mandatoryDepsCreateMoreRestrictions") if manifest else None
    independent = manifest.answer(_KEY, "isSoftwarePltIndependent") if manifest else None
    shown = ", ".join(deps.manifests[:5]) + (" …" if len(deps.manifests) > 5 else "")
    optional_only = len(deps.closed) - len(mandatory)
    base = Evidence(
        kind="file",
        path=deps.manifests[0],
        detail=f"read {read}: {shown}"
        + (f"; {optional_only} closed one(s) only in optional extras" if optional_only else "")
        + ("; none is on the closed-dependency list" if not deps.closed else ""),
    )
    evidence.insert(0, base)
    if restrictive == "yes" and manifest is not None and not mandatory:
        evidence.append(
            manifest.evidence(
                "declares mandatory dependencies more restrictive than the license",
                _KEY,
                "mandatoryDepsCreateMoreRestrictions",
            )
        )
        if not (manifest.get(_KEY, "pltIndependenceDesc") and independent == "yes"):
            return CheckOutcome(
                Status.NEEDS_REVIEW,
                "The manifest declares restrictive dependencies without open alternatives",
                tuple(evidence),
                "Name the restrictive dependencies and their open alternatives in "
                "`platformIndependence.pltIndependenceDesc` of dpg.yaml.",
            )
    if not mandatory:
        return CheckOutcome(
            Status.PASS,
            f"No {'mandatory ' if deps.closed else ''}closed dependencies among {read}",
            tuple(evidence),
        )
    how = []
    if declared:
        how.append(f"{len(declared)} with a declared open alternative")
    if configured:
        how.append(f"{len(configured)} with an open default or alternative configured in the repository")
    n = len(mandatory)
    return CheckOutcome(
        Status.PASS,
        f"{n} closed dependenc{'y' if n == 1 else 'ies'}, each with an open alternative: {'; '.join(how)}",
        tuple(evidence),
    )


CHECK = Check(
    "platform_independence",
    check_platform,
    manifest_keys=((_KEY,),),
)
