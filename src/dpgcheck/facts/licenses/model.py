"""What license detection produces: findings, disagreements between sources, and the whole."""

from __future__ import annotations

from typing import Any

import msgspec

from dpgcheck.facts.licenses.spdx import Approval, license_keys


class LicenseFinding(msgspec.Struct, frozen=True):
    """One license found in one place."""

    spdx: str | None  # canonical SPDX id or expression; None when the text matched nothing
    path: str
    method: str  # "text" (classified), "declared" (a manifest field), "header", "readme"
    confidence: float
    line: int | None = None
    end_line: int | None = None
    source: str = ""  # e.g. "package.json `license`"
    closest: str | None = None  # for an unknown text: the nearest license and its score
    approval: dict[str, Approval] = msgspec.field(default_factory=dict)
    package: str = ""  # "" for the project itself, else the monorepo package folder
    how: str = ""  # "license text", "SPDX expression", "license name", "license URL"…
    note: str = ""  # why a match was rejected or corrected, or a caveat
    primary: bool = False  # a license text that states the project's own license (see is_primary)
    scope: str = ""  # the asset type a file's name restricts it to ("LICENSE.data.md" → "data")

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
            "scope": self.scope or None,
            "approved": self.approved if self.spdx else False,
            "approved_by": self.approved_by,
            "approval": {
                asset: {"approved": item.approved, "rule": item.rule}
                for asset, item in sorted(self.approval.items())
            },
        }


class Disagreement(msgspec.Struct, frozen=True):
    """Two license sources that do not say the same thing (both sides are evidence)."""

    summary: str
    first: LicenseFinding
    second: tuple[LicenseFinding, ...]


class LicenseFacts(msgspec.Struct, frozen=True):
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


def base_keys(expression: str) -> set[str]:
    """License ids of an expression without ``-only``/``-or-later``/``+`` (the text cannot tell)."""
    keys = set()
    for key in license_keys(expression):
        for suffix in ("-only", "-or-later", "+"):
            key = key.removesuffix(suffix)
        keys.add(key)
    return keys
