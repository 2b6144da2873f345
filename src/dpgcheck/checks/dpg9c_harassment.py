"""DPG-9C: protection from harassment.

Pass: a code of conduct in the repository with an enforcement contact (e-mail, also obfuscated;
a contact URL; a named channel). Fail only on proof: users interact (declared) and no code of
conduct or protection process is stated anywhere, or the contact is still the template's
placeholder. ``userInteraction: No`` is not-applicable. A code of conduct linked from the README,
the contributing guide or the manifest, or none found while interaction is undeclared, is
needs-review: the DPGA accepts a code of conduct kept in the organisation's ``.github``
repository or on its website.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.checks._manifest import contradicted_no, with_stale_claims
from dpgcheck.checks._readme import readme_link_evidence
from dpgcheck.facts.conduct import CHANNEL, CONDUCT_LINK, EMAIL, ConductContact
from dpgcheck.facts.manifest.claims import DeclaredLocation, declared_locations, found_elsewhere, stale_claims
from dpgcheck.facts.text import URL_RE
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts
    from dpgcheck.facts.manifest.model import Manifest
    from dpgcheck.facts.policies import PolicyFile

_KEYS = ("doNoHarm", "protectionFromHarassment")
# The registry's entries name the same answers differently, at the top level.
_INTERACTION_PATHS = (
    (*_KEYS, "userInteraction"),
    (*_KEYS, "facilitatesUserInteraction"),
    ("protectionFromHarassment", "facilitatesUserInteraction"),
    ("protectionFromHarassment", "userInteraction"),
)
_STEPS_PATHS = (
    (*_KEYS, "harassmentProtectionSteps"),
    (*_KEYS, "harassmentPolicy"),
    ("protectionFromHarassment", "harassmentPolicy"),
    ("protectionFromHarassment", "harassmentProtectionSteps"),
)
_REMEDIATION_ADD = (
    "Add a CODE_OF_CONDUCT.md (for example the Contributor Covenant) with a real contact for "
    "reports, or link the organisation's code of conduct from the README and give its URL in "
    "dpg.yaml under `doNoHarm.protectionFromHarassment.codeOfConductURL`; if users do not "
    "interact through the project, say `userInteraction: No` there."
)
POINTER_WORDS = 60
"""A code-of-conduct file this short that links a page is a pointer to it, not the code itself."""

_REMEDIATION_CONTACT = (
    "Name in the code of conduct who receives reports and how (an e-mail address such as "
    "conduct@your-project.org, a contact form URL or a moderated channel)."
)


def check_harassment(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass: a code of conduct with an enforcement contact. Fail: declared interaction with no
    code of conduct anywhere, or a contact left as the template placeholder. Not applicable:
    declared no interaction. Otherwise needs-review. A declared code of conduct that moved warns
    (a stale claim)."""
    outcome = _check_harassment(facts)
    manifest = facts.manifest
    if manifest is None:
        return outcome
    locations = _declared_conduct(facts, manifest, "codeOfConductURL")
    stale = stale_claims(manifest, locations, "code of conduct")
    return with_stale_claims(
        outcome, stale, "code of conduct", "doNoHarm.protectionFromHarassment.codeOfConductURL"
    )


