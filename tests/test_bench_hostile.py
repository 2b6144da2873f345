"""bench/hostile.py lists its cases and runs one end to end (a time-out and a memory limit apply)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "hostile.py"


def bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCH), *args], capture_output=True, text=True, timeout=240, check=False
    )


def test_list_names_every_case_of_the_issue() -> None:
    result = bench("--list")
    assert result.returncode == 0, result.stderr
    names = {line.split()[0] for line in result.stdout.splitlines()}
    assert {"escape", "yaml-bomb", "git-http-endless", "audit-concurrent", "non-utf8-name"} <= names
    assert bench("--case", "no-such-case").returncode == 2


def test_one_case_runs_and_reports_its_verdict(tmp_path: Path) -> None:
    out = tmp_path / "rows.json"
    result = bench("--case", "config-link-dpgcheck", "--timeout", "120", "--json", str(out))
    assert result.returncode == 0, result.stderr
    assert "| config-link-dpgcheck |" in result.stdout
    (row,) = json.loads(out.read_text())
    assert row["outcome"] in ("ok", "timeout", "memory-limit", "traceback", "internal-error")
    assert row["verdict"]["secret leaked"] in ("yes", "no")
    assert len(row["exit"]) == 1 and row["peak_mb"] > 0
