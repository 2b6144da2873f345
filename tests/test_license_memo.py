"""License classification memo: the copyright notice does not make a license text new."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpgcheck.facts.licenses.cache import ClassificationCache
from dpgcheck.facts.licenses.text import HOLDER_LINES, LicenseClassifier
from tests.conftest import license_text


def test_one_license_with_different_holders_is_classified_once() -> None:
    classifier = LicenseClassifier(ClassificationCache(None))
    first = classifier.classify("Copyright (c) 2024 Alpha Foundation\n\n" + license_text("MIT"))
    second = classifier.classify("Copyright © 2019 Beta Org\n\n" + license_text("MIT"))
    assert first == second
    assert first[0] == "MIT"
    assert classifier.calls == 1


def test_license_body_lines_mentioning_copyright_are_kept() -> None:
    # Apache-2.0 has body lines starting "(c) You must retain" and "copyright license to…":
    # dropping them would change the text askalono compares. Only the notice goes.
    text = "Copyright 2010 Kenneth Reitz\n" + license_text("Apache-2.0")
    stripped = HOLDER_LINES.sub("", text)  # what the classifier replaces with a neutral notice
    assert "Kenneth Reitz" not in stripped
    assert "(c) You must retain" in stripped
    assert "copyright license to reproduce" in stripped
    assert LicenseClassifier(ClassificationCache(None)).classify(text)[0] == "Apache-2.0"


SPDX_TEXTS = [
    "Apache-2.0",
    "apache-2.0",
    " MIT",
    "(MIT)",
    "GPL-3.0",
    "GPL-2.0+",
    "MIT OR Apache-2.0",
    "GPL-2.0-or-later WITH Classpath-exception-2.0",
    "Classpath-exception-2.0",
    "Apache License 2.0",
    "LicenseRef-acme",
    "NoSuchLicense",
]


def _spdx_answers() -> list[object]:
    from dpgcheck.facts.licenses import spdx

    return [
        (spdx.normalize_expression(t), spdx.license_keys(t), spdx.approvals(t, ["software", "data"]))
        for t in SPDX_TEXTS
    ]


def test_spdx_memo_gives_license_expressions_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The memo lets a later run skip building license-expression's index; its answers must be
    # the library's own, on the run that fills it and on the run that reads it.
    from dpgcheck.facts.licenses import spdx

    monkeypatch.setenv("DPGCHECK_NO_CACHE", "1")
    spdx._memo.cache_clear()
    uncached = _spdx_answers()
    monkeypatch.delenv("DPGCHECK_NO_CACHE")
    monkeypatch.setenv("DPGCHECK_CACHE_DIR", str(tmp_path))
    spdx._memo.cache_clear()
    filling = _spdx_answers()
    spdx._memo.cache_clear()  # a new run: the memo is read back from its file
    reading = _spdx_answers()
    spdx._memo.cache_clear()
    assert uncached == filling == reading
    assert list(tmp_path.glob("license-expression-*.json"))


def test_distribution_versions_from_the_dist_info_folder_match_importlib_metadata() -> None:
    # The cache files are named by these versions; the folder lookup must agree with metadata.
    from importlib import metadata

    import askalono
    import license_expression

    from dpgcheck.facts.licenses.cache import distribution_version

    assert distribution_version("pyaskalono", askalono.__file__) == metadata.version("pyaskalono")
    assert distribution_version("license-expression", license_expression.__file__) == metadata.version(
        "license-expression"
    )
    assert distribution_version("no-such-distribution", askalono.__file__) == "unknown"
