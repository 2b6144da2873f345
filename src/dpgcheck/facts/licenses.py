"""Detected licenses: which files carry which license, how sure we are, and the declarations.

License texts are classified by askalono (a maintained Rust classifier that compares bigram
sets against the SPDX texts), never by substring tests: MPL-2.0 and GPL-3.0 mention the AGPL
in their bodies. Declared licenses come from package manifests as SPDX expressions.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import askalono

from dpgcheck.facts.spdx import Approval, approvals, normalize_expression
from dpgcheck.sources.snapshot import Snapshot

CONFIDENT_SCORE = 0.85
"""askalono score from which a text is taken as that license; below it we say unknown."""

_LICENSE_PREFIXES = ("license", "licence", "copying", "unlicense")
_NOT_LICENSE_SUFFIXES = (
    ".py",
    ".js",
    ".ts",
    ".go",
    ".java",
    ".rb",
    ".php",
    ".json",
    ".yml",
    ".yaml",
    ".toml",
    ".xml",
    ".png",
    ".jpg",
    ".svg",
    ".sh",
    ".cs",
    ".kt",
)


@dataclass(frozen=True)
class LicenseFinding:
    """One license found in one place."""

    spdx: str | None  # canonical SPDX id or expression; None when the text matched nothing
    path: str
    method: str  # "text" (classified), "declared" (a manifest field)
    confidence: float
    line: int | None = None
    end_line: int | None = None
    source: str = ""  # e.g. "package.json `license`"
    closest: str | None = None  # for an unknown text: the nearest license and its score
    approval: dict[str, Approval] = field(default_factory=dict)

    @property
    def approved(self) -> bool:
        """Approved for every asset type asked for."""
        return bool(self.approval) and all(item.approved for item in self.approval.values())

    @property
    def approved_by(self) -> str:
        """The rules that approved it (or why not), one per asset type."""
        return "; ".join(f"{asset}: {item.rule}" for asset, item in sorted(self.approval.items()))

    def to_dict(self) -> dict[str, Any]:
        """The report's ``facts.licenses`` entry."""
        return {
            "spdx": self.spdx,
            "path": self.path,
            "line": self.line,
            "end_line": self.end_line,
            "method": self.method,
            "source": self.source,
            "confidence": round(self.confidence, 4),
            "closest": self.closest,
            "approved": self.approved if self.spdx else False,
            "approved_by": self.approved_by,
        }


@dataclass(frozen=True)
class LicenseFacts:
    """Everything license-related the checks need."""

    files: tuple[LicenseFinding, ...]
    declared: tuple[LicenseFinding, ...]
    candidates: tuple[str, ...]  # license-like files considered, in rank order
    unreadable: tuple[tuple[str, str], ...]  # (path, reason)

    @property
    def all(self) -> tuple[LicenseFinding, ...]:
        """Every finding, texts first."""
        return self.files + self.declared

    @property
    def identified(self) -> tuple[LicenseFinding, ...]:
        """Findings with a known SPDX id or expression."""
        return tuple(item for item in self.all if item.spdx)


def is_license_file_name(name: str) -> bool:
    """``LICENSE``, ``LICENSE.md``, ``LICENSE-AGPL``, ``COPYING.LESSER``, ``LICENCE_SOURCE``…"""
    lower = name.lower()
    if not lower.startswith(_LICENSE_PREFIXES):
        return False
    return not lower.endswith(_NOT_LICENSE_SUFFIXES)


def license_candidates(snapshot: Snapshot) -> list[str]:
    """License files at the root and in a REUSE ``LICENSES/`` folder, best first."""
    root = [path for path in snapshot.children("") if is_license_file_name(path)]
    reuse = [path for path in snapshot.children("LICENSES")]
    return sorted(root, key=_rank) + sorted(reuse)


def _rank(path: str) -> tuple[int, str]:
    name = PurePosixPath(path).name.lower()
    stem, _, ext = name.partition(".")
    plain = stem in ("license", "licence", "copying", "unlicense")
    return (0 if plain and ext in ("", "md", "txt", "rst", "markdown") else 1, name)


_HOLDER_LINES = re.compile(
    # "Copyright (c) 2024 Name", "© 2024 Name", "Copyright [yyyy] [name…]": a notice, not license text
    # (which has lines like "copyright notice that is…" and "(c) You must retain…").
    r"^[ \t]*(?:copyright[ \t]*(?:\(c\)|©)?[ \t]*(?:\d{4}|\[yyyy\]|<year>|\{yyyy\}|\(c\)|©)"
    r"|(?:©|\(c\))[ \t]*\d{4}).*$",
    re.IGNORECASE | re.MULTILINE,
)


