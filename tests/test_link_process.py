"""The link-check process of a single ``check`` run: same answers as the in-process checker,
through a real child Python talking to a real local server; a child that fails or cannot start
never costs the run its results."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dpgcheck.sources.link_process import ProcessLinkChecker
from dpgcheck.sources.links import LinkStatus
from tests.servers import serve
from tests.test_links import site


def _fake_python(tmp_path: Path, body: str) -> str:
    """An executable standing in for the interpreter the child is started with."""
    script = tmp_path / "fake-python"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_child_process_gives_the_in_process_answers() -> None:
    with serve(site()) as server:
        urls = {name: f"{server.url}/{name}" for name in ("ok", "moved", "gone", "bots", "head-refused")}
        checker = ProcessLinkChecker(timeout=2)
        results = checker.check(urls.values())
        seen = list(server.seen)
    assert {name: results[url].status for name, url in urls.items()} == {
        "ok": LinkStatus.OK,
        "moved": LinkStatus.OK,
        "gone": LinkStatus.DEAD,
        "bots": LinkStatus.UNVERIFIED,
        "head-refused": LinkStatus.OK,
    }
    assert results[urls["moved"]].final_url == f"{server.url}/ok"
    assert results[urls["gone"]].http_status == 404
    assert 0 < checker.requests <= len(seen)  # a redirect is one request, two hits
    assert all(s.headers.get("user-agent", "").startswith("dpgcheck/") for s in seen)


def test_hosts_outside_the_allowed_list_are_answered_without_a_request() -> None:
    with serve(site()) as server:
        checker = ProcessLinkChecker(timeout=2, allowed_hosts=frozenset({"127.0.0.1"}))
        results = checker.check([f"{server.url}/ok", "https://example.invalid/docs"])
    assert results[f"{server.url}/ok"].status is LinkStatus.OK
    assert "DPGCHECK_LINK_HOSTS" in results["https://example.invalid/docs"].detail
    assert checker.requests == 1


def test_a_failing_child_leaves_every_link_unverified_with_its_reason(tmp_path: Path) -> None:
    python = _fake_python(tmp_path, "cat >/dev/null\necho 'ModuleNotFoundError: no httpx here' >&2\nexit 1")
    results = ProcessLinkChecker(python=python).check(["https://a.example/x", "https://b.example/y"])
    assert {r.status for r in results.values()} == {LinkStatus.UNVERIFIED}
    assert all(r.detail == "link check failed: ModuleNotFoundError: no httpx here" for r in results.values())


def test_a_child_answering_for_some_urls_only_leaves_the_rest_unverified(tmp_path: Path) -> None:
    answer = json.dumps(
        {"results": [{"url": "https://a.example/x", "status": "ok", "http_status": 200}], "requests": 1}
    )
    python = _fake_python(tmp_path, f"cat >/dev/null\necho '{answer}'")
    results = ProcessLinkChecker(python=python).check(["https://a.example/x", "https://b.example/y"])
    assert results["https://a.example/x"].status is LinkStatus.OK
    assert results["https://b.example/y"].detail == "link check failed: no answer for this URL"


def test_links_are_checked_in_process_when_no_child_can_start(tmp_path: Path) -> None:
    with serve(site()) as server:
        for python in ("", str(tmp_path / "no-such-python")):
            checker = ProcessLinkChecker(timeout=2, python=python)
            results = checker.check([f"{server.url}/gone"])
            assert results[f"{server.url}/gone"].status is LinkStatus.DEAD
            assert checker.requests >= 1


def _started_child(tmp_path: Path) -> tuple[ProcessLinkChecker, int]:
    pid_file = tmp_path / "child.pid"
    python = _fake_python(tmp_path, f"echo $$ > {pid_file}\nexec sleep 30")
    checker = ProcessLinkChecker(python=python)
    deadline = time.monotonic() + 10
    while not pid_file.exists() or not pid_file.read_text().strip():
        assert time.monotonic() < deadline, "the child never started"
        time.sleep(0.01)
    return checker, int(pid_file.read_text())


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as the interpreter")
def test_an_unused_child_is_stopped_by_close(tmp_path: Path) -> None:
    checker, pid = _started_child(tmp_path)
    assert not _gone(pid)
    checker.close()
    assert _gone(pid)


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as the interpreter")
def test_a_child_with_no_links_to_check_is_stopped_at_once(tmp_path: Path) -> None:
    checker, pid = _started_child(tmp_path)
    results = checker.check(["mailto:someone@example.org", "docs/index.md"])
    assert results == {}
    assert _gone(pid)
    with pytest.raises(RuntimeError):
        checker.start(["https://example.org"])


def test_the_cli_checks_links_in_its_child_and_reports_a_dead_one(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "README.md").write_text("# P\n")
    with serve(site()) as server:
        (root / "dpg.yaml").write_text(
            "privacy:\n  privacyComplianceList: [GDPR]\n"
            "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'Yes'\n"
            f"    privacyPolicyURL: {server.url}/gone\n"
        )
        done = subprocess.run(
            [sys.executable, "-m", "dpgcheck", "check", str(root), "-f", "json"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        seen = [s.path for s in server.seen]
    report = json.loads(done.stdout)
    dpg7 = next(i for i in report["indicators"] if i["id"] == "DPG-7")
    assert dpg7["status"] == "warn"
    assert any(e["detail"].startswith("dead link") and "HTTP 404" in e["detail"] for e in dpg7["evidence"])
    assert "/gone" in seen
    assert done.stderr.count("Traceback") == 0


def test_the_child_imports_the_dpgcheck_its_parent_runs(tmp_path: Path) -> None:
    import dpgcheck

    python = _fake_python(tmp_path, 'cat >/dev/null\necho "path: $PYTHONPATH" >&2\nexit 1')
    results = ProcessLinkChecker(python=python).check(["https://a.example/x"])
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(dpgcheck.__file__)))
    assert results["https://a.example/x"].detail.startswith(f"link check failed: path: {package_root}")


def test_with_one_usable_cpu_links_are_checked_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from dpgcheck import sources
    from dpgcheck.sources.links import HttpLinkChecker

    monkeypatch.setattr(sources, "usable_cpus", lambda: 1)
    assert isinstance(
        sources.open_link_checker(sources.SourceOptions(), in_child_process=True), HttpLinkChecker
    )
    monkeypatch.setattr(sources, "usable_cpus", lambda: 2)
    checker = sources.open_link_checker(sources.SourceOptions(), in_child_process=True)
    assert isinstance(checker, ProcessLinkChecker)
    checker.close()


def test_usable_cpus_counts_this_process_affinity() -> None:
    from dpgcheck.sources import usable_cpus

    assert usable_cpus() == len(os.sched_getaffinity(0))
