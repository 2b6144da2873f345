"""DPGA registry entries: nomination + screening merged, symlinked screening files, batch listing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.errors import InputError
from dpgcheck.facts.manifest.parse import load_manifest_file
from dpgcheck.facts.manifest.registry import find_registry_entries
from tests.conftest import EXAMPLES, git

REGISTRY = EXAMPLES / "registry"
runner = CliRunner()


def _copy_registry(tmp_path: Path) -> Path:
    target = tmp_path / "registry"
    shutil.copytree(REGISTRY, target, symlinks=True)
    return target


def test_the_example_symlink_is_a_real_link() -> None:
    link = REGISTRY / "digitalpublicgoods" / "openclinic-registry-mobile.json"
    assert link.is_symlink()


def test_nomination_and_screening_merge_with_each_field_citing_its_file() -> None:
    nomination = str(REGISTRY / "nominees" / "openclinic-registry.json")
    manifest = load_manifest_file(nomination)
    screening = str(REGISTRY / "digitalpublicgoods" / "openclinic-registry.json")
    assert manifest.path == nomination
    assert manifest.all_files == (nomination, screening)
    assert manifest.file_of("SDGs", 0) == nomination and manifest.line("SDGs", 0) == 12
    assert manifest.file_of("doNoHarm", "dataPrivacySecurity", "collectsPII") == screening
    assert manifest.line("doNoHarm", "dataPrivacySecurity", "collectsPII") == 54
    assert manifest.get("name") == "OpenClinic Registry"  # the nomination's wins
    assert not manifest.unknown  # every field of a real-shaped entry is known to the schema


def test_symlinked_screening_file_is_shared_and_cited_at_its_target() -> None:
    mobile = load_manifest_file(str(REGISTRY / "nominees" / "openclinic-registry-mobile.json"))
    main = load_manifest_file(str(REGISTRY / "nominees" / "openclinic-registry.json"))
    target = str(REGISTRY / "digitalpublicgoods" / "openclinic-registry.json")
    assert mobile.file_of("privacy") == main.file_of("privacy") == target
    assert mobile.get("privacy") == main.get("privacy")
    assert any("is a link to" in note and target in note for note in mobile.notes)
    # The older nomination form: SDGs as [number, title] pairs, one SDGevidence, repositoryURL.
    assert mobile.get("SDGs") == [[3, "Good Health and Well-Being"]]


def test_check_with_a_registry_entry_cites_both_files(tmp_path: Path) -> None:
    nomination = REGISTRY / "nominees" / "openclinic-registry-mobile.json"
    result = runner.invoke(
        app, ["check", str(EXAMPLES / "passing"), "-f", "json", "--manifest", str(nomination)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    by_id = {i["id"]: i for i in report["indicators"]}
    assert by_id["DPG-1"]["status"] == "pass"
    assert by_id["DPG-1"]["evidence"][0]["path"] == str(nomination)
    assert "Community health workers" in by_id["DPG-1"]["evidence"][0]["detail"]  # from SDGevidence
    security = [e for e in by_id["DPG-9A"]["evidence"] if e["kind"] == "manifest"]
    assert {e["path"] for e in security} == {
        str(REGISTRY / "digitalpublicgoods" / "openclinic-registry.json")
    }
    assert any("is a link to" in note for note in report["notes"])


def test_a_contradicted_registry_entry_fails_with_both_sides() -> None:
    nomination = REGISTRY / "nominees" / "quickapp.json"
    result = runner.invoke(
        app, ["check", str(EXAMPLES / "failing"), "-f", "json", "--manifest", str(nomination)]
    )
    by_id = {i["id"]: i for i in json.loads(result.stdout)["indicators"]}
    assert result.exit_code == 1
    license_sides = {e["path"] for e in by_id["DPG-2"]["evidence"]}
    assert {str(nomination), "LICENSE"} <= license_sides
    # DPG-4: "no restrictive dependencies" against firebase in package.json is for a reviewer,
    # citing both sides (issue 13: a contradicted "No" is needs-review, not proof).
    assert by_id["DPG-4"]["status"] == "needs-review"
    sides = {(e["kind"], e["path"].rpartition("/")[2]) for e in by_id["DPG-4"]["evidence"]}
    assert {("manifest", "quickapp.json"), ("file", "package.json")} <= sides
    assert by_id["DPG-5"]["status"] == "fail"


def test_screening_link_written_as_text_is_followed(tmp_path: Path) -> None:
    # What git writes for a symlink when the checkout has core.symlinks=false (Windows).
    source = _copy_registry(tmp_path / "src")
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "registry")
    clone = tmp_path / "clone"
    git(tmp_path, "-c", "core.symlinks=false", "clone", "-q", str(source), str(clone))
    link = clone / "digitalpublicgoods" / "openclinic-registry-mobile.json"
    assert not link.is_symlink() and link.read_text().strip() == "openclinic-registry.json"
    manifest = load_manifest_file(str(clone / "nominees" / "openclinic-registry-mobile.json"))
    assert manifest.file_of("privacy") == str(clone / "digitalpublicgoods" / "openclinic-registry.json")
    assert manifest.answer("doNoHarm", "dataPrivacySecurity", "collectsPII") == "yes"


def test_broken_link_and_missing_screening_are_notes_not_crashes(tmp_path: Path) -> None:
    registry = _copy_registry(tmp_path)
    link = registry / "digitalpublicgoods" / "openclinic-registry-mobile.json"
    link.unlink()
    link.symlink_to("gone.json")
    broken = load_manifest_file(str(registry / "nominees" / "openclinic-registry-mobile.json"))
    assert broken.get("privacy") is None
    assert any("broken link" in note for note in broken.notes)
    (registry / "digitalpublicgoods" / "quickapp.json").unlink()
    alone = load_manifest_file(str(registry / "nominees" / "quickapp.json"))
    assert alone.all_files == (str(registry / "nominees" / "quickapp.json"),)
    assert any("No screening file" in note for note in alone.notes)


def test_find_registry_entries_lists_every_product() -> None:
    entries = {e.slug: e for e in find_registry_entries(str(REGISTRY))}
    assert sorted(entries) == ["openclinic-registry", "openclinic-registry-mobile", "quickapp"]
    mobile = entries["openclinic-registry-mobile"]
    assert mobile.name == "OpenClinic Registry Mobile"
    assert mobile.repository_url == "https://github.com/example/openclinic"  # older repositoryURL
    assert mobile.screening_path == str(REGISTRY / "digitalpublicgoods" / "openclinic-registry.json")
    assert entries["quickapp"].repository_url == "https://github.com/example/quickapp"
    assert all(e.problem is None for e in entries.values())
    assert [e.slug for e in find_registry_entries(str(REGISTRY / "nominees"))] == sorted(entries)


def test_find_registry_entries_reports_bad_nominations_and_bad_folders(tmp_path: Path) -> None:
    registry = _copy_registry(tmp_path)
    (registry / "nominees" / "broken.json").write_text("{not json")
    broken = {e.slug: e for e in find_registry_entries(str(registry))}["broken"]
    assert broken.problem is not None and "not valid JSON" in broken.problem
    assert broken.screening_path is None
    with pytest.raises(InputError):
        find_registry_entries(str(tmp_path / "nowhere"))


def test_schema_errors_in_a_screening_file_name_that_file(tmp_path: Path) -> None:
    registry = _copy_registry(tmp_path)
    screening = registry / "digitalpublicgoods" / "quickapp.json"
    screening.write_text(screening.read_text().replace('"collectsPII": "Yes"', '"collectsPII": ["Yes"]'))
    result = runner.invoke(
        app, ["check", str(EXAMPLES / "failing"), "--manifest", str(registry / "nominees" / "quickapp.json")]
    )
    assert result.exit_code == 2
    assert f"{screening}:" in result.stderr and "collectsPII" in result.stderr


def test_declared_asset_types_are_used_when_no_type_is_given(tmp_path: Path) -> None:
    manifest = tmp_path / "dpg.yaml"
    manifest.write_text("type: [data, software]\n")
    result = runner.invoke(app, ["check", str(EXAMPLES / "traps"), "-f", "json", "--manifest", str(manifest)])
    report = json.loads(result.stdout)
    assert report["asset_types"] == ["data", "software"]
    assert "Asset types from the manifest's `type`: data, software" in report["notes"]
    # MPL-2.0 is a software license: it covers the code, and the data has no license of its own
    # in the repository. Not proof that the data is closed (issue 13): a reviewer must confirm.
    dpg2 = next(i for i in report["indicators"] if i["id"] == "DPG-2")
    assert dpg2["status"] == "needs-review"
    assert "No license approved for data" in dpg2["summary"]


def test_declared_asset_types_differing_from_an_explicit_type_are_noted(tmp_path: Path) -> None:
    manifest = tmp_path / "dpg.yaml"
    manifest.write_text("type: [data, software]\n")
    result = runner.invoke(
        app,
        ["check", str(EXAMPLES / "traps"), "-f", "json", "--manifest", str(manifest), "--type", "software"],
    )
    report = json.loads(result.stdout)
    assert report["asset_types"] == ["software"]
    assert any(
        "declares type data, software" in note and "--type data --type software" in note
        for note in report["notes"]
    )
