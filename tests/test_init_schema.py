"""What ``dpgcheck init`` writes, checked as an editor or a CI validator would, and then answered.

The draft validates against the published schema (``dpgcheck schema manifest``) with its TODO
placeholders flagged; a TODO under a question answered "No" no longer holds an indicator at
needs-review; the description comes from the package metadata that states one.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from dpgcheck.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def _project(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES / "passing", root)
    (root / "dpg.yaml").unlink()
    for name, text in (files or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _init(root: Path) -> str:
    result = runner.invoke(app, ["init", str(root)])
    assert result.exit_code == 0, result.output
    return (root / "dpg.yaml").read_text(encoding="utf-8")


def _published_schema() -> dict[str, object]:
    printed = runner.invoke(app, ["schema", "manifest"])
    assert printed.exit_code == 0
    schema: dict[str, object] = json.loads(printed.stdout)
    return schema


def _todos(value: object) -> list[str]:
    if isinstance(value, dict):
        return [todo for item in value.values() for todo in _todos(item)]
    if isinstance(value, list):
        return [todo for item in value for todo in _todos(item)]
    return [value] if isinstance(value, str) and value.startswith("TODO") else []


def test_the_draft_validates_against_the_published_schema(tmp_path: Path) -> None:
    draft = yaml.safe_load(_init(_project(tmp_path)))
    schema = _published_schema()
    validator = jsonschema.Draft202012Validator(schema)
    assert [error.message for error in validator.iter_errors(draft)] == []
    # The placeholders are there (answers, SDG number, texts), and the schema flags them.
    todos = _todos(draft)
    assert len(todos) >= 8
    assert draft["SDGs"][0]["SDGNumber"].startswith("TODO")
    todo = schema["$defs"]["todo"]  # type: ignore[index]
    assert todo["deprecated"] is True and "dpgcheck init" in todo["description"]
    assert all(re.match(todo["pattern"], value) for value in todos)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("NonPII", "collectsNonPII"), "Maybe"),
        (("SDGs", 0, "SDGNumber"), 18),
        (("SDGs", 0, "SDGNumber"), "three"),
        (("type", 0), "sofware"),
        (("description",), 42),
    ],
)
def test_the_schema_still_refuses_a_wrong_answer(
    tmp_path: Path, path: tuple[object, ...], value: object
) -> None:
    draft = yaml.safe_load(_init(_project(tmp_path)))
    node = draft
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    errors = list(jsonschema.Draft202012Validator(_published_schema()).iter_errors(draft))
    assert [list(error.absolute_path) for error in errors] == [list(path)]


def test_check_names_the_field_a_wrong_answer_is_in(tmp_path: Path) -> None:
    root = _project(tmp_path)
    text = _init(root).replace('collectsNonPII: "TODO', 'collectsNonPII: "Maybe" # "TODO', 1)
    (root / "dpg.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(root), "--offline"])
    assert result.exit_code == 2
    assert "`NonPII.collectsNonPII` must be Yes, No or Unknown, not 'Maybe'" in result.stderr


def _answered(root: Path, **answers: str) -> dict[str, dict[str, object]]:
    text = (root / "dpg.yaml").read_text(encoding="utf-8")
    for key, answer in answers.items():
        text, count = re.subn(rf'(?m)^(\s*{key}): "TODO[^"]*"', rf'\1: "{answer}"', text)
        assert count == 1, key
    (root / "dpg.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(root), "--offline", "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return {item["id"]: item for item in json.loads(result.stdout)["indicators"]}


def _todo_fields(result: dict[str, object]) -> list[str]:
    return [
        str(item["detail"])  # type: ignore[index]
        for item in result["evidence"]  # type: ignore[attr-defined]
        if "TODO placeholder" in str(item["detail"])  # type: ignore[index]
    ]


def test_a_todo_under_a_question_answered_no_is_ignored(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _init(root)
    results = _answered(root, collectsNonPII="No", userInteraction="No")
    assert _todo_fields(results["DPG-6"]) == []
    assert results["DPG-6"]["status"] != "needs-review"
    assert not any("harassmentProtectionSteps" in field for field in _todo_fields(results["DPG-9C"]))


def test_a_todo_under_a_question_answered_yes_is_still_asked(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _init(root)
    results = _answered(root, collectsNonPII="Yes")
    assert results["DPG-6"]["status"] == "needs-review"
    assert any("NonPII.nonPIIAccessMechanism" in field for field in _todo_fields(results["DPG-6"]))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", '[project]\nname = "clinic"\ndescription = "Clinic records for health workers"\n'),
        (
            "pyproject.toml",
            '[tool.poetry]\nname = "clinic"\ndescription = "Clinic records for health workers"\n',
        ),
        ("package.json", '{"name": "clinic", "description": "Clinic records for health workers"}'),
        ("setup.cfg", "[metadata]\nname = clinic\ndescription = Clinic records for health workers\n"),
        ("DESCRIPTION", "Package: clinic\nTitle: Clinic records for health workers\nVersion: 1.0\n"),
    ],
)
def test_init_takes_the_description_the_package_metadata_states(tmp_path: Path, name: str, text: str) -> None:
    draft = _init(_project(tmp_path, {name: text}))
    assert f'description: "Clinic records for health workers"  # from {name}' in draft


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", '[project]\nname = "clinic"\n'),
        ("package.json", '{"name": "clinic", "description": ""}'),
        ("package.json", "{not json"),
        ("setup.cfg", "[metadata]\ndescription = {{ cookiecutter.description }}\n"),
    ],
)
def test_init_leaves_a_todo_when_no_description_is_stated(tmp_path: Path, name: str, text: str) -> None:
    draft = _init(_project(tmp_path, {name: text}))
    assert 'description: "TODO: one line on what the product is and does"' in draft
