"""DPG-2: use of approved open licenses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.checks import CheckContext, register
from dpgcheck.checks.manifest_claims import license_claim_outcome
from dpgcheck.facts.licenses import LicenseFinding
from dpgcheck.facts.spdx import license_keys
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts


def finding_evidence(finding: LicenseFinding) -> Evidence:
    """One evidence item describing a license finding."""
    if finding.spdx is None:
        detail = f"text matches no license confidently (closest: {finding.closest})"
    elif finding.method == "text":
        detail = (
            f"{finding.spdx}: license text matched with confidence {finding.confidence:.2f}; "
            f"{finding.approved_by}"
        )
    else:
        detail = f"{finding.spdx}: declared in {finding.source}; {finding.approved_by}"
    return Evidence(kind="file", path=finding.path, line=finding.line, detail=detail)


def _base_keys(expression: str) -> set[str]:
    keys = set()
    for key in license_keys(expression):
        for suffix in ("-only", "-or-later", "+"):
            key = key.removesuffix(suffix)
        keys.add(key)
    return keys


@register("open_license")
def check_license(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass when every license the project ships is approved for its asset types."""
    contradicted = license_claim_outcome(facts)  # the declared license (dpg.yaml) vs the detected
    if contradicted is not None:
        return contradicted
    licenses = facts.licenses
    identified = licenses.identified
    problems = [
        Evidence(kind="file", path=path, detail=f"license file not read: {reason}")
        for path, reason in licenses.unreadable
    ]
    unknown = [finding_evidence(f) for f in licenses.all if f.spdx is None]
    if not identified:
        if unknown:
            return CheckOutcome(
                Status.NEEDS_REVIEW,
                "A license file exists but its text matches no known license; a reviewer must read it",
                tuple(unknown + problems),
                "Use the unmodified text of an approved license (https://spdx.org/licenses/) "
                "so that it can be recognised, and declare its SPDX id in your package manifest.",
            )
        looked = ", ".join(licenses.candidates) or "LICENSE, LICENCE, COPYING, UNLICENSE at the root"
        return CheckOutcome(
            Status.FAIL,
            "No license found",
            (
                Evidence(
                    kind="metadata",
                    detail=f"looked for license files ({looked}) and "
                    "license fields in package manifests; none found",
                ),
                *problems,
            ),
        )
    refused = [f for f in identified if not f.approved]
    evidence = [finding_evidence(f) for f in identified] + unknown + problems
    if refused:
        names = ", ".join(sorted({f.spdx or "?" for f in refused}))
        return CheckOutcome(
            Status.FAIL,
            f"Not an approved license for {', '.join(context.asset_types)}: {names}",
            tuple(
                [finding_evidence(f) for f in refused]
                + [finding_evidence(f) for f in identified if f.approved]
                + unknown
                + problems
            ),
        )
    text_keys = set().union(*(_base_keys(f.spdx) for f in licenses.files if f.spdx))
    disagreeing = [
        f for f in licenses.declared if f.spdx and text_keys and not (_base_keys(f.spdx) & text_keys)
    ]
    if disagreeing:
        texts = ", ".join(sorted({f.spdx for f in licenses.files if f.spdx}))
        declared = ", ".join(sorted({f"{f.spdx} ({f.path})" for f in disagreeing}))
        return CheckOutcome(
            Status.WARN,
            f"License sources disagree: the license text is {texts}, but {declared} is declared",
            tuple(evidence),
            "Make the declared license (package manifests, dpg.yaml) and the LICENSE text agree; "
            "reviewers reject nominations whose license is ambiguous.",
        )
    names = ", ".join(sorted({f.spdx for f in identified if f.spdx}))
    summary = f"{names} — approved for {', '.join(context.asset_types)}"
    if unknown:
        return CheckOutcome(
            Status.WARN, summary + ", but another license file is unrecognised", tuple(evidence)
        )
    return CheckOutcome(Status.PASS, summary, tuple(evidence))
