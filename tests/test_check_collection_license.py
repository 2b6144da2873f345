"""DPG-2 for data and content: every part of the collection must be openly licensed (1.1.7, #186).

Small repositories built here: a fully open data set, one with a sub-folder under CC-BY-ND, a
data package whose resource names its own license, REUSE sidecars, NonCommercial content with
the catalog's switch both ways.
"""

from __future__ import annotations

import json

import pytest

from dpgcheck.checks import _license_parts
from dpgcheck.checks._license_parts import NoncommercialRule, Source, noncommercial_rule
from dpgcheck.model import Status
from tests.checkutil import evidence_at, run_check
from tests.conftest import license_text

CHECK = "open_license"
CSV = "id,name\n1,a\n"


def _datapackage(package: list[str] | None, resources: dict[str, list[str] | None]) -> str:
    data: dict[str, object] = {"name": "x"}
    if package is not None:
        data["licenses"] = [{"name": name} for name in package]
    data["resources"] = [
        {"path": path, **({"licenses": [{"name": n} for n in names]} if names else {})}
        for path, names in resources.items()
    ]
    return json.dumps(data, indent=2)


def test_fully_open_data_set_passes_with_its_parts_cited(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "LICENSE": license_text("CC-BY-4.0"),
            "data/raw/LICENSE": license_text("ODbL-1.0"),
            "data/raw/a.csv": CSV,
            "datapackage.json": _datapackage(["CC-BY-4.0"], {"data/raw/a.csv": ["ODbL-1.0"]}),
        }
    )
    outcome = run_check(repo, CHECK, ("data",))
    assert outcome.status is Status.PASS, outcome.summary
    assert "ODbL-1.0" in evidence_at(outcome, "data/raw/LICENSE", 1, "sub-folder license")
    assert "datapackage.json resource" in evidence_at(
        outcome, "datapackage.json", containing="data/raw/a.csv"
    )


def test_a_sub_folder_under_no_derivatives_fails_naming_it(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "LICENSE": license_text("CC-BY-4.0"),
            "data/LICENSE": license_text("CC-BY-4.0"),
            "data/open.csv": CSV,
            "data/partner/LICENSE": license_text("CC-BY-ND-4.0"),
            "data/partner/survey.csv": CSV,
        }
    )
    outcome = run_check(repo, CHECK, ("data",))
    assert outcome.status is Status.FAIL
    assert "data/partner" in outcome.summary and "CC-BY-ND-4.0" in outcome.summary
    assert "NoDerivatives" in evidence_at(outcome, "data/partner/LICENSE", 1)
    assert outcome.remediation and "data/partner" in outcome.remediation
    # Without that folder, the same repository passes: the part is what failed it.
    repo = make_repo({"LICENSE": license_text("CC-BY-4.0"), "data/open.csv": CSV})
    assert run_check(repo, CHECK, ("data",)).status is Status.PASS


def test_a_resource_level_license_that_refuses_fails(make_repo) -> None:  # type: ignore[no-untyped-def]
    package = _datapackage(["ODbL-1.0"], {"a.csv": None, "b.csv": ["CC-BY-NC-4.0"]})
    repo = make_repo(
        {"LICENSE": license_text("ODbL-1.0"), "datapackage.json": package, "a.csv": CSV, "b.csv": CSV}
    )
    outcome = run_check(repo, CHECK, ("data",))
    assert outcome.status is Status.FAIL
    assert "b.csv" in outcome.summary and "CC-BY-NC-4.0" in outcome.summary
    line = package.splitlines().index('      "path": "b.csv",') + 1
    assert evidence_at(outcome, "datapackage.json", containing="b.csv")
    assert any(item.line and item.line > line for item in outcome.evidence if item.path == "datapackage.json")


def test_a_resource_without_any_license_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    package = _datapackage(None, {"a.csv": ["CC0-1.0"], "b.csv": None})
    repo = make_repo(
        {"LICENSE": license_text("CC0-1.0"), "datapackage.json": package, "a.csv": CSV, "b.csv": CSV}
    )
    outcome = run_check(repo, CHECK, ("data",))
    assert outcome.status is Status.NEEDS_REVIEW
    assert "b.csv" in outcome.summary and "no license" in outcome.summary
    assert outcome.remediation and "datapackage.json" in outcome.remediation


def test_a_package_license_covers_a_data_set_without_a_license_file(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"datapackage.json": _datapackage(["ODC-By-1.0"], {"a.csv": None}), "a.csv": CSV})
    outcome = run_check(repo, CHECK, ("data",))
    assert outcome.status is Status.PASS
    assert "ODC-By-1.0" in outcome.summary and "datapackage.json" in outcome.summary
    # Absent metadata, the same data set is a question for a reviewer, not a pass.
    assert run_check(make_repo({"a.csv": CSV}), CHECK, ("data",)).status is Status.NEEDS_REVIEW


