"""License classification memo: the copyright notice does not make a license text new."""

from __future__ import annotations

from dpgcheck.facts.license_cache import ClassificationCache
from dpgcheck.facts.license_text import HOLDER_LINES, LicenseClassifier
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
