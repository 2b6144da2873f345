"""Two audits into one --out folder: the second is refused while the first holds the folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.audit_helpers import copy_example

HOLD_LOCK = """
import fcntl, os, sys
descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
print("locked", flush=True)
sys.stdin.read()  # holds the lock until the test closes stdin
"""


def audit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dpgcheck", "audit", *args], capture_output=True, text=True, timeout=120
    )


def test_a_second_audit_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    repo = copy_example("passing", tmp_path / "repo")
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.jsonl").write_text("the first audit's lines\n", encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(out / ".dpgcheck-audit.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        second = audit(str(repo), "--out", str(out), "--overwrite")
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert second.returncode == 2
    assert f"Error: another audit is writing to {out}" in second.stderr
    assert "Hint: " in second.stderr
    assert "Traceback" not in second.stderr
    # The refused audit touched nothing: the holder's results are as they were.
    assert (out / "results.jsonl").read_text(encoding="utf-8") == "the first audit's lines\n"
    assert not (out / "summary.csv").exists()
    # Once the first audit is gone, the folder is free again (the lock file left behind is no lock).
    third = audit(str(repo), "--out", str(out), "--overwrite")
    assert third.returncode == 0, third.stderr
    assert (out / "summary.csv").exists()
