"""``audit --registry URL`` against a local HTTP server: an export downloaded into the cache,
asked again conditionally (304), a cut download resumed with Range, --offline from the cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.errors import SourceError
from dpgcheck.sources.net import NetPolicy
from dpgcheck.sources.registry_download import download_registry
from tests.audit_helpers import copy_example, read_results
from tests.servers import Reply, Running, serve

DATA = Path(__file__).parent / "data" / "registry-app"
ETAG = '"export-v1"'


def export_bytes(tmp_path: Path) -> bytes:
    """An API export of two real-looking entries, each naming a local repository."""
    entries = []
    for number, (entry_id, example) in enumerate((("10226", "passing"), ("10675", "failing"))):
        entry = json.loads((DATA / f"{entry_id}.json").read_text(encoding="utf-8"))
        repo = copy_example(example, tmp_path / "repos" / f"r{number}", use_git=True)
        entry["repositories"] = [{"name": "main", "url": f"file://{repo}"}]
        entries.append(entry)
    return json.dumps({"count": 2, "data": entries}, indent=1).encode()


def export_route(body: bytes) -> object:
    def route(method: str, path: str, headers: dict[str, str]) -> Reply | None:
        if path != "/api/export.json":
            return None
        if headers.get("if-none-match") == ETAG:
            return Reply(304, b"", {"ETag": ETAG})
        wanted = headers.get("range", "")
        if wanted.startswith("bytes=") and headers.get("if-range") == ETAG:
            start = int(wanted[len("bytes=") :].split("-")[0])
            content_range = f"bytes {start}-{len(body) - 1}/{len(body)}"
            return Reply(206, body[start:], {"ETag": ETAG, "Content-Range": content_range})
        return Reply(200, body, {"ETag": ETAG, "Content-Type": "application/json"})

    return route


def run(server: Running, out: Path, cache: Path, *extra: str) -> tuple[int, str]:
    args = ["audit", "--registry", f"{server.url}/api/export.json", "--out", str(out), "--overwrite"]
    result = CliRunner().invoke(app, [*args, "--cache-dir", str(cache), "--no-config", *extra])
    return result.exit_code, result.stderr


def test_a_downloaded_export_is_audited_then_reused_unchanged_and_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DPGCHECK_REGISTRY_LOCAL", "1")
    body = export_bytes(tmp_path)
    cache = tmp_path / "cache"
    with serve(export_route(body)) as server:  # type: ignore[arg-type]
        code, err = run(server, tmp_path / "one", cache)
        first = [s for s in server.seen if s.path == "/api/export.json"]
        again, err_again = run(server, tmp_path / "two", cache)
        second = [s for s in server.seen if s.path == "/api/export.json"][len(first) :]
        offline, _ = run(server, tmp_path / "three", cache, "--offline")
        third = [s for s in server.seen if s.path == "/api/export.json"][len(first) + len(second) :]
    assert code in (0, 1), err
    assert "(downloaded)" in err
    lines = read_results(tmp_path / "one")
    assert len(lines) == 2
    assert {line["audit"]["group"] for line in lines} == {"registry:10226", "registry:10675"}
    # The second run asks whether the export changed; the 304 reuses the kept copy.
    assert again == code and "(not-modified)" in err_again
    assert [s.headers.get("if-none-match") for s in second] == [ETAG]
    assert len(read_results(tmp_path / "two")) == 2
    assert offline == code and third == []


def test_a_cut_download_resumes_where_it_stopped(tmp_path: Path) -> None:
    body = export_bytes(tmp_path)
    cache = tmp_path / "cache"
    with serve(export_route(body)) as server:  # type: ignore[arg-type]
        url = f"{server.url}/api/export.json"
        whole = download_registry(url, cache, NetPolicy(timeout=5))
        # As if the transfer had been cut after 100 bytes: the part file and its validator.
        part = whole.path.with_name(whole.path.name + ".part")
        part.write_bytes(body[:100])
        meta = whole.path.with_name(whole.path.name.replace(".json", ".meta.json"))
        meta.write_text(json.dumps({"partial": ETAG}), encoding="utf-8")
        whole.path.unlink()
        before = len(server.seen)
        resumed = download_registry(url, cache, NetPolicy(timeout=5))
        asked = server.seen[before:]
    assert resumed.how == "resumed"
    assert [s.headers.get("range") for s in asked] == ["bytes=100-"]
    assert resumed.bytes_received == len(body) - 100
    assert resumed.path.read_bytes() == body
    assert not part.exists()


def test_a_url_that_answers_no_export_is_one_error_line(tmp_path: Path) -> None:
    with serve(lambda method, path, headers: Reply(200, {"hello": "world"})) as server:
        result = CliRunner().invoke(
            app,
            [
                "audit",
                "--registry",
                f"{server.url}/x",
                "--out",
                str(tmp_path / "o"),
                "--cache-dir",
                str(tmp_path),
            ],
        )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {server.url}/x answered no registry entries")


def test_offline_without_a_kept_copy_and_a_bad_address_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not in the cache"):
        download_registry("https://registry.example.org/api/dpgs", tmp_path, NetPolicy(), offline=True)
    result = CliRunner().invoke(
        app, ["audit", "--registry", "ftp://x/y", "--out", str(tmp_path / "o"), "--cache-dir", str(tmp_path)]
    )
    assert result.exit_code == 2 and "needs an http(s) address" in result.stderr
