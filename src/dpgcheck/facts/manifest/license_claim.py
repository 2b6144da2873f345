"""The licenses a project declares (dpg.yaml ``license``, publiccode.yml ``legal.license``)
against those the repository shows: agreeing, contradicted, disagreeing sources, or out of date.

DPG-2 judges the claim; the application draft quotes it.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec
from msgspec.structs import replace

from dpgcheck.facts.licenses.detect import LicenseFacts, LicenseFinding
from dpgcheck.facts.licenses.model import base_keys
from dpgcheck.facts.licenses.spdx import normalize_expression
from dpgcheck.facts.manifest.claims import (
    DeclaredLocation,
    PathIndex,
    StaleClaim,
    declared_locations,
    stale_claims,
)
from dpgcheck.facts.manifest.model import Manifest
from dpgcheck.facts.manifest.publiccode import PublicCode
from dpgcheck.model import Evidence


class LicenseClaim(msgspec.Struct, frozen=True):
    """The licenses a project declares (dpg.yaml, publiccode.yml) against those detected."""

    declared: tuple[tuple[str, Evidence], ...]
    detected: tuple[LicenseFinding, ...]
    unmatched: tuple[tuple[str, Evidence], ...]  # declared, but no detected license agrees
    missing_texts: tuple[Evidence, ...]  # licenseURL paths that are not in the repository
    # licenseURL paths that moved (LICENSE → LICENSE.md, or the declared license's text is now
    # docs/LICENSE): the manifest line's evidence, and the file's current path.
    stale_texts: tuple[StaleClaim, ...] = ()
    # Declared licenses whose licenseURL points only outside this repository (the product site,
    # another repository of the product): a claim about elsewhere, which this repository cannot
    # contradict.
    elsewhere: tuple[tuple[str, Evidence], ...] = ()

    @property
    def contradicted(self) -> bool:
        """Whether the repository contradicts the declaration: none of the declared licenses is
        the repository's, or a declared license text is missing. When some declared license is
        found, the others may license parts kept elsewhere (content on the product site, another
        repository of the same product): that is ``partly_elsewhere``, not a contradiction."""
        none_found = bool(self.unmatched) and len(self.unmatched) == len(self.declared)
        about_here = any(item not in self.elsewhere for item in self.unmatched)
        return (none_found and about_here) or bool(self.missing_texts)

    @property
    def disagrees(self) -> tuple[tuple[str, Evidence], ...]:
        """Declared licenses evidenced only outside this repository while the repository ships
        another: sources disagree (a warning), not a contradiction."""
        none_found = bool(self.unmatched) and len(self.unmatched) == len(self.declared)
        return self.unmatched if none_found and not self.contradicted else ()

    @property
    def partly_elsewhere(self) -> tuple[tuple[str, Evidence], ...]:
        """Declared licenses not found here while another declared one is."""
        return () if self.contradicted or self.disagrees else self.unmatched


def license_claim(
    manifest: Manifest | None,
    publiccode: PublicCode | None,
    licenses: LicenseFacts,
    files: PathIndex,
    repo_urls: Sequence[str],
) -> LicenseClaim | None:
    """Compare the declared licenses with the detected ones; None when nothing is declared."""
    declared: list[tuple[str, Evidence]] = []
    missing_texts: list[Evidence] = []
    stale_texts: list[StaleClaim] = []
    elsewhere: list[tuple[str, Evidence]] = []
    if manifest is not None and isinstance(manifest.get("license"), list):
        for index, entry in enumerate(manifest.get("license")):
            if not isinstance(entry, dict):
                continue
            raw = str(entry.get("spdx") or "").strip()
            locations = declared_locations(manifest, files, repo_urls, "license", index, "licenseURL")
            if raw:
                spdx = normalize_expression(raw) or raw
                item = (spdx, manifest.evidence(f"declares license {raw}", "license", index, "spdx"))
                declared.append(item)
                if locations and all(loc.exists is None for loc in locations):
                    elsewhere.append(item)
            for location in locations:
                if location.missing:
                    location = _license_text_elsewhere(location, raw, licenses)
                if location.missing:
                    missing_texts.append(location.evidence(manifest, "license text"))
                else:
                    stale_texts += stale_claims(manifest, [location], "license text")
    if publiccode is not None and publiccode.license:
        spdx = normalize_expression(publiccode.license) or publiccode.license
        declared.append(
            (
                spdx,
                publiccode.evidence(f"publiccode.yml declares license {publiccode.license}", "legal.license"),
            )
        )
    if not declared and not missing_texts and not stale_texts:
        return None
    detected = tuple(f for f in licenses.files if f.spdx) or tuple(f for f in licenses.declared if f.spdx)
    # Any statement of the project's own (a text, a package manifest, the README) that names the
    # declared license corroborates it: the sources then disagree, they do not contradict.
    # The claim's own files (publiccode.yml, the manifest) do not corroborate it.
    claimed_in = {"publiccode.yml", "publiccode.yaml", manifest.path if manifest is not None else ""}
    stated = [f for f in licenses.project if f.spdx and f.path not in claimed_in] or list(detected)
    known = set().union(*(base_keys(f.spdx) for f in stated if f.spdx))
    unmatched = tuple((spdx, ev) for spdx, ev in declared if known and not (base_keys(spdx) & known))
    return LicenseClaim(
        tuple(declared), detected, unmatched, tuple(missing_texts), tuple(stale_texts), tuple(elsewhere)
    )


def _license_text_elsewhere(
    location: DeclaredLocation, declared: str, licenses: LicenseFacts
) -> DeclaredLocation:
    """A licenseURL whose file is gone, while the repository ships the declared license's text
    under another name or folder (``LICENSE.txt`` declared, ``COPYING`` or ``docs/LICENSE`` holds
    the same license): the claim is out of date, not contradicted."""
    keys = base_keys(normalize_expression(declared) or declared) if declared else set()
    texts = [f for f in licenses.files if f.spdx and f.method == "text" and f.path != location.path]
    same = [f for f in texts if keys and base_keys(f.spdx or "") & keys] or ([] if keys else texts)
    if not same:
        return location
    return replace(location, moved_to=min(same, key=lambda f: (f.path.count("/"), f.path)).path)
