"""DPG-4, DPG-5 and DPG-9A for AI systems (aimodel), applied over each check's own verdict.

- DPG-5: the documentation the DPGA's AI checklist asks for (intended use, training data,
  evaluation, limitations) in a model card, datasheet or the README: pass with each section
  cited; needs-review naming the sections missing.
- DPG-4: the dependencies of the model (``base_model``) and of the data (``datasets``) listed
  beside the code's; a base model under a use-restricted license the catalog knows is proof.
- DPG-9A: the 1.1.7 question "does the training data include PII?": the cards' statements
  about personal information as evidence, or needs-review asking it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from msgspec.structs import replace

from dpgcheck.checks._ai_parts import rules
from dpgcheck.facts.ai_components import AiComponents
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts
    from dpgcheck.facts.text import Heading


def _sections(facts: Facts, ai: AiComponents) -> dict[str, tuple[str, Heading]]:
    """Checklist topic → the first card (or README) section covering it."""
    sources: list[tuple[str, tuple[Heading, ...]]] = [(card.path, card.sections) for card in ai.cards]
    readme = facts.docs.readme
    if readme is not None and readme.path not in {card.path for card in ai.cards}:
        sources.append((readme.path, tuple(readme.headings)))
    found: dict[str, tuple[str, Heading]] = {}
    for topic, pattern in (rules().get("documentation") or {}).items():
        regex = re.compile(str(pattern), re.IGNORECASE)
        for path, headings in sources:
            hit = next((h for h in headings if regex.search(h.text)), None)
            if hit is not None:
                found[str(topic)] = (path, hit)
                break
    return found


def ai_documentation(facts: Facts, asset_types: tuple[str, ...], base: CheckOutcome) -> CheckOutcome:
    """DPG-5 for an AI system (see the module docstring)."""
    ai = facts.ai or AiComponents()
    topics = [str(t) for t in (rules().get("documentation") or {})]
    found = _sections(facts, ai)
    evidence = tuple(
        Evidence(
            kind="file", path=path, line=heading.line, detail=f"AI documentation, {topic}: {heading.text}"
        )
        for topic, (path, heading) in found.items()
    )
    missing = [t for t in topics if t not in found]
    if base.status is Status.FAIL:
        return replace(base, evidence=(*base.evidence, *evidence))
    if not missing:
        # For software the setup instructions are asked too: its own verdict still speaks.
        keep = "software" in asset_types and base.status is not Status.PASS
        summary = f"AI documentation: {', '.join(topics)} documented"
        if keep:
            return CheckOutcome(
                base.status, f"{base.summary}; {summary}", (*evidence, *base.evidence), base.remediation
            )
        return CheckOutcome(Status.PASS, summary, (*evidence, *base.evidence))
    looked = ", ".join(card.path for card in ai.cards) or "no model card or datasheet"
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        f"AI documentation lacks: {', '.join(missing)}"
        + (f" ({base.summary})" if base.status is not Status.PASS else ""),
        (
            *evidence,
            Evidence(
                kind="metadata",
                detail=f"looked for sections on {', '.join(missing)} in the model and dataset cards "
                f"({looked}) and the README",
            ),
            *base.evidence,
        ),
        f"Add to the model card or datasheet a section on each of: {', '.join(missing)} (the DPGA's "
        "AI documentation checklist, https://github.com/DPGAlliance/dpg-resources/wiki/5.-Documentation).",
    )


def ai_platform(facts: Facts, base: CheckOutcome) -> CheckOutcome:
    """DPG-4 for an AI system: the model's and the data's dependencies beside the code's."""
    ai = facts.ai or AiComponents()
    listed: list[Evidence] = []
    proof: list[Evidence] = []
    for card in ai.model_cards():
        for base_model in card.base_models:
            entry = next(
                (
                    e
                    for e in rules().get("restricted_base_models") or []
                    if re.search(str(e.get("pattern", "$^")), base_model.value, re.IGNORECASE)
                ),
                None,
            )
            detail = f"model dependency: base model {base_model.value}"
            if entry is not None:
                detail += f", under the {entry.get('license')} (use-restricted; {entry.get('source')})"
                proof.append(Evidence(kind="file", path=base_model.path, line=base_model.line, detail=detail))
            else:
                listed.append(
                    Evidence(kind="file", path=base_model.path, line=base_model.line, detail=detail)
                )
        listed += [
            Evidence(kind="file", path=d.path, line=d.line, detail=f"data dependency: dataset {d.value}")
            for d in card.datasets[:10]
        ]
    if proof:
        names = ", ".join(ev.detail.split("base model ")[1].split(",")[0] for ev in proof)
        return CheckOutcome(
            Status.FAIL,
            f"The model depends on a base model under a use-restricted license: {names}",
            (*proof, *listed, *base.evidence),
            "Fine-tune from a base model under an open license (OSI-approved or Open Data Commons), "
            "or name in dpg.yaml `platformIndependence.pltIndependenceDesc` the open base model the "
            "system runs with.",
        )
    if base.status is Status.NOT_APPLICABLE and ai.code:
        # Not "data or content": the system's code has dependencies no manifest declares.
        code = ", ".join(c.path for c in ai.code[:3])
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            f"No dependency manifest for the AI system's code ({code})",
            (*listed, *base.evidence),
            "Commit the code's dependency manifest (requirements.txt, environment.yml, pyproject.toml).",
        )
    if not listed:
        return base
    status = Status.NEEDS_REVIEW if base.status is Status.NOT_APPLICABLE else base.status
    summary = f"{base.summary}; model and data dependencies: {len(listed)} listed"
    remediation = base.remediation
    if status is Status.NEEDS_REVIEW and remediation is None:
        remediation = (
            "Confirm the licenses of the base model and datasets named in the model card, and state in "
            "dpg.yaml `platformIndependence` that none restricts the system."
        )
    return CheckOutcome(status, summary, (*listed, *base.evidence), remediation)


