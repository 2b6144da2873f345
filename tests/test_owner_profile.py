"""DPG-3's information: the owner's organisation type and country, contributor agreements, rights."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpgcheck.facts.manifest.publiccode import read_publiccode
from dpgcheck.facts.owner_profile import AGREEMENT, COUNTRY, OWNER_TYPE, read_owner_profile
from dpgcheck.init_manifest import draft_manifest
from dpgcheck.model import INFO, Status
from dpgcheck.sources.local import open_local
from tests.checkutil import run_check


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _profile(root: Path, contributing: tuple[str, ...] = ()) -> list[tuple[str, str, str | None, int | None]]:
    snapshot = open_local(str(root))
    readme = "README.md" if (root / "README.md").is_file() else None
    text = (root / "README.md").read_text(encoding="utf-8") if readme else ""
    profile = read_owner_profile(snapshot, read_publiccode(snapshot), readme, text, contributing)
    return [(s.field, s.value, s.path, s.line) for s in (*profile.statements, *profile.agreements)]


@pytest.mark.parametrize(
    ("readme", "expected"),
    [
        (
            "# Acme\n\nAcme Health is a non-profit organisation based in Nairobi, Kenya.\n",
            [
                (OWNER_TYPE, "non-profit (non-profit organisation)", "README.md", 3),
                (COUNTRY, "Kenya", "README.md", 3),
            ],
        ),
        (
            "# Tool\nThe Ministry of Health is a government agency based in Rwanda.\n",
            [
                (OWNER_TYPE, "government (government agency)", "README.md", 2),
                (COUNTRY, "Rwanda", "README.md", 2),
            ],
        ),
        # A type without a place: the type only; a place that is no country: no country.
        (
            "# T\nWe are a social enterprise.\n",
            [(OWNER_TYPE, "private sector (social enterprise)", "README.md", 2)],
        ),
        (
            "# T\nFoo is a private company based in springfield.\n",
            [(OWNER_TYPE, "private sector (private company)", "README.md", 2)],
        ),
        # Not an organisation: nothing (conservative).
        ("# T\nThis is a research project based in Kenya.\n", []),
        ("# T\nIt is an open source tool for farmers in Kenya.\n", []),
    ],
)
def test_readme_statements(tmp_path: Path, readme: str, expected: list[tuple[str, str, str, int]]) -> None:
    assert _profile(_write(tmp_path, {"README.md": readme})) == expected


def test_publiccode_owners_maintenance_and_an_italian_public_administration(tmp_path: Path) -> None:
    publiccode = (
        "publiccodeYmlVersion: '0.2'\nname: x\nlegal:\n  license: AGPL-3.0-or-later\n"
        "  mainCopyrightOwner: Comune di Roma\nmaintenance:\n  type: internal\n"
        "it:\n  riuso:\n    codiceIPA: c_h501\n"
    )
    found = _profile(_write(tmp_path, {"publiccode.yml": publiccode}))
    assert ("owner", "Comune di Roma", "publiccode.yml", 5) in found
    assert ("maintenance", "internal", "publiccode.yml", 7) in found
    assert (OWNER_TYPE, "government", "publiccode.yml", 10) in found
    assert (COUNTRY, "Italy", "publiccode.yml", 10) in found


def test_citation_affiliation_and_country_code(tmp_path: Path) -> None:
    cff = (
        "cff-version: 1.2.0\ntitle: x\nauthors:\n  - family-names: Doe\n    given-names: Jane\n"
        "    affiliation: University of Nairobi\n    country: KE\n  - name: Bad\n    country: ZZ\n"
    )
    assert _profile(_write(tmp_path, {"CITATION.cff": cff})) == [
        ("affiliation", "University of Nairobi", "CITATION.cff", 6),
        (COUNTRY, "Kenya", "CITATION.cff", 7),
    ]


def test_a_broken_citation_file_is_no_statement(tmp_path: Path) -> None:
    assert _profile(_write(tmp_path, {"CITATION.cff": "authors: [\n"})) == []


@pytest.mark.parametrize(
    ("files", "contributing", "expected"),
    [
        ({"CLA.md": "# CLA\n"}, (), [(AGREEMENT, "Contributor License Agreement", "CLA.md", None)]),
        (
            {".github/dco.yml": "require: {members: false}\n"},
            (),
            [(AGREEMENT, "Developer Certificate of Origin", ".github/dco.yml", None)],
        ),
        (
            {
                ".github/workflows/cla.yml": "jobs:\n  cla:\n    steps:\n"
                "      - uses: contributor-assistant/github-action@v2\n"
            },
            (),
            [(AGREEMENT, "Contributor License Agreement", ".github/workflows/cla.yml", 4)],
        ),
        (
            {"CONTRIBUTING.md": "# Contributing\n\nEvery commit needs a Signed-off-by line.\n"},
            ("CONTRIBUTING.md",),
            [(AGREEMENT, "Developer Certificate of Origin", "CONTRIBUTING.md", 3)],
        ),
        (
            {"CONTRIBUTING.md": "# Contributing\nYou must sign our Contributor License Agreement.\n"},
            ("CONTRIBUTING.md",),
            [(AGREEMENT, "Contributor License Agreement", "CONTRIBUTING.md", 2)],
        ),
        # None: a guide that asks for nothing, a CLA template in a vendored folder.
        ({"CONTRIBUTING.md": "# Contributing\nOpen a pull request.\n"}, ("CONTRIBUTING.md",), []),
        ({"vendor/lib/CLA.md": "x"}, (), []),
    ],
)
def test_contributor_agreements(
    tmp_path: Path, files: dict[str, str], contributing: tuple[str, ...], expected: list[object]
) -> None:
    assert _profile(_write(tmp_path, files), contributing) == expected


def _info(outcome_evidence: tuple[object, ...]) -> list[str]:
    return [e.detail for e in outcome_evidence if getattr(e, "kind", None) == INFO]  # type: ignore[attr-defined]


def test_dpg3_reports_them_as_information_never_as_a_verdict(tmp_path: Path) -> None:
    files = {
        "LICENSE": "Copyright 2024 Acme Health\n\nPermission is hereby granted, free of charge, ...\n",
        "README.md": "# Acme\n\nAcme Health is a non-profit organisation based in Nairobi, Kenya.\n",
        "CLA.md": "# Contributor License Agreement\n",
    }
    with_info = run_check(_write(tmp_path / "a", files), "clear_ownership")
    without = run_check(_write(tmp_path / "b", {"LICENSE": files["LICENSE"]}), "clear_ownership")
    assert with_info.status is without.status is Status.PASS
    info = _info(with_info.evidence)
    assert info[:2] == [
        "owner's organisation type: non-profit (non-profit organisation) — the README: Acme Health is a "
        "non-profit organisation based in Nairobi, Kenya.",
        "owner's country: Kenya — the README: Acme Health is a non-profit organisation based in "
        "Nairobi, Kenya.",
    ]
    assert (
        info[2] == "code: contributions come under a Contributor License Agreement — Contributor License "
        "Agreement file"
    )
    absent = _info(without.evidence)
    assert absent[0].startswith("owner's organisation type and country: not stated (searched dpg.yaml")
    assert absent[1].startswith("code: no contributor agreement (CLA or DCO) found")
    # Nothing found is no reason for review: a repository without any of it still passes.
    nothing = run_check(_write(tmp_path / "c", {"README.md": "# x\n"}), "clear_ownership")
    assert nothing.status is Status.NEEDS_REVIEW  # no owner named: the existing rule, unchanged
    assert "organisation type" not in nothing.summary


def test_declared_fields_and_the_rights_of_each_asset_type(tmp_path: Path) -> None:
    manifest = (
        "name: x\ntype: [software, data]\nclearOwnership:\n  isOwnershipExplicit: 'Yes'\n"
        "  ownerOrganisationType: Government\n  ownerCountry: Sierra Leone\n  ownsAllAssets: 'No'\n"
        "  redistributionRights: https://example.org/data-sharing-agreement\n"
        "organizations:\n  - name: Ministry of Health\n    org_type: owner\n"
    )
    root = _write(tmp_path, {"dpg.yaml": manifest})
    outcome = run_check(root, "clear_ownership", ("software", "data"))
    assert outcome.status is Status.PASS
    info = {(e.detail, e.path, e.line) for e in outcome.evidence if e.kind == INFO}
    assert ("owner's organisation type: Government (declared)", "dpg.yaml", 5) in info
    assert ("owner's country: Sierra Leone (declared)", "dpg.yaml", 6) in info
    assert ("owns all of the code, content and data: No (declared)", "dpg.yaml", 7) in info
    details = " ".join(d for d, _, _ in info)
    assert "not stated" not in details  # declared: nothing asked again
    # Undeclared for data: the line says where to state it.
    bare = run_check(_write(tmp_path / "bare", {"README.md": "# x\n"}), "clear_ownership", ("data",))
    assert any(
        "data: whether all of it is owned or licensed for redistribution is not stated" in d
        for d in _info(bare.evidence)
    )


def test_init_drafts_the_stated_type_and_country_and_only_a_comment_otherwise(tmp_path: Path) -> None:
    stated = _write(tmp_path / "a", {"README.md": "# A\nAcme is a non-profit organisation based in Kenya.\n"})
    text = draft_manifest(str(stated)).text
    assert (
        'ownerOrganisationType: "non-profit"  # from README.md:2' in text
        or "ownerOrganisationType: non-profit  # from README.md:2" in text
    )
    assert (
        "ownerCountry: Kenya  # from README.md:2" in text
        or 'ownerCountry: "Kenya"  # from README.md:2' in text
    )
    silent = draft_manifest(str(_write(tmp_path / "b", {"README.md": "# B\n"}))).text
    assert "ownerOrganisationType" in silent and "TODO: owner" not in silent
    assert "# ownerOrganisationType (non-profit" in silent
