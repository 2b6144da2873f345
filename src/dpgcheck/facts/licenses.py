"""Detected licenses: every place a license is stated, how sure we are, and what they add up to.

Sources, most authoritative first: license texts in conventional places (classified by
askalono with near-duplicate guards, license_text), license fields of package manifests
(license_declared), ``SPDX-License-Identifier`` headers of a sample of source files, and the
README's License section. Each becomes a LicenseFinding with its location, method, confidence
and approval per asset type. From them: the project's effective license(s), and the places where
sources disagree (a manifest against the LICENSE text; a monorepo package under another license).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from dpgcheck.facts import license_files
from dpgcheck.facts.license_declared import (
    Declaration,
    header_declarations,
    line_of,
    manifest_declarations,
    named_licenses,
    readme_declarations,
    readme_section,
)
from dpgcheck.facts.license_files import Candidate, is_license_file_name, package_dirs, package_of
from dpgcheck.facts.license_names import PROPRIETARY, resolve, resolve_name
from dpgcheck.facts.license_text import CONFIDENT_SCORE, LicenseClassifier, TextMatch, classify_file
from dpgcheck.facts.spdx import Approval, approvals, license_keys
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
    "is_license_file_name",
    "license_candidates",
    "line_of",
]

MAX_PACKAGES = 300
"""Monorepo package folders inspected at most: each may cost a classification on a cold cache."""


@dataclass(frozen=True)
class LicenseFinding:
    """One license found in one place."""

    spdx: str | None  # canonical SPDX id or expression; None when the text matched nothing
    path: str
    method: str  # "text" (classified), "declared" (a manifest field), "header", "readme"
    confidence: float
    line: int | None = None
    end_line: int | None = None
    source: str = ""  # e.g. "package.json `license`"
    closest: str | None = None  # for an unknown text: the nearest license and its score
    approval: dict[str, Approval] = field(default_factory=dict)
    package: str = ""  # "" for the project itself, else the monorepo package folder
    how: str = ""  # "license text", "SPDX expression", "license name", "license URL"…
    note: str = ""  # why a match was rejected or corrected, or a caveat
    primary: bool = False  # a license text that states the project's own license (see _primary)

    @property
    def approved(self) -> bool:
        """Approved for every asset type asked for."""
        return bool(self.approval) and all(item.approved for item in self.approval.values())

    @property
    def approved_by(self) -> str:
        """The rules that approved it (or why not), one per asset type."""
        return "; ".join(f"{asset}: {item.rule}" for asset, item in sorted(self.approval.items()))

    def describe(self) -> str:
        """How it was found, in words."""
        if self.method == "text" and self.how.startswith("license named"):
            return self.how
        if self.method == "text":
            return f"license text matched with confidence {self.confidence:.2f}"
        if self.method == "header":
            return f"declared in {self.source}"
        return f"declared in {self.source} ({self.how})" if self.how else f"declared in {self.source}"

    def to_dict(self) -> dict[str, Any]:
        """The report's ``facts.licenses`` entry (keys are only ever added)."""
        return {
            "spdx": self.spdx,
            "path": self.path,
            "line": self.line,
            "end_line": self.end_line,
            "method": self.method,
            "source": self.source,
            "how": self.how,
            "package": self.package or None,
            "confidence": round(self.confidence, 4),
            "closest": self.closest,
            "note": self.note or None,
            "primary": self.primary,
            "approved": self.approved if self.spdx else False,
            "approved_by": self.approved_by,
            "approval": {
                asset: {"approved": item.approved, "rule": item.rule}
                for asset, item in sorted(self.approval.items())
            },
        }


@dataclass(frozen=True)
class Disagreement:
    """Two license sources that do not say the same thing (both sides are evidence)."""

    summary: str
    first: LicenseFinding
    second: tuple[LicenseFinding, ...]