_NEGATED = re.compile(
    r"\b(?:no|not|never|without|none|removed|excluded|anonymi[sz]ed|pseudonymi[sz]ed|de-?identified)\b", re.I
)


def ai_privacy(facts: Facts, base: CheckOutcome) -> CheckOutcome:
    """DPG-9A for an AI system: whether the training data includes PII, as the cards say."""
    ai = facts.ai or AiComponents()
    said = tuple(
        Evidence(
            kind="file", path=s.path, line=s.line, detail=f"training data and personal information: {s.value}"
        )
        for s in ai.pii
    )
    if said:
        affirmed = [s for s in ai.pii if not s.value.startswith("section: ") and not _NEGATED.search(s.value)]
        if base.status is Status.NOT_APPLICABLE and affirmed:
            # "No PII collected" speaks for the solution; a card saying the training data holds
            # personal information is for a reviewer to weigh against it.
            return CheckOutcome(
                Status.NEEDS_REVIEW,
                f"{base.summary}, but a card says the training data holds personal information",
                (*said, *base.evidence),
                "Say in the dataset card how the personal information in the training data is protected "
                "(removed, anonymised, access-controlled), and answer dpg.yaml "
                "`doNoHarm.dataPrivacySecurity` for the training data too.",
            )
        return replace(base, evidence=(*said, *base.evidence))
    if base.status is Status.FAIL:
        return base
    question = "whether the training data includes personal information (PII) is not stated"
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        f"{base.summary}; {question}",
        (
            *base.evidence,
            Evidence(
                kind="metadata",
                detail="looked in the model and dataset cards and the README for statements on personal or "
                "sensitive information in the training data (PII, personal data, anonymisation); none found",
            ),
        ),
        (base.remediation + " " if base.remediation else "")
        + "Say whether the training data includes PII, and if it does how it is protected: a 'Personal and "
        "Sensitive Information' section in the dataset card, or dpg.yaml "
        "`doNoHarm.dataPrivacySecurity.privacySecurityDescription`.",
    )
