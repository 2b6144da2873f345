"""Turn one license file's text, or one declaration, into LicenseFindings.

A file is classified (license_text); a short file may only name its license ("MIT",
"SPDX-License-Identifier: MIT") or point at other license files; a documentation page about the
license may name one. Declarations are resolved to SPDX by license_names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from msgspec.structs import replace

from dpgcheck.facts.licenses.agreement import PORTION
from dpgcheck.facts.licenses.files import Candidate, is_license_file_name
from dpgcheck.facts.licenses.mentions import named_licenses
from dpgcheck.facts.licenses.model import LicenseFinding
from dpgcheck.facts.licenses.names import PROPRIETARY, resolve, resolve_name
from dpgcheck.facts.licenses.spdx import approvals
from dpgcheck.facts.licenses.text import LicenseClassifier, TextMatch, classify_file
from dpgcheck.facts.text import strip_tags

DEFAULT_CLASSIFIER = LicenseClassifier()
"""The process-wide classifier: its memo and on-disk cache serve every detection."""


def is_title(line: str) -> bool:
    return resolve_name(line.strip().strip("#*=_ ")) is not None


SHORT_WORDS = 60
"""A license file shorter than this that matches no text may name a license or point elsewhere."""


_STUB_LINE = re.compile(r"^\s*(?:year|copyright holders?|organi[sz]ation)\s*:", re.IGNORECASE)
_NOTICE_LINE = re.compile(r"^\W*(?:copyright\b|©|\(c\)|all rights reserved)", re.IGNORECASE)
_TERMS = re.compile(r"\b(?:may|must|shall|not|use|used|copied|permitted|prohibited)\b", re.IGNORECASE)
_LICENSE_WORDS = re.compile(r"licen[cs]|permission|warrant|free software|public domain", re.IGNORECASE)


def notice_only(text: str) -> bool:
    """A file of copyright lines only, or R's ``YEAR:`` / ``COPYRIGHT HOLDER:`` stub.

    R's ``License: MIT + file LICENSE`` keeps the holder in such a stub: it completes the MIT
    declaration of DESCRIPTION. Neither is a license text (nor an unrecognised one): ownership
    evidence, which DPG-3 reads.
    """
    if len(text.split()) >= SHORT_WORDS or _LICENSE_WORDS.search(text):
        return False
    if _TERMS.search(text):
        return False  # "All rights reserved. No part … may be copied": terms, not only a notice
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and all(_STUB_LINE.match(line) or _NOTICE_LINE.match(line) for line in lines)


def text_findings(
    candidate: Candidate,
    text: str,
    types: tuple[str, ...],
    classifier: LicenseClassifier,
    primary: bool,
    others: tuple[str, ...] = (),
) -> list[LicenseFinding]:
    if candidate.path.lower().endswith((".html", ".htm")):
        text = strip_tags(text, " ")
    if notice_only(text):
        return []
    matches = classify_file(text, classifier, is_title)
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
    return _mark_portions(text, matches, [from_match(candidate, match, types, primary) for match in matches])


# "The pagination module contains parts of WebHelpers, which is distributed under the following
# license", "Portions of … covered by", "third-party code", "bundled with": words of a preface
# that introduces a component's license after the project's own.
_PORTION_WORDS = re.compile(
    r"\b(?:portions?|parts? of|third[- ]party|bundled|contains|includes|derived from|based on)\b",
    re.IGNORECASE,
)


def _mark_portions(
    text: str, matches: list[TextMatch], findings: list[LicenseFinding]
) -> list[LicenseFinding]:
    """Findings after the first whose preface says they license a portion, marked as such."""
    if len(matches) < 2:
        return findings
    lines = text.splitlines()
    marked = list(findings)
    for index in range(1, len(matches)):
        previous_end = matches[index - 1].end_line or matches[index - 1].line or 0
        start = matches[index].line or 0
        # Between the two, and the later section's first lines: a "Note" heading may open the
        # section that holds both the preface and the text.
        preface = "\n".join(lines[previous_end : max(previous_end, start + 2)])
        if _PORTION_WORDS.search(preface):
            note = marked[index].note
            marked[index] = replace(marked[index], note=f"{PORTION}" + (f"; {note}" if note else ""))
    return marked


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
        approval=approvals(spdx, scoped_types(candidate, types)),
        package=candidate.package,
        how=how,
        note="the file names its license instead of holding its text",
        primary=primary,
        scope=candidate.scope or "",
    )


def is_primary(candidate: Candidate, candidates: list[Candidate]) -> bool:
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


def scoped_types(candidate: Candidate, types: tuple[str, ...]) -> tuple[str, ...]:
    """The asset types a file's license is judged for: its own scope when its name gives one.

    ``LICENSE.data.md`` licenses the data, so it is judged by the data list even when only the
    software is being checked; an ODbL there is no reason to refuse the project's software.
    """
    scope = candidate.scope
    return (scope,) if scope else types


def from_match(
    candidate: Candidate, match: TextMatch, types: tuple[str, ...], primary: bool = True
) -> LicenseFinding:
    spdx = match.spdx
    note = match.note
    if spdx and spdx.startswith(("GPL-", "LGPL-", "AGPL-")) and "notice" not in note:
        note = (note + "; " if note else "") + "the text alone cannot tell -only from -or-later"
    return LicenseFinding(
        spdx=spdx,
        path=candidate.path,
        method="text",
        confidence=match.score,
        line=match.line,
        end_line=match.end_line,
        source="license text",
        closest=None if spdx else f"{match.closest}, {round(match.score * 100)} %",
        approval=approvals(spdx, scoped_types(candidate, types)) if spdx else {},
        package=candidate.package,
        how="license text",
        note=note,
        primary=primary and spdx is not None,
        scope=candidate.scope or "",
    )


def classify_license_file(
    path: str, text: str, asset_types: Iterable[str], classifier: LicenseClassifier = DEFAULT_CLASSIFIER
) -> list[LicenseFinding]:
    """Every license in one file's text, as a root license file would be classified."""
    candidate = Candidate(path, "", "root", 1.0)
    found = text_findings(candidate, text, tuple(asset_types), classifier, True)
    classifier.flush()
    return found


def classify_text(
    path: str, text: str, asset_types: Iterable[str], classifier: LicenseClassifier = DEFAULT_CLASSIFIER
) -> LicenseFinding:
    """Classify one license text (its first license); unconfident matches are unknown."""
    candidate = Candidate(path, "", "root", 1.0)
    found = text_findings(candidate, text, tuple(asset_types), classifier, True)
    return found[0] if found else from_match(candidate, TextMatch(None, 0.0, "", 1, 1), tuple(asset_types))


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
