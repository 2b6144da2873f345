"""DPG-2: use of approved open licenses.

The verdict rests on the project's effective license(s) (facts.licenses.effective): every one
must be approved for every asset type, else fail with the reason. Sources that disagree (a
manifest against the LICENSE text, a monorepo package under a non-approved license) warn, with
both sides as evidence; texts that match no license ask a reviewer to read them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec.structs import replace

from dpgcheck.checks import Check, CheckContext
from dpgcheck.checks._manifest import with_stale_claims
from dpgcheck.facts.licenses.agreement import BUNDLED
from dpgcheck.facts.licenses.detect import LicenseFinding, base_keys
from dpgcheck.facts.licenses.spdx import Approval, approvals
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts


def license_claim_outcome(facts: Facts) -> CheckOutcome | None:
    """FAIL when the repository contradicts the declared license; None when it does not."""
    claim = facts.license_claim
    if claim is None or not claim.contradicted:
        return None
    evidence: list[Evidence] = [ev for _, ev in claim.unmatched] + list(claim.missing_texts)
    for finding in claim.detected:
        source = "license text" if finding.method == "text" else finding.source
        evidence.append(
            Evidence(
                kind="file",
                path=finding.path,
                line=finding.line,
                detail=f"the repository's {source} is {finding.spdx}",
            )
        )
    if claim.unmatched:
        declared = ", ".join(sorted({spdx for spdx, _ in claim.unmatched}))
        detected = ", ".join(sorted({f.spdx for f in claim.detected if f.spdx}))
        summary = f"The declared license ({declared}) is contradicted by the repository ({detected})"
    else:
        summary = "A declared license text is not in the repository"
    return CheckOutcome(
        Status.FAIL,
        summary,
        tuple(evidence),
        "Make the `license` of dpg.yaml (and publiccode.yml) name the license the repository ships, "
        "with a licenseURL that exists; reviewers reject a nomination whose license is ambiguous.",
    )


_REFUSED = Approval("", False, "")


def _disagreeing_claim(
    outcome: CheckOutcome, declared: tuple[tuple[str, Evidence], ...], facts: Facts
) -> CheckOutcome:
    """The manifest declares licenses evidenced only outside this repository (the product site,
    another repository) while this repository ships another: the sources disagree. Not proof of
    non-compliance (the verdict on the repository's own license stands), but a pass warns."""
    names = ", ".join(sorted({spdx for spdx, _ in declared}))
    shipped = ", ".join(facts.licenses.effective) or "no license"
    noted = tuple(
        Evidence(
            kind="manifest",
            path=ev.path,
            line=ev.line,
            detail=f"declares {spdx}, evidenced only outside this repository; "
            f"this repository ships {shipped}",
        )
        for spdx, ev in declared
    )
    evidence = (*noted, *outcome.evidence)
    todo = (
        f"Make the `license` of dpg.yaml name the license this repository ships ({shipped}), or "
        f"license the repository under the declared one ({names}); reviewers reject a nomination "
        "whose license is ambiguous."
    )
    if outcome.status in (Status.PASS, Status.WARN):
        # A warning already given (NonCommercial content, say) keeps its words and gains this one.
        summary = f"{outcome.summary}; but the manifest declares {names}, evidenced outside this repository"
        remediation = (
            f"{outcome.remediation} {todo}" if outcome.status is Status.WARN and outcome.remediation else todo
        )
        return CheckOutcome(Status.WARN, summary, evidence, remediation)
    remediation = f"{outcome.remediation} {todo}" if outcome.remediation else todo
    return CheckOutcome(outcome.status, outcome.summary, evidence, remediation)


def finding_evidence(finding: LicenseFinding) -> Evidence:
    """One evidence item describing a license finding."""
    kind = "bundled in" if finding.note.startswith(BUNDLED) else "package"
    where = f" ({kind} {finding.package})" if finding.package else ""
    if finding.spdx is None:
        what = "text matches no license confidently" if finding.method == "text" else "unrecognised"
        detail = f"{what}{where} (closest: {finding.closest})"
    else:
        detail = f"{finding.spdx}{where}: {finding.describe()}; {finding.approved_by}"
    if finding.note:
        detail += f" [{finding.note}]"
    return Evidence(kind="file", path=finding.path, line=finding.line, detail=detail)


def _supporting(facts: Facts, spdx: str) -> list[LicenseFinding]:
    keys = base_keys(spdx)
    return [f for f in facts.licenses.project if f.spdx and base_keys(f.spdx) & keys]


def _judgement(facts: Facts, spdx: str, asset_types: tuple[str, ...]) -> dict[str, Approval]:
    """A license's approval for the asset types it licenses.

    A file scoped by its name (``LICENSE-DATA``) licenses that asset type only; the other
    licenses then license the remaining types.
    """
    scoped = {f.scope for f in facts.licenses.project if f.scope and f.spdx and f.scope in asset_types}
    for finding in facts.licenses.project:
        if finding.spdx == spdx and finding.scope in asset_types:
            return {finding.scope: finding.approval[finding.scope]}
    types = tuple(t for t in asset_types if t not in scoped) or asset_types
    return approvals(spdx, types)


def _covering(facts: Facts, asset: str) -> list[LicenseFinding]:
    """Project findings outside the effective licenses that license ``asset`` with approval.

    A README saying "the content is CC-BY-NC-SA", a ``CC-BY-SA-4.0.md`` beside the LICENSE or a
    data license in docs/: secondary for the project as a whole, but that asset type's license.
    """
    return [
        f for f in facts.licenses.project if f.spdx and asset in f.approval and f.approval[asset].approved
    ]


def _uncovered(
    facts: Facts, judged: dict[str, dict[str, Approval]], asset_types: tuple[str, ...]
) -> dict[str, list[str]]:
    """Asset types no approved license covers → the effective licenses judged for them."""
    found: dict[str, list[str]] = {}
    for asset in asset_types:
        if any(asset in result and result[asset].approved for result in judged.values()):
            continue
        if _covering(facts, asset):
            continue
        found[asset] = [spdx for spdx, result in judged.items() if asset in result]
    return found


def _uncovered_outcome(facts: Facts, uncovered: dict[str, list[str]], extra: list[Evidence]) -> CheckOutcome:
    """needs-review: some asset type has only licenses meant for another type (MIT on data)."""
    parts = [
        f"{asset}: {', '.join(spdxs) or 'no license'} is not on the DPGA list for {asset}"
        for asset, spdxs in uncovered.items()
    ]
    asked = " and ".join(uncovered)
    file_type = "DATA" if "data" in uncovered else "CONTENT"
    evidence = [finding_evidence(f) for f in facts.licenses.identified] + extra
    evidence.append(
        Evidence(
            kind="metadata",
            detail=f"looked for a license approved for {asked} in the license files, package "
            "manifests, the README's License section and secondary license texts (e.g. "
            "LICENSE-DATA, CC-BY-4.0.md); none found",
        )
    )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        f"No license approved for {asked} found ({'; '.join(parts)}); a reviewer must confirm "
        f"how the {asked} is licensed",
        tuple(evidence),
        f"State the license of the {asked}: a file named for it (LICENSE-{file_type}) "
        "with a Creative Commons / Open Data Commons license, a sentence in the README's License "
        "section, or an entry in the `license` list of dpg.yaml with its licenseURL.",
    )


