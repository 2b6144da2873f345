"""Link checks end in time and stay on the allowed hosts, against real servers on 127.0.0.1.

A server that sends one header line at a time never trips a per-read time-out: the link's own
deadline (all requests and redirects) and the batch's budget must end the check, with the link
``unverified``, never dead. A redirect to a host outside DPGCHECK_LINK_HOSTS is not followed.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dpgcheck.sources.link_result import LinkStatus
from dpgcheck.sources.links import HttpLinkChecker
from tests.servers import Reply, serve

DRIP_LINES = 200  # the server stops by itself after this many lines


@dataclass
class Drip:
    """A server that answers every request with a status line, then one header line every
    ``interval`` seconds, never ending the headers; it counts what it sent."""

    url: str
    sent: list[int] = field(default_factory=list)  # header lines sent, per connection
    cut: list[bool] = field(default_factory=list)  # whether the client cut the connection


@contextmanager
def drip_server(interval: float) -> Iterator[Drip]:
    """Run the dripping server on 127.0.0.1 for the block; each connection ends by itself."""
    lock = threading.Lock()

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            conn: socket.socket = self.request
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            sent, cut = 0, False
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                for sent in range(1, DRIP_LINES + 1):
                    time.sleep(interval)
                    conn.sendall(f"X-Drip-{sent}: {'x' * 10}\r\n".encode())
            except OSError:
                cut = True
            with lock:
                drip.sent.append(sent)
                drip.cut.append(cut)

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server(("127.0.0.1", 0), Handler)
    drip = Drip(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield drip
    finally:
        server.shutdown()
        server.server_close()


def _wait_for(condition: object, seconds: float = 5.0) -> None:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:  # type: ignore[operator]
        time.sleep(0.05)


def test_a_dripping_server_is_cut_at_the_link_deadline() -> None:
    # 0.2 s between lines never trips the 8 s read time-out: only the 1 s deadline can end it.
    with drip_server(0.2) as drip:
        checker = HttpLinkChecker(timeout=8.0, deadline=1.0, budget=30.0)
        results = checker.check([f"{drip.url}/docs"])
        _wait_for(lambda: len(drip.sent) >= 1)
    result = results[f"{drip.url}/docs"]
    assert result.status is LinkStatus.UNVERIFIED
    assert result.detail == "timed out: no complete answer within 1 s (redirects included)"
    # Cut by the client long before the server's 200 lines: no thread stays on the drip.
    assert drip.cut[:1] == [True] and drip.sent[0] < DRIP_LINES // 4


def test_links_left_when_the_budget_is_spent_are_unverified_not_dead() -> None:
    with drip_server(0.2) as drip, serve(lambda *_: Reply(404, "gone")) as plain:
        urls = [f"{drip.url}/{n}" for n in range(4)]
        # One at a time: the first drips to its 1 s deadline, the second is cut by the 1.5 s
        # budget, the other two are never started.
        checker = HttpLinkChecker(timeout=8.0, concurrency=1, deadline=1.0, budget=1.5)
        results = checker.check([*urls, f"{plain.url}/missing"])
        _wait_for(lambda: len(drip.sent) >= 2)
        requested = plain.paths()
    details = [results[url].detail for url in urls]
    assert all(results[url].status is LinkStatus.UNVERIFIED for url in urls)
    assert details[0].startswith("timed out: no complete answer within 1 s")
    assert details[1] == "time budget spent: no answer before the link checks' 1.5 s ran out"
    assert details[2] == details[3] == "time budget spent: not checked, the link checks' 1.5 s ran out"
    assert results[f"{plain.url}/missing"].status is LinkStatus.UNVERIFIED  # not reached: not dead
    assert requested == []
    assert len(drip.sent) == 2 and all(drip.cut)


def test_a_redirect_to_a_host_outside_the_allowed_ones_is_not_followed() -> None:
    def route(method: str, path: str, headers: dict[str, str]) -> Reply | None:
        if path == "/elsewhere":
            # localhost is this machine too: were the redirect followed, this server would see it.
            return Reply(302, headers={"Location": f"http://localhost:{port}/landed"})
        if path == "/hop":
            return Reply(301, headers={"Location": "/elsewhere"})
        if path == "/landed":
            return Reply(200, "followed")
        return None

    with serve(route) as server:
        port = server.url.rsplit(":", 1)[1]
        checker = HttpLinkChecker(timeout=2.0, allowed_hosts=frozenset({"127.0.0.1"}))
        results = checker.check([f"{server.url}/hop"])
        seen = server.paths()
    result = results[f"{server.url}/hop"]
    assert result.status is LinkStatus.UNVERIFIED
    assert result.detail == "not checked: redirects to localhost, a host not in DPGCHECK_LINK_HOSTS"
    assert result.final_url == f"http://localhost:{port}/landed"
    assert "/landed" not in seen and seen == ["/hop", "/elsewhere"]


def test_redirect_hops_are_capped() -> None:
    def route(method: str, path: str, headers: dict[str, str]) -> Reply:
        step = int(path.strip("/") or 0)
        return Reply(302, headers={"Location": f"/{step + 1}"})

    with serve(route) as server:
        checker = HttpLinkChecker(timeout=2.0, max_redirects=3)
        results = checker.check([f"{server.url}/0"])
        seen = server.paths()
    # Alone in its batch, no server gave a final answer: "; no server answered" follows.
    assert results[f"{server.url}/0"].detail.startswith("redirect loop")
    assert seen == ["/0", "/1", "/2", "/3"] * 2  # HEAD's four requests, then GET's


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))


def test_check_returns_within_the_budget_on_dripping_and_redirecting_links(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()

    def route(method: str, path: str, headers: dict[str, str]) -> Reply | None:
        if path == "/policy":
            return Reply(302, headers={"Location": f"http://localhost:{port}/policy-page"})
        return Reply(200, "followed") if path == "/policy-page" else None

    with drip_server(0.5) as drip, serve(route) as server:
        port = server.url.rsplit(":", 1)[1]
        (root / "README.md").write_text(f"# P\n\n## Documentation\n\nSee the [docs]({drip.url}/docs).\n")
        (root / "dpg.yaml").write_text(
            "privacy:\n  privacyComplianceList: [GDPR]\n"
            "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'Yes'\n"
            f"    privacyPolicyURL: {server.url}/policy\n"
            f"documentation:\n  documentationURL: {drip.url}/manual\n"
        )
        env = {**os.environ, "DPGCHECK_LINK_DEADLINE": "1", "DPGCHECK_LINK_BUDGET": "3"}
        env["DPGCHECK_LINK_HOSTS"] = "127.0.0.1"
        done = subprocess.run(
            [sys.executable, "-m", "dpgcheck", "check", str(root), "-f", "json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,  # a guard: 200 dripped lines at 0.5 s would hold an unbounded check 100 s
            preexec_fn=_limit_memory,
        )
        landed = "/policy-page" in server.paths()
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    checks = {link["url"]: link["check"] for link in report["facts"]["links"]}
    for url in (f"{drip.url}/docs", f"{drip.url}/manual"):
        assert checks[url]["status"] == "unverified"
        assert checks[url]["detail"] == "timed out: no complete answer within 1 s (redirects included)"
    policy = checks[f"{server.url}/policy"]
    assert policy["status"] == "unverified"
    assert "localhost, a host not in DPGCHECK_LINK_HOSTS" in policy["detail"]
    assert not landed
    dpg7 = next(i for i in report["indicators"] if i["id"] == "DPG-7")
    assert dpg7["status"] == "pass"  # unverified links never fail or warn an indicator
    assert any(e["detail"].startswith("link not verified (privacy") for e in dpg7["evidence"])


def test_a_bad_deadline_setting_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# P\n")
    done = subprocess.run(
        [sys.executable, "-m", "dpgcheck", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "DPGCHECK_LINK_BUDGET": "soon"},
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("Error: DPGCHECK_LINK_BUDGET='soon' is not a number of seconds")
    assert "Traceback" not in done.stderr
