"""GitHub targets against a real HTTP server speaking GitHub's REST shapes (PyGithub pointed at it)
and git's smart HTTP protocol: request counts, quota waits, retries, errors, token redaction."""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.errors import SourceError
from dpgcheck.sources import SourceOptions, open_target
from dpgcheck.sources.github import GitHubClient
from dpgcheck.sources.net import NetPolicy, RateLimitError
from dpgcheck.sources.targets import parse_target
from tests.servers import Reply, bare_repo, serve
from tests.test_git_source import project

TOKEN = "ghp_TestTokenThatMustNeverLeak0123456789"
NOW = 1_700_000_000.0


class FakeClock:
    """An injected clock: sleeping advances time instantly and is recorded."""

    def __init__(self) -> None:
        self.now = NOW
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def quota(remaining: int = 59, reset: float = NOW + 3600, limit: int = 60) -> dict[str, str]:
    return {
        "x-ratelimit-limit": str(limit),
        "x-ratelimit-remaining": str(remaining),
        "x-ratelimit-reset": str(int(reset)),
        "x-ratelimit-used": str(limit - remaining),
        "x-ratelimit-resource": "core",
    }


def repo_json(base: str, owner: str = "acme", name: str = "clinic", spdx: str = "MIT") -> dict[str, Any]:
    api = f"{base}/api/v3/repos/{owner}/{name}"
    return {
        "id": 1296269,
        "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
        "name": name,
        "full_name": f"{owner}/{name}",
        "private": False,
        "owner": {"login": owner, "id": 1, "type": "Organization", "url": f"{base}/api/v3/users/{owner}"},
        "html_url": f"{base}/{owner}/{name}",
        "description": "Open clinic management for community health workers",
        "fork": False,
        "url": api,
        "clone_url": f"{base}/{owner}/{name}.git",
        "homepage": "https://clinic.example.org",
        "stargazers_count": 42,
        "language": "Python",
        "archived": False,
        "disabled": False,
        "visibility": "public",
        "pushed_at": "2024-05-01T10:00:00Z",
        "topics": ["health", "sdg-3", "digital-public-good"],
        "default_branch": "main",
        "license": {
            "key": spdx.lower(),
            "name": f"{spdx} License",
            "spdx_id": spdx,
            "url": f"{base}/api/v3/licenses/{spdx.lower()}",
            "node_id": "MDc6TGljZW5zZTEz",
        },
    }


def profile_json(base: str) -> dict[str, Any]:
    return {
        "health_percentage": 71,
        "description": "Open clinic management for community health workers",
        "documentation": None,
        "files": {
            "code_of_conduct": None,
            "code_of_conduct_file": None,
            "contributing": None,
            "issue_template": None,
            "pull_request_template": None,
            "license": {
                "key": "mit",
                "name": "MIT License",
                "spdx_id": "MIT",
                "url": f"{base}/api/v3/licenses/mit",
                "html_url": f"{base}/acme/clinic/blob/main/LICENSE",
                "node_id": "MDc6TGljZW5zZW1pdA==",
            },
            "readme": {"url": "x", "html_url": f"{base}/acme/clinic/blob/main/README.md"},
        },
        "updated_at": "2024-05-01T10:00:00Z",
    }


def github_routes(
    base: Callable[[], str],
    spdx: str = "MIT",
    repo_replies: list[Reply] | None = None,
    archived: bool = False,
) -> Callable[[str, str, dict[str, str]], Reply | None]:
    pending = list(repo_replies or [])

    def route(method: str, path: str, headers: dict[str, str]) -> Reply | None:
        if path == "/api/v3/repos/acme/clinic":
            if pending:
                return pending.pop(0)
            return Reply(200, {**repo_json(base(), spdx=spdx), "archived": archived}, quota(58))
        if path == "/api/v3/repos/acme/clinic/community/profile":
            return Reply(200, profile_json(base()), quota(57))
        return None

    return route


