"""DPG-2 for data and content: a collection qualifies only if all of it is openly licensed.

The DPG Standard 1.1.7 (#186) recognises a data set or content collection only when every part
of it is under an approved license. The project's own license is judged by dpg2_license; this
module judges the parts (facts.license_parts: sub-folder licenses, REUSE data, SPDX headers,
dataset metadata) and adjusts that outcome:

- fail: a part under a license refused for its kind (NoDerivatives, proprietary, NonCommercial
  on data, SSPL…), named with its evidence: proof that not all of the collection is open;
- needs-review: a part whose license is not recognised or not on the DPGA list for its kind,
  or a part that dataset metadata describes without any license, named;
- NonCommercial content (CC-BY-NC, CC-BY-NC-SA): the catalog's one switch
  (``content_noncommercial`` in license-rules.yaml). By default the Standard's text is followed
  (accepted) with a warning citing both sources; set the other way, NC content fails.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec.structs import replace

from dpgcheck.catalog import data_file
from dpgcheck.checks import CheckContext
from dpgcheck.facts.licenses.collection import COLLECTION_TYPES
from dpgcheck.facts.licenses.parts import LicensePart, LicenseParts
from dpgcheck.facts.licenses.spdx import approve
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts
    from dpgcheck.facts.licenses.model import LicenseFinding

NONCOMMERCIAL = re.compile(r"^CC-BY-NC(?!-ND)", re.IGNORECASE)
SHOWN = 8
"""Parts cited at most in one verdict's evidence (the report's facts list them all)."""


class Source(msgspec.Struct, frozen=True):
    """A cited source: its address and what it says."""

    url: str
    says: str


class NoncommercialRule(msgspec.Struct, frozen=True):
    """The catalog's switch for NonCommercial licenses on content, with the sources on each side."""

    accepted: bool
    standard: Source
    guidance: tuple[Source, ...]


def _source(item: Any) -> Source:
    item = item if isinstance(item, dict) else {}
    return Source(str(item.get("url", "")), str(item.get("says", "")))


def noncommercial_rule() -> NoncommercialRule:
    """The ``content_noncommercial`` switch of license-rules.yaml (accepted unless it says false)."""
    rules = data_file("license-rules.yaml")
    rule = rules.get("content_noncommercial") if isinstance(rules, dict) else None
    rule = rule if isinstance(rule, dict) else {}
    guidance = rule.get("guidance")
    return NoncommercialRule(
        rule.get("accepted") is not False,
        _source(rule.get("standard")),
        tuple(_source(g) for g in (guidance if isinstance(guidance, list) else [])),
    )


class Judged(msgspec.Struct, frozen=True):
    """One part judged for one kind."""

    part: LicensePart
    kind: str
    verdict: str  # "approved", "refused", "review", "noncommercial"
    reason: str

    def evidence(self) -> Evidence:
        name = self.part.spdx or f"unrecognised license {self.part.raw!r}"
        if self.part.spdx and self.part.raw.upper() != self.part.spdx.upper():
            name += f" (written as {self.part.raw!r})"
        return Evidence(
            kind="file",
            path=self.part.path,
            line=self.part.line,
            detail=f"{self.part.where()}: {name}; {self.kind}: {self.reason}",
        )


def _kinds(part: LicensePart, kinds: tuple[str, ...]) -> tuple[str, ...]:
    if part.asset in kinds or part.asset == "":
        return (part.asset,) if part.asset else kinds
    if part.asset in COLLECTION_TYPES:
        return kinds[:1]  # a data folder inside a content collection is still part of it
    return ()  # code: judged as the project's software, not here


def _judge(part: LicensePart, kind: str, rule: NoncommercialRule) -> Judged:
    if part.spdx is None:
        return Judged(part, kind, "review", "the license is not recognised")
    if kind == "content" and NONCOMMERCIAL.match(part.spdx):
        if rule.accepted:
            return Judged(part, kind, "noncommercial", "NonCommercial: accepted by the Standard's text")
        return Judged(part, kind, "refused", "NonCommercial: no longer accepted by the DPGA's guidance")
    approval = approve(part.spdx, kind)
    if approval.approved:
        return Judged(part, kind, "approved", approval.rule)
    other = next((k for k in COLLECTION_TYPES if k != kind), kind)
    if part.asset not in ("", kind) and approve(part.spdx, other).approved:
        return Judged(part, kind, "approved", f"approved for {other}")
    return Judged(part, kind, "refused" if approval.explicit else "review", approval.rule)


