"""Hostile repository files for the readers (issue 11): each is that input's clear error.

Every run of dpgcheck on a hostile input is a child process with a memory limit and a
time-out, so a regression fails the test instead of taking the machine down. The bounds are
generous guards (the inputs used to take minutes and gigabytes), not timings.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dpgcheck.errors import ManifestError
from dpgcheck.facts.manifest.parse import MAX_MANIFEST_ENTRIES, parse_manifest_text
from dpgcheck.parsing import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    DocumentLimitError,
    check_json_depth,
    safe_json_loads,
    safe_toml_loads,
    safe_yaml_load,
)

SECRET = "hunter2-do-not-print"
MEMORY_LIMIT = 1_500_000_000  # bytes of address space for the child


def run_limited(
    *args: str, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``dpgcheck args`` in a child with a memory limit and a hard time-out."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "dpgcheck", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        check=False,
        env={**os.environ, **(env or {})},
    )


def alias_bomb(levels: int = 9) -> str:
    """The 'billion laughs': each anchor a list of nine aliases of the one before."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join([*lines, "name: bomb"]) + "\n"


def deep_json(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


# -- the bounded parsers ----------------------------------------------------------------------


def test_alias_bomb_is_refused_before_expansion() -> None:
    with pytest.raises(DocumentLimitError, match="expand to more than"):
        safe_yaml_load(alias_bomb(), "dpg.yaml")


def test_self_referencing_alias_is_refused() -> None:
    with pytest.raises(DocumentLimitError, match="refers to itself"):
        safe_yaml_load("a: &a [1, *a]\n", "dpg.yaml")


def test_aliases_within_the_bound_are_read() -> None:
    # 3 levels of 9: 9 + 81 + 729 nodes added by aliases, well under the bound.
    data = safe_yaml_load(alias_bomb(3), "dpg.yaml")
    assert data["a2"][0][0] == ["lol"] * 9
    assert MAX_ALIAS_NODES > 9**3


@pytest.mark.parametrize(
    ("text", "what"),
    # 500 flow levels: libyaml refuses 1,000 itself (a syntax error), the bound is ours below that.
    [("- " * 100_000 + "x\n", "block"), ("[" * 500 + "]" * 500, "flow")],
)
def test_deep_yaml_is_refused(text: str, what: str) -> None:
    with pytest.raises(DocumentLimitError, match="nested more than"):
        safe_yaml_load(text, f"{what}.yaml")


def test_nesting_up_to_the_bound_is_read() -> None:
    assert safe_json_loads(deep_json(MAX_DEPTH), "x.json") is not None
    assert safe_yaml_load("[" * MAX_DEPTH + "]" * MAX_DEPTH, "x.yaml") is not None
    with pytest.raises(DocumentLimitError):
        safe_json_loads(deep_json(MAX_DEPTH + 1), "x.json")


def test_brackets_inside_json_strings_do_not_count() -> None:
    check_json_depth(json.dumps({"a": "[{" * 10_000, "b": ['\\"[[[[' * 1000]}), "x.json")


def test_deep_toml_is_a_limit_error() -> None:
    with pytest.raises(DocumentLimitError):
        safe_toml_loads("a = " + "[" * 100_000 + "]" * 100_000, "pyproject.toml")


# -- manifests ----------------------------------------------------------------------------------


def test_alias_bomb_manifest_is_an_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "dpg.yaml").write_text(alias_bomb())
    result = run_limited("check", str(tmp_path), "--only", "DPG-1", "--offline")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: dpg.yaml: YAML aliases expand to more than"), result.stderr
    assert "\nHint: " in result.stderr


def test_deep_dpg_json_is_an_error_not_an_internal_one(tmp_path: Path) -> None:
    (tmp_path / "dpg.json").write_text('{"name": "deep", "x": ' + deep_json(100_000) + "}")
    result = run_limited("check", str(tmp_path), "--only", "DPG-1", "--offline")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: dpg.json: nested more than"), result.stderr
    assert "Internal error" not in result.stderr


def test_too_many_manifest_fields_is_an_error() -> None:
    text = json.dumps({f"key{index}": index for index in range(MAX_MANIFEST_ENTRIES + 1)})
    with pytest.raises(ManifestError, match="more than 10,000 fields"):
        parse_manifest_text("dpg.json", text)


def test_many_fields_keep_their_lines() -> None:
    # Below the cap, every key keeps its own line (the one-pass search of the JSON key lines).
    count = 5000
    text = json.dumps({"name": "many"} | {f"key{index}": index for index in range(count)}, indent=1)
    manifest = parse_manifest_text("dpg.json", text)
    assert manifest.line("name") == 2
    assert manifest.line(f"key{count - 1}") == 2 + count
    assert len(manifest.unknown) == count


# -- registry entries and package manifests ---------------------------------------------------


