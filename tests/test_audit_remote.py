"""Auditing GitHub repositories at scale against a fake GitHub on 127.0.0.1: API requests per
repository, nothing fetched again for unchanged commits, rate limits waited out or stopping the
audit cleanly for ``--resume``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from dpgcheck.cli import app
from tests.audit_helpers import read_results
from tests.conftest import license_text
from tests.fake_github import API, api_requests, fetch_bytes, git_commands, quota, serve_github
from tests.servers import Reply, Running, bare_repo

runner = CliRunner()


def make_repos(tmp_path: Path, count: int) -> Path:
    """``count`` small repositories served as ``acme/r<N>``, each with its own commit."""
    root = tmp_path / "srv"
    for index in range(count):
        files: dict[str, str | bytes] = {
            "README.md": f"# Project {index}\n\nInstall it with make.\n",
            "LICENSE": license_text("MIT").replace("<year> <copyright holders>", f"2024 Team {index}"),
            "data/bulk.bin": bytes([index % 256]) * 50_000,  # read by no check: never fetched
        }
        bare_repo(tmp_path / "work" / f"r{index}", root / "acme" / f"r{index}.git", files)
    return root


def audit(server: Running, listing: Path, out: Path, cache: Path, *extra: str) -> Result:
    args = ["audit", str(listing), "--out", str(out), "--github-url", server.url, "--cache-dir", str(cache)]
    return runner.invoke(app, [*args, *extra])


def listing_of(tmp_path: Path, server: Running, count: int) -> Path:
    listing = tmp_path / "repos.txt"
    listing.write_text("".join(f"{server.url}/acme/r{n}\n" for n in range(count)), encoding="utf-8")
    return listing


def status(line: dict[str, object]) -> str:
    """An error line's status, or a report line's verdict."""
    summary = line.get("summary")
    return str(line.get("status") or (summary.get("status") if isinstance(summary, dict) else None))


def per_repository(paths: list[str]) -> Counter[str]:
    return Counter("/".join(path[len(API) :].split("/")[:2]) for path in paths)


def test_each_repository_costs_at_most_three_api_requests_and_a_warm_audit_fetches_no_files(
    tmp_path: Path,
) -> None:
    count = 4
    root = make_repos(tmp_path, count)
    cache = tmp_path / "cache"
    with serve_github(root) as (server, fake):
        fake.delay = 0.05  # long enough for parallel threads to overlap, were they allowed to
        listing = listing_of(tmp_path, server, count)
        cold = audit(server, listing, tmp_path / "cold", cache, "--jobs", "4")
        cold_seen = list(server.seen)
        warm = audit(server, listing, tmp_path / "warm", cache, "--jobs", "4")
        warm_seen = server.seen[len(cold_seen) :]
    assert cold.exit_code in (0, 1), cold.stderr
    assert warm.exit_code == cold.exit_code, warm.stderr
    cold_api = per_repository([s.path for s in api_requests(cold_seen)])
    assert len(cold_api) == count
    assert max(cold_api.values()) <= 3
    assert "fetch" in git_commands(cold_seen)
    assert fetch_bytes(cold_seen) > 0
    # Unchanged commits: one cheap ref lookup each, no pack (no trees, no file contents) again.
    assert Counter(git_commands(warm_seen)) == Counter({"ls-refs": count})
    assert fetch_bytes(warm_seen) == 0
    warm_api = api_requests(warm_seen)
    assert max(per_repository([s.path for s in warm_api]).values()) <= 3
    # Every API question is asked again with the ETag kept from the first answer: all 304s,
    # which GitHub does not count against an authenticated client's quota.
    assert fake.not_modified == len(warm_api) > 0
    assert all(s.headers.get("if-none-match") for s in warm_api)
    # Threads fetch in parallel, but the API is asked one request at a time.
    assert fake.most_in_flight == 1
    statuses = {r["audit"]["key"]: status(r) for r in read_results(tmp_path / "cold")}
    assert statuses == {r["audit"]["key"]: status(r) for r in read_results(tmp_path / "warm")}
    assert "error" not in statuses.values()


def test_short_primary_and_secondary_rate_limits_are_waited_out_with_a_countdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DPGCHECK_WAIT_SCALE", "0.001")  # a host's second lasts a millisecond here
    root = make_repos(tmp_path, 2)
    with serve_github(root) as (server, fake):
        fake.scripted = [
            Reply(403, {"message": "API rate limit exceeded for 127.0.0.1."}, quota(0, reset=None)),
            Reply(403, {"message": "You have exceeded a secondary rate limit."}, {"retry-after": "20"}),
            Reply(429, {"message": "Too many requests"}, {"retry-after": "3"}),
        ]
        fake.scripted[0].headers["x-ratelimit-reset"] = str(int(__import__("time").time()) + 30)
        result = audit(server, listing_of(tmp_path, server, 2), tmp_path / "out", tmp_path / "c", "-j", "1")
    assert result.exit_code in (0, 1), result.stderr
    assert "GitHub API rate limit reached; waiting for the reset (" in result.stderr
    assert [status(r) for r in read_results(tmp_path / "out")].count("error") == 0
    assert len(read_results(tmp_path / "out")) == 2


def test_a_long_rate_limit_stops_the_audit_cleanly_and_resume_finishes_it(tmp_path: Path) -> None:
    count = 4
    root = make_repos(tmp_path, count)
    out = tmp_path / "out"
    with serve_github(root) as (server, fake):
        listing = listing_of(tmp_path, server, count)
        fake.limit_after = 2  # the first repository's two requests, then the hourly quota is spent
        stopped = audit(server, listing, out, tmp_path / "c", "-j", "1")
        done = read_results(out)
        before_resume = len(server.seen)
        fake.limit_after = None  # the quota has reset
        resumed = audit(server, listing, out, tmp_path / "c", "-j", "1", "--resume")
        resumed_api = api_requests(server.seen[before_resume:])
    assert stopped.exit_code == 75, stopped.stderr
    assert "Stopped: The GitHub API rate limit is exhausted" in stopped.stderr
    assert "--resume" in stopped.stderr
    assert "GITHUB_TOKEN" in stopped.stderr  # no token given: the hint says how to get more
    assert len(done) == 1 and status(done[0]) != "error"
    assert (out / "summary.csv").exists()
    assert resumed.exit_code in (0, 1), resumed.stderr
    assert sorted(r["audit"]["key"] for r in read_results(out)) == sorted(
        f"{server.url}/acme/r{n}" for n in range(count)
    )
    assert all(status(r) != "error" for r in read_results(out))
    # The finished repository is not asked about again.
    assert done[0]["audit"]["key"].rsplit("/", 1)[1] not in per_repository([s.path for s in resumed_api])


def test_a_host_that_limits_after_every_short_wait_is_given_up_after_a_few_waits() -> None:
    from dpgcheck.sources.net import MAX_RATE_WAITS, RateLimitError
    from tests import test_github_source as gh
    from tests import test_gitlab_source as gl
    from tests.servers import serve

    always = Reply(429, {"message": "Too many requests"}, {"retry-after": "1"})
    for module, path in ((gh, "acme/clinic"), (gl, "group/project")):
        clock = module.FakeClock()
        with serve(lambda method, p, headers: always) as server, pytest.raises(RateLimitError):
            client = module._client(server.url, clock)
            client.metadata(path, server.url)
        assert len(clock.slept) >= MAX_RATE_WAITS  # waited, then gave up instead of looping
        assert len(server.seen) == MAX_RATE_WAITS + 1


def test_the_live_display_shows_a_rate_limit_countdown_under_the_bar() -> None:
    import io

    from rich.console import Console

    from dpgcheck.audit.runner import AuditStarted
    from dpgcheck.cli.audit import AuditDisplay

    display = AuditDisplay(live=True)
    display.console = Console(file=io.StringIO(), force_terminal=True, width=160)
    with display:
        display.handle(AuditStarted(total=3, resumed=0, to_check=3, resumed_counts={}))
        display.on_wait("GitHub API rate limit reached; waiting for the reset", 42.0)
        display.progress.refresh()
        shown = display.console.file.getvalue()  # type: ignore[attr-defined]
        display.on_wait("GitHub API rate limit reached; waiting for the reset", 0.0)
        display.progress.refresh()
        assert display.waiting is None  # the wait is over: the line goes
    assert "waiting for the reset: 42 s left" in shown
