"""The parts of an AI system, each located and its license found, for the aimodel checks.

A part (model weights, code, training data) is found in the repository (files, cards, a Model
Openness Framework file) or stated in dpg.yaml ``aiSystem``; its license is, in order, the one
dpg.yaml states for it, the MOF file's, the card's, and for files in the repository the
repository's own license. The catalog's rules are in indicators/data/ai-systems.yaml.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

import msgspec

from dpgcheck.catalog import data_file
from dpgcheck.facts.ai_components import AiComponents, part_of_file
from dpgcheck.model import Evidence

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

PARTS = ("model", "code", "data")
_MANIFEST_KEY = {"model": "model", "code": "code", "data": "trainingData"}


@cache
def rules() -> dict[str, Any]:
    """The catalog's AI-system rules (indicators/data/ai-systems.yaml)."""
    loaded = data_file("ai-systems.yaml")
    return loaded if isinstance(loaded, dict) else {}


def label(part: str) -> str:
    """How a part is named to the user: "model (weights)", "training data"."""
    return str(rules().get("parts", {}).get(part, {}).get("label", part))


def manifest_field(part: str) -> str:
    """Where dpg.yaml states a part: ``aiSystem.trainingData``."""
    return f"aiSystem.{_MANIFEST_KEY[part]}"


class LicenseSource(msgspec.Struct, frozen=True):
    """A license stated for a part: its text and where it is stated."""

    value: str
    evidence: Evidence
    link: str | None = None  # license_name / license_link of a card, for "other"


class Part(msgspec.Struct, frozen=True):
    """What was found of one part: where it is, the license stated for it, a closing statement."""

    name: str
    located: tuple[Evidence, ...] = ()
    licenses: tuple[LicenseSource, ...] = ()
    named_only: tuple[Evidence, ...] = ()  # named (card `datasets:`) but neither in the repo nor licensed
    closed: Evidence | None = None  # the repository says it is not released
    inherits_repository: bool = False  # files in the repository: its own license covers them
    restricted_texts: tuple[LicenseSource, ...] = ()  # unrecognised license texts that may cover it

    @property
    def found(self) -> bool:
        """Whether anything shows this part exists."""
        return bool(self.located or self.licenses or self.named_only or self.closed)


def _manifest_part(facts: Facts, part: str) -> tuple[list[Evidence], list[LicenseSource]]:
    manifest = facts.manifest
    if manifest is None:
        return [], []
    key = _MANIFEST_KEY[part]
    located: list[Evidence] = []
    licenses: list[LicenseSource] = []
    url = manifest.get("aiSystem", key, "url")
    if isinstance(url, str) and url.strip() and not url.startswith("TODO"):
        ev = manifest.evidence(f"{label(part)} published at {url.strip()}", "aiSystem", key, "url")
        located.append(
            Evidence(kind="manifest", path=ev.path, line=ev.line, url=url.strip(), detail=ev.detail)
        )
    value = manifest.get("aiSystem", key, "license")
    if isinstance(value, str) and value.strip() and not value.startswith("TODO"):
        link = manifest.get("aiSystem", key, "licenseURL")
        licenses.append(
            LicenseSource(
                value.strip(),
                manifest.evidence(
                    f"{label(part)} license declared: {value.strip()}", "aiSystem", key, "license"
                ),
                str(link) if isinstance(link, str) else None,
            )
        )
    return located, licenses


def _card_licenses(ai: AiComponents, kind: str, part: str) -> list[LicenseSource]:
    found: list[LicenseSource] = []
    cards = ai.model_cards() if kind == "model" else ai.dataset_cards()
    for card in cards:
        if card.license is None:
            continue
        extra = " ".join(s.value for s in (card.license_name, card.license_link) if s is not None)
        what = "model card" if kind == "model" else "dataset card"
        found.append(
            LicenseSource(
                card.license.value,
                Evidence(
                    kind="file",
                    path=card.path,
                    line=card.license.line,
                    detail=f"{label(part)}: {what} license: {card.license.value}"
                    + (f" ({extra})" if extra else ""),
                ),
                extra or None,
            )
        )
    return found


