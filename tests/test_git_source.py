"""Git URL targets against real bare repositories: partial fetch, the commit cache, errors."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dpgcheck.api import CheckOptions, RunOptions, check
from dpgcheck.errors import SourceError
from dpgcheck.sources import SourceOptions, open_target
from dpgcheck.sources.git import GitRepository
from dpgcheck.sources.net import NetPolicy
from tests.conftest import license_text
from tests.servers import Reply, add_commit, bare_repo, serve

README = """# Clinic

A tool for clinics, with enough prose here to count as documentation for a newcomer who wants
to run it on a fresh machine and understand what it does, why, and for whom it was written.

## Installation

Run `make install` and then `clinic serve`.
"""


def project() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "README.md": README,
        "LICENSE": license_text("MIT").replace("<year> <copyright holders>", "2024 Clinic Team"),
        "package.json": '{"name": "clinic", "license": "MIT", "dependencies": {"left-pad": "1.0.0"}}',
    }
    # Bulk no fact reads: it must never be fetched.
    for index in range(120):
        files[f"assets/blob{index}.dat"] = f"{index}".encode() * 2000
    return files


@pytest.fixture
def remote(tmp_path: Path) -> tuple[str, str, Path]:
    bare = tmp_path / "srv" / "clinic.git"
    commit = bare_repo(tmp_path / "work", bare, project(), tag="v1.0")
    return f"file://{bare}", commit, bare


def _objects(cache: Path) -> int:
    repo = next((cache / "git").glob("*/repo.git"))
    out = subprocess.run(
        ["git", "--git-dir", str(repo), "cat-file", "--batch-all-objects", "--batch-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sum(1 for line in out.splitlines() if " blob " in line)


def test_git_url_is_checked_with_only_the_blobs_the_checks_read(
    remote: tuple[str, str, Path], tmp_path: Path
) -> None:
    url, commit, _ = remote
    cache = tmp_path / "cache"
    report = check(
        url, RunOptions(CheckOptions(source=SourceOptions(cache_dir=str(cache))), policy=None)
    ).report
    assert report.target.kind == "git"
    assert report.target.revision == commit
    statuses = {r.id: r.status.value for r in report.results}
    assert statuses["DPG-2"] == "pass"
    assert statuses["DPG-5"] == "pass"
    assert report.facts is not None and report.facts.files_indexed == 123
    # README, LICENSE, package.json: none of the 120 asset blobs.
    assert _objects(cache) <= 5


def test_same_commit_twice_needs_no_network(remote: tuple[str, str, Path], tmp_path: Path) -> None:
    url, commit, bare = remote
    cache = tmp_path / "cache"
    first = check(
        url, RunOptions(CheckOptions(source=SourceOptions(cache_dir=str(cache), ref=commit)), policy=None)
    ).report
    shutil.rmtree(bare)  # the remote is gone: only the cache can answer
    policy = NetPolicy()
    repository = GitRepository(url, cache, policy)
    assert repository.resolve(commit, []) == commit
    assert repository.fetches == 0
    second = check(
        url, RunOptions(CheckOptions(source=SourceOptions(cache_dir=str(cache), ref=commit)), policy=None)
    ).report
    assert [r.status for r in second.results] == [r.status for r in first.results]
    assert second.target.revision == commit


def test_ref_selects_tag_branch_and_new_commits(remote: tuple[str, str, Path], tmp_path: Path) -> None:
    url, first_commit, bare = remote
    cache = tmp_path / "cache"
    second_commit = add_commit(tmp_path / "work", bare, {"CONTRIBUTING.md": "# Contributing\n"})
    head = open_target(url, SourceOptions(cache_dir=str(cache)))
    assert head.target.revision == second_commit
    assert "CONTRIBUTING.md" in head.paths
    tagged = open_target(url, SourceOptions(cache_dir=str(cache), ref="v1.0"))
    assert tagged.target.revision == first_commit
    assert "CONTRIBUTING.md" not in tagged.paths
    branch = open_target(url, SourceOptions(cache_dir=str(cache), ref="main"))
    assert branch.target.revision == second_commit


def test_offline_uses_the_cache_and_says_so(remote: tuple[str, str, Path], tmp_path: Path) -> None:
    url, commit, bare = remote
    cache = tmp_path / "cache"
    check(url, RunOptions(CheckOptions(source=SourceOptions(cache_dir=str(cache))), policy=None))
    shutil.rmtree(bare)
    report = check(
        url, RunOptions(CheckOptions(source=SourceOptions(cache_dir=str(cache), offline=True)), policy=None)
    ).report
    assert report.target.revision == commit
    assert any(note.startswith("Offline") for note in report.notes)
    assert {r.id: r.status.value for r in report.results}["DPG-2"] == "pass"


def test_offline_without_cache_is_a_clear_error(remote: tuple[str, str, Path], tmp_path: Path) -> None:
    url, _, _ = remote
    with pytest.raises(SourceError) as caught:
        open_target(url, SourceOptions(cache_dir=str(tmp_path / "empty"), offline=True))
    assert "--offline" in caught.value.message


def test_missing_repository_and_ref_are_one_line_errors(
    remote: tuple[str, str, Path], tmp_path: Path
) -> None:
    url, _, _ = remote
    options = SourceOptions(cache_dir=str(tmp_path / "cache"), net=NetPolicy(retries=0))
    with pytest.raises(SourceError) as missing:
        open_target(f"file://{tmp_path}/nothing.git", options)
    assert "not found" in missing.value.message
    assert "\n" not in missing.value.message
    with pytest.raises(SourceError) as bad_ref:
        open_target(url, SourceOptions(cache_dir=str(tmp_path / "cache"), ref="no-such-branch"))
    assert "Ref not found" in bad_ref.value.message


def test_git_over_smart_http_with_credentials_never_leaks_them(
    remote: tuple[str, str, Path], tmp_path: Path
) -> None:
    _, commit, bare = remote
    secret = "s3cr3t-Token-value"
    with serve(lambda *_: None, git_root=bare.parent) as server:
        url = server.url.replace("http://", f"http://user:{secret}@") + "/clinic.git"
        report = check(
            url,
            RunOptions(CheckOptions(source=SourceOptions(cache_dir=str(tmp_path / "cache"))), policy=None),
        ).report
        sent = [s.headers.get("authorization", "") for s in server.seen]
    assert report.target.revision == commit
    assert secret not in report.target.location
    assert secret not in repr(report.to_dict())
    assert any(value.startswith("Basic ") for value in sent)  # credentials went as a header
    config = next((tmp_path / "cache" / "git").glob("*/repo.git/config")).read_text()
    assert secret not in config
    with (
        serve(lambda *_: None, git_root=tmp_path / "nowhere") as server,
        pytest.raises(SourceError) as caught,
    ):
        url = server.url.replace("http://", f"http://user:{secret}@") + "/missing.git"
        open_target(url, SourceOptions(cache_dir=str(tmp_path / "cache2"), net=NetPolicy(retries=0)))
    assert secret not in caught.value.message
    assert secret not in (caught.value.hint or "")


def test_existing_local_path_that_looks_like_owner_repo_stays_local(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "owner" / "repo").mkdir(parents=True)
    (tmp_path / "owner" / "repo" / "README.md").write_text("# x\n")
    monkeypatch.chdir(tmp_path)
    snapshot = open_target("owner/repo")
    assert snapshot.target.kind == "local"


def test_ref_on_a_local_folder_is_an_input_error(tmp_path: Path) -> None:
    from dpgcheck.errors import InputError

    with pytest.raises(InputError) as caught:
        open_target(str(tmp_path), SourceOptions(ref="main"))
    assert "--ref" in caught.value.message


def test_full_sha_is_fetched_without_a_ref_lookup(remote: tuple[str, str, Path], tmp_path: Path) -> None:
    url, commit, _ = remote
    repository = GitRepository(url, tmp_path / "cache", NetPolicy())
    assert repository.resolve(commit, []) == commit
    assert repository.fetches == 1  # the trees, no ls-remote


def test_git_server_errors_are_retried_with_backoff(remote: tuple[str, str, Path], tmp_path: Path) -> None:
    _, commit, bare = remote
    failures = [Reply(502, "bad gateway"), Reply(503, "unavailable")]

    def flaky(method: str, path: str, headers: dict[str, str]) -> Reply | None:
        return failures.pop(0) if failures and "info/refs" in path else None

    slept: list[float] = []
    options = SourceOptions(cache_dir=str(tmp_path / "cache"), net=NetPolicy(sleep=slept.append))
    with serve(flaky, git_root=bare.parent) as server:
        snapshot = open_target(f"{server.url}/clinic.git", options)
    assert snapshot.target.revision == commit
    assert slept == [1.0, 2.0]


def test_remote_report_matches_the_local_one(remote: tuple[str, str, Path], tmp_path: Path) -> None:
    url, _, _ = remote
    local = check(str(tmp_path / "work"), RunOptions(CheckOptions(), policy=None)).report
    fetched = check(
        url, RunOptions(CheckOptions(source=SourceOptions(cache_dir=str(tmp_path / "cache"))), policy=None)
    ).report
    assert [(r.id, r.status, r.summary, r.evidence) for r in fetched.results] == [
        (r.id, r.status, r.summary, r.evidence) for r in local.results
    ]
    assert fetched.facts == local.facts


def test_unwritable_cache_is_a_clear_error(remote: tuple[str, str, Path], tmp_path: Path) -> None:
    url, _, _ = remote
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(SourceError) as caught:
        open_target(url, SourceOptions(cache_dir=str(blocker / "cache")))
    assert "Cannot create the cache" in caught.value.message
    assert "--cache-dir" in (caught.value.hint or "")