def _project_noncommercial(facts: Facts, kinds: tuple[str, ...]) -> list[LicenseFinding]:
    if "content" not in kinds:
        return []
    found = [
        f
        for f in facts.licenses.project
        if f.spdx
        and NONCOMMERCIAL.match(f.spdx)
        and f.approval.get("content")
        and f.approval["content"].approved
    ]
    return list({f.spdx: f for f in found}.values())


def _sources(rule: NoncommercialRule) -> list[Evidence]:
    return [
        Evidence(kind="url", url=s.url, detail=f"the Standard's text: {s.says}") for s in (rule.standard,)
    ] + [
        Evidence(kind="url", url=s.url, detail=f"the DPGA's newer guidance: {s.says}") for s in rule.guidance
    ]


def _parts(facts: Facts) -> LicenseParts:
    """The collection's parts, none when the facts were built without reading them."""
    return facts.license_parts or LicenseParts()


def collection_outcome(facts: Facts, context: CheckContext, outcome: CheckOutcome) -> CheckOutcome:
    """``outcome`` (DPG-2 on the project's license) adjusted for the parts of a data set or
    content collection: fail on a refused part, needs-review on an unlicensed or unknown part,
    warn (or fail, by the catalog's switch) on NonCommercial content."""
    kinds = tuple(t for t in context.asset_types if t in COLLECTION_TYPES)
    if not kinds or outcome.status is Status.FAIL:
        return outcome
    rule = noncommercial_rule()
    judged = [_judge(part, kind, rule) for part in _parts(facts).parts for kind in _kinds(part, kinds)]
    refused = [j for j in judged if j.verdict == "refused"]
    project_nc = _project_noncommercial(facts, kinds)
    if refused or (project_nc and not rule.accepted):
        return _refused(outcome, refused, project_nc, kinds, rule)
    review = [j for j in judged if j.verdict == "review"]
    if review or _parts(facts).unlicensed:
        return _review(facts, outcome, review, kinds)
    noncommercial = [j for j in judged if j.verdict == "noncommercial"]
    # The parts that decide the verdict first (the NonCommercial ones), then the approved ones.
    ordered = sorted(judged, key=lambda j: j.verdict != "noncommercial")
    parts = [j.evidence() for j in ordered[:SHOWN]]
    if noncommercial or project_nc:
        names = sorted({*(j.part.spdx or "" for j in noncommercial), *(f.spdx or "" for f in project_nc)})
        evidence = (*outcome.evidence, *parts, *_sources(rule))
        count = f" ({len(noncommercial)} of {len(judged)} part(s) read)" if noncommercial else ""
        note = (
            f"{', '.join(names)}{count} forbids commercial use: the Standard's text (1.1.7) accepts it "
            "for content, the DPGA's newer guidance on fully open collections does not"
        )
        if outcome.status is Status.PASS:
            return CheckOutcome(
                Status.WARN,
                f"{outcome.summary}, but {note}",
                evidence,
                "Consider relicensing the content under CC-BY-4.0, CC-BY-SA-4.0 or CC0-1.0: a NonCommercial "
                "license may not be accepted at the DPGA's review.",
            )
        return replace(outcome, summary=f"{outcome.summary}; {note}", evidence=evidence)
    if judged and outcome.status is Status.PASS:
        return replace(outcome, evidence=(*outcome.evidence, *parts))
    whole = [j for j in judged if _covers_all(j.part)]
    covered = {j.kind for j in whole} >= set(kinds) and "software" not in context.asset_types
    stated = {f.spdx for f in facts.licenses.project if f.spdx}
    agrees = bool(whole) and all(j.part.spdx in stated for j in whole)
    if covered and agrees and outcome.status is Status.WARN and _only_in_headers_or_readme(facts):
        # "Stated only in headers or the README" no longer holds: the dataset metadata states it.
        return CheckOutcome(
            Status.PASS,
            f"{outcome.summary.split(', but ')[0]}, declared for the whole collection "
            f"in {whole[0].part.path}",
            (*outcome.evidence, *(j.evidence() for j in judged[:SHOWN])),
        )
    if covered and outcome.status is Status.NEEDS_REVIEW:
        # The collection's license is declared in its metadata (a root data package, CITATION.cff,
        # REUSE.toml "**"): that is the license of all of it, even with no LICENSE file.
        declared = ", ".join(dict.fromkeys(j.part.spdx or "" for j in whole))
        return CheckOutcome(
            Status.PASS,
            f"{declared} — approved for {', '.join(kinds)}, declared for the whole collection "
            f"in {whole[0].part.path}",
            tuple(j.evidence() for j in judged[:SHOWN]),
        )
    return outcome