def _mof(ai: AiComponents, part: str) -> tuple[list[Evidence], list[LicenseSource]]:
    located: list[Evidence] = []
    licenses: list[LicenseSource] = []
    for component in ai.mof:
        if component.part != part:
            continue
        detail = f"{label(part)}: MOF component '{component.name}'"
        if component.license:
            licenses.append(
                LicenseSource(
                    component.license,
                    Evidence(
                        kind="file",
                        path=component.path,
                        line=component.line,
                        detail=f"{detail}, license {component.license}",
                    ),
                )
            )
        else:
            located.append(Evidence(kind="file", path=component.path, line=component.line, detail=detail))
    return located, licenses


def find_parts(facts: Facts) -> dict[str, Part]:
    """Each part of the AI system as the repository and dpg.yaml show it."""
    ai = facts.ai or AiComponents()
    found: dict[str, Part] = {}
    for part in PARTS:
        located, licenses = _manifest_part(facts, part)
        mof_located, mof_licenses = _mof(ai, part)
        located += mof_located
        licenses += mof_licenses
        files = {"model": ai.weights, "code": ai.code, "data": ai.data}[part]
        located += [
            Evidence(kind="file", path=f.path, line=f.line, detail=f"{label(part)}: {f.detail}")
            for f in files[:5]
        ]
        named: list[Evidence] = []
        if part == "model":
            licenses += _card_licenses(ai, "model", part)
            located += [
                Evidence(kind="file", path=c.path, line=1, detail=f"{label(part)}: model card")
                for c in ai.model_cards()[:2]
            ]
        elif part == "data":
            licenses += _card_licenses(ai, "dataset", part)
            located += [
                Evidence(kind="file", path=c.path, line=1, detail=f"{label(part)}: dataset card or datasheet")
                for c in ai.dataset_cards()[:2]
            ]
            named = [
                Evidence(
                    kind="file",
                    path=d.path,
                    line=d.line,
                    detail=f"{label(part)}: the model card names dataset {d.value}",
                )
                for card in ai.model_cards()
                for d in card.datasets[:5]
            ]
        elif part == "code" and not licenses and not facts.licenses.effective:
            # A Hugging Face repository states its license in the card alone: it covers the code too.
            licenses += _card_licenses(ai, "model", part)
        licenses += [
            LicenseSource(
                s.value, Evidence(kind="file", path=s.path, line=s.line, detail=f"{label(part)}: {s.value}")
            )
            for p, s in ai.stated_licenses
            if p == part
        ]
        # A license file named for this part (DATA_LICENSE, LICENSE-MODEL, WEIGHT_DIFF_LICENSE).
        licenses += [
            LicenseSource(
                f.spdx,
                Evidence(
                    kind="file", path=f.path, line=f.line, detail=f"{label(part)}: license file, {f.spdx}"
                ),
            )
            for f in facts.licenses.all
            if f.spdx and f.method == "text" and not f.package and part_of_file(f.path) == part
        ]
        titles = tuple(
            LicenseSource(
                f"the license text in {s.path}",
                Evidence(kind="file", path=s.path, line=s.line, detail=f"license text: {s.value[:120]}"),
                s.value,
            )
            for p, s in ai.license_titles
            if p in ("", part)
        )
        closed = next(
            (
                Evidence(
                    kind="file",
                    path=s.path,
                    line=s.line,
                    detail=f"{label(part)} declared not released: {s.value}",
                )
                for p, s in ai.closed
                if p == part
            ),
            None,
        )
        found[part] = Part(part, tuple(located), tuple(licenses), tuple(named), closed, bool(files), titles)
    return found


def restricted(value: str, link: str | None) -> dict[str, str] | None:
    """The catalog's use-restricted license entry ``value`` (or its name / link) matches, if any."""
    text = f"{value} {link or ''}".lower()
    listed = {str(x).lower() for x in rules().get("dpga_listed") or []}
    if value.lower() in listed:
        return None
    for entry in rules().get("use_restricted") or []:
        if re.search(str(entry.get("pattern", "$^")), text):
            return {k: str(v) for k, v in entry.items()}
    return None