def test_reuse_sidecars_and_dep5_license_single_files(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "LICENSE": license_text("CC-BY-4.0"),
        "images/map.png": b"\x89PNG",
        "images/map.png.license": "SPDX-FileCopyrightText: 2024 X\nSPDX-License-Identifier: CC-BY-SA-4.0\n",
        "images/logo.png": b"\x89PNG",
        "images/logo.png.license": "SPDX-License-Identifier: LicenseRef-Proprietary\n",
    }
    outcome = run_check(make_repo(files), CHECK, ("content",))
    assert outcome.status is Status.FAIL
    assert "images/logo.png" in outcome.summary
    assert evidence_at(outcome, "images/logo.png.license", 1)
    del files["images/logo.png.license"], files["images/logo.png"]
    outcome = run_check(make_repo(files), CHECK, ("content",))
    assert outcome.status is Status.PASS
    assert "CC-BY-SA-4.0" in evidence_at(outcome, "images/map.png.license", 2)
    dep5 = "Format: x\n\nFiles: lessons/*\nCopyright: X\nLicense: CC-BY-ND-4.0\n"
    outcome = run_check(
        make_repo({"LICENSE": license_text("CC-BY-4.0"), ".reuse/dep5": dep5}), CHECK, ("content",)
    )
    assert outcome.status is Status.FAIL
    assert evidence_at(outcome, ".reuse/dep5", 5)


def test_reuse_toml_and_an_unrecognised_part_need_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    toml = '[[annotations]]\npath = "videos/**"\nSPDX-License-Identifier = "LicenseRef-Partner-Terms"\n'
    outcome = run_check(
        make_repo({"LICENSE": license_text("CC-BY-4.0"), "REUSE.toml": toml}), CHECK, ("content",)
    )
    assert outcome.status is Status.NEEDS_REVIEW
    assert "videos/**" in outcome.summary
    assert evidence_at(outcome, "REUSE.toml", 3)


def test_spdx_headers_of_data_files_are_parts(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "LICENSE": license_text("CC0-1.0"),
            "rates.csv": "# SPDX-License-Identifier: CC-BY-NC-SA-4.0\n" + CSV,
        }
    )
    outcome = run_check(repo, CHECK, ("data",))
    assert outcome.status is Status.FAIL
    assert "rates.csv" in outcome.summary


def test_software_folders_are_not_judged_as_the_collection(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "LICENSE": license_text("CC-BY-4.0"),
            "scripts/LICENSE": license_text("MIT"),
            "scripts/clean.py": "x = 1\n",
        }
    )
    assert run_check(repo, CHECK, ("data",)).status is Status.PASS


def test_non_commercial_content_follows_the_catalog_switch(
    make_repo, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"LICENSE": license_text("CC-BY-NC-SA-4.0"), "lessons/one.md": "# One\n"})
    # Default: the Standard's text (accepted), warned with both sources cited.
    assert noncommercial_rule().accepted is True
    outcome = run_check(repo, CHECK, ("content",))
    assert outcome.status is Status.WARN
    assert "CC-BY-NC-SA-4.0 forbids commercial use" in outcome.summary
    urls = {item.url for item in outcome.evidence if item.kind == "url"}
    assert "https://github.com/DPGAlliance/DPG-Standard/blob/main/standard.md" in urls
    assert "https://github.com/DPGAlliance/dpg-standard/issues/186" in urls
    # The switch set the other way: NonCommercial content is refused, naming the file.
    refuse = NoncommercialRule(False, Source("https://standard", "s"), (Source("https://guidance", "g"),))
    monkeypatch.setattr(_license_parts, "noncommercial_rule", lambda: refuse)
    outcome = run_check(repo, CHECK, ("content",))
    assert outcome.status is Status.FAIL
    assert "LICENSE" in outcome.summary and "NonCommercial" in outcome.summary
    assert {"https://standard", "https://guidance"} <= {item.url for item in outcome.evidence if item.url}
    # A fully open collection is untouched by the switch.
    open_repo = make_repo({"LICENSE": license_text("CC-BY-4.0"), "lessons/one.md": "# One\n"})
    assert run_check(open_repo, CHECK, ("content",)).status is Status.PASS


def test_non_commercial_on_a_content_part_warns_by_default(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "LICENSE": license_text("CC-BY-4.0"),
            "stories/LICENSE": license_text("CC-BY-NC-4.0"),
            "stories/one.md": "# One\n",
        }
    )
    outcome = run_check(repo, CHECK, ("content",))
    assert outcome.status is Status.WARN
    assert "CC-BY-NC-4.0" in evidence_at(outcome, "stories/LICENSE", 1)


def test_software_alone_reads_no_parts(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"LICENSE": license_text("MIT"), "data/LICENSE": license_text("CC-BY-ND-4.0")})
    outcome = run_check(repo, CHECK, ("software",))
    # Software keeps its own rule (a bundled folder under a refused license warns): no collection fail.
    assert outcome.status is Status.WARN
    assert "Not all of" not in outcome.summary
    assert run_check(repo, CHECK, ("data",)).status is Status.FAIL


CROISSANT = {
    "@context": {"@vocab": "https://schema.org/", "cr": "http://mlcommons.org/croissant/"},
    "@type": "sc:Dataset",
    "name": "clinics",
    "license": "https://creativecommons.org/licenses/by-nd/4.0/",
}