@pytest.fixture
def git_root(tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "srv"
    commit = bare_repo(tmp_path / "work", root / "acme" / "clinic.git", project())
    return root, commit


def test_check_owner_repo_end_to_end_with_two_api_requests(
    git_root: tuple[Path, str], tmp_path: Path
) -> None:
    root, commit = git_root
    holder: list[str] = []
    with serve(github_routes(lambda: holder[0], spdx="Apache-2.0"), git_root=root) as server:
        holder.append(server.url)
        result = CliRunner().invoke(
            app,
            [
                "check",
                "acme/clinic",
                "--github-url",
                server.url,
                "--cache-dir",
                str(tmp_path / "cache"),
                "--token",
                TOKEN,
                "--format",
                "json",
            ],
        )
        api = [s for s in server.seen if s.path.startswith("/api/")]
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["target"] == {"kind": "github", "location": f"{server.url}/acme/clinic", "revision": commit}
    host = report["facts"]["host"]
    assert host["description"].startswith("Open clinic")
    assert host["topics"] == ["health", "sdg-3", "digital-public-good"]
    assert host["license_spdx"] == "Apache-2.0"
    assert host["community"]["health_percentage"] == 71
    assert len(api) == 2 <= 3
    assert all(s.headers.get("authorization") == f"token {TOKEN}" for s in api)
    assert all("dpgcheck" in s.headers.get("user-agent", "") for s in api)
    # The host reads the license differently: that is evidence, and a pass becomes a warn.
    license_result = next(i for i in report["indicators"] if i["id"] == "DPG-2")
    assert license_result["status"] == "warn"
    assert any("GitHub detects Apache-2.0" in e["detail"] for e in license_result["evidence"])
    assert TOKEN not in result.stdout + result.stderr


def test_agreeing_host_license_is_reported_beside_ours(git_root: tuple[Path, str], tmp_path: Path) -> None:
    root, _ = git_root
    holder: list[str] = []
    with serve(github_routes(lambda: holder[0]), git_root=root) as server:
        holder.append(server.url)
        result = CliRunner().invoke(
            app,
            [
                "check",
                f"{server.url}/acme/clinic",
                "--github-url",
                server.url,
                "--cache-dir",
                str(tmp_path / "c"),
                "-f",
                "json",
            ],
        )
    report = json.loads(result.stdout)
    license_result = next(i for i in report["indicators"] if i["id"] == "DPG-2")
    assert license_result["status"] == "pass"
    assert any(e["detail"] == "GitHub detects MIT too" for e in license_result["evidence"])


def _client(url: str, clock: FakeClock, token: str | None = None, **policy: Any) -> GitHubClient:
    waits: list[tuple[str, float]] = policy.pop("waits", [])
    net = NetPolicy(
        timeout=policy.pop("timeout", 5),
        sleep=clock.sleep,
        clock=clock.time,
        on_wait=lambda message, left: waits.append((message, left)),
        **policy,
    )
    return GitHubClient(f"{url}/api/v3", token, net)


def test_exhausted_quota_with_a_short_reset_waits_with_a_countdown() -> None:
    clock = FakeClock()
    waits: list[tuple[str, float]] = []
    limited = Reply(
        403,
        {"message": "API rate limit exceeded for 127.0.0.1.", "documentation_url": "https://docs.github.com"},
        quota(0, reset=NOW + 30),
    )
    holder: list[str] = []
    with serve(github_routes(lambda: holder[0], repo_replies=[limited])) as server:
        holder.append(server.url)
        meta = _client(server.url, clock, waits=waits).metadata("acme/clinic", server.url)
    assert meta.description
    assert 30 <= sum(clock.slept) <= 32
    assert waits[0][1] == pytest.approx(31)
    assert waits[-1][1] == 0
    assert all(a[1] >= b[1] for a, b in itertools.pairwise(waits))
    assert "rate limit" in waits[0][0]


def test_exhausted_quota_with_a_long_reset_says_when_and_how_a_token_helps() -> None:
    clock = FakeClock()
    limited = Reply(403, {"message": "API rate limit exceeded for 127.0.0.1."}, quota(0, reset=NOW + 7200))
    holder: list[str] = []
    with (
        serve(github_routes(lambda: holder[0], repo_replies=[limited])) as server,
        pytest.raises(RateLimitError) as caught,
    ):
        holder.append(server.url)
        _client(server.url, clock).metadata("acme/clinic", server.url)
    assert "resets at 00:13 UTC" in caught.value.message  # NOW + 2 h
    assert "GITHUB_TOKEN" in (caught.value.hint or "")
    assert clock.slept == []


def test_secondary_limit_429_with_retry_after_waits() -> None:
    clock = FakeClock()
    limited = Reply(429, {"message": "You have exceeded a secondary rate limit."}, {"retry-after": "5"})
    holder: list[str] = []
    with serve(github_routes(lambda: holder[0], repo_replies=[limited])) as server:
        holder.append(server.url)
        client = _client(server.url, clock)
        client.metadata("acme/clinic", server.url)
    assert 5 <= sum(clock.slept) <= 7
    assert client.requests == 3  # the limited one, the retry, the community profile


def test_server_errors_are_retried_with_backoff() -> None:
    clock = FakeClock()
    errors = [Reply(502, {"message": "Server Error"}), Reply(503, {"message": "Unavailable"})]
    holder: list[str] = []
    with serve(github_routes(lambda: holder[0], repo_replies=errors)) as server:
        holder.append(server.url)
        meta = _client(server.url, clock).metadata("acme/clinic", server.url)
    assert meta.default_branch == "main"
    assert clock.slept == [1.0, 2.0]


def test_missing_or_private_repository_is_one_line() -> None:
    clock = FakeClock()
    missing = Reply(404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})
    holder: list[str] = []
    with (
        serve(github_routes(lambda: holder[0], repo_replies=[missing])) as server,
        pytest.raises(SourceError) as caught,
    ):
        holder.append(server.url)
        _client(server.url, clock, token=TOKEN).metadata("acme/clinic", server.url)
    assert caught.value.message == "GitHub repository not found or private: acme/clinic"


