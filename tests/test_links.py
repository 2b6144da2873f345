"""Link checking against a real local HTTP server: redirects, 404, 403/429, time-outs, politeness,
and how a dead link turns the indicator that relied on it into a warn."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.api import CheckOptions, RunOptions, check
from dpgcheck.cli import app
from dpgcheck.sources import SourceOptions
from dpgcheck.sources.link_result import LinkStatus
from dpgcheck.sources.links import HttpLinkChecker
from tests.servers import Reply, serve


def site() -> Callable[[str, str, dict[str, str]], Reply | None]:
    def route(method: str, path: str, headers: dict[str, str]) -> Reply | None:
        if path == "/ok":
            return Reply(200, "<html>ok</html>")
        if path == "/head-refused":
            return Reply(405) if method == "HEAD" else Reply(200, "page")
        if path == "/moved":
            return Reply(301, headers={"Location": "/moved-again"})
        if path == "/moved-again":
            return Reply(302, headers={"Location": "/ok"})
        if path == "/loop":
            return Reply(302, headers={"Location": "/loop"})
        if path == "/gone":
            return Reply(404, "not here")
        if path == "/bots":
            return Reply(403, "no robots")
        if path == "/busy":
            return Reply(429, "slow down", {"Retry-After": "60"})
        if path == "/broken":
            return Reply(500, "oops")
        if path == "/slow":
            return Reply(200, "late", delay=1.0)
        return None

    return route


def test_link_outcomes() -> None:
    checker = HttpLinkChecker(timeout=0.4)
    with serve(site()) as server:
        urls = {
            name: f"{server.url}/{name}"
            for name in ("ok", "head-refused", "moved", "loop", "gone", "bots", "busy", "broken", "slow")
        }
        results = checker.check(urls.values())
        agents = {s.headers.get("user-agent", "") for s in server.seen}
    status = {name: results[url].status for name, url in urls.items()}
    assert status == {
        "ok": LinkStatus.OK,
        "head-refused": LinkStatus.OK,
        "moved": LinkStatus.OK,
        "loop": LinkStatus.DEAD,
        "gone": LinkStatus.DEAD,
        "bots": LinkStatus.UNVERIFIED,
        "busy": LinkStatus.UNVERIFIED,
        "broken": LinkStatus.UNVERIFIED,
        "slow": LinkStatus.UNVERIFIED,
    }
    assert results[urls["moved"]].final_url == f"{server.url}/ok"
    assert results[urls["gone"]].http_status == 404
    assert results[urls["slow"]].detail == "timed out"
    assert all(agent.startswith("dpgcheck/") for agent in agents)


def test_concurrency_is_bounded() -> None:
    lock = threading.Lock()
    active = [0, 0]  # current, peak

    def route(method: str, path: str, headers: dict[str, str]) -> Reply:
        with lock:
            active[0] += 1
            active[1] = max(active[1], active[0])
        time.sleep(0.05)
        with lock:
            active[0] -= 1
        return Reply(200, "ok")

    with serve(route) as server:
        HttpLinkChecker(timeout=2, concurrency=3).check(f"{server.url}/{n}" for n in range(12))
    assert 1 < active[1] <= 3


def test_refused_connection_is_dead_only_when_the_network_works() -> None:
    with serve(lambda *_: None) as gone:
        closed = f"{gone.url}/page"
    with serve(site()) as server:
        mixed = HttpLinkChecker(timeout=1).check([closed, f"{server.url}/ok"])
    assert mixed[closed].status is LinkStatus.DEAD
    alone = HttpLinkChecker(timeout=1).check([closed])
    assert alone[closed].status is LinkStatus.UNVERIFIED


def _project(tmp_path: Path, privacy_url: str) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "README.md").write_text("# P\n")
    (root / "dpg.yaml").write_text(
        "privacy:\n  privacyComplianceList: [GDPR]\n"
        "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'Yes'\n"
        f"    privacyPolicyURL: {privacy_url}\n"
    )
    return root


def _dpg7(report_json: dict[str, object]) -> dict[str, object]:
    return next(i for i in report_json["indicators"] if i["id"] == "DPG-7")  # type: ignore[attr-defined,index]


def test_dead_privacy_policy_link_turns_the_pass_into_a_warn(tmp_path: Path) -> None:
    with serve(site()) as server:
        root = _project(tmp_path, f"{server.url}/gone")
        report = check(str(root), RunOptions(CheckOptions(), policy=None)).report
    result = next(r for r in report.results if r.id == "DPG-7")
    assert result.status.value == "warn"
    dead = [e for e in result.evidence if e.detail.startswith("dead link")]
    assert dead and dead[0].url == f"{server.url}/gone" and dead[0].path == "dpg.yaml" and dead[0].line == 6
    assert "HTTP 404" in dead[0].detail
    assert report.to_dict()["facts"]["links"][0]["check"]["status"] == "dead"


def test_site_refusing_bots_is_unverified_not_dead(tmp_path: Path) -> None:
    with serve(site()) as server:
        root = _project(tmp_path, f"{server.url}/bots")
        report = check(str(root), RunOptions(CheckOptions(), policy=None)).report
    result = next(r for r in report.results if r.id == "DPG-7")
    assert result.status.value == "pass"
    assert any(e.detail.startswith("link not verified") and "403" in e.detail for e in result.evidence)


def test_offline_makes_no_request_and_says_so(tmp_path: Path) -> None:
    with serve(site()) as server:
        root = _project(tmp_path, f"{server.url}/gone")
        result = CliRunner().invoke(app, ["check", str(root), "--offline", "-f", "json"])
        seen = list(server.seen)
    report = json.loads(result.stdout)
    assert seen == []
    assert any("Offline" in note and "links were not checked" in note for note in report["notes"])
    assert _dpg7(report)["status"] == "pass"
    assert report["facts"]["links"][0]["check"] is None
    options = CheckOptions(source=SourceOptions(offline=True))
    assert check(str(root), RunOptions(options, policy=None)).report.notes


def test_hosts_outside_dpgcheck_link_hosts_are_never_contacted(monkeypatch: pytest.MonkeyPatch) -> None:
    from dpgcheck.sources import SourceOptions, open_link_checker

    monkeypatch.setenv("DPGCHECK_LINK_HOSTS", "127.0.0.1")
    checker = open_link_checker(SourceOptions())
    assert checker is not None
    results = checker.check(["https://example.invalid/docs"])
    assert results["https://example.invalid/docs"].status.value == "unverified"
    assert "DPGCHECK_LINK_HOSTS" in results["https://example.invalid/docs"].detail
    assert checker.requests == 0  # type: ignore[attr-defined]