def test_croissant_csvw_and_citation_licenses_are_parts(make_repo) -> None:  # type: ignore[no-untyped-def]
    base = {"LICENSE": license_text("CC-BY-4.0"), "a.csv": CSV}
    outcome = run_check(
        make_repo({**base, "croissant.json": json.dumps(CROISSANT, indent=1)}), CHECK, ("data",)
    )
    assert outcome.status is Status.FAIL
    assert "Croissant metadata" in outcome.summary and "CC-BY-ND-4.0" in outcome.summary
    assert evidence_at(outcome, "croissant.json", 8)  # the line of the license value
    schema_org = {
        **CROISSANT,
        "@context": "https://schema.org/",
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }
    outcome = run_check(make_repo({**base, "dataset.jsonld": json.dumps(schema_org)}), CHECK, ("data",))
    assert outcome.status is Status.PASS
    assert "schema.org Dataset" in evidence_at(outcome, "dataset.jsonld", 1)
    csvw = {
        "@context": "http://www.w3.org/ns/csvw",
        "dc:license": {"@id": "http://opendatacommons.org/licenses/odbl/1.0/"},
        "tables": [{"url": "a.csv"}, {"url": "b.csv", "dc:license": {"@id": "https://example.org/terms"}}],
    }
    outcome = run_check(
        make_repo({**base, "csv-metadata.json": json.dumps(csvw, indent=1)}), CHECK, ("data",)
    )
    assert outcome.status is Status.NEEDS_REVIEW
    assert "b.csv" in outcome.summary
    citation = "cff-version: 1.2.0\ntitle: x\nlicense: CC-BY-NC-ND-4.0\n"
    outcome = run_check(make_repo({**base, "CITATION.cff": citation}), CHECK, ("content",))
    assert outcome.status is Status.FAIL
    assert evidence_at(outcome, "CITATION.cff", 3)


def test_a_readme_license_confirmed_by_the_data_package_passes(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = (
        "# Cases\n\n## License\n\nThis dataset is licensed under the Open Data Commons [Public Domain and "
        "Dedication License][pddl].\n\n[pddl]: https://www.opendatacommons.org/licenses/pddl/1-0/\n"
    )
    files = {"README.md": readme, "a.csv": CSV}
    assert run_check(make_repo(files), CHECK, ("data",)).status is Status.WARN  # only in the README
    package = json.dumps({"name": "x", "licenses": [{"name": "odc-pddl"}], "resources": [{"path": "a.csv"}]})
    outcome = run_check(make_repo({**files, "datapackage.json": package}), CHECK, ("data",))
    assert outcome.status is Status.PASS
    assert "declared for the whole collection in datapackage.json" in outcome.summary
    # A data package naming another license than the README does not settle it.
    other = package.replace("odc-pddl", "CC-BY-4.0")
    assert run_check(make_repo({**files, "datapackage.json": other}), CHECK, ("data",)).status is Status.WARN


def test_story_files_naming_their_license_are_parts(make_repo, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # African Storybook's shape: every story ends with its credits, its license among them.
    def story(license_name: str) -> str:
        return f"# A story\n\n##\nText.\n\n##\n* License: [{license_name}]\n* Text: A. Author\n"

    files = {
        "LICENSE": license_text("CC-BY-4.0"),
        "en/0001_a.md": story("CC-BY"),
        "en/0002_b.md": story("CC-BY-NC"),
        "fr/0001_a.md": story("CC-BY"),
    }
    outcome = run_check(make_repo(files), CHECK, ("content",))
    assert outcome.status is Status.WARN
    assert "CC-BY-NC-4.0 (1 of 3 part(s) read) forbids commercial use" in outcome.summary
    assert "written as 'CC-BY-NC'" in evidence_at(outcome, "en/0002_b.md", 7)
    refuse = NoncommercialRule(False, Source("https://standard", "s"), (Source("https://guidance", "g"),))
    monkeypatch.setattr(_license_parts, "noncommercial_rule", lambda: refuse)
    outcome = run_check(make_repo(files), CHECK, ("content",))
    assert outcome.status is Status.FAIL
    assert "en/0002_b.md" in outcome.summary and "en/0001_a.md" not in outcome.summary


def test_a_dataset_card_licenses_the_whole_data_set(make_repo) -> None:  # type: ignore[no-untyped-def]
    def card(license_id: str) -> str:
        front = f"---\nlicense: {license_id}\ntask_categories:\n- text-classification\n---\n"
        return front + "# Rows\n\nText rows.\n"

    outcome = run_check(make_repo({"README.md": card("cc-by-4.0"), "train.csv": CSV}), CHECK, ("data",))
    assert outcome.status is Status.PASS
    assert "declared for the whole collection in README.md" in outcome.summary
    assert "dataset card" in evidence_at(outcome, "README.md", 2)
    outcome = run_check(make_repo({"README.md": card("cc-by-nc-4.0"), "train.csv": CSV}), CHECK, ("data",))
    assert outcome.status is Status.FAIL
    assert "dataset card" in outcome.summary and "CC-BY-NC-4.0" in outcome.summary
