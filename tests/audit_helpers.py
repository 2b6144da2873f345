"""Builders for audit tests: example repositories, list files and registry folders on disk."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES, git


def copy_example(name: str, destination: Path, use_git: bool = False) -> Path:
    """A copy of ``examples/<name>`` at ``destination`` (a git repository with one commit if asked)."""
    shutil.copytree(EXAMPLES / name, destination)
    if use_git:
        git(destination, "init", "-q")
        git(destination, "add", "-A")
        git(destination, "commit", "-q", "-m", "initial")
    return destination


def read_results(out: Path) -> list[dict[str, Any]]:
    """Every line of ``out/results.jsonl`` as JSON (a damaged line fails the test)."""
    text = (out / "results.jsonl").read_text(encoding="utf-8")
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def write_json(path: Path, data: object) -> Path:
    """Write ``data`` as JSON, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def make_registry(root: Path, repos: Path) -> Path:
    """A registry folder: four entries whose repositories are local folders.

    - ``good-app``: the passing example; screening via a symlink to a shared file;
    - ``pii-app``: the failing example, declaring PII (a claim its repository contradicts),
      and a second repository (the traps example): two lines, one row; screening via the same
      shared symlink;
    - ``lone-app``: the traps example, no screening file;
    - ``no-repo``: names no repository (an error line).
    """
    good = copy_example("passing", repos / "good", use_git=True)
    pii = copy_example("failing", repos / "pii")
    pii_web = copy_example("traps", repos / "pii-web")
    lone = copy_example("traps", repos / "lone")
    registry = root / "registry"
    write_json(
        registry / "nominees" / "good-app.json",
        {"name": "Good App", "repositories": [{"name": "main", "url": str(good)}], "stage": "DPG"},
    )
    write_json(
        registry / "nominees" / "pii-app.json",
        {
            "name": "PII App",
            "repositories": [{"name": "main", "url": str(pii)}, {"name": "web", "url": str(pii_web)}],
            "doNoHarm": {"dataPrivacySecurity": {"collectsPII": "Yes"}},
        },
    )
    write_json(
        registry / "nominees" / "lone-app.json", {"name": "Lone App", "repositories": [{"url": str(lone)}]}
    )
    write_json(registry / "nominees" / "no-repo.json", {"name": "No Repo", "repositories": []})
    shared = write_json(
        registry / "digitalpublicgoods" / "shared-screening.json",
        {"privacy": {"isPrivacyCompliant": "Yes"}, "clearOwnership": {"isOwnershipExplicit": "Yes"}},
    )
    for slug in ("good-app", "pii-app"):
        os.symlink(shared.name, registry / "digitalpublicgoods" / f"{slug}.json")
    return registry
