"""GitLab targets (nested groups, self-hosted) against a real HTTP server speaking GitLab's v4 shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.errors import SourceError
from dpgcheck.sources.gitlab import GitLabClient, spdx_from_gitlab
from dpgcheck.sources.net import NetPolicy, RateLimitError
from tests.servers import Reply, bare_repo, serve
from tests.test_git_source import project
from tests.test_github_source import NOW, FakeClock

TOKEN = "glpat-NeverShowThisToken12345"
PROJECT_PATH = "/api/v4/projects/health%2Ftools%2Fclinic?license=true"


def project_json(base: str) -> dict[str, Any]:
    return {
        "id": 4242,
        "description": "Clinic tools for district health teams",
        "name": "clinic",
        "name_with_namespace": "health / tools / clinic",
        "path": "clinic",
        "path_with_namespace": "health/tools/clinic",
        "created_at": "2023-01-01T00:00:00.000Z",
        "default_branch": "main",
        "tag_list": ["health"],
        "topics": ["health", "sdg-3"],
        "ssh_url_to_repo": "git@gitlab.example:health/tools/clinic.git",
        "http_url_to_repo": f"{base}/health/tools/clinic.git",
        "web_url": f"{base}/health/tools/clinic",
        "readme_url": f"{base}/health/tools/clinic/-/blob/main/README.md",
        "star_count": 7,
        "forks_count": 1,
        "last_activity_at": "2024-04-01T00:00:00.000Z",
        "namespace": {
            "id": 9,
            "name": "tools",
            "path": "tools",
            "kind": "group",
            "full_path": "health/tools",
        },
        "archived": False,
        "visibility": "public",
        "license_url": f"{base}/health/tools/clinic/-/blob/main/LICENSE",
        "license": {
            "key": "mit",
            "name": "MIT License",
            "nickname": None,
            "html_url": "https://opensource.org/licenses/MIT",
            "source_url": "https://opensource.org/licenses/MIT",
        },
    }


def gitlab_route(holder: list[str], replies: list[Reply] | None = None) -> Any:
    pending = list(replies or [])

    def route(method: str, path: str, headers: dict[str, str]) -> Reply | None:
        if path == PROJECT_PATH:
            if pending:
                return pending.pop(0)
            return Reply(
                200, project_json(holder[0]), {"RateLimit-Limit": "2000", "RateLimit-Remaining": "1999"}
            )
        return None

    return route


def test_nested_group_project_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "srv"
    commit = bare_repo(tmp_path / "work", root / "health" / "tools" / "clinic.git", project())
    monkeypatch.setenv("GITLAB_TOKEN", TOKEN)
    holder: list[str] = []
    with serve(gitlab_route(holder), git_root=root) as server:
        holder.append(server.url)
        result = CliRunner().invoke(
            app,
            [
                "check",
                f"{server.url}/health/tools/clinic",
                "--gitlab-url",
                server.url,
                "--cache-dir",
                str(tmp_path / "cache"),
                "-f",
                "json",
            ],
        )
        api = [s for s in server.seen if s.path.startswith("/api/")]
        git_requests = [s for s in server.seen if ".git/" in s.path]
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["target"] == {
        "kind": "gitlab",
        "location": f"{server.url}/health/tools/clinic",
        "revision": commit,
    }
    assert report["facts"]["host"]["license_spdx"] == "MIT"
    assert report["facts"]["host"]["topics"] == ["health", "sdg-3"]
    assert len(api) == 1
    assert api[0].headers["private-token"] == TOKEN
    assert git_requests and all(s.headers.get("authorization", "").startswith("Basic ") for s in git_requests)
    assert TOKEN not in result.stdout + result.stderr


def _client(url: str, clock: FakeClock, token: str | None = None, **policy: Any) -> GitLabClient:
    net = NetPolicy(timeout=policy.pop("timeout", 5), sleep=clock.sleep, clock=clock.time, **policy)
    return GitLabClient(f"{url}/api/v4", token, net)


def test_429_waits_for_retry_after_then_succeeds() -> None:
    clock = FakeClock()
    holder: list[str] = []
    limited = Reply(429, "Retry later\n", {"Retry-After": "20", "RateLimit-Remaining": "0"})
    with serve(gitlab_route(holder, [limited])) as server:
        holder.append(server.url)
        client = _client(server.url, clock)
        meta = client.metadata("health/tools/clinic", server.url)
    assert meta.default_branch == "main"
    assert 20 <= sum(clock.slept) <= 22
    assert client.requests == 2


def test_long_reset_stops_with_when_to_retry() -> None:
    clock = FakeClock()
    holder: list[str] = []
    limited = Reply(
        429, "Retry later\n", {"RateLimit-Reset": str(int(NOW + 3600)), "RateLimit-Remaining": "0"}
    )
    with serve(gitlab_route(holder, [limited])) as server, pytest.raises(RateLimitError) as caught:
        holder.append(server.url)
        _client(server.url, clock).metadata("health/tools/clinic", server.url)
    assert "GitLab API rate limit" in caught.value.message
    assert "GITLAB_TOKEN" in (caught.value.hint or "")


def test_5xx_retried_and_404_is_one_line() -> None:
    clock = FakeClock()
    holder: list[str] = []
    with serve(gitlab_route(holder, [Reply(500, "oops"), Reply(502, "bad gateway")])) as server:
        holder.append(server.url)
        assert _client(server.url, clock).metadata("health/tools/clinic", server.url).description
    assert clock.slept == [1.0, 2.0]
    with (
        serve(gitlab_route(holder, [Reply(404, {"message": "404 Project Not Found"})])) as server,
        pytest.raises(SourceError) as caught,
    ):
        holder[0] = server.url
        _client(server.url, clock, token=TOKEN).metadata("health/tools/clinic", server.url)
    assert caught.value.message == "GitLab project not found or private: health/tools/clinic"


def test_connection_errors_are_retried_then_reported() -> None:
    clock = FakeClock()
    with serve(lambda *_: None) as server:
        url = server.url
    # The server is gone: every connection is refused.
    with pytest.raises(SourceError) as caught:
        _client(url, clock, retries=2).metadata("health/tools/clinic", url)
    assert "Cannot reach the GitLab API" in caught.value.message
    assert clock.slept == [1.0, 2.0]


def test_license_keys_map_to_spdx() -> None:
    assert spdx_from_gitlab("apache-2.0") == "Apache-2.0"
    assert spdx_from_gitlab("agpl-3.0") == "AGPL-3.0"
    assert spdx_from_gitlab("other") is None
    assert spdx_from_gitlab(None) is None
