"""dpgcheck audit as a real process: killed mid-audit then resumed; report.html in a browser."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.audit_helpers import copy_example, make_registry, read_results

CHROMIUM = next(
    (shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)),
    None,
)


def dpgcheck(*args: str) -> list[str]:
    return [sys.executable, "-m", "dpgcheck", *args]


def test_a_killed_audit_resumes_and_every_target_appears_once(tmp_path: Path) -> None:
    names = ("passing", "failing", "traps")
    repos = [copy_example(names[n % 3], tmp_path / "repos" / f"r{n:03}") for n in range(60)]
    listing = tmp_path / "targets.txt"
    listing.write_text("".join(f"{repo}\n" for repo in repos), encoding="utf-8")
    out = tmp_path / "out"
    results = out / "results.jsonl"
    # A session of its own, so the kill reaches the worker processes too (as a killed terminal would).
    process = subprocess.Popen(
        dpgcheck("audit", str(listing), "--out", str(out), "--jobs", "2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if results.exists() and results.read_bytes().count(b"\n") >= 5:
                break
            assert process.poll() is None, "the audit ended before it could be killed"
            time.sleep(0.01)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    written = results.read_bytes()
    complete = written.count(b"\n")
    assert 5 <= complete < len(repos), "the kill did not land mid-audit"
    # Whatever the kill left, also cut the last line in half, as a kill during a write would.
    results.write_bytes(written + written.splitlines(keepends=True)[0][:40])

    resumed = subprocess.run(
        dpgcheck("audit", str(listing), "--out", str(out), "--jobs", "2", "--resume"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert resumed.returncode == 1, resumed.stderr  # the failing examples fail
    assert f"({complete} resumed)" in resumed.stdout
    keys = [record["audit"]["key"] for record in read_results(out)]
    assert sorted(keys) == sorted(str(repo.resolve()) for repo in repos)
    assert len(keys) == len(set(keys))


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium or Chrome on this machine to render report.html")
def test_report_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    registry = make_registry(tmp_path, tmp_path / "repos")
    out = tmp_path / "out"
    subprocess.run(
        dpgcheck("audit", str(registry), "--out", str(out)),
        capture_output=True,
        check=False,
        timeout=120,
        # make_registry's entries name local folders, as a local mirror of a registry would.
        env={**os.environ, "DPGCHECK_REGISTRY_LOCAL": "1"},
    )
    page = out / "report.html"
    assert CHROMIUM is not None
    # --dump-dom prints the page after its script ran: the matrix rows exist only if the JS works.
    rendered = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri() + "#registry:pii-app",
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    dom = rendered.stdout
    assert rendered.returncode == 0, rendered.stderr[-2000:]
    assert dom.count('<tr class="target"') == 4
    assert "4 of 4 targets" in dom
    assert 'class="cell st-fail"' in dom and 'class="cell st-pass"' in dom
    assert "PII App" in dom and "Good App" in dom
    # The hash opened the PII entry's details: its evidence and its contradicted claim are shown.
    assert 'class="detail"' in dom
    assert "declared: " in dom and "collectsPII" in dom
    assert "no repository" in dom


def test_a_worker_killed_by_the_os_costs_a_retry_not_a_result(tmp_path: Path) -> None:
    import multiprocessing

    from dpgcheck.audit.inputs import expand_inputs
    from dpgcheck.audit.runner import AuditSettings, TargetFinished, TargetStarted, run_audit

    names = ("passing", "failing", "traps")
    repos = [copy_example(names[n % 3], tmp_path / "repos" / f"r{n:02}") for n in range(16)]
    items = expand_inputs([str(repo) for repo in repos])
    killed: list[int] = []
    started: list[str] = []

    def on_event(event: object) -> None:
        if isinstance(event, TargetStarted):
            started.append(event.item.key)
        # After the first result, SIGKILL one worker, as the OOM killer would.
        if isinstance(event, TargetFinished) and not killed:
            worker = multiprocessing.active_children()[0]
            assert worker.pid is not None
            os.kill(worker.pid, signal.SIGKILL)
            killed.append(worker.pid)

    out = tmp_path / "out"
    outcome = run_audit(items, AuditSettings(out_dir=out, local_jobs=2), on_event)
    records = read_results(out)
    assert killed
    assert len(started) > len(items)  # the killed pool's targets were handed out again
    assert sorted(r["audit"]["key"] for r in records) == sorted(item.key for item in items)
    assert not [r for r in records if r.get("status") == "error"]
    assert outcome.checked == len(items)
