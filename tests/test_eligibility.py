"""Eligibility notes: a library with no application, a fork — notes for the reviewer, never verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dpgcheck.api import CheckOptions, Policy, RunOptions, check
from dpgcheck.eligibility import FORK_SOURCE, LIBRARY_SOURCE, eligibility_notes
from dpgcheck.facts.eligibility import FORK, LIBRARY, find_eligibility_signs
from dpgcheck.formats import RenderOptions, get_renderer
from dpgcheck.model import Report
from dpgcheck.report_schema import report_errors
from dpgcheck.sources.local import open_local
from dpgcheck.sources.snapshot import HostMetadata, Snapshot


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _signs(
    root: Path, asset_types: tuple[str, ...] = ("software",)
) -> list[tuple[str, str | None, int | None]]:
    snapshot = open_local(str(root))
    readme = "README.md" if (root / "README.md").is_file() else None
    text = (root / "README.md").read_text(encoding="utf-8") if readme else ""
    return [(s.kind, s.path, s.line) for s in find_eligibility_signs(snapshot, readme, text, asset_types)]


NPM_LIBRARY = json.dumps({"name": "left-pad", "version": "1.0.0", "main": "index.js"}, indent=2)
PY_LIBRARY = '[project]\nname = "geo-utils"\nversion = "1.0"\n'


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # Published packages with nothing that starts an application: a library sign, cited.
        ({"package.json": NPM_LIBRARY, "index.js": ""}, [(LIBRARY, "package.json", 4)]),
        ({"pyproject.toml": PY_LIBRARY, "geo_utils/__init__.py": ""}, [(LIBRARY, "pyproject.toml", 1)]),
        ({"Cargo.toml": '[package]\nname = "x"\n[lib]\npath = "src/lib.rs"\n'}, [(LIBRARY, "Cargo.toml", 3)]),
        ({"composer.json": '{"name": "a/b", "type": "library"}'}, [(LIBRARY, "composer.json", 1)]),
        ({"DESCRIPTION": "Package: tidyfoo\nVersion: 1.0\n"}, [(LIBRARY, "DESCRIPTION", 1)]),
        # Tool settings alone are not a package: the next manifest decides (requests' layout).
        (
            {
                "pyproject.toml": "[tool.ruff]\nline-length = 99\n",
                "setup.py": "from setuptools import setup\nsetup(name='r')\n",
            },
            [(LIBRARY, "setup.py", 2)],
        ),
        (
            {"package.json": json.dumps({"name": "e", "version": "4", "files": ["index.js"]}, indent=2)},
            [(LIBRARY, "package.json", 4)],
        ),
        # A test app or an example server is not the project's application.
        (
            {
                "pyproject.toml": PY_LIBRARY,
                "tests/app.py": "",
                "examples/server.py": "",
                "docs/index.html": "",
            },
            [(LIBRARY, "pyproject.toml", 1)],
        ),
        # An entry point or anything that starts an application: no sign.
        ({"pyproject.toml": PY_LIBRARY + '[project.scripts]\ngeo = "geo_utils:main"\n'}, []),
        ({"package.json": json.dumps({"name": "a", "main": "i.js", "bin": {"a": "cli.js"}})}, []),
        ({"package.json": json.dumps({"name": "a", "main": "i.js", "scripts": {"start": "node ."}})}, []),
        ({"package.json": json.dumps({"name": "a", "private": True, "main": "i.js"})}, []),
        ({"pyproject.toml": PY_LIBRARY, "Dockerfile": "FROM python:3.12\n"}, []),
        ({"pyproject.toml": PY_LIBRARY, "manage.py": ""}, []),
        ({"pyproject.toml": PY_LIBRARY, "docker-compose.prod.yml": "services: {}\n"}, []),
        ({"setup.py": "setup(name='x', entry_points={'console_scripts': ['x=x:main']})\n"}, []),
        ({"package.json": NPM_LIBRARY, "cmd/server/x.go": ""}, []),
        ({"Cargo.toml": '[package]\nname = "x"\n[lib]\n', "src/main.rs": ""}, []),
        # No published package at all: nothing to say.
        ({"src/app.js": ""}, []),
        ({"package.json": "{not json"}, []),
    ],
)
def test_library_signs(tmp_path: Path, files: dict[str, str], expected: list[tuple[str, str, int]]) -> None:
    assert _signs(_write(tmp_path, files)) == expected


def test_a_library_sign_only_when_software_is_checked(tmp_path: Path) -> None:
    root = _write(tmp_path, {"package.json": NPM_LIBRARY})
    assert _signs(root, ("data",)) == []


@pytest.mark.parametrize(
    ("readme", "line"),
    [
        ("# Tool\n\nThis project is a fork of OpenFoo with offline support.\n", 3),
        ("# Tool\nForked from https://github.com/a/b in 2021.\n", 2),
        ("# Tool\nIt started as a hard fork of Bar.\n", 2),
        # Contribution steps name a fork of this repository, not an upstream.
        ("# Tool\n1. Create a fork of this repository\n2. Open a pull request\n", None),
        ("# Tool\nPlease fork the repo and send a PR. Forks are welcome.\n", None),
    ],
)
def test_fork_signs_from_the_readme(tmp_path: Path, readme: str, line: int | None) -> None:
    found = _signs(_write(tmp_path, {"README.md": readme}))
    assert found == ([(FORK, "README.md", line)] if line else [])


@pytest.mark.parametrize(
    ("extra", "forked"),
    [({"fork": True}, True), ({"forked_from_project": True}, True), ({"fork": False}, False), ({}, False)],
)
def test_fork_signs_from_the_code_host(tmp_path: Path, extra: dict[str, object], forked: bool) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    local = open_local(str(tmp_path))
    snapshot = Snapshot(
        local.root, local.paths, local.target, HostMetadata("github", "https://x", extra=extra)
    )
    signs = find_eligibility_signs(snapshot, None, "", ("software",))
    assert [(s.kind, s.path) for s in signs] == ([(FORK, None)] if forked else [])


def test_notes_cite_the_evidence_and_the_dpgas_text(tmp_path: Path) -> None:
    root = _write(tmp_path, {"package.json": NPM_LIBRARY, "README.md": "# x\nForked from left-pad.\n"})
    snapshot = open_local(str(root))
    notes = eligibility_notes(
        find_eligibility_signs(snapshot, "README.md", "# x\nForked from left-pad.\n", ("software",))
    )
    assert [(n.kind, n.source) for n in notes] == [(LIBRARY, LIBRARY_SOURCE), (FORK, FORK_SOURCE)]
    library, fork = notes
    assert "does not recognise generic libraries" in library.note
    assert (library.evidence[0].path, library.evidence[0].line) == ("package.json", 4)
    assert "searched" in library.evidence[-1].detail  # what was looked for, for the reviewer
    assert "must show what it adds" in fork.note
    assert (fork.evidence[0].path, fork.evidence[0].line) == ("README.md", 2)


def _report(root: Path) -> Report:
    return check(str(root), RunOptions(CheckOptions(), Policy(use_config=False))).report


def test_a_note_is_not_a_verdict_and_every_format_shows_it(tmp_path: Path) -> None:
    plain = _report(_write(tmp_path / "plain", {"index.js": ""}))
    root = _write(tmp_path / "lib", {"package.json": NPM_LIBRARY, "index.js": ""})
    report = _report(root)
    # A note, not an indicator: the results are the Standard's indicators, none added or failed by it.
    assert [n.kind for n in report.eligibility] == [LIBRARY] and plain.eligibility == ()
    assert [r.id for r in report.results] == [r.id for r in plain.results]
    assert not any("library" in r.summary.lower() for r in report.results)
    data = report.to_dict()
    assert report_errors(data) == []
    assert data["eligibility_notes"][0]["kind"] == "library"
    assert Report.from_dict(json.loads(json.dumps(data))) == report
    for name in ("text", "markdown", "html"):
        out = get_renderer(name)(report, RenderOptions(color=False, width=200))
        assert "Eligibility notes (for the reviewer; not verdicts)" in out, name
        assert "does not recognise generic libraries" in out, name
        assert LIBRARY_SOURCE in out, name
    assert "Eligibility notes" not in get_renderer("text")(plain, RenderOptions(color=False, width=200))
