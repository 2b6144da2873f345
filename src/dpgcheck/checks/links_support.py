"""Evidence from the network, applied to any check's outcome: dead links and the host's license.

These are pure functions of (outcome, facts): the links were checked and the host queried
before any check ran. The engine calls ``apply_remote_evidence`` after each check, so the
indicator checks themselves need not know whether a run was offline.

- A link the outcome cites, or a link with the role the check relies on (privacy policy URL for
  DPG-7, copyright URL for DPG-3, documentation URLs for DPG-5, license URLs for DPG-2), that is
  dead turns a pass into a warn, with the dead link as evidence. A link the site refused to
  verify (403/429, time-out) is reported as unverified and changes nothing.
- The host's own license detection (GitHub, GitLab) is reported beside ours on DPG-2; when the
  two disagree a pass becomes a warn.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from dpgcheck.facts.spdx import license_keys
from dpgcheck.model import CheckOutcome, Evidence, Status
from dpgcheck.sources.links import LinkStatus

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

ROLES_BY_CHECK: dict[str, tuple[str, ...]] = {
    "documentation": ("documentation",),
    "privacy_laws": ("privacy",),
    "clear_ownership": ("copyright",),
    "open_license": ("license",),
}
"""Which link roles each built-in check relies on (by the catalog's ``check`` name)."""


def apply_remote_evidence(check: str, outcome: CheckOutcome, facts: Facts) -> CheckOutcome:
    """``outcome`` with dead/unverified link evidence and, for licenses, the host's detection."""
    outcome = apply_link_results(check, outcome, facts)
    if check == "open_license":
        outcome = apply_host_license(outcome, facts)
    return outcome


def apply_link_results(check: str, outcome: CheckOutcome, facts: Facts) -> CheckOutcome:
    """Warn on a pass that relies on a dead link; cite dead and unverified links."""
    cited = {item.url for item in outcome.evidence if item.url}
    roles = ROLES_BY_CHECK.get(check, ())
    if not cited and not roles:
        return outcome
    links = facts.links
    if not links.results:
        return outcome
    added: list[Evidence] = []
    dead: list[str] = []
    seen: set[str] = set()
    for ref in links.refs:
        if ref.url in seen or not (ref.url in cited or ref.role in roles):
            continue
        result = links.result(ref.url)
        if result is None or result.status is LinkStatus.OK:
            continue
        seen.add(ref.url)
        if result.status is LinkStatus.DEAD:
            dead.append(ref.url)
            detail = f"dead link ({ref.role}, from the {ref.source}): {result.detail}"
        else:
            detail = f"link not verified ({ref.role}, from the {ref.source}): {result.detail}"
        added.append(Evidence(kind="url", url=ref.url, path=ref.path, line=ref.line, detail=detail))
    if not added:
        return outcome
    evidence = outcome.evidence + tuple(added)
    if dead and outcome.status is Status.PASS:
        return replace(
            outcome,
            status=Status.WARN,
            summary=f"{outcome.summary}; but {len(dead)} link(s) it relies on are dead",
            evidence=evidence,
            remediation="Fix or replace the dead link(s): " + ", ".join(dead[:3]),
        )
    return replace(outcome, evidence=evidence)


def _base(expression: str) -> set[str]:
    keys = set()
    for key in license_keys(expression):
        for suffix in ("-only", "-or-later", "+"):
            key = key.removesuffix(suffix)
        keys.add(key.lower())
    return keys


def apply_host_license(outcome: CheckOutcome, facts: Facts) -> CheckOutcome:
    """Report the host's license detection beside ours; warn on a pass when they disagree."""
    meta = facts.snapshot.metadata
    if meta is None or not meta.license_spdx:
        return outcome
    ours = {f.spdx for f in facts.licenses.identified if f.spdx}
    host = meta.host.capitalize().replace("hub", "Hub").replace("lab", "Lab")
    agrees = any(_base(meta.license_spdx) & _base(spdx) for spdx in ours)
    if agrees or not ours:
        detail = (
            f"{host} detects {meta.license_spdx} too" if agrees else f"{host} detects {meta.license_spdx}"
        )
        return replace(outcome, evidence=(*outcome.evidence, Evidence("metadata", detail, url=meta.url)))
    detail = f"{host} detects {meta.license_spdx}, dpgcheck detects {', '.join(sorted(ours))}"
    evidence = (*outcome.evidence, Evidence("metadata", detail, url=meta.url))
    if outcome.status is Status.PASS:
        return replace(
            outcome,
            status=Status.WARN,
            summary=f"{outcome.summary}; but {host} detects {meta.license_spdx}",
            evidence=evidence,
            remediation="Make the license files unambiguous: the host and dpgcheck read them differently.",
        )
    return replace(outcome, evidence=evidence)
