"""DPG-5: documentation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.checks._manifest import with_stale_claims
from dpgcheck.facts.docs import STUB_WORDS
from dpgcheck.facts.manifest.claims import declared_locations, stale_claims
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

_KEYS = ("documentation", "documentationURL")


def check_documentation(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass on a real README with setup instructions, and/or documentation folders or sites.

    For data, the Standard also asks for the fields, how the data was collected and how to
    interpret it (see _data_docs); for an AI system, the DPGA's AI checklist (see _ai_checks). A
    declared documentation path that moved warns (a stale claim).
    """
    outcome = _documentation(facts, context)
    manifest = facts.manifest
    if manifest is None:
        return outcome
    locations = declared_locations(manifest, facts.files, facts.repository_urls, *_KEYS)
    stale = stale_claims(manifest, locations, "documentation")
    return with_stale_claims(outcome, stale, "documentation", "documentation.documentationURL")


def _documentation(facts: Facts, context: CheckContext) -> CheckOutcome:
    outcome = _project_documentation(facts)
    # Imported where used: the AI and data modules load only for the asset types they judge.
    if "aimodel" in context.asset_types:
        from dpgcheck.checks._ai_checks import ai_documentation

        outcome = ai_documentation(facts, context.asset_types, outcome)  # the DPGA's AI checklist
    if "data" in context.asset_types:
        from dpgcheck.checks._data_docs import data_documentation_outcome

        # The fields, how the data was collected and how to interpret it.
        outcome = data_documentation_outcome(facts, context, outcome)
    return outcome


def _project_documentation(facts: Facts) -> CheckOutcome:
    docs = facts.docs
    readme = docs.readme
    evidence: list[Evidence] = []
    for folder, count in docs.docs_dirs:
        evidence.append(
            Evidence(kind="file", path=folder, detail=f"documentation folder with {count} document(s)")
        )
    manifest = facts.manifest
    declared = (
        declared_locations(manifest, facts.files, facts.repository_urls, *_KEYS)
        if manifest is not None
        else []
    )
    missing = [loc for loc in declared if loc.missing]
    declared_urls = [loc for loc in declared if not loc.missing]
    if manifest is not None:
        evidence += [loc.evidence(manifest, "documentation") for loc in declared_urls]
        if missing:
            found = [Evidence(kind="file", path=readme.path, line=1, detail="README")] if readme else []
            return CheckOutcome(
                Status.FAIL,
                "Declared documentation is missing from the repository: "
                + ", ".join(str(loc.path) for loc in missing),
                tuple(loc.evidence(manifest, "documentation") for loc in missing) + tuple(found + evidence),
                "Fix `documentation.documentationURL` in dpg.yaml so that every path it lists exists "
                "(or give the documentation site's URL).",
            )
    for path in docs.site_configs:
        evidence.append(Evidence(kind="file", path=path, detail="documentation-site source"))
    for path, line, what in docs.guides:
        evidence.append(Evidence(kind="file", path=path, line=line, detail=what))
    elsewhere = bool(docs.docs_dirs or docs.site_configs or docs.guides or declared_urls)
    if readme is None:
        if docs.readme_problem:
            path, reason = docs.readme_problem
            evidence.insert(0, Evidence(kind="file", path=path, detail=f"README not read: {reason}"))
        else:
            evidence.insert(0, Evidence(kind="metadata", detail="no README at the repository root"))
        if elsewhere:
            summary = "No readable README; documentation found elsewhere"
            return CheckOutcome(Status.NEEDS_REVIEW, summary, tuple(evidence), _README)
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            "No readable README and no other documentation found",
            (*evidence, Evidence(kind="metadata", detail=_SEARCHED)),
            _README,
        )
    sections = ", ".join(h.text for h in readme.setup_sections[:4])
    evidence.insert(
        0,
        Evidence(
            kind="file",
            path=readme.path,
            line=1,
            detail=f"README of {readme.words} words, {len(readme.headings)} section(s)",
        ),
    )
    for heading in readme.setup_sections[:4]:
        evidence.append(
            Evidence(
                kind="file",
                path=readme.path,
                line=heading.line,
                detail=f"setup section: {heading.text}",
            )
        )
    for line, url in readme.doc_links[:3]:
        evidence.append(
            Evidence(
                kind="url",
                url=url,
                path=readme.path,
                line=line,
                detail="documentation link in the README",
            )
        )
    if readme.setup_sections:
        return CheckOutcome(Status.PASS, f"README with setup instructions ({sections})", tuple(evidence))
    if docs.guides:
        guide = docs.guides[0][0]
        return CheckOutcome(Status.PASS, f"Setup instructions beside the README ({guide})", tuple(evidence))
    if elsewhere or readme.doc_links:
        # A short README that points to a documentation site is documentation; whether the site
        # lets a newcomer run the project is for a reviewer to confirm when the README says little.
        return CheckOutcome(
            Status.PASS if readme.words >= STUB_WORDS else Status.NEEDS_REVIEW,
            "Documentation outside the README (folders or a documentation site)",
            tuple(evidence),
            None
            if readme.words >= STUB_WORDS
            else "Say in the README what the project is and link the installation page of the documentation.",
        )
    if readme.words < STUB_WORDS:
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            f"The README is a stub ({readme.words} words) and no other documentation was found",
            (*evidence, Evidence(kind="metadata", detail=_SEARCHED)),
            _README,
        )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        "The README has no installation, setup or deployment section and no docs are linked",
        (*evidence, Evidence(kind="metadata", detail=_SEARCHED)),
        "Add an `Installation` / `Getting started` section to the README that takes a newcomer from "
        "a fresh machine to a running system, or link to documentation that does "
        "(or give its URL in dpg.yaml `documentation.documentationURL`).",
    )


_SEARCHED = (
    "looked for README setup sections (Installation, Getting started, Quick start, Running locally, "
    "Deploy, Setup…), documentation links, docs folders (docs/, doc/, documentation/, website/, wiki/…), "
    "documentation-site sources (mkdocs.yml, conf.py, docusaurus.config.js, .readthedocs.yaml) and "
    "setup documents at the root (INSTALL.md…)"
)
_README = (
    "Add a README that says what the project is and how to install and run it, or link the "
    "documentation site from it (or give its URL in dpg.yaml `documentation.documentationURL`)."
)


CHECK = Check(
    "documentation",
    check_documentation,
    link_roles=("documentation",),
    manifest_keys=(("documentation",),),
)