def test_deep_nomination_is_that_entrys_error_and_the_audit_goes_on(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    (registry / "nominees").mkdir(parents=True)
    (registry / "digitalpublicgoods").mkdir()
    (registry / "nominees" / "deep.json").write_text('{"name": "deep", "x": ' + deep_json(100_000) + "}")
    fine = tmp_path / "fine"
    fine.mkdir()
    (registry / "nominees" / "fine.json").write_text(json.dumps({"name": "fine", "repositoryURL": str(fine)}))
    out = tmp_path / "out"
    # The fine entry names a local folder, which registry audits refuse unless allowed.
    result = run_limited(
        "audit",
        str(registry),
        "--out",
        str(out),
        "--jobs",
        "1",
        timeout=120,
        env={"DPGCHECK_REGISTRY_LOCAL": "1"},
    )
    assert result.returncode in (0, 1), result.stderr
    records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    errors = [record for record in records if record.get("status") == "error"]
    assert len(records) == 2 and len(errors) == 1, records
    assert "nested more than" in errors[0]["error"]


def test_deep_package_json_is_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"dependencies": ' + deep_json(100_000) + "}")
    (tmp_path / "requirements.txt").write_text("requests\n")
    result = run_limited("check", str(tmp_path), "--only", "DPG-2,DPG-4", "--offline", "-f", "json")
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    statuses = {item["id"]: item["status"] for item in report["indicators"]}
    assert statuses["DPG-2"] != "error" and statuses["DPG-4"] != "error", statuses
    assert "nested more than" in result.stdout
    assert "requirements.txt" in result.stdout  # the other manifest was still read


# -- configuration files ----------------------------------------------------------------------


@pytest.mark.parametrize("name", [".dpgcheck.yaml", "pyproject.toml"])
def test_config_linked_outside_is_not_read(tmp_path: Path, name: str) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(f'[tool.dpgcheck]\n"{SECRET}" = 1\n' if name.endswith("toml") else f"{SECRET}: 1\n")
    root = tmp_path / "repo"
    root.mkdir()
    (root / name).symlink_to(outside)
    result = run_limited("check", str(root), "--only", "DPG-1", "--offline")
    assert SECRET not in result.stdout + result.stderr
    if name == ".dpgcheck.yaml":
        assert result.returncode == 2
        assert "symbolic link pointing outside the repository" in result.stderr
    else:  # not ours to read: the pyproject is ignored, the check runs
        assert result.returncode in (0, 1), result.stderr


def test_huge_sparse_pyproject_is_not_loaded(tmp_path: Path) -> None:
    with open(tmp_path / "pyproject.toml", "wb") as file:
        file.write(b"[tool.dpgcheck]\n")
        file.truncate(2 * 1024**3)  # sparse: no disk used, but 2 GB to a naive read
    result = run_limited("check", str(tmp_path), "--only", "DPG-1", "--offline")
    assert result.returncode in (0, 1), result.stderr


def test_yaml_config_errors_do_not_quote_the_file(tmp_path: Path) -> None:
    (tmp_path / ".dpgcheck.yaml").write_text(f"fail-on: fail\n{SECRET}: [unclosed\n")
    result = run_limited("check", str(tmp_path), "--only", "DPG-1", "--offline")
    assert result.returncode == 2
    assert result.stderr.startswith("Error: "), result.stderr
    assert SECRET not in result.stderr


def test_config_key_names_are_short_one_line_excerpts(tmp_path: Path) -> None:
    name = "x\x1b]0;title\x07" + "y" * 500
    (tmp_path / ".dpgcheck.yaml").write_text(json.dumps({name: 1}))
    result = run_limited("check", str(tmp_path), "--only", "DPG-1", "--offline")
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert "unknown key" in first and "\x1b" not in first and "y" * 100 not in first


def test_alias_bomb_config_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / ".dpgcheck.yaml").write_text(alias_bomb())
    result = run_limited("check", str(tmp_path), "--only", "DPG-1", "--offline")
    assert result.returncode == 2
    assert "YAML aliases expand" in result.stderr


def test_yaml_loader_reads_what_it_used_to() -> None:
    text = "a: &x {b: [1, 2]}\nc: *x\nd: 2024-01-02\n"
    assert safe_yaml_load(text, "f.yaml") == yaml.safe_load(text)


# --- XML: entity declarations go to defusedxml, plain documents to the C parser -------------


def test_an_xml_entity_bomb_is_refused_not_expanded() -> None:
    from defusedxml import EntitiesForbidden

    from dpgcheck.parsing import safe_xml_fromstring

    bomb = (
        '<?xml version="1.0"?><!DOCTYPE project [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY e{i} "' + (f"&e{i - 1};" if i else "&a;") * 10 + '">' for i in range(9))
        + "]><project>&e8;</project>"
    )
    with pytest.raises(EntitiesForbidden):
        safe_xml_fromstring(bomb)


def test_an_external_entity_is_refused() -> None:
    from defusedxml import EntitiesForbidden

    from dpgcheck.parsing import safe_xml_fromstring

    xxe = '<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><project>&x;</project>'
    with pytest.raises(EntitiesForbidden):
        safe_xml_fromstring(xxe)


def test_a_plain_pom_is_parsed_whatever_encoding_it_declares() -> None:
    from dpgcheck.parsing import safe_xml_fromstring

    pom = '<?xml version="1.0" encoding="ISO-8859-1"?><project><name>Zoë</name></project>'
    root = safe_xml_fromstring(pom)
    assert root.findtext("name") == "Zoë"
