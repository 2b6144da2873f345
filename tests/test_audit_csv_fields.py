"""An audit CSV whose fields pass the csv module's 128 KB default limit."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from dpgcheck.audit.inputs import expand_inputs
from tests.audit_helpers import copy_example

HUGE = 300_000  # well over csv's default field_size_limit (131,072)


def huge_csv(tmp_path: Path, repo: Path) -> Path:
    listing = tmp_path / "targets.csv"
    with listing.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["target", "name", "notes"])
        writer.writerow([str(repo), "Big " + "n" * HUGE, "a reviewer's long note\n" * (HUGE // 20)])
    return listing


def test_fields_over_128_kb_are_read_and_the_limit_is_restored(tmp_path: Path) -> None:
    repo = copy_example("passing", tmp_path / "repo")
    limit = csv.field_size_limit()
    items = expand_inputs([str(huge_csv(tmp_path, repo))])
    assert [item.target for item in items] == [str(repo.resolve())]
    assert items[0].name is not None and len(items[0].name) == HUGE + 4
    assert csv.field_size_limit() == limit  # the module-wide limit is put back


def test_an_audit_of_a_csv_with_huge_fields_runs(tmp_path: Path) -> None:
    repo = copy_example("passing", tmp_path / "repo")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "dpgcheck", "audit", str(huge_csv(tmp_path, repo)), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Internal error" not in result.stderr
    # Its summary.csv reads back with the csv module's default limit: the long name is cut, marked.
    rows = list(csv.reader((out / "summary.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[1][0].startswith("Big nnn") and rows[1][2] == "pass"
    assert len(rows[1][0]) <= 32_000 and "[cut: " in rows[1][0]