def check_license(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass when the project's effective licenses are approved and every source agrees; a
    declared license not found beside one that is found is cited for the reviewer."""
    outcome = _check_license(facts, context)
    # Imported where used: the collection and AI modules load only for the asset types they judge.
    if "data" in context.asset_types or "content" in context.asset_types:
        from dpgcheck.checks._license_parts import collection_outcome

        outcome = collection_outcome(facts, context, outcome)  # every part must be openly licensed
    if "aimodel" in context.asset_types:
        from dpgcheck.checks._license_ai import ai_license_outcome

        outcome = ai_license_outcome(facts, context, outcome)  # each part of the AI system
    claim = facts.license_claim
    if claim is None:
        return outcome
    # A licenseURL whose file moved (LICENSE → LICENSE.md, or the declared license's text is now
    # COPYING): out of date, not contradicted; a pass warns, citing both.
    outcome = with_stale_claims(outcome, claim.stale_texts, "license text", "license[].licenseURL")
    if claim.disagrees:
        return _disagreeing_claim(outcome, claim.disagrees, facts)
    if not claim.partly_elsewhere:
        return outcome
    noted = tuple(
        Evidence(
            kind="manifest",
            path=ev.path,
            line=ev.line,
            detail=f"declares {spdx}, which the repository does not ship: it may license a part "
            "kept elsewhere (a reviewer follows its evidence URL)",
        )
        for spdx, ev in claim.partly_elsewhere
    )
    return replace(outcome, evidence=(*outcome.evidence, *noted))


def _check_license(facts: Facts, context: CheckContext) -> CheckOutcome:
    contradicted = license_claim_outcome(facts)  # the declared license (dpg.yaml) vs the detected
    if contradicted is not None:
        return contradicted
    licenses = facts.licenses
    problems = [
        Evidence(kind="file", path=path, detail=f"license file not read: {reason}")
        for path, reason in licenses.unreadable
    ] + [Evidence(kind="metadata", detail=note) for note in licenses.notes]
    bundled = [f for f in licenses.all if f.spdx is None and f.note.startswith(BUNDLED)]
    unknown = [finding_evidence(f) for f in licenses.all if f.spdx is None and f not in bundled]
    if not licenses.effective:
        if unknown:
            return CheckOutcome(
                Status.NEEDS_REVIEW,
                "A license file exists but its text matches no known license; a reviewer must read it",
                tuple(unknown + problems),
                "Use the unmodified text of an approved license (https://spdx.org/licenses/) "
                "so that it can be recognised, and declare its SPDX id in your package manifest.",
            )
        looked = ", ".join(licenses.candidates) or "LICENSE, LICENCE, COPYING, UNLICENSE at the root"
        searched = Evidence(
            kind="metadata",
            detail=f"looked for license files ({looked}), license fields in package manifests, "
            "SPDX-License-Identifier headers and the README's License section; none found",
        )
        claim = facts.license_claim
        if claim is not None and claim.declared:
            # Declared only in the manifest (its URL outside the repository): a reviewer checks
            # that URL; the repository itself states no license.
            return CheckOutcome(
                Status.NEEDS_REVIEW,
                "A license is declared in the manifest, but the repository states none",
                (*(ev for _, ev in claim.declared), searched, *problems),
                "Add the declared license's text as LICENSE at the repository root so that "
                "it travels with the code.",
            )
        # Nothing in the repository declares a license. That is absence of evidence, not proof:
        # the DPGA accepts a license evidenced by a URL, which may live outside the repository
        # (a data portal, the project's site), so a reviewer must look before anyone says fail.
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            "No license found in the repository",
            (searched, *problems),
            "Add the license text as LICENSE at the repository root (an approved license, "
            "https://spdx.org/licenses/), or, if it is published elsewhere, declare it in dpg.yaml "
            "under `license` with its URL so a reviewer can check it.",
        )
    judged = {spdx: _judgement(facts, spdx, context.asset_types) for spdx in licenses.effective}
    # Proof: a license of the project that no checked asset type may use and that a catalog rule
    # refuses (SSPL, ND, NC or Creative Commons on software), or an asset type whose only
    # licenses a rule refuses for it. A software license on content or data is not proof: the
    # repository's code is what it licenses, and the content's license may be stated elsewhere.
    refused = {
        spdx: result
        for spdx, result in judged.items()
        if not any(a.approved for a in result.values()) and any(a.explicit for a in result.values())
    }
    uncovered = _uncovered(facts, judged, context.asset_types)
    for asset, spdxs in uncovered.items():
        if spdxs and all(judged[spdx][asset].explicit for spdx in spdxs if asset in judged[spdx]):
            refused.update({spdx: {asset: judged[spdx][asset]} for spdx in spdxs if asset in judged[spdx]})
    if refused:
        names = ", ".join(refused)
        reasons = "; ".join(
            f"{spdx}: " + "; ".join(f"{a.asset_type}: {a.rule}" for a in result.values() if not a.approved)
            for spdx, result in refused.items()
        )
        shown = [f for spdx in refused for f in _supporting(facts, spdx)]
        rest = [f for f in licenses.identified if f not in shown]
        return CheckOutcome(
            Status.FAIL,
            f"Not an approved license for {', '.join(context.asset_types)}: {names} ({reasons})",
            tuple([finding_evidence(f) for f in shown + rest] + unknown + problems),
            "Relicense under an approved open license (for software any OSI-approved license, for "
            "content and data a Creative Commons or Open Data Commons license without NC/ND), "
            "and state it in the LICENSE file and every package manifest.",
        )
    if uncovered:
        return _uncovered_outcome(facts, uncovered, unknown + problems)
    evidence = [finding_evidence(f) for f in licenses.identified] + unknown + problems
    # An asset type covered by a secondary text or the README (aedes: MIT, and CC-BY-SA-4.0.md for
    # the content) names that license too: the summary must not say MIT is approved for content.
    covering = [
        f.spdx
        for asset in context.asset_types
        if not any(judged[spdx].get(asset, _REFUSED).approved for spdx in judged)
        for f in _covering(facts, asset)[:1]
        if f.spdx
    ]
    summary_names = ", ".join(dict.fromkeys([*licenses.effective, *covering]))
    if licenses.disagreements:
        first = licenses.disagreements[0]
        sides: list[Evidence] = []
        for item in licenses.disagreements:
            sides.append(finding_evidence(item.first))
            sides.extend(finding_evidence(f) for f in item.second)
        more = f" (and {len(licenses.disagreements) - 1} more)" if len(licenses.disagreements) > 1 else ""
        return CheckOutcome(
            Status.WARN,
            f"License sources disagree: {first.summary}{more}",
            tuple(dict.fromkeys(sides + evidence)),
            "Make the declared licenses (package manifests, README, dpg.yaml) and the LICENSE texts "
            "agree, and license every package of the repository under an approved license; reviewers "
            "reject nominations whose license is ambiguous.",
        )
    summary = f"{summary_names} — approved for {', '.join(context.asset_types)}"
    if not any(f.method in ("text", "declared") for f in licenses.project if f.spdx):
        return CheckOutcome(
            Status.WARN,
            summary + ", but stated only in headers or the README",
            tuple(evidence),
            "Add a LICENSE file with the full license text at the repository root.",
        )
    if bundled:
        folders = ", ".join(sorted({f.package for f in bundled}))
        return CheckOutcome(
            Status.WARN,
            f"{summary}, but bundled files in {folders} are under a license that restricts use",
            tuple(evidence + [finding_evidence(f) for f in bundled]),
            f"Replace the assets in {folders} with openly licensed ones, or state in the README that "
            "they are third-party assets outside the project's license and optional.",
        )
    if any(f.spdx is None and f.method == "text" and f not in bundled for f in licenses.all):
        # An unresolved manifest value ("BSD") is imprecise, not a second license: evidence only.
        return CheckOutcome(
            Status.WARN, summary + ", but another license file is unrecognised", tuple(evidence)
        )
    return CheckOutcome(Status.PASS, summary, tuple(evidence))


CHECK = Check(
    "open_license",
    check_license,
    link_roles=("license",),
    manifest_keys=(("license",),),
    uses_host_license=True,
    shows_license_facts=True,
)
