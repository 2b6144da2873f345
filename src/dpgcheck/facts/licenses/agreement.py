"""What the findings add up to: the effective license(s), and the sources that disagree."""

from __future__ import annotations

from msgspec.structs import replace

from dpgcheck.facts.licenses.model import Disagreement, LicenseFinding, base_keys
from dpgcheck.facts.licenses.spdx import approvals

ALL_TYPES = ("software", "content", "data")
BUNDLED = "bundled third-party files"

PORTION = "the license of a portion"
"""Note of a license further down a file that the text between says is a part's, not the project's."""


def questionable(finding: LicenseFinding) -> bool:
    """A secondary or package license worth a reviewer's look: approved for none of the checked
    asset types, and either refused by a rule (NC code, ND, SSPL) or open for no asset type at
    all. A code package's MIT in a content repository is code under a software license: fine."""
    if not finding.spdx or any(a.approved for a in finding.approval.values()):
        return False
    if any(a.explicit for a in finding.approval.values()):
        return True
    return not any(a.approved for a in approvals(finding.spdx, ALL_TYPES).values())


def _covers(expression: str, other: str) -> bool:
    keys = base_keys(other)
    return bool(keys) and keys <= base_keys(expression)


def effective_licenses(
    files: list[LicenseFinding], declared: list[LicenseFinding], asset_types: tuple[str, ...] = ()
) -> list[str]:
    """The project's license(s): manifest expressions, then primary license texts they do not cover.

    Secondary texts (``LICENSE.python``, ``docs/LICENSE``) count only when nothing else names a
    license; headers and README mentions only when neither texts nor manifests do. COPYING with
    the GPL beside COPYING.LESSER with the LGPL is the LGPL's own layout: the project is LGPL.
    A file whose name scopes it to an asset type not being checked (``LICENSE-DATA`` when only
    the software is) does not license what is being checked.
    """
    if asset_types:
        files = [f for f in files if not f.scope or f.scope in asset_types]
    # A file scoped to a checked asset type ("LICENSE-DATA" when the data is checked) is that
    # asset's own license, whatever its name's rank.
    files = [replace(f, primary=True) if f.scope and f.spdx and not f.package else f for f in files]
    effective: list[str] = []
    project_declared = [f.spdx for f in declared if f.spdx and not f.package and f.method == "declared"]
    # A portion's license further down the project's file (see PORTION) is not the project's.
    primary = [f for f in files if f.spdx and not f.package and f.primary and not f.note.startswith(PORTION)]
    if any(f.spdx.startswith("LGPL-") for f in primary if f.spdx):
        primary = [f for f in primary if f.spdx and not f.spdx.startswith("GPL-")]
    project_texts = [f.spdx for f in primary if f.spdx] or (
        [] if project_declared else [f.spdx for f in files if f.spdx and not f.package]
    )
    for spdx in project_declared:
        if spdx not in effective and not any(_covers(e, spdx) for e in effective):
            effective.append(spdx)
    for spdx in project_texts:
        if not any(_covers(e, spdx) for e in effective):
            effective.append(spdx)
    if effective:
        return effective
    for method in ("header", "readme"):
        for finding in declared:
            if (
                finding.method == method
                and finding.spdx
                and not finding.package
                and not any(_covers(e, finding.spdx) for e in effective)
            ):
                effective.append(finding.spdx)
        if effective:
            return effective
    return effective


def _licenses_another_asset(
    finding: LicenseFinding, texts: list[LicenseFinding], asset_types: tuple[str, ...]
) -> bool:
    """Whether ``finding`` is approved for a checked asset type that no license text covers."""
    return any(
        finding.approval.get(asset) is not None
        and finding.approval[asset].approved
        and not any(t.approval.get(asset) is not None and t.approval[asset].approved for t in texts)
        for asset in asset_types
    )


