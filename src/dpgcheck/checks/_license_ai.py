"""DPG-2 for AI systems: each part (weights, code, training data) under its own kind's rules.

DPG Standard 1.1.7 (#193): an AI system is open only with all of its parts open. Each part is
judged under the license rules of its kind (indicators/data/ai-systems.yaml ``parts``); the
verdict names every part with its evidence:

- fail: a part under a license a rule refuses (NoDerivatives, NonCommercial, a use-restricted
  "responsible AI" license the DPGA does not list), or a part the repository declares not
  released — proof, cited;
- needs-review: a part not found (absence is not proof: the evidence says where it was looked
  for, the remediation the dpg.yaml field to state it), or a license no list names;
- pass: all three parts found under approved licenses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec
from msgspec.structs import replace

from dpgcheck.checks import CheckContext
from dpgcheck.checks._ai_parts import (
    PARTS,
    LicenseSource,
    Part,
    find_parts,
    label,
    manifest_field,
    restricted,
    rules,
)
from dpgcheck.facts.licenses.spdx import approve, normalize_expression
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts


LOOKED = {
    "model": "weights files (*.safetensors, *.onnx, *.gguf, *.pt, *.pth, *.h5, *.ckpt, *.tflite, *.joblib; "
    "*.bin and *.pkl in model folders), model cards (README front matter, MODEL_CARD.md), MOF.yaml",
    "code": "training and inference scripts (train*.py, finetune*, *infer*, *predict*, *model*.py) and "
    "notebooks (*.ipynb), MOF.yaml",
    "data": "data files in data/ or dataset/ folders, dataset cards and datasheets, the model card's "
    "`datasets`, MOF.yaml",
}


class Judged(msgspec.Struct, frozen=True):
    """One part's verdict."""

    part: str
    status: Status
    text: str  # "model (weights): CC-BY-4.0 (DPGA approved-license list (data))"
    evidence: tuple[Evidence, ...]
    todo: str | None = None


def _judge_license(source: LicenseSource, kinds: list[str]) -> tuple[Status, str]:
    value = source.value
    hit = restricted(value, source.link)
    if hit is not None:
        return (
            Status.FAIL,
            f"{value}: {hit.get('name')}, a use-restricted license not on the DPGA's list "
            f"({hit.get('source')})",
        )
    hub = {str(k).lower(): str(v) for k, v in (rules().get("hub_ids") or {}).items()}
    spdx = hub.get(value.lower()) or normalize_expression(value)
    if spdx is None:
        return Status.NEEDS_REVIEW, f"{value}: not a recognised license id" + (
            f" ({source.link})" if source.link else ""
        )
    results = [approve(spdx, kind) for kind in kinds]
    chosen = next((r for r in results if r.approved), None)
    if chosen is not None:
        return Status.PASS, f"{spdx} ({chosen.rule})"
    if any(r.explicit for r in results):
        # The part's first kind says why (NC on weights: "not an open license for data").
        return Status.FAIL, f"{spdx}: " + next(r.rule for r in results if r.explicit).rstrip(".")
    return Status.NEEDS_REVIEW, f"{spdx}: " + "; ".join(r.rule for r in results)


def _repository_licenses(facts: Facts, kinds: list[str]) -> list[LicenseSource]:
    """The repository's licenses that cover a part kept in it: its effective licenses, and a
    secondary text approved for the part's kind (a CC-BY-SA-4.0.md beside an MIT LICENSE)."""
    from dpgcheck.checks.dpg2_license import finding_evidence  # dpg2_license calls this module

    found: dict[str, LicenseSource] = {}
    for finding in facts.licenses.project:
        spdx = finding.spdx
        if spdx is None or spdx in found:
            continue
        if spdx in facts.licenses.effective or any(approve(spdx, kind).approved for kind in kinds):
            found[spdx] = LicenseSource(spdx, finding_evidence(finding))
    for spdx in facts.licenses.effective:
        found.setdefault(
            spdx, LicenseSource(spdx, Evidence(kind="metadata", detail=f"repository license {spdx}"))
        )
    return list(found.values())


