"""git over HTTP against hostile servers: a time, memory and size bound, and no endless retries."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.errors import SourceError
from dpgcheck.sources import gitproc
from dpgcheck.sources.git import GitRepository
from dpgcheck.sources.net import NetPolicy
from tests.hostile_git import hostile_server, server_url


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits small enough for a test to hit them in seconds."""
    monkeypatch.setattr(gitproc, "GIT_NETWORK_DEADLINE_SECONDS", 3.0)
    monkeypatch.setattr(gitproc, "GIT_MEMORY_BYTES", 300 * 1024**2)
    monkeypatch.setattr(gitproc, "GIT_FILE_BYTES", 20 * 1024**2)


def _repository(url: str, tmp_path: Path, timeout: float = 60.0) -> GitRepository:
    slept: list[float] = []
    policy = NetPolicy(timeout=timeout, retries=3, sleep=slept.append)
    return GitRepository(url, tmp_path / "cache", policy)


@pytest.mark.usefixtures("small_limits")
def test_a_dripping_server_is_stopped_at_the_deadline_and_not_retried(tmp_path: Path) -> None:
    with hostile_server("drip") as server:
        repository = _repository(server_url(server), tmp_path)
        with pytest.raises(SourceError) as caught:
            repository.resolve(None, [])
        assert server.requests == 1  # one attempt: a time-out is never retried
    assert repository.fetches == 1
    assert "ran past 3 s" in caught.value.message
    assert caught.value.hint


@pytest.mark.usefixtures("small_limits")
def test_a_dripping_server_is_dropped_by_the_low_speed_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gitproc, "GIT_NETWORK_DEADLINE_SECONDS", 60.0)
    with hostile_server("drip") as server:
        repository = _repository(server_url(server), tmp_path, timeout=1.0)
        with pytest.raises(SourceError) as caught:
            repository.resolve(None, [])
    assert repository.fetches == 1
    assert "too slowly" in caught.value.message


@pytest.mark.usefixtures("small_limits")
def test_an_endless_body_stops_at_the_memory_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A deadline far away: only the memory limit can stop git before it.
    monkeypatch.setattr(gitproc, "GIT_NETWORK_DEADLINE_SECONDS", 60.0)
    with hostile_server("flood") as server:
        repository = _repository(server_url(server), tmp_path)
        with pytest.raises(SourceError) as caught:
            repository.resolve(None, [])
        assert server.requests <= 2
    assert repository.fetches == 1
    assert "received too much" in caught.value.message or "ran past" in caught.value.message


@pytest.mark.usefixtures("small_limits")
def test_the_user_gets_one_error_line_and_exit_2(tmp_path: Path) -> None:
    with hostile_server("flood") as server:
        result = CliRunner().invoke(app, ["check", server_url(server), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: git ")
    assert "Hint: " in result.stderr
    assert "Traceback" not in result.stderr
