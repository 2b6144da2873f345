"""The old registry folder (``nominees/`` + ``digitalpublicgoods/``) in an audit: every repository
an entry names is checked, grouped in one row; what is no repository is an error line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from dpgcheck.audit.inputs import expand_inputs
from tests.audit_helpers import write_json

MULTI = {
    "name": "Multi App",
    "repositories": [
        {
            "name": "main",
            "url": " https://github.com/acme/one/blob/main/README.md, https://github.com/orgs/acme\r\n",
        },
        {"name": "mobile", "url": "https://gitlab.com/acme/mobile"},
    ],
}


def registry(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    write_json(root / "nominees" / "multi-app.json", MULTI)
    write_json(
        root / "nominees" / "older-app.json", {"name": "Older", "repositoryURL": "https://github.com/o/p"}
    )
    return root


def test_every_repository_of_an_old_entry_is_an_item_of_one_group(tmp_path: Path) -> None:
    items = [item for item in expand_inputs([str(registry(tmp_path))]) if item.name == "Multi App"]
    assert [(item.key, item.target, item.problem) for item in items] == [
        ("registry:multi-app", "https://github.com/acme/one", None),
        (
            "registry:multi-app:https://github.com/orgs/acme",
            "registry:multi-app:https://github.com/orgs/acme",
            "not a repository URL: https://github.com/orgs/acme (a GitHub orgs page)",
        ),
        ("registry:multi-app:https://gitlab.com/acme/mobile", "https://gitlab.com/acme/mobile", None),
    ]
    assert {item.group for item in items} == {"registry:multi-app"}
    assert all(item.manifest and item.manifest.endswith("nominees/multi-app.json") for item in items)
    older = next(item for item in expand_inputs([str(registry(tmp_path / "b"))]) if item.name == "Older")
    assert (older.key, older.target, older.group) == ("registry:older-app", "https://github.com/o/p", None)


def test_an_old_entry_of_several_repositories_is_one_row_with_a_line_each(tmp_path: Path) -> None:
    from dpgcheck.cli import app

    out = tmp_path / "out"
    # Offline with an empty cache: the two repositories cannot be fetched (error lines, no network).
    result = CliRunner().invoke(
        app,
        [
            "audit",
            str(registry(tmp_path)),
            "--out",
            str(out),
            "--offline",
            "--cache-dir",
            str(tmp_path / "c"),
        ],
    )
    assert result.exit_code == 1, result.output
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert len(lines) == 4
    assert any(
        line["error"].startswith("not a repository URL: https://github.com/orgs/acme") for line in lines
    )
    rows = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text())))
    assert len(rows) == 2
    multi = next(row for row in rows if row["key"] == "registry:multi-app")
    assert "3 repositories" in json.dumps(multi)