def _only_in_headers_or_readme(facts: Facts) -> bool:
    """The project's license is stated in no license text nor manifest field (dpg2's warn), and
    its sources agree (a disagreement is a warn of its own)."""
    project = [f for f in facts.licenses.project if f.spdx]
    found = bool(project) and not any(f.method in ("text", "declared") for f in project)
    return found and not facts.licenses.disagreements


def _covers_all(part: LicensePart) -> bool:
    """A part stated for the whole repository: a root data package, CITATION.cff, REUSE "**"."""
    return part.scope == "" and (part.source != "sub-folder license")


def _refused(
    outcome: CheckOutcome,
    refused: list[Judged],
    project_nc: list[LicenseFinding],
    kinds: tuple[str, ...],
    rule: NoncommercialRule,
) -> CheckOutcome:
    named = [f"{j.part.where()} is under {j.part.spdx} ({j.reason})" for j in refused[:3]]
    named += [
        f"{f.path} is under {f.spdx} (NonCommercial: no longer accepted by the DPGA's guidance)"
        for f in project_nc
    ]
    more = len(refused) - 3 if len(refused) > 3 else 0
    evidence = [j.evidence() for j in refused[:SHOWN]]
    evidence += [
        Evidence(kind="file", path=f.path, line=f.line, detail=f"{f.spdx}: content: NonCommercial")
        for f in project_nc
    ]
    if project_nc or any(j.reason.startswith("NonCommercial") for j in refused):
        evidence += _sources(rule)
    scopes = ", ".join(dict.fromkeys(j.part.scope or "the collection" for j in refused)) or "the content"
    return CheckOutcome(
        Status.FAIL,
        f"Not all of the {' and '.join(kinds)} is openly licensed: {'; '.join(named)}"
        + (f" (and {more} more)" if more else ""),
        (*evidence, *outcome.evidence),
        f"Relicense {scopes} under a license approved for {' and '.join(kinds)} (data: an Open "
        "Definition-conformant license such as CC-BY-4.0, ODbL-1.0 or CC0-1.0; content: CC-BY, CC-BY-SA "
        "or CC0), or take it out of the collection: the DPG Standard 1.1.7 recognises a data set or "
        "content collection only if all of it is openly licensed.",
    )


def _review(
    facts: Facts, outcome: CheckOutcome, review: list[Judged], kinds: tuple[str, ...]
) -> CheckOutcome:
    unlicensed = _parts(facts).unlicensed
    named = [f"{j.part.where()}: {j.part.spdx or repr(j.part.raw)} ({j.reason})" for j in review[:3]]
    named += [f"{u.scope} ({u.source}) has no license" for u in unlicensed[:3]]
    evidence = [j.evidence() for j in review[:SHOWN]] + [
        Evidence(kind="file", path=u.path, line=u.line, detail=f"{u.scope}: described without a license")
        for u in unlicensed[:SHOWN]
    ]
    evidence.append(
        Evidence(
            kind="metadata",
            detail="looked for per-part licenses in: " + ", ".join(_parts(facts).searched),
        )
    )
    scopes = ", ".join(dict.fromkeys([*(j.part.scope for j in review), *(u.scope for u in unlicensed)]))
    summary = (
        f"Parts of the {' and '.join(kinds)} have no approved license a reviewer can confirm: "
        + "; ".join(named)
    )
    if outcome.status is Status.NEEDS_REVIEW:
        summary = f"{outcome.summary}; {summary[0].lower()}{summary[1:]}"
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        summary,
        (*evidence, *outcome.evidence),
        f"State an approved license for {scopes}: a LICENSE file in its folder, a REUSE `.license` sidecar "
        "or REUSE.toml annotation, or `licenses` in datapackage.json (for the package or the resource).",
    )
