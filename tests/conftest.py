"""Shared fixtures: build small repositories on disk, with or without git."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Tests never write to the user's cache and never reach the internet.

    Set in the environment, so subprocesses the tests start (the CLI, audit workers) use it too.
    """
    if not os.environ.get("DPGCHECK_CACHE_DIR"):
        os.environ["DPGCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="dpgcheck-test-cache-")
    # No test reaches the internet: links are checked only against the servers the tests start
    # on this machine, in-process, in subprocesses and in audit workers alike.
    os.environ["DPGCHECK_LINK_HOSTS"] = "127.0.0.1,localhost"


LICENSE_TEXTS = Path(__file__).parent / "data" / "licenses"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def license_text(spdx_id: str) -> str:
    """The SPDX reference text of a license shipped under tests/data/licenses."""
    return (LICENSE_TEXTS / f"{spdx_id}.txt").read_text(encoding="utf-8")


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path → content) below ``root``."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` with a fixed identity; return stdout."""
    result = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """Factory: ``make_repo({"LICENSE": "…"}, git=True)`` → the repository's path."""
    counter = iter(range(1000))

    def factory(files: dict[str, str | bytes], use_git: bool = False) -> Path:
        root = tmp_path / f"repo{next(counter)}"
        root.mkdir()
        write_tree(root, files)
        if use_git:
            git(root, "init", "-q")
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "initial")
        return root

    return factory


@pytest.fixture(autouse=True)
def _json_reports_match_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every JSON report a test renders in-process is validated against the shipped schema."""
    import json

    from dpgcheck.formats import FORMATS, RenderOptions, format_names
    from dpgcheck.model import Report
    from dpgcheck.report_schema import report_errors

    format_names()  # registers the built-in renderers
    original = FORMATS["json"]

    def validating(report: Report, options: RenderOptions) -> str:
        text = original(report, options)
        errors = report_errors(json.loads(text))
        assert not errors, "JSON report breaks report.schema.json:\n" + "\n".join(errors)
        return text

    monkeypatch.setitem(FORMATS, "json", validating)