def _check_harassment(facts: Facts) -> CheckOutcome:
    manifest = facts.manifest
    interaction, interaction_keys = _interaction(manifest)
    steps, steps_keys = _steps(manifest)
    evidence: list[Evidence] = []
    if steps and manifest is not None:
        evidence.append(manifest.evidence(f"declared protection steps: {steps[:160]}", *steps_keys))
    codes = facts.policies.all("code_of_conduct")
    conduct = facts.conduct
    declared: list[DeclaredLocation] = []
    if manifest is not None:
        for key in ("codeOfConductURL", "harassmentProtectionSteps"):
            declared += _declared_conduct(facts, manifest, key)
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
    # A code of conduct the project points to without keeping it here: README/CONTRIBUTING
    # links and URLs in the manifest's free text (the registry's answers are prose).
    linked = [
        Evidence(kind="url", url=link.url, path=link.path, line=link.line, detail="code of conduct linked")
        for link in conduct.links[:3]
    ] or readme_link_evidence(facts, CONDUCT_LINK, "code of conduct linked")
    if manifest is not None and steps:
        linked += [
            manifest.evidence(f"code of conduct named in the manifest: {url}", *steps_keys)
            for url in URL_RE.findall(steps)
            if CONDUCT_LINK.search(url)
        ][:2]
    if (
        interaction == "no"
        and manifest is not None
        and facts.activity is not None
        and facts.activity.interaction
    ):
        # A "No" the documentation contradicts ("users can chat with each other"): a reviewer decides.
        outcome = contradicted_no(
            manifest.evidence("userInteraction: No", *interaction_keys),
            facts.activity.interaction,
            "the documentation says users interact",
            "Declares that users do not interact, but the documentation describes users interacting; "
            "a reviewer must check the answer",
            "If users interact through the project, answer `userInteraction: Yes` under "
            "`doNoHarm.protectionFromHarassment` in dpg.yaml"
            + (
                f" (the code of conduct {codes[0].path} then protects them)"
                if codes
                else " and give the code of conduct that protects them (`codeOfConductURL`)"
            )
            + "; if the sentence cited describes something else, say so there.",
        )
        found = tuple(Evidence(kind="file", path=c.path, detail="code of conduct") for c in codes)
        return CheckOutcome(outcome.status, outcome.summary, (*outcome.evidence, *found), outcome.remediation)
    if interaction == "no" and manifest is not None:
        present = [
            Evidence(kind="file", path=c.path, detail="code of conduct (for contributors)") for c in codes
        ]
        return CheckOutcome(
            Status.NOT_APPLICABLE,
            "Declares that users do not interact"
            + (" (the repository has a code of conduct for contributors all the same)" if codes else ""),
            (manifest.evidence("userInteraction: No", *interaction_keys), *present, *linked[:1]),
        )
    if codes:
        return _judge_files(facts, codes, evidence)
    # A declared file that moved is still a code of conduct the repository holds (now elsewhere).
    elsewhere = [loc for loc in declared if loc.exists or loc.stale]
    if elsewhere or linked:
        where = (elsewhere[0].moved_to or elsewhere[0].path) if elsewhere else None
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            (f"Code of conduct declared at {where}" if where else "A code of conduct is linked")
            + "; a reviewer must check its enforcement contact",
            (*evidence, *linked),
            "Keep a copy in the repository (CODE_OF_CONDUCT.md) naming who receives reports, or "
            "name the contact in dpg.yaml under `doNoHarm.protectionFromHarassment`.",
        )
    searched = Evidence(
        kind="metadata",
        detail="no CODE_OF_CONDUCT file at the root, in .github/ or docs/, and no code-of-conduct "
        "link in the README, the contributing guide or the manifest",
    )
    if interaction == "yes" and manifest is not None and not steps:
        return CheckOutcome(
            Status.FAIL,
            "Users interact (declared), and no code of conduct or protection process is stated",
            (manifest.evidence("userInteraction: Yes", *interaction_keys), searched),
            _REMEDIATION_ADD,
        )
    if steps:
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            "Protection steps declared, no code of conduct found; a reviewer must judge the process",
            (*evidence, searched),
            "Publish the process as a code of conduct with a contact for reports "
            "(CODE_OF_CONDUCT.md, or its URL under `doNoHarm.protectionFromHarassment.codeOfConductURL`).",
        )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        "No code of conduct found; it may be kept in the organisation's .github repository or "
        "website, and whether users interact is not declared",
        (searched,),
        _REMEDIATION_ADD,
    )


