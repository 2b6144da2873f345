"""Evidence from the network, applied to any check's outcome: dead links and the host's license.

These are pure functions of (outcome, facts): the links were checked and the host queried
before any check ran. The engine applies them after each check, as the check declares
(``Check.link_roles``, ``Check.uses_host_license``), so checks need not know whether a run
was offline.

- A link the outcome cites, or a link with a role the check declares it relies on (e.g. the
  privacy policy URL for DPG-7), that is dead turns a pass into a warn, with the dead link as
  evidence. A link the site refused to verify (403/429, time-out) is reported as unverified
  and changes nothing.
- The host's own license detection (GitHub, GitLab) is reported beside ours (DPG-2); when the
  two disagree a pass becomes a warn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec.structs import replace

from dpgcheck.facts.licenses.spdx import license_keys
from dpgcheck.model import CheckOutcome, Evidence, Status
from dpgcheck.sources.link_result import LinkStatus

if TYPE_CHECKING:
    from dpgcheck.facts.licenses.detect import LicenseFacts
    from dpgcheck.facts.links import LinkFacts
    from dpgcheck.sources.snapshot import HostMetadata


def apply_link_results(roles: tuple[str, ...], outcome: CheckOutcome, links: LinkFacts) -> CheckOutcome:
    """Warn on a pass that relies on a dead link (one it cites, or one of ``roles``); cite dead
    and unverified links."""
    cited = {item.url for item in outcome.evidence if item.url}
    if not cited and not roles:
        return outcome
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


def apply_host_license(
    outcome: CheckOutcome, meta: HostMetadata | None, licenses: LicenseFacts
) -> CheckOutcome:
    """Report the host's license detection beside ours; warn on a pass when they disagree."""
    if meta is None or not meta.license_spdx:
        return outcome
    ours = {f.spdx for f in licenses.identified if f.spdx}
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