def judge_part(facts: Facts, part: Part) -> Judged:
    """One part's verdict under its kind's rules (see the module docstring)."""
    kinds = [str(k) for k in rules().get("parts", {}).get(part.name, {}).get("judge_as", [part.name])]
    name = label(part.name)
    field = manifest_field(part.name)
    if part.closed is not None:
        return Judged(
            part.name,
            Status.FAIL,
            f"{name}: declared not released",
            (part.closed, *part.located),
            f"Publish the {name} under an approved open license and state it in dpg.yaml `{field}`; the "
            "DPG Standard 1.1.7 requires it for an AI system (the DPGA is reviewing how this applies to "
            f"data that cannot be shared: {rules().get('data_not_shared_source')}).",
        )
    if not part.found:
        return Judged(
            part.name,
            Status.NEEDS_REVIEW,
            f"{name}: not found",
            (
                Evidence(
                    kind="metadata",
                    detail=f"{name}: looked for {LOOKED[part.name]} and dpg.yaml `{field}`; none found",
                ),
            ),
            f"State where the {name} is published and its license in dpg.yaml `{field}` "
            "(url, license, licenseURL), or add it to the repository with its card.",
        )
    sources = list(part.licenses)
    # No license stated for the part itself: the repository's licenses cover what it holds. For
    # a part kept elsewhere (weights on a model hub) they are no evidence, but a use-restricted
    # model license the repository ships (a Llama LICENSE, a LICENSE-MODEL) is.
    inherited = not sources
    presumed = inherited and not part.inherits_repository
    restricting = [t for t in part.restricted_texts if restricted(t.value, t.link) is not None]
    if inherited:
        sources = ([] if presumed else _repository_licenses(facts, kinds)) + restricting
    if not sources:
        repository = ", ".join(facts.licenses.effective)
        return Judged(
            part.name,
            Status.NEEDS_REVIEW,
            f"{name}: found, license not stated"
            + (" (named, not in the repository)" if part.named_only and not part.located else "")
            + (
                f"; the repository's license ({repository}) covers only the files it holds"
                if repository
                else ""
            ),
            (*part.located, *part.named_only),
            f"State the license of the {name}: `license` in its card's front matter, or dpg.yaml "
            f"`{field}.license` with its licenseURL.",
        )
    judged = [(source, *_judge_license(source, kinds)) for source in sources]
    evidence = [*(s.evidence for s in sources), *part.located, *part.named_only]
    failed = [(s, text) for s, status, text in judged if status is Status.FAIL]
    approved = [text for _, status, text in judged if status is Status.PASS]
    # The repository's licenses each cover some of it: one approved for this kind covers the part.
    if failed and not (inherited and approved):
        return Judged(
            part.name,
            Status.FAIL,
            f"{name}: " + "; ".join(dict.fromkeys(text for _, text in failed)),
            tuple(dict.fromkeys(evidence)),
            f"License the {name} under an approved open license ({' or '.join(kinds)} list"
            + (", OSI-approved" if "software" in kinds else "")
            + ") and state it in its card or dpg.yaml `"
            + field
            + "`.",
        )
    if approved:
        return Judged(part.name, Status.PASS, f"{name}: {approved[0]}", tuple(dict.fromkeys(evidence)))
    return Judged(
        part.name,
        Status.NEEDS_REVIEW,
        f"{name}: " + "; ".join(text for _, _, text in judged),
        tuple(dict.fromkeys(evidence)),
        f"Use a license on the DPGA's list for the {name}, or show a reviewer that it is an open license.",
    )


def ai_license_outcome(facts: Facts, context: CheckContext, base: CheckOutcome) -> CheckOutcome:
    """DPG-2 for an AI system: each part judged, combined with the project-level verdict."""
    parts = find_parts(facts)
    judged = [judge_part(facts, parts[p]) for p in PARTS]
    worst = max(judged, key=lambda j: j.status.severity).status
    summary = "AI system parts: " + "; ".join(j.text for j in judged)
    evidence = tuple(dict.fromkeys(ev for j in judged for ev in j.evidence))
    todos = [j.todo for j in judged if j.todo and j.status is worst]
    others = [t for t in context.asset_types if t != "aimodel"]
    # The project-level verdict still speaks for the other asset types, and a contradicted or
    # refused project license is proof whatever the parts say.
    base_counts = bool(others) or base.status in (Status.FAIL, Status.WARN)
    if base_counts and base.status.severity > worst.severity:
        return replace(base, summary=f"{base.summary}; {summary}", evidence=(*base.evidence, *evidence))
    status = worst
    if others or (base_counts and base.status.severity == worst.severity):
        summary = f"{summary}; {base.summary}"  # what the other asset types got
    remediation = " ".join(dict.fromkeys(todos)) or (base.remediation if base_counts else None)
    return CheckOutcome(status, summary, tuple(dict.fromkeys((*evidence, *base.evidence))), remediation)
