"""Detected licenses: every place a license is stated, how sure we are, and what they add up to.

Sources, most authoritative first: license texts in conventional places (classified by
askalono with near-duplicate guards, license_text), license fields of package manifests
(license_declared), ``SPDX-License-Identifier`` headers of a sample of source files, and the
README's License section. Each becomes a LicenseFinding with its location, method, confidence
and approval per asset type. From them: the project's effective license(s), and the places where
sources disagree (a manifest against the LICENSE text; a monorepo package under another license).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from msgspec.structs import replace

from dpgcheck.facts.licenses import files as license_files
from dpgcheck.facts.licenses.agreement import BUNDLED, effective_licenses, find_disagreements, questionable
from dpgcheck.facts.licenses.declared import Declaration, line_of, manifest_declarations
from dpgcheck.facts.licenses.files import Candidate, is_license_file_name, package_dirs, package_of
from dpgcheck.facts.licenses.findings import (
    DEFAULT_CLASSIFIER,
    classify_license_file,
    classify_text,
    declared_finding,
    is_primary,
    is_title,
    text_findings,
)
from dpgcheck.facts.licenses.mentions import header_declarations, readme_declarations, readme_section
from dpgcheck.facts.licenses.model import Disagreement, LicenseFacts, LicenseFinding, base_keys
from dpgcheck.facts.licenses.spdx import approvals
from dpgcheck.facts.licenses.text import (
    CONFIDENT_SCORE,
    MAX_CLASSIFIED_TEXTS,
    BudgetedClassifier,
    LicenseClassifier,
    classify_file,
    restriction,
)
from dpgcheck.sources.snapshot import Snapshot

__all__ = [
    "CONFIDENT_SCORE",
    "Disagreement",
    "LicenseClassifier",
    "LicenseFacts",
    "LicenseFinding",
    "base_keys",
    "classify_license_file",
    "classify_text",
    "declared_finding",
    "detect_licenses",
    "effective_licenses",
    "find_disagreements",
    "is_license_file_name",
    "license_candidates",
    "line_of",
]

MAX_PACKAGES = 300
"""Monorepo package folders inspected at most: each may cost a classification on a cold cache."""


def license_candidates(snapshot: Snapshot) -> list[str]:
    """License-like files in conventional places, best first (paths only)."""
    return [candidate.path for candidate in license_files.license_candidates(snapshot)]


def _declared(decl: Declaration, types: tuple[str, ...], method: str, packages: list[str]) -> LicenseFinding:
    return declared_finding(
        decl.path, decl.raw, decl.source, decl.line, types, method, package_of(decl.path, packages)
    )


def _referenced(snapshot: Snapshot, decl: Declaration, packages: list[str]) -> Candidate | None:
    base = str(PurePosixPath(decl.path).parent)
    path = decl.raw.strip().lstrip("./") if base == "." else f"{base}/{decl.raw.strip().lstrip('./')}"
    if not snapshot.exists(path):
        return None
    return Candidate(path, package_of(path, packages), "referenced", 0.9)


def _readme(snapshot: Snapshot) -> str | None:
    for path in sorted(snapshot.children(""), key=lambda p: (len(p), p)):
        if PurePosixPath(path).name.lower().startswith("readme"):
            return path
    return None


def detect_licenses(
    snapshot: Snapshot, asset_types: Iterable[str], classifier: LicenseClassifier | None = None
) -> LicenseFacts:
    """Find and classify every license of the project and of its monorepo packages."""
    types = tuple(asset_types)
    # A repository may hold thousands of distinct license texts: classify a bounded number.
    budget = BudgetedClassifier(classifier or DEFAULT_CLASSIFIER)
    try:
        return _detect(snapshot, types, budget)
    finally:
        budget.flush()  # what was classified is kept, even when the run stops early


def _detect(snapshot: Snapshot, types: tuple[str, ...], classifier: BudgetedClassifier) -> LicenseFacts:
    packages = package_dirs(snapshot)
    notes: list[str] = []
    if len(packages) > MAX_PACKAGES:
        notes.append(
            f"{len(packages)} package folders found; the licenses of the first {MAX_PACKAGES} "
            "(outermost first) were inspected"
        )
        packages = packages[:MAX_PACKAGES]
    candidates = license_files.license_candidates(snapshot, packages)
    decls, broken = manifest_declarations(snapshot, ["", *packages])
    known = {c.path for c in candidates}
    for decl in decls:
        if decl.kind == "file":
            extra = _referenced(snapshot, decl, packages)
            if extra and extra.path not in known:
                candidates.append(extra)
                known.add(extra.path)
    files: list[LicenseFinding] = []
    unreadable: list[tuple[str, str]] = [(path, f"manifest not parsed: {why}") for path, why in broken]
    for candidate in candidates:
        text = snapshot.read_text(candidate.path)
        if text is None:
            unreadable.append((candidate.path, snapshot.skipped.get(candidate.path, "unreadable")))
        elif not text.strip():
            unreadable.append((candidate.path, "empty file"))
        else:
            others = tuple(c.path for c in candidates if c.path != candidate.path)
            files.extend(
                text_findings(candidate, text, types, classifier, is_primary(candidate, candidates), others)
            )
    files.extend(_bundled(snapshot, types, classifier, known | {c.path for c in candidates}))
    classifier.flush()
    if any(f.spdx and f.primary and not f.package for f in files):
        for decl in [d for d in decls if d.tool_default]:
            decls.remove(decl)
            notes.append(
                f"{decl.source} says {decl.raw} with an empty author: npm init's default, not counted "
                "beside the license text"
            )
    declared = [_declared(d, types, "declared", packages) for d in decls if d.kind != "file"]
    # Trove classifiers are coarse ("BSD License"): keep only those that name one license.
    declared = [
        f
        for f, d in zip(declared, [d for d in decls if d.kind != "file"], strict=True)
        if f.spdx or d.kind != "classifier"
    ]
    declared.extend(_declared(d, types, "header", packages) for d in header_declarations(snapshot))
    readme = _readme(snapshot)
    text = snapshot.read_text(readme) if readme else None
    if readme and text:
        declared.extend(_readme_text(readme, text, types, classifier))
        for decl in readme_declarations(readme, text):
            finding = _declared(decl, types, "readme", [])
            if finding.spdx:  # README prose is heuristic: only what resolves is a finding
                declared.append(finding)
    classifier.flush()
    declared = _dedupe(declared)
    effective = effective_licenses(files, declared, types)
    if classifier.left_out:
        notes.append(
            f"{classifier.left_out} distinct license text(s) left unclassified: only the first "
            f"{MAX_CLASSIFIED_TEXTS} are classified per repository"
        )
    return LicenseFacts(
        files=tuple(files),
        declared=tuple(declared),
        candidates=tuple(c.path for c in candidates),
        unreadable=tuple(unreadable),
        packages=tuple(packages),
        effective=tuple(effective),
        disagreements=tuple(find_disagreements(files, declared, effective, types)),
        notes=tuple(notes),
    )


def _bundled(
    snapshot: Snapshot, types: tuple[str, ...], classifier: LicenseClassifier, known: set[str]
) -> list[LicenseFinding]:
    """Bundled assets' licenses worth a warning: refused ones, and unknown texts restricting use."""
    kept: list[LicenseFinding] = []
    for candidate in license_files.bundled_candidates(snapshot, known):
        text = snapshot.read_text(candidate.path)
        if not text or not text.strip():
            continue
        for finding in text_findings(candidate, text, types, classifier, False):
            words = restriction(text) if finding.spdx is None else None
            if (finding.spdx and questionable(finding)) or words:
                why = f"{BUNDLED}" + (f"; the text restricts use ({words!r})" if words else "")
                kept.append(replace(finding, note=why + (f"; {finding.note}" if finding.note else "")))
    return kept


README_TEXT_WORDS = 80
"""A README License section this long may hold the license text itself: classify it."""


def _readme_text(
    path: str, text: str, types: tuple[str, ...], classifier: LicenseClassifier
) -> list[LicenseFinding]:
    section = readme_section(text)
    if section is None or len(section[2].split()) < README_TEXT_WORDS:
        return []
    first, _, body = section
    found = []
    for match in classify_file(body, classifier, is_title):
        if match.spdx:
            found.append(
                LicenseFinding(
                    spdx=match.spdx,
                    path=path,
                    method="readme",
                    confidence=match.score,
                    line=first + match.line,
                    end_line=first + match.end_line,
                    source=f"{path} License section",
                    approval=approvals(match.spdx, types),
                    how="license text in the README",
                    note=match.note,
                )
            )
    return found


def _dedupe(findings: list[LicenseFinding]) -> list[LicenseFinding]:
    seen: set[tuple[str, str | None, str]] = set()
    kept: list[LicenseFinding] = []
    for finding in findings:
        key = (finding.path, finding.spdx, finding.method)
        if finding.spdx and key in seen:
            continue
        seen.add(key)
        kept.append(finding)
    return kept
