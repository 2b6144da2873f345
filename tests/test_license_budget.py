"""A repository with thousands of distinct license texts: a bounded number is classified, the rest
are reported unclassified, and the classification cache is still written."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from dpgcheck.facts.licenses.cache import ClassificationCache
from dpgcheck.facts.licenses.detect import detect_licenses
from dpgcheck.facts.licenses.text import MAX_CLASSIFIED_TEXTS, LicenseClassifier
from dpgcheck.sources.local import open_local
from tests.conftest import license_text, write_tree


def test_over_the_budget_texts_are_left_unclassified_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import askalono

    identified: list[str] = []

    def identify(text: str) -> SimpleNamespace:
        # askalono costs ~140 ms a text; what is under test is how many texts reach it.
        identified.append(text)
        return SimpleNamespace(name="MIT", score=0.5)

    monkeypatch.setattr(askalono, "identify", identify)
    extra = 12
    files = {
        f"LICENSE-{number}": f"Variant {number} of the terms.\n\n" + license_text("MIT")
        for number in range(MAX_CLASSIFIED_TEXTS + extra)
    }
    root = write_tree(tmp_path / "repo", files)
    cache_path = tmp_path / "cache.json"
    classifier = LicenseClassifier(ClassificationCache(cache_path))

    facts = detect_licenses(open_local(str(root)), ("software",), classifier)

    assert len(identified) == MAX_CLASSIFIED_TEXTS
    assert classifier.calls == MAX_CLASSIFIED_TEXTS
    assert any(f"{extra} distinct license text(s) left unclassified" in note for note in facts.notes)
    unclassified = [f for f in facts.files if f.spdx is None and "not classified" in (f.closest or "")]
    assert len(unclassified) == extra
    assert cache_path.exists()
    assert len(json.loads(cache_path.read_text(encoding="utf-8"))) == MAX_CLASSIFIED_TEXTS


def test_a_monorepo_with_one_license_per_package_stays_within_the_budget(tmp_path: Path) -> None:
    # 80 packages, each with its own copyright line: one text once holder lines are neutralised.
    files = {
        f"packages/p{n}/LICENSE": f"Copyright (c) 2024 Owner {n}\n\n" + license_text("MIT") for n in range(80)
    }
    files["package.json"] = json.dumps({"name": "root", "workspaces": ["packages/*"]})
    for n in range(80):
        files[f"packages/p{n}/package.json"] = json.dumps({"name": f"p{n}", "license": "MIT"})
    root = write_tree(tmp_path / "mono", files)
    facts = detect_licenses(
        open_local(str(root)), ("software",), LicenseClassifier(ClassificationCache(None))
    )
    assert not any("unclassified" in note for note in facts.notes)
    assert all(f.spdx == "MIT" for f in facts.files)