class LicenseClassifier:
    """askalono, with results remembered by text digest (one repository often repeats a text)."""

    def __init__(self) -> None:
        self._memo: dict[str, tuple[str, float]] = {}

    def classify(self, text: str) -> tuple[str, float]:
        """The nearest license name and askalono's score for it (0..1)."""
        # Copyright lines name the holder, not the license, and differ in every repository:
        # without them one license text is classified once per process, not once per repository
        # (askalono takes ~140 ms per text, the bulk of an audit's time).
        body = _HOLDER_LINES.sub("", text)
        text = body if body.strip() else text
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if digest not in self._memo:
            match = askalono.identify(text)
            self._memo[digest] = (str(match.name), float(match.score))
        return self._memo[digest]


_CLASSIFIER = LicenseClassifier()


def classify_text(
    path: str, text: str, asset_types: Iterable[str], classifier: LicenseClassifier = _CLASSIFIER
) -> LicenseFinding:
    """Classify one license text; an unconfident match is reported as unknown with its closest."""
    name, score = classifier.classify(text)
    lines = text.count("\n") + 1
    if score >= CONFIDENT_SCORE:
        spdx = normalize_expression(name) or name
        return LicenseFinding(
            spdx=spdx,
            path=path,
            method="text",
            confidence=score,
            line=1,
            end_line=lines,
            source="license text",
            approval=approvals(spdx, asset_types),
        )
    return LicenseFinding(
        spdx=None,
        path=path,
        method="text",
        confidence=score,
        line=1,
        end_line=lines,
        source="license text",
        closest=f"{name} ({score:.2f})",
    )


def detect_licenses(snapshot: Snapshot, asset_types: Iterable[str]) -> LicenseFacts:
    """Classify every license file and read the licenses declared in package manifests."""
    types = tuple(asset_types)
    candidates = license_candidates(snapshot)
    files: list[LicenseFinding] = []
    unreadable: list[tuple[str, str]] = []
    for path in candidates:
        text = snapshot.read_text(path)
        if text is None:
            unreadable.append((path, snapshot.skipped.get(path, "unreadable")))
            continue
        if not text.strip():
            unreadable.append((path, "empty file"))
            continue
        files.append(classify_text(path, text, types))
    declared = [
        finding for reader in (_package_json, _pyproject, _cargo) for finding in reader(snapshot, types)
    ]
    return LicenseFacts(tuple(files), tuple(declared), tuple(candidates), tuple(unreadable))


def declared_finding(
    path: str, raw: str, source: str, line: int | None, asset_types: tuple[str, ...]
) -> LicenseFinding:
    """A license declared in a manifest field: parsed as an SPDX expression when it is one."""
    spdx = normalize_expression(raw)
    if spdx is None:
        return LicenseFinding(
            spdx=None,
            path=path,
            method="declared",
            confidence=0.0,
            line=line,
            source=source,
            closest=f"not an SPDX expression: {raw!r}",
        )
    return LicenseFinding(
        spdx=spdx,
        path=path,
        method="declared",
        confidence=1.0,
        line=line,
        source=source,
        approval=approvals(spdx, asset_types),
    )


def line_of(text: str, pattern: str) -> int | None:
    """The 1-based line of the first regex match in ``text``."""
    match = re.search(pattern, text, flags=re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _package_json(snapshot: Snapshot, types: tuple[str, ...]) -> list[LicenseFinding]:
    if not snapshot.exists("package.json"):
        return []
    text = snapshot.read_text("package.json")
    if text is None:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if not isinstance(data, dict):
        return []
    value = data.get("license")
    if isinstance(value, dict):  # the old {"type": "MIT", "url": …} form
        value = value.get("type")
    if isinstance(value, str) and value.strip() and not value.upper().startswith("SEE LICENSE"):
        line = line_of(text, r'"license"\s*:')
        return [declared_finding("package.json", value, "package.json `license`", line, types)]
    return []


def _pyproject(snapshot: Snapshot, types: tuple[str, ...]) -> list[LicenseFinding]:
    if not snapshot.exists("pyproject.toml"):
        return []
    text = snapshot.read_text("pyproject.toml")
    if text is None:
        return []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    project = data.get("project")
    value = project.get("license") if isinstance(project, dict) else None
    if isinstance(value, str) and value.strip():  # PEP 639: an SPDX expression
        line = line_of(text, r"^\s*license\s*=")
        return [declared_finding("pyproject.toml", value, "pyproject.toml `project.license`", line, types)]
    return []


def _cargo(snapshot: Snapshot, types: tuple[str, ...]) -> list[LicenseFinding]:
    if not snapshot.exists("Cargo.toml"):
        return []
    text = snapshot.read_text("Cargo.toml")
    if text is None:
        return []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    package = data.get("package")
    value = package.get("license") if isinstance(package, dict) else None
    if isinstance(value, str) and value.strip():
        # Cargo accepted "/" for OR before it adopted SPDX syntax.
        expression = value.replace("/", " OR ")
        line = line_of(text, r"^\s*license\s*=")
        return [declared_finding("Cargo.toml", expression, "Cargo.toml `package.license`", line, types)]
    return []
