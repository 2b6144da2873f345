"""DPG-2 through the check function: statuses and where the evidence points.

License classification itself is tested where it lives; these tests pin what DPG-2 reports on
hand-made repositories and on unreadable license files.
"""

from __future__ import annotations

import json

from dpgcheck.model import Status
from tests.checkutil import evidence_at, run_check
from tests.conftest import license_text

CHECK = "open_license"


def test_approved_license_text_passes_with_file_and_line(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE": license_text("MIT")}), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "LICENSE", 1).startswith("MIT:")


def test_license_only_in_license_md(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE.md": license_text("Apache-2.0")}), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "LICENSE.md", 1).startswith("Apache-2.0:")


def test_no_license_fails(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"README.md": "# x\n"}), CHECK)
    assert outcome.status is Status.FAIL
    assert outcome.evidence[0].kind == "metadata"


def test_non_open_license_fails(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE": license_text("SSPL-1.0")}), CHECK)
    assert outcome.status is Status.FAIL
    assert "SSPL-1.0" in outcome.summary


def test_declared_license_disagreeing_with_the_text_warns(make_repo) -> None:  # type: ignore[no-untyped-def]
    package = json.dumps({"name": "x", "license": "MIT"}, indent=2)
    outcome = run_check(make_repo({"LICENSE": license_text("Apache-2.0"), "package.json": package}), CHECK)
    assert outcome.status is Status.WARN
    assert evidence_at(outcome, "package.json", 3).startswith("MIT: declared")


def test_binary_license_file_is_evidence(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE": b"\x89PNG\r\n\x1a\n\x00\x00"}), CHECK)
    assert outcome.status is Status.FAIL
    assert "binary file" in evidence_at(outcome, "LICENSE")
