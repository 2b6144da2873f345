"""Parsed catalog files kept between runs: the parser's answers, fresh objects, and no PyYAML
import on a run whose repository has no YAML to read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from dpgcheck.catalog_cache import ParsedFileCache


class CountingParser:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, text: str) -> Any:
        self.calls += 1
        return yaml.safe_load(text)


def test_an_unchanged_file_is_parsed_once_across_processes(tmp_path: Path) -> None:
    source = tmp_path / "list.yaml"
    source.write_text("- name: Alpha\n  files: ['**/*.x']\n- name: Beta\n")
    cache_file = tmp_path / "cache" / "catalog.json"
    parser = CountingParser()
    first = ParsedFileCache(cache_file).load(source, parser)
    second = ParsedFileCache(cache_file).load(source, parser)  # a new process reads the file
    assert first == second == [{"name": "Alpha", "files": ["**/*.x"]}, {"name": "Beta"}]
    assert parser.calls == 1
    second[0]["name"] = "changed by a caller"
    assert ParsedFileCache(cache_file).load(source, parser)[0]["name"] == "Alpha"  # fresh objects


def test_an_edited_file_is_parsed_again(tmp_path: Path) -> None:
    source = tmp_path / "list.yaml"
    source.write_text("a: 1\n")
    cache_file = tmp_path / "catalog.json"
    parser = CountingParser()
    ParsedFileCache(cache_file).load(source, parser)
    source.write_text("a: 22\n")
    stamp = source.stat().st_mtime_ns
    os.utime(source, ns=(stamp + 5_000_000, stamp + 5_000_000))
    assert ParsedFileCache(cache_file).load(source, parser) == {"a": 22}
    assert parser.calls == 2


@pytest.mark.parametrize("text", ["when: 2026-01-01\n", "1: one\n2: two\n"])
def test_data_json_cannot_give_back_is_never_cached(tmp_path: Path, text: str) -> None:
    source = tmp_path / "odd.yaml"
    source.write_text(text)
    cache_file = tmp_path / "catalog.json"
    parser = CountingParser()
    for _ in range(2):
        assert ParsedFileCache(cache_file).load(source, parser) == yaml.safe_load(text)
    assert parser.calls == 2


def test_a_corrupt_or_unwritable_cache_only_costs_a_parse(tmp_path: Path) -> None:
    source = tmp_path / "list.yaml"
    source.write_text("a: 1\n")
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"not": "entries"')
    parser = CountingParser()
    assert ParsedFileCache(corrupt).load(source, parser) == {"a": 1}
    assert json.loads(corrupt.read_text())  # rewritten, readable
    blocked = tmp_path / "file-not-dir" / "catalog.json"
    (tmp_path / "file-not-dir").write_text("a file where the cache folder should be")
    assert ParsedFileCache(blocked).load(source, parser) == {"a": 1}
    assert ParsedFileCache(None).load(source, parser) == {"a": 1}


def test_a_run_on_a_repository_without_yaml_never_imports_pyyaml(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "README.md").write_text("# Tool\n\nDoes things.\n")
    (repo / "package.json").write_text('{"name": "tool", "license": "MIT"}')
    probe = (
        "import sys, io, contextlib\n"
        f"sys.argv = ['dpgcheck', 'check', {str(repo)!r}, '--offline', '-f', 'json']\n"
        "import dpgcheck.cli\n"
        "try:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        dpgcheck.cli.app()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('yaml' in sys.modules)\n"
    )
    env = {**os.environ, "DPGCHECK_CACHE_DIR": str(tmp_path / "cache")}

    def yaml_imported() -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120
        )
        return done.stdout.strip()

    assert yaml_imported() == "True"  # the first run parses the catalog
    assert yaml_imported() == "False"
    (repo / "dpg.yaml").write_text("name: tool\n")
    assert yaml_imported() == "True"  # the project's own YAML is read with PyYAML