def _judge_files(facts: Facts, codes: tuple[PolicyFile, ...], evidence: list[Evidence]) -> CheckOutcome:
    """A code of conduct is here: its contact decides."""
    conduct = facts.conduct
    for code in codes:
        if not code.readable:
            evidence.append(Evidence(kind="file", path=code.path, detail=f"not read: {code.problem}"))
    direct = [c for c in conduct.contacts if c.kind != CHANNEL]
    channels = [c for c in conduct.contacts if c.kind == CHANNEL]
    placeholders = conduct.placeholders or tuple(
        ConductContact(code.path, line, "placeholder", text)
        for code in codes
        for line, text in code.placeholders
    )
    emails = [
        ConductContact(code.path, line, EMAIL, email)
        for code in codes
        if code.readable
        for line, email in code.emails
    ]
    direct = direct or emails
    for contact in placeholders[:2]:
        evidence.append(
            Evidence(
                kind="file",
                path=contact.path,
                line=contact.line,
                detail=f"enforcement contact is still the template placeholder: {contact.value}",
            )
        )
    # Template text around a placeholder may mention moderators or a forum: with a placeholder
    # left, only an address or a URL is a contact.
    contacts = direct if placeholders else [*direct, *channels]
    for contact in contacts[:2]:
        evidence.append(
            Evidence(
                kind="file",
                path=contact.path,
                line=contact.line,
                detail=f"enforcement contact ({contact.kind}): {contact.value}",
            )
        )
    if contacts:
        return CheckOutcome(
            Status.PASS,
            f"Code of conduct with an enforcement contact ({contacts[0].path})",
            tuple(evidence),
        )
    if placeholders:
        return CheckOutcome(
            Status.FAIL,
            "The code of conduct's contact is still the template placeholder",
            tuple(evidence),
            "Replace `[INSERT CONTACT METHOD]` in the code of conduct with an address that "
            "reaches the people who enforce it (for example conduct@your-project.org).",
        )
    readable = [c for c in codes if c.readable]
    # cht-core's CODE_OF_CONDUCT.md is one sentence linking its documentation site: the code
    # itself, and its contact, are on that page.
    pointers = [c for c in readable if c.urls and c.words <= POINTER_WORDS]
    if readable and len(pointers) == len(readable):
        line, url = pointers[0].urls[0]
        evidence.insert(
            0,
            Evidence(
                kind="file",
                path=pointers[0].path,
                line=line,
                detail=f"the code of conduct file only points elsewhere ({pointers[0].words} words): {url}",
            ),
        )
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            f"The code of conduct ({pointers[0].path}) only points to {url}; a reviewer must check "
            "that page for an enforcement contact",
            tuple(evidence),
            "Keep the code of conduct's text in the repository, naming who receives reports and how, "
            "or name that contact in dpg.yaml under `doNoHarm.protectionFromHarassment`.",
        )
    for code in readable:
        for line, url in code.urls[:1]:
            evidence.append(
                Evidence(kind="file", path=code.path, line=line, detail=f"code of conduct links {url}")
            )
    evidence.insert(
        0,
        Evidence(
            kind="file",
            path=codes[0].path,
            detail="code of conduct without an enforcement contact (no e-mail, contact URL or channel)",
        ),
    )
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        "Code of conduct found, but no enforcement contact; a reviewer must check how reports reach someone",
        tuple(evidence),
        _REMEDIATION_CONTACT,
    )


def _declared_conduct(facts: Facts, manifest: Manifest, key: str) -> list[DeclaredLocation]:
    """The locations a manifest field declares; one that is gone while the repository has a code
    of conduct under another name is that file, moved."""
    locations = declared_locations(manifest, facts.files, facts.repository_urls, *_KEYS, key)
    return found_elsewhere(locations, [c.path for c in facts.policies.all("code_of_conduct")])


def _interaction(manifest: Manifest | None) -> tuple[str | None, tuple[str, ...]]:
    """The declared answer to "do users interact?" and where it was read."""
    if manifest is None:
        return None, ()
    for keys in _INTERACTION_PATHS:
        answer = manifest.answer(*keys)
        if answer:
            return answer, keys
    return None, ()


def _steps(manifest: Manifest | None) -> tuple[str, tuple[str, ...]]:
    """The declared protection steps (free text) and where they were read."""
    if manifest is None:
        return "", ()
    for keys in _STEPS_PATHS:
        texts = manifest.texts(*keys)
        if texts:
            return "; ".join(texts), keys
    return "", ()


CHECK = Check(
    "harassment_protection",
    check_harassment,
    manifest_keys=(("doNoHarm", "protectionFromHarassment"),),
)
