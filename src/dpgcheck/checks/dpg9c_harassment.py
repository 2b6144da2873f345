"""DPG-9C: protection from harassment."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.checks._readme import readme_link_evidence
from dpgcheck.facts.manifest.claims import declared_locations
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

_KEYS = ("doNoHarm", "protectionFromHarassment")
# Many projects adopt their organisation's code of conduct (kept in the org's `.github`
# repository or on its website) and only link it from the README.
_CONDUCT_URL = re.compile(r"code[-_]?of[-_]?conduct|/conduct\b|/coc\b", re.IGNORECASE)


def check_harassment(facts: Facts, context: CheckContext) -> CheckOutcome:
    """A code of conduct with a real enforcement contact; a template placeholder fails."""
    manifest = facts.manifest
    interaction = manifest.answer(*_KEYS, "userInteraction") if manifest else None
    steps = "; ".join(manifest.texts(*_KEYS, "harassmentProtectionSteps")) if manifest else ""
    evidence: list[Evidence] = []
    if steps and manifest is not None:
        evidence.append(
            manifest.evidence(
                f"declared protection steps: {steps[:160]}",
                *_KEYS,
                "harassmentProtectionSteps",
            )
        )
    codes = facts.policies.all("code_of_conduct")
    declared = []
    if manifest is not None:
        for key in ("codeOfConductURL", "harassmentProtectionSteps"):
            declared += declared_locations(manifest, facts.files, facts.repository_urls, *_KEYS, key)
        # Steps often link elsewhere (forum rules); only a link into the repository is a claim
        # about a file, and only the code-of-conduct field names one outright.
        declared = [loc for loc in declared if loc.keys[len(_KEYS)] == "codeOfConductURL" or loc.path]
        missing = [loc for loc in declared if loc.missing]
        if missing:
            return CheckOutcome(
                Status.FAIL,
                f"The declared code of conduct ({missing[0].path}) is not in the repository",
                (*[loc.evidence(manifest, "code of conduct") for loc in missing], *evidence),
                "Add the code of conduct at the declared path, or fix the path in dpg.yaml.",
            )
        evidence += [loc.evidence(manifest, "code of conduct") for loc in declared]
        known = {code.path for code in codes}
        elsewhere = [loc for loc in declared if loc.exists and loc.path not in known]
        if not codes and elsewhere:
            return CheckOutcome(
                Status.NEEDS_REVIEW,
                f"Code of conduct declared at {elsewhere[0].path}; a reviewer must check its "
                "enforcement contact",
                tuple(evidence),
            )
    if not codes:
        if interaction == "no" and manifest is not None:
            return CheckOutcome(
                Status.NOT_APPLICABLE,
                "Declares that users do not interact",
                (manifest.evidence("userInteraction: No", *_KEYS, "userInteraction"),),
            )
        evidence.insert(
            0,
            Evidence(kind="metadata", detail="no CODE_OF_CONDUCT file at the root, in .github/ or docs/"),
        )
        linked = readme_link_evidence(
            facts, _CONDUCT_URL, "code of conduct linked from the README (check its enforcement contact)"
        )
        if linked:
            evidence.extend(linked)
            return CheckOutcome(
                Status.NEEDS_REVIEW,
                "The code of conduct is only linked from the README; a reviewer must check its contact",
                tuple(evidence),
            )
        return CheckOutcome(Status.FAIL, "No code of conduct", tuple(evidence))
    for code in codes:
        if not code.readable:
            evidence.append(Evidence(kind="file", path=code.path, detail=f"not read: {code.problem}"))
            continue
        for line, text in code.placeholders:
            evidence.append(
                Evidence(
                    kind="file",
                    path=code.path,
                    line=line,
                    detail=f"enforcement contact is still the template placeholder: {text}",
                )
            )
        for line, email in code.emails[:1]:
            evidence.append(
                Evidence(kind="file", path=code.path, line=line, detail=f"enforcement contact: {email}")
            )
        if not code.emails:
            for line, url in code.urls[:1]:
                evidence.append(
                    Evidence(
                        kind="file",
                        path=code.path,
                        line=line,
                        detail=f"code of conduct link (check it reaches a person): {url}",
                    )
                )
    readable = [c for c in codes if c.readable]
    if any(c.placeholders for c in readable) and not any(c.emails for c in readable):
        return CheckOutcome(
            Status.FAIL,
            "The code of conduct's contact is still the template placeholder",
            tuple(evidence),
            "Replace `[INSERT CONTACT METHOD]` in the code of conduct with an address that "
            "reaches the people who enforce it (for example conduct@your-project.org).",
        )
    if any(c.emails for c in readable):
        return CheckOutcome(
            Status.PASS,
            f"Code of conduct with an enforcement contact ({readable[0].path})",
            tuple(evidence),
        )
    evidence.insert(
        0,
        Evidence(kind="file", path=codes[0].path, detail="code of conduct without an e-mail contact"),
    )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        "Code of conduct found, but no enforcement e-mail; a reviewer must check how reports reach someone",
        tuple(evidence),
    )


CHECK = Check(
    "harassment_protection",
    check_harassment,
    manifest_keys=(("doNoHarm", "protectionFromHarassment"),),
)