def find_disagreements(
    files: list[LicenseFinding],
    declared: list[LicenseFinding],
    effective: list[str],
    asset_types: tuple[str, ...],
) -> list[Disagreement]:
    """Sources that contradict the license texts, and packages under a non-approved license."""
    found: list[Disagreement] = []
    texts = [f for f in files if f.spdx and not f.package and f.primary]
    text_keys = set().union(*(base_keys(f.spdx) for f in texts if f.spdx))
    for finding in declared:
        if finding.package or not finding.spdx or finding.method == "header":
            continue
        if _licenses_another_asset(finding, texts, asset_types):
            continue  # "the code is BSD, the content CC-BY-NC-SA": a split by asset type
        if text_keys and not (base_keys(finding.spdx) & text_keys):
            found.append(
                Disagreement(
                    f"{finding.source} says {finding.spdx}, but the license text says "
                    + ", ".join(sorted({f.spdx for f in texts if f.spdx})),
                    finding,
                    tuple(texts),
                )
            )
    manifests = [f for f in declared if f.spdx and not f.package and f.method == "declared"]
    if manifests and not found:
        for text in texts:
            if text.note.startswith(PORTION):
                # CKAN's LICENSE.txt: AGPL, then "ckan/lib/pagination.py contains parts of
                # WebHelpers" under BSD: a part's license, not one the manifests must declare.
                continue
            # A data or content license file is not something a package manifest declares.
            if text.spdx and not text.scope and not any(_covers(m.spdx or "", text.spdx) for m in manifests):
                found.append(
                    Disagreement(
                        f"{text.path} holds {text.spdx}, which the package manifests do not declare ("
                        + ", ".join(f"{m.path}: {m.spdx}" for m in manifests)
                        + ")",
                        text,
                        tuple(manifests),
                    )
                )
    project = [f for f in files + declared if f.spdx and not f.package]
    for finding in files:
        if finding.package or finding.primary or not finding.spdx:
            continue
        # A secondary text (bundled code's license) under an approved license is normal; one under
        # a non-approved license is a question for the reviewer.
        if questionable(finding):
            found.append(
                Disagreement(
                    f"{finding.path} holds {finding.spdx}, not approved ({finding.approved_by}), "
                    f"besides the project's {', '.join(effective) or 'license'}",
                    finding,
                    tuple(f for f in project if f is not finding),
                )
            )
    by_package: dict[str, list[LicenseFinding]] = {}
    for finding in files + declared:
        if finding.package and finding.spdx:
            by_package.setdefault(finding.package, []).append(finding)
    for package, findings in sorted(by_package.items()):
        refused: set[str] = set()
        for finding in findings:
            if questionable(finding) and finding.spdx not in refused:
                refused.add(finding.spdx or "")
                what = "bundled files in {} are" if finding.note.startswith(BUNDLED) else "package {} is"
                found.append(
                    Disagreement(
                        f"{what.format(package)} under {finding.spdx}, not approved for "
                        f"{', '.join(asset_types)} ({finding.approved_by})",
                        finding,
                        tuple(project),
                    )
                )
        package_texts = {k for f in findings if f.method == "text" and f.spdx for k in base_keys(f.spdx)}
        for finding in findings:
            if (
                finding.method == "declared"
                and finding.spdx
                and package_texts
                and not base_keys(finding.spdx) & package_texts
            ):
                others = tuple(f for f in findings if f.method == "text")
                found.append(
                    Disagreement(
                        f"package {package}: {finding.source} says {finding.spdx}, but its license text "
                        f"says {', '.join(sorted({f.spdx for f in others if f.spdx}))}",
                        finding,
                        others,
                    )
                )
    header_ids = [f for f in declared if f.method == "header" and not f.package and questionable(f)]
    for finding in header_ids:
        found.append(
            Disagreement(
                f"source files carry {finding.spdx}, not approved ({finding.approved_by})",
                finding,
                tuple(project),
            )
        )
    return found
