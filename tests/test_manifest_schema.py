"""The manifest schema: clear errors (file, field, line), unknown fields reported, TODOs stripped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.errors import ManifestError
from dpgcheck.facts.manifest.parse import load_manifest_file, parse_manifest_text
from dpgcheck.facts.manifest.schema import manifest_schema
from tests.conftest import EXAMPLES

runner = CliRunner()


def _error(text: str, name: str = "dpg.yaml") -> str:
    with pytest.raises(ManifestError) as caught:
        parse_manifest_text(name, text)
    return caught.value.message


def test_unknown_sdg_number_names_file_field_and_line() -> None:
    message = _error("name: x\nSDGs:\n  - SDGNumber: 3\n    evidenceText: ok\n  - SDGNumber: 18\n")
    assert message.startswith("dpg.yaml:5: `SDGs[1].SDGNumber` is 18")
    assert "1 to 17" in message


def test_sdg_zero_and_older_pair_form_are_checked_too() -> None:
    assert "dpg.json:3:" in _error('{"SDGs": [\n  [\n    0, "No goal"]]}', "dpg.json")
    parse_manifest_text("dpg.json", '{"SDGs": [[3, "Good Health and Well-Being"]]}')  # valid


def test_wrong_types_are_errors_with_expected_shape() -> None:
    message = _error(
        "license: MIT\n"
        "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: perhaps\n"
        "documentation:\n  documentationURL: {a: 1}\n"
        "SDGs:\n  - SDGNumber: '3'\n"
    )
    lines = message.splitlines()
    assert len(lines) == 4
    assert "dpg.yaml:1: `license` must be a list of {spdx, licenseURL}, not the text 'MIT'" in lines
    assert "dpg.yaml:4: `doNoHarm.dataPrivacySecurity.collectsPII` must be Yes, No or Unknown" in message
    assert "dpg.yaml:6: `documentation.documentationURL` must be a URL or path" in message
    assert "dpg.yaml:8: `SDGs[0].SDGNumber` must be an SDG number from 1 to 17, not the text '3'" in message


def test_yaml_booleans_count_as_answers() -> None:
    manifest = parse_manifest_text("dpg.yaml", "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: yes\n")
    assert manifest.answer("doNoHarm", "dataPrivacySecurity", "collectsPII") == "yes"


def test_unknown_fields_are_kept_and_noted_not_fatal() -> None:
    manifest = parse_manifest_text(
        "dpg.yaml", "name: x\nfavouriteColour: blue\nprivacy:\n  isPrivacyCompliant: 'Yes'\n  lawz: [GDPR]\n"
    )
    assert manifest.get("favouriteColour") == "blue"
    assert [path for path, _ in manifest.unknown] == [("favouriteColour",), ("privacy", "lawz")]
    assert manifest.unknown[1][1] == 5
    assert "favouriteColour (dpg.yaml:2)" in manifest.notes[0]
    assert "privacy.lawz (dpg.yaml:5)" in manifest.notes[0]


def test_todo_values_are_never_answers_and_keep_their_lines() -> None:
    manifest = parse_manifest_text(
        "dpg.yaml",
        "SDGs:\n  - SDGNumber: TODO a number\n    evidenceText: 'TODO: why'\n"
        "  - SDGNumber: 4\n    evidenceText: schools\n"
        "privacy:\n  privacyComplianceList: [TODO list the laws]\n",
    )
    assert manifest.get("SDGs") == [{"SDGNumber": 4, "evidenceText": "schools"}]
    assert manifest.line("SDGs", 0) == 4  # re-keyed after the TODO entry went away
    assert manifest.get("privacy") is None
    assert [(path, line) for path, line in manifest.todos] == [
        (("SDGs", 0, "SDGNumber"), 2),
        (("SDGs", 0, "evidenceText"), 3),
        (("privacy", "privacyComplianceList", 0), 7),
    ]


def test_examples_validate() -> None:
    manifest = load_manifest_file(str(EXAMPLES / "passing" / "dpg.yaml"))
    assert not manifest.unknown and not manifest.todos
    load_manifest_file(str(EXAMPLES / "failing" / "dpg.yaml"))


def test_cli_schema_errors_exit_two_and_schema_command_prints_it(tmp_path: Path) -> None:
    bad = tmp_path / "dpg.yaml"
    bad.write_text("name: x\nSDGs:\n  - SDGNumber: 42\n")
    result = runner.invoke(app, ["check", str(EXAMPLES / "traps"), "--manifest", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad}:3: `SDGs[0].SDGNumber` is 42")
    assert "Hint: " in result.stderr and "Traceback" not in result.output
    printed = runner.invoke(app, ["schema", "manifest"])
    assert printed.exit_code == 0
    assert json.loads(printed.stdout) == manifest_schema()


def test_unknown_fields_appear_in_the_report_notes(tmp_path: Path) -> None:
    manifest = tmp_path / "dpg.yaml"
    manifest.write_text("name: x\ncolour: blue\n")
    result = runner.invoke(app, ["check", str(EXAMPLES / "traps"), "-f", "json", "--manifest", str(manifest)])
    notes = json.loads(result.stdout)["notes"]
    assert any("colour" in note and f"{manifest}:2" in note for note in notes)


def test_json_that_yaml_cannot_read_still_has_key_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from dpgcheck.facts.manifest import parse as module

    def refuse(*args: object, **kwargs: object) -> None:
        raise yaml.YAMLError("not YAML 1.1")

    monkeypatch.setattr(yaml, "compose", refuse)
    text = json.dumps({"name": "x", "doNoHarm": {"dataPrivacySecurity": {"collectsPII": "Yes"}}}, indent=2)
    manifest = module.parse_manifest_text("entry.json", text)
    assert manifest.line("doNoHarm", "dataPrivacySecurity", "collectsPII") == 5
    with pytest.raises(ManifestError) as caught:
        module.parse_manifest_text("entry.json", text.replace('"Yes"', "3"))
    assert caught.value.message.startswith("entry.json:5: `doNoHarm.dataPrivacySecurity.collectsPII`")


def test_todo_must_be_the_word_and_older_section_names_are_read() -> None:
    manifest = parse_manifest_text(
        "dpg.yaml",
        "NonPII:\n  nonPIIAccessMechanism: Todoist export\n"
        "ownership:\n  isOwnershipExplicit: 'Yes'\n"
        "dependencies:\n  mandatoryDepsCreateMoreRestrictions: 'No'\n",
    )
    assert manifest.get("NonPII", "nonPIIAccessMechanism") == "Todoist export"
    assert manifest.answer("clearOwnership", "isOwnershipExplicit") == "yes"
    assert manifest.line("platformIndependence", "mandatoryDepsCreateMoreRestrictions") == 6