def test_slow_replies_time_out_and_are_retried_then_reported() -> None:
    clock = FakeClock()
    slow = [Reply(200, {}, delay=1.6), Reply(200, {}, delay=1.6)]
    holder: list[str] = []
    with (
        serve(github_routes(lambda: holder[0], repo_replies=slow)) as server,
        pytest.raises(SourceError) as caught,
    ):
        holder.append(server.url)
        _client(server.url, clock, timeout=1, retries=1).metadata("acme/clinic", server.url)
    assert "Cannot reach the GitHub API" in caught.value.message
    assert clock.slept == [1.0]


def test_rejected_token_never_appears_in_the_error(git_root: tuple[Path, str], tmp_path: Path) -> None:
    bad = Reply(401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})
    holder: list[str] = []
    with serve(github_routes(lambda: holder[0], repo_replies=[bad])) as server:
        holder.append(server.url)
        result = CliRunner().invoke(
            app,
            [
                "check",
                "acme/clinic",
                "--github-url",
                server.url,
                "--token",
                TOKEN,
                "--cache-dir",
                str(tmp_path / "c"),
            ],
        )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: GitHub rejected the token")
    assert TOKEN not in result.stdout + result.stderr


def test_token_from_environment(
    monkeypatch: pytest.MonkeyPatch,
    git_root: tuple[Path, str],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    root, _ = git_root
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("GH_TOKEN", TOKEN)
    holder: list[str] = []
    with serve(github_routes(lambda: holder[0]), git_root=root) as server:
        holder.append(server.url)
        result = CliRunner().invoke(
            app, ["check", "acme/clinic", "--github-url", server.url, "--cache-dir", str(tmp_path / "c")]
        )
        api = [s for s in server.seen if s.path.startswith("/api/")]
        git_requests = [s for s in server.seen if ".git/" in s.path]
    assert result.exit_code in (0, 1), result.stderr
    assert api and all(s.headers.get("authorization") == f"token {TOKEN}" for s in api)
    assert git_requests and all(s.headers.get("authorization", "").startswith("Basic ") for s in git_requests)
    assert TOKEN not in result.stdout + result.stderr
    assert TOKEN not in caplog.text
    for path in (tmp_path / "c").rglob("*"):
        if path.is_file() and "objects" not in path.parts:
            assert TOKEN.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(
    ("target", "kind", "slug", "ref"),
    [
        ("acme/clinic", "github", "acme/clinic", None),
        ("https://github.com/acme/clinic", "github", "acme/clinic", None),
        ("https://github.com/acme/clinic.git", "github", "acme/clinic", None),
        ("https://github.com/acme/clinic/tree/release/2.0", "github", "acme/clinic", "release/2.0"),
        ("github:acme/clinic", "github", "acme/clinic", None),
        ("https://gitlab.com/group/sub/project", "gitlab", "group/sub/project", None),
        ("https://gitlab.com/group/sub/project/-/tree/v1", "gitlab", "group/sub/project", "v1"),
        ("git@example.org:team/repo.git", "git", None, None),
        ("ssh://git@example.org/team/repo.git", "git", None, None),
        ("https://example.org/team/repo.git", "git", None, None),
    ],
)
def test_target_forms(target: str, kind: str, slug: str | None, ref: str | None) -> None:
    remote = parse_target(target)
    assert remote is not None
    assert (remote.kind, remote.slug, remote.ref) == (kind, slug, ref)


def test_enterprise_api_root() -> None:
    remote = parse_target("https://ghe.corp.example/acme/clinic", github_url="https://ghe.corp.example")
    assert remote is not None
    assert remote.api_url == "https://ghe.corp.example/api/v3"
    assert parse_target("acme/clinic") is not None
    assert parse_target("acme/clinic").api_url == "https://api.github.com"  # type: ignore[union-attr]
    assert parse_target("not a target") is None


def test_scp_like_github_url_gets_host_facts() -> None:
    remote = parse_target("git@github.com:acme/clinic.git")
    assert remote is not None
    assert (remote.kind, remote.slug, remote.clone_url) == (
        "github",
        "acme/clinic",
        "git@github.com:acme/clinic.git",
    )


def test_countdown_is_shown_once_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from dpgcheck.cli.common import Countdown

    countdown = Countdown()
    clock = FakeClock()
    NetPolicy(sleep=clock.sleep, clock=clock.time, on_wait=countdown).countdown("GitHub API rate limit", 3)
    err = capsys.readouterr().err
    assert err == "GitHub API rate limit (3 s)…\n"
    assert sum(clock.slept) == 3


def test_missing_community_profile_still_gives_host_facts() -> None:
    clock = FakeClock()

    def route(method: str, path: str, headers: dict[str, str]) -> Reply | None:
        if path == "/api/v3/repos/acme/clinic":
            return Reply(200, repo_json(holder[0]), quota(10))
        return None  # 404 for the community profile, as old GitHub Enterprise servers answer

    holder: list[str] = []
    with serve(route) as server:
        holder.append(server.url)
        client = _client(server.url, clock)
        meta = client.metadata("acme/clinic", server.url)
    assert meta.license_spdx == "MIT"
    assert meta.extra["community"] is None
    assert client.requests == 2


def test_quota_left_at_zero_skips_the_community_profile() -> None:
    clock = FakeClock()

    def route(method: str, path: str, headers: dict[str, str]) -> Reply | None:
        if path == "/api/v3/repos/acme/clinic":
            return Reply(200, repo_json(holder[0]), quota(0, reset=NOW + 600))
        raise AssertionError("no request after the quota is spent")

    holder: list[str] = []
    with serve(route) as server:
        holder.append(server.url)
        client = _client(server.url, clock)
        meta = client.metadata("acme/clinic", server.url)
    assert client.requests == 1
    assert meta.extra["community_profile_skipped"] == "API quota exhausted"


def test_owner_repo_that_is_neither_a_folder_nor_a_repository_says_both(tmp_path: Path) -> None:
    holder: list[str] = []
    with serve(github_routes(lambda: holder[0])) as server:
        holder.append(server.url)
        result = CliRunner().invoke(
            app, ["check", "exmples/passing", "--github-url", server.url, "--cache-dir", str(tmp_path)]
        )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: GitHub repository not found or private: exmples/passing"
    assert "No local folder named exmples/passing exists either" in lines[1]


def test_offline_recheck_of_a_github_repository_makes_no_request(
    git_root: tuple[Path, str], tmp_path: Path
) -> None:
    root, commit = git_root
    holder: list[str] = []
    cache = str(tmp_path / "cache")
    with serve(github_routes(lambda: holder[0], archived=True), git_root=root) as server:
        holder.append(server.url)
        online = open_target("acme/clinic", SourceOptions(github_url=server.url, cache_dir=cache))
        before = len(server.seen)
        result = CliRunner().invoke(
            app,
            [
                "check",
                "acme/clinic",
                "--github-url",
                server.url,
                "--cache-dir",
                cache,
                "--offline",
                "-f",
                "json",
            ],
        )
        after = len(server.seen)
    assert any("archived" in note for note in online.notes)
    assert after == before
    report = json.loads(result.stdout)
    assert report["target"]["revision"] == commit
    assert report["facts"]["host"] is None
    assert any(note.startswith("Offline") for note in report["notes"])
