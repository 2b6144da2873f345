"""DPGA application-platform entries (the registry since 2024) read as manifests, from real entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.errors import ManifestError
from dpgcheck.facts.manifest.parse import load_manifest_file
from dpgcheck.facts.manifest.registry_urls import classify_repository, split_urls
from tests.audit_helpers import copy_example, write_json

DATA = Path(__file__).parent / "data" / "registry-app"
runner = CliRunner()


def _entry(entry_id: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((DATA / f"{entry_id}.json").read_text(encoding="utf-8"))
    return data


def test_a_single_entry_reads_with_every_claim_mapped_and_cited() -> None:
    manifest = load_manifest_file(str(DATA / "10798.json"))
    assert manifest.get("type") == ["content", "software"]
    # sdgs as one object whose `sdg` is a list
    assert [goal["SDGNumber"] for goal in manifest.get("SDGs")] == [4]
    assert manifest.line("SDGs", 0) is not None
    assert manifest.get("license", 1, "spdx") == "CC-BY-NC-SA-4.0"
    assert manifest.get("clearOwnership", "isOwnershipExplicit") == "Yes"
    owners = [o["name"] for o in manifest.get("organizations") if o.get("org_type") == "owner"]
    assert "NINAAD Digital Technology Private Limited" in owners
    assert manifest.answer("doNoHarm", "dataPrivacySecurity", "collectsPII") == "no"
    text = (DATA / "10798.json").read_text(encoding="utf-8").splitlines()
    line = manifest.line("doNoHarm", "dataPrivacySecurity", "collectsPII")
    assert line is not None and "collectsPII" in text[line - 1]  # cites the entry's own line
    assert any("read from “PII data is NOT collected" in note for note in manifest.notes)


def test_is_platform_independent_holds_the_restrictive_dependencies_answer() -> None:
    """ "Yes" comes with a closed dependency described: it answers the older question."""
    manifest = load_manifest_file(str(DATA / "10798.json"))
    assert manifest.answer("platformIndependence", "mandatoryDepsCreateMoreRestrictions") == "yes"
    assert "Google TTS engine, a closed source" in manifest.get("platformIndependence", "pltIndependenceDesc")
    assert manifest.get("platformIndependence", "isSoftwarePltIndependent") is None
    plain = load_manifest_file(str(DATA / "10226.json"))
    assert plain.answer("platformIndependence", "mandatoryDepsCreateMoreRestrictions") == "no"


def test_messy_values_are_read_conservatively_with_notes() -> None:
    civic = load_manifest_file(str(DATA / "10443.json"))
    assert civic.get("license", 0, "spdx") == "OdbL-1.0"
    assert any("“OdbL-1.0” read as ODbL-1.0" in note for note in civic.notes)
    hexa = load_manifest_file(str(DATA / "10226.json"))
    # the license evidence is an SDG title: no URL is made up from it
    assert "licenseURL" not in hexa.get("license", 0)
    assert any("evidence holds no URL" in note for note in hexa.notes)
    # "collected and stored but NOT distributed"
    assert hexa.answer("doNoHarm", "dataPrivacySecurity", "collectsPII") == "yes"
    assert hexa.answer("doNoHarm", "dataPrivacySecurity", "thirdPartyDataSharing") == "no"
    # five repositories in one comma-separated text: none is taken as the one checked
    assert hexa.get("repositories") is None
    assert any("names 5 repositories" in note for note in hexa.notes)
    chosen = load_manifest_file(str(DATA / "10226.json") + "#10226:2")
    assert chosen.get("repositories", 0, "url") == "https://github.com/BLSQ/openhexa-app"


def test_a_sentence_worded_otherwise_is_left_unanswered(tmp_path: Path) -> None:
    entry = _entry("10226")
    entry["dataPrivacySecurity"] = {"collectsPII": "We might, depending on the deployment."}
    entry["newField"] = 1
    manifest = load_manifest_file(str(write_json(tmp_path / "e.json", entry)))
    assert manifest.get("doNoHarm", "dataPrivacySecurity", "collectsPII") is None
    assert any("was not read (worded otherwise)" in note for note in manifest.notes)
    assert any("newField" in note and "unknown" in note for note in manifest.notes)


def test_export_wrapped_list_and_selector(tmp_path: Path) -> None:
    entries = [_entry("10798"), _entry("10443")]
    export = write_json(tmp_path / "export.json", entries)
    wrapped = write_json(tmp_path / "wrapped.json", {"count": 2, "results": entries})
    for path in (export, wrapped):
        manifest = load_manifest_file(f"{path}#10443")
        assert manifest.get("name") == "IDB CivicLytics Citibeats"
        line = manifest.line("license", 0, "spdx")
        assert line is not None and "OdbL-1.0" in path.read_text().splitlines()[line - 1]
    with pytest.raises(ManifestError, match="holds 2 registry entries"):
        load_manifest_file(str(export))
    with pytest.raises(ManifestError, match="No registry entry with id 99"):
        load_manifest_file(f"{export}#99")


def test_a_wrong_type_names_the_field_and_the_entry(tmp_path: Path) -> None:
    entry = _entry("10443")
    entry["openlicenses"] = 42
    path = write_json(tmp_path / "bad.json", entry)
    result = runner.invoke(app, ["check", str(tmp_path), "--manifest", str(path), "--offline"])
    assert result.exit_code == 2
    assert "registry entry 10443 (IDB CivicLytics Citibeats): `openlicenses`" in result.output
    assert "Traceback" not in result.output


def test_the_old_dpg_json_is_still_a_dpg_json(tmp_path: Path) -> None:
    path = write_json(tmp_path / "dpg.json", {"name": "X", "SDGs": [{"SDGNumber": 4, "evidenceText": "t"}]})
    assert load_manifest_file(str(path)).get("SDGs", 0, "SDGNumber") == 4


@pytest.mark.parametrize(
    ("written", "url"),
    [
        ("https://github.com/undp/x/blob/main/Data%20Set.xlsx", "https://github.com/undp/x"),
        ("https://huggingface.co/acme/model-7b", "https://huggingface.co/acme/model-7b"),
        (
            "https://huggingface.co/datasets/acme/survey/tree/main",
            "https://huggingface.co/datasets/acme/survey",
        ),
        ("https://gitlab.com/group/sub/project/-/tree/main", "https://gitlab.com/group/sub/project"),
        (
            "https://github.com/CodeYourFuture/immersive-go-course/",
            "https://github.com/CodeYourFuture/immersive-go-course",
        ),
    ],
)
def test_repository_urls(written: str, url: str) -> None:
    assert classify_repository(written).url == url


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("https://github.com/orgs/okfn-brasil/repositories?q=querido-diario", "GitHub orgs page"),
        ("https://github.com/BLSQ", "page of the account BLSQ"),
        ("https://www.africanstorybook.org", "a web page on africanstorybook.org"),
        ("https://huggingface.co/acme", "Hugging Face page of acme"),
    ],
)
def test_non_repository_urls_say_why(written: str, why: str) -> None:
    read = classify_repository(written)
    assert read.url is None and read.problem is not None
    assert read.problem.startswith(f"not a repository URL: {written}") and why in read.problem


def test_split_urls_handles_the_forms_separators() -> None:
    text = " https://a.org/x,https://b.org/y \r\nSee https://c.org/z. and https://a.org/x"
    assert split_urls(text) == ["https://a.org/x", "https://b.org/y", "https://c.org/z"]


def test_check_with_a_real_entry_against_a_repository(tmp_path: Path) -> None:
    repo = copy_example("passing", tmp_path / "collect", use_git=True)
    entry = _entry("10443")
    entry["repositories"] = [{"name": "main", "url": " https://github.com/citibeats-labs/bidciviclytics"}]
    path = write_json(tmp_path / "10443.json", entry)
    result = runner.invoke(app, ["check", str(repo), "--manifest", str(path), "--offline", "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert report["asset_types"] == ["data"]  # from `categories`
    by_id = {i["id"]: i for i in report["indicators"]}
    assert by_id["DPG-1"]["status"] == "pass"
    assert by_id["DPG-1"]["evidence"][0]["path"] == str(path)
    assert by_id["DPG-9A"]["status"] == "not-applicable"  # "PII data is NOT collected …"
    assert any("OdbL-1.0" in note for note in report["notes"])


def test_audit_of_an_export_checks_every_repository_and_shows_an_entry_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DPGCHECK_REGISTRY_LOCAL", "1")
    good = copy_example("passing", tmp_path / "repos" / "good", use_git=True)
    bad = copy_example("failing", tmp_path / "repos" / "bad", use_git=True)
    multi = _entry("10226")
    multi["repositories"] = [
        {"name": "main", "url": f"file://{good}, file://{bad},https://github.com/orgs/BLSQ/repositories"}
    ]
    export = write_json(tmp_path / "export.json", {"data": [multi, _entry("10675")]})
    out = tmp_path / "out"
    result = runner.invoke(app, ["audit", str(export), "--out", str(out), "--offline", "--no-config"])
    assert result.exit_code in (0, 1), result.output
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert len(lines) == 4  # three of OpenHexa's URLs, one of Querido Diário's
    errors = {line["target"]: line["error"] for line in lines if line.get("status") == "error"}
    assert errors["https://github.com/orgs/BLSQ/repositories"].startswith("not a repository URL")
    assert any(
        e.startswith("not a repository URL: https://github.com/orgs/okfn-brasil") for e in errors.values()
    )
    checked = [line for line in lines if line.get("status") != "error"]
    assert {line["audit"]["group"] for line in checked} == {"registry:10226"}
    assert all(line["audit"]["manifest"].endswith(("#10226:1", "#10226:2")) for line in checked)
    summary = (out / "summary.csv").read_text()
    rows = [row for row in summary.splitlines()[1:] if row]
    assert len(rows) == 2  # one row per entry
    hexa = next(row for row in rows if row.startswith('"OpenHexa') or row.startswith("OpenHexa"))
    assert "3 repositories" in hexa and ",error," in hexa  # worst status of its repositories