@dataclass(frozen=True)
class LicenseFacts:
    """Everything license-related the checks need."""

    files: tuple[LicenseFinding, ...]
    declared: tuple[LicenseFinding, ...]
    candidates: tuple[str, ...]  # license-like files considered, in rank order
    unreadable: tuple[tuple[str, str], ...]  # (path, reason)
    packages: tuple[str, ...] = ()
    effective: tuple[str, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    notes: tuple[str, ...] = ()  # limits that applied (e.g. packages not inspected)

    @property
    def all(self) -> tuple[LicenseFinding, ...]:
        """Every finding, texts first."""
        return self.files + self.declared

    @property
    def identified(self) -> tuple[LicenseFinding, ...]:
        """Findings with a known SPDX id or expression."""
        return tuple(item for item in self.all if item.spdx)

    @property
    def project(self) -> tuple[LicenseFinding, ...]:
        """Findings about the project itself (not a monorepo package)."""
        return tuple(item for item in self.all if not item.package)

    def effective_dict(self) -> list[dict[str, Any]]:
        """The effective licenses with their approval, for the report's facts."""
        return [{"spdx": spdx} for spdx in self.effective]


def base_keys(expression: str) -> set[str]:
    """License ids of an expression without ``-only``/``-or-later``/``+`` (the text cannot tell)."""
    keys = set()
    for key in license_keys(expression):
        for suffix in ("-only", "-or-later", "+"):
            key = key.removesuffix(suffix)
        keys.add(key)
    return keys


def license_candidates(snapshot: Snapshot) -> list[str]:
    """License-like files in conventional places, best first (paths only)."""
    return [candidate.path for candidate in license_files.license_candidates(snapshot)]


_CLASSIFIER = LicenseClassifier()


def _is_title(line: str) -> bool:
    return resolve_name(line.strip().strip("#*=_ ")) is not None


SHORT_WORDS = 60
"""A license file shorter than this that matches no text may name a license or point elsewhere."""


def _text_findings(
    candidate: Candidate,
    text: str,
    types: tuple[str, ...],
    classifier: LicenseClassifier,
    primary: bool,
    others: tuple[str, ...] = (),
) -> list[LicenseFinding]:
    if candidate.path.lower().endswith((".html", ".htm")):
        text = re.sub(r"<[^>]+>", " ", text)
    matches = classify_file(text, classifier, _is_title)
    if all(m.spdx is None for m in matches):
        if candidate.place == "referenced" and not is_license_file_name(PurePosixPath(candidate.path).name):
            return []  # AUTHORS or NOTICE files listed in license-files
        if candidate.place == "docs":
            # A documentation page about the license: it may name one; it is not a license text.
            named = _short_file(candidate, text, types, primary)
            return named if len({f.spdx for f in named}) == 1 else []
        if len(text.split()) < SHORT_WORDS:
            named = _short_file(candidate, text, types, primary)
            if named:
                return named
            if _points_elsewhere(text, others):
                return []  # "```{include} ../LICENSE```", "see LICENSE.APACHE and LICENSE.BSD"
    return [_from_match(candidate, match, types, primary) for match in matches]


def _points_elsewhere(text: str, others: tuple[str, ...]) -> bool:
    lowered = text.lower()
    if "include" in lowered and re.search(r"include::|\{include\}|literalinclude", lowered):
        return True
    names = {PurePosixPath(path).name.lower() for path in others}
    return any(re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", lowered) for name in names)


def _short_file(
    candidate: Candidate, text: str, types: tuple[str, ...], primary: bool
) -> list[LicenseFinding]:
    """A license file that only names its license ("MIT", "SPDX-License-Identifier: MIT")."""
    stripped = " ".join(text.split())
    resolved = resolve(stripped) if len(stripped.split()) <= 6 else None
    if resolved is not None and resolved.spdx != PROPRIETARY:
        return [
            _named(candidate, resolved.spdx, 1, f"license named in the file ({resolved.how})", types, primary)
        ]
    found: list[LicenseFinding] = []
    for decl in named_licenses(candidate.path, text, "license file"):
        result = resolve(decl.raw)
        if result is not None and all(f.spdx != result.spdx for f in found):
            how = f"license named in the file ({result.how})"
            found.append(_named(candidate, result.spdx, decl.line or 1, how, types, primary))
    return found


def _named(
    candidate: Candidate, spdx: str, line: int, how: str, types: tuple[str, ...], primary: bool
) -> LicenseFinding:
    return LicenseFinding(
        spdx=spdx,
        path=candidate.path,
        method="text",
        confidence=0.9,
        line=line,
        end_line=line,
        source="license file",
        approval=approvals(spdx, types),
        package=candidate.package,
        how=how,
        note="the file names its license instead of holding its text",
        primary=primary,
    )


def _primary(candidate: Candidate, candidates: list[Candidate]) -> bool:
    """Whether a file states the project's own license (not a bundled or secondary text).

    At the root: ``LICENSE``/``COPYING`` (licensee scores ≥ 0.85), ``COPYING.LESSER``, and the
    best-scored names when there is no such file (``LICENSE-MIT`` + ``LICENSE-APACHE``); a REUSE
    ``LICENSES/`` folder when the root has no license file. For a package, the same in its folder.
    """
    if candidate.place not in ("root", "reuse", "package"):
        return False
    same = [c for c in candidates if c.package == candidate.package and c.place == candidate.place]
    name = PurePosixPath(candidate.path).name.lower()
    if candidate.place == "reuse":
        return not any(
            c.package == candidate.package and c.place in ("root", "package") and c.name_score >= 0.7
            for c in candidates
        )
    best = max((c.name_score for c in same), default=0.0)
    if candidate.name_score >= 0.85 or name == "copying.lesser":
        return True
    return best < 0.85 and candidate.name_score >= min(best, 0.6)


def _from_match(
    candidate: Candidate, match: TextMatch, types: tuple[str, ...], primary: bool = True
) -> LicenseFinding:
    spdx = match.spdx
    note = match.note
    if spdx and spdx.startswith(("GPL-", "LGPL-", "AGPL-")):
        note = (note + "; " if note else "") + "the text alone cannot tell -only from -or-later"
    return LicenseFinding(
        spdx=spdx,
        path=candidate.path,
        method="text",
        confidence=match.score,
        line=match.line,
        end_line=match.end_line,
        source="license text",
        closest=None if spdx else f"{match.closest} ({match.score:.2f})",
        approval=approvals(spdx, types) if spdx else {},
        package=candidate.package,
        how="license text",
        note=note,
        primary=primary and spdx is not None,
    )


def classify_license_file(
    path: str, text: str, asset_types: Iterable[str], classifier: LicenseClassifier = _CLASSIFIER
) -> list[LicenseFinding]:
    """Every license in one file's text, as a root license file would be classified."""
    candidate = Candidate(path, "", "root", 1.0)
    found = _text_findings(candidate, text, tuple(asset_types), classifier, True)
    classifier.flush()
    return found


def classify_text(
    path: str, text: str, asset_types: Iterable[str], classifier: LicenseClassifier = _CLASSIFIER
) -> LicenseFinding:
    """Classify one license text (its first license); unconfident matches are unknown."""
    candidate = Candidate(path, "", "root", 1.0)
    found = _text_findings(candidate, text, tuple(asset_types), classifier, True)
    return found[0] if found else _from_match(candidate, TextMatch(None, 0.0, "", 1, 1), tuple(asset_types))


def declared_finding(
    path: str,
    raw: str,
    source: str,
    line: int | None,
    asset_types: tuple[str, ...],
    method: str = "declared",
    package: str = "",
) -> LicenseFinding:
    """A declared license: an SPDX expression, a license name or a license URL."""
    resolved = resolve(raw)
    if resolved is None:
        return LicenseFinding(
            spdx=None,
            path=path,
            method=method,
            confidence=0.0,
            line=line,
            source=source,
            closest=f"not an SPDX expression or known license name: {raw!r}",
            package=package,
        )
    confidence = 1.0 if resolved.how == "SPDX expression" else 0.9
    return LicenseFinding(
        spdx=resolved.spdx,
        path=path,
        method=method,
        confidence=confidence,
        line=line,
        source=source,
        approval=approvals(resolved.spdx, asset_types),
        package=package,
        how=resolved.how,
        note="" if raw.strip() == resolved.spdx else f"written as {raw.strip()!r}",
    )


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
    classifier = classifier or _CLASSIFIER
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
                _text_findings(candidate, text, types, classifier, _primary(candidate, candidates), others)
            )
    classifier.flush()
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
    effective = effective_licenses(files, declared)
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
    for match in classify_file(body, classifier, _is_title):
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


def _covers(expression: str, other: str) -> bool:
    keys = base_keys(other)
    return bool(keys) and keys <= base_keys(expression)


def effective_licenses(files: list[LicenseFinding], declared: list[LicenseFinding]) -> list[str]:
    """The project's license(s): manifest expressions, then primary license texts they do not cover.

    Secondary texts (``LICENSE.python``, ``docs/LICENSE``) count only when nothing else names a
    license; headers and README mentions only when neither texts nor manifests do. COPYING with
    the GPL beside COPYING.LESSER with the LGPL is the LGPL's own layout: the project is LGPL.
    """
    effective: list[str] = []
    project_declared = [f.spdx for f in declared if f.spdx and not f.package and f.method == "declared"]
    primary = [f for f in files if f.spdx and not f.package and f.primary]
    if any(f.spdx.startswith("LGPL-") for f in primary if f.spdx):
        primary = [f for f in primary if f.spdx and not f.spdx.startswith("GPL-")]
    project_texts = [f.spdx for f in primary if f.spdx] or (
        [] if project_declared else [f.spdx for f in files if f.spdx and not f.package]
    )
    for spdx in project_declared:
        if spdx not in effective and not any(_covers(e, spdx) for e in effective):
            effective.append(spdx)
    for spdx in project_texts:
        if not any(_covers(e, spdx) for e in effective):
            effective.append(spdx)
    if effective:
        return effective
    for method in ("header", "readme"):
        for finding in declared:
            if (
                finding.method == method
                and finding.spdx
                and not finding.package
                and not any(_covers(e, finding.spdx) for e in effective)
            ):
                effective.append(finding.spdx)
        if effective:
            return effective
    return effective


def find_disagreements(
    files: list[LicenseFinding],
    declared: list[LicenseFinding],
    effective: list[str],
    asset_types: tuple[str, ...],
) -> list[Disagreement]:
    """Sources that contradict the license texts, and packages under a non-approved license."""
    found: list[Disagreement] = []
    texts = [f for f in files if f.spdx and not f.package and f.primary]
    text_keys = set().union(*(base_keys(f.spdx) for f in texts if f.spdx))
    for finding in declared:
        if finding.package or not finding.spdx or finding.method == "header":
            continue
        if text_keys and not (base_keys(finding.spdx) & text_keys):
            found.append(
                Disagreement(
                    f"{finding.source} says {finding.spdx}, but the license text says "
                    + ", ".join(sorted({f.spdx for f in texts if f.spdx})),
                    finding,
                    tuple(texts),
                )
            )
    manifests = [f for f in declared if f.spdx and not f.package and f.method == "declared"]
    if manifests and not found:
        for text in texts:
            if text.spdx and not any(_covers(m.spdx or "", text.spdx) for m in manifests):
                found.append(
                    Disagreement(
                        f"{text.path} holds {text.spdx}, which the package manifests do not declare ("
                        + ", ".join(f"{m.path}: {m.spdx}" for m in manifests)
                        + ")",
                        text,
                        tuple(manifests),
                    )
                )
    project = [f for f in files + declared if f.spdx and not f.package]
    for finding in files:
        if finding.package or finding.primary or not finding.spdx:
            continue
        # A secondary text (bundled code's license) under an approved license is normal; one under
        # a non-approved license is a question for the reviewer.
        if not finding.approved:
            found.append(
                Disagreement(
                    f"{finding.path} holds {finding.spdx}, not approved ({finding.approved_by}), "
                    f"besides the project's {', '.join(effective) or 'license'}",
                    finding,
                    tuple(f for f in project if f is not finding),
                )
            )
    by_package: dict[str, list[LicenseFinding]] = {}
    for finding in files + declared:
        if finding.package and finding.spdx:
            by_package.setdefault(finding.package, []).append(finding)
    for package, findings in sorted(by_package.items()):
        refused: set[str] = set()
        for finding in findings:
            if not finding.approved and finding.spdx not in refused:
                refused.add(finding.spdx or "")
                found.append(
                    Disagreement(
                        f"package {package} is under {finding.spdx}, not approved for "
                        f"{', '.join(asset_types)} ({finding.approved_by})",
                        finding,
                        tuple(project),
                    )
                )
        package_texts = {k for f in findings if f.method == "text" and f.spdx for k in base_keys(f.spdx)}
        for finding in findings:
            if (
                finding.method == "declared"
                and finding.spdx
                and package_texts
                and not base_keys(finding.spdx) & package_texts
            ):
                others = tuple(f for f in findings if f.method == "text")
                found.append(
                    Disagreement(
                        f"package {package}: {finding.source} says {finding.spdx}, but its license text "
                        f"says {', '.join(sorted({f.spdx for f in others if f.spdx}))}",
                        finding,
                        others,
                    )
                )
    header_ids = [f for f in declared if f.method == "header" and f.spdx and not f.package and not f.approved]
    for finding in header_ids:
        found.append(
            Disagreement(
                f"source files carry {finding.spdx}, not approved ({finding.approved_by})",
                finding,
                tuple(project),
            )
        )
    return found
