"""Every case of the labelled license corpus: no wrong id anywhere, and the expected ids found.

The corpus (tests/data/license-corpus, written by bench/make_license_corpus.py) holds SPDX texts
and variations: copyright lines, reflowing, Markdown/rST/HTML, preambles, appendices, dual files,
headers, near-duplicates and files that are not licenses. ``unknown_ok`` lists the deliberately
damaged texts for which "unknown" is an acceptable answer; a wrong id never is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dpgcheck.facts.licenses.detect import base_keys, classify_license_file

CORPUS = Path(__file__).parent / "data" / "license-corpus"
LABELS = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
CASES: dict[str, list[str]] = LABELS["cases"]
UNKNOWN_OK: set[str] = set(LABELS["unknown_ok"])


def _keys(ids: list[str]) -> set[str]:
    out: set[str] = set()
    for spdx in ids:
        out |= base_keys(spdx)
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_case(name: str) -> None:
    text = (CORPUS / name).read_bytes().decode("utf-8")
    findings = classify_license_file(name, text, ("software",))
    reported = _keys([f.spdx for f in findings if f.spdx])
    expected = _keys(CASES[name])
    assert not reported - expected, f"wrong id for {name}: {sorted(reported - expected)}"
    if name in UNKNOWN_OK:
        return
    assert reported == expected, f"{name}: expected {sorted(expected)}, found {sorted(reported)}"
    if not expected:
        # A file that is not a license is reported as unknown, with its closest match and score.
        assert all(f.spdx is None and f.closest for f in findings)


def test_unknown_texts_name_their_closest_match() -> None:
    name = "near/CC-BY-4.0-titled-NonCommercial.txt"
    findings = classify_license_file(name, (CORPUS / name).read_text(encoding="utf-8"), ("software",))
    assert [f.spdx for f in findings] == [None]
    assert findings[0].closest is not None and findings[0].closest.startswith("CC-BY-4.0, ")
    assert "NonCommercial" in findings[0].note


def test_corpus_is_large_and_covers_every_kind_of_variation() -> None:
    kinds = {name.split("/")[0] for name in CASES}
    assert len(CASES) >= 90
    assert {"plain", "copyright", "reflow", "markdown", "rst", "html", "dual", "near", "not-license"} <= kinds
    assert sum(1 for name in CASES if not CASES[name]) >= 5
