"""Hostile git repositories: nothing is ever written outside the cache's ``trees/<commit>``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dpgcheck.sources import SourceOptions, open_target
from dpgcheck.sources.gittree import Refused, TreeWriter, screen
from tests.hostile_git import link_and_folder_repo, run_dpgcheck
from tests.servers import bare_repo, serve


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    return outside


def test_check_of_a_tree_writing_through_a_link_writes_nothing_outside(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    bare = tmp_path / "srv" / "evil.git"
    link_and_folder_repo(bare, outside)
    cache = tmp_path / "cache"
    result = run_dpgcheck("check", f"file://{bare}", "--cache-dir", str(cache), "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert list(outside.iterdir()) == []
    report = json.loads(result.stdout)
    assert any("LICENSE/package.json" in note and "refused" in note for note in report["notes"])
    written = {p.relative_to(cache).as_posix() for p in cache.glob("git/*/trees/*/**/*")}
    assert written and all("LICENSE" not in p for p in written)


def test_audit_of_a_registry_entry_with_that_tree_writes_nothing_outside(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    root = tmp_path / "srv"
    link_and_folder_repo(root / "evil.git", outside)
    registry = tmp_path / "registry"
    (registry / "nominees").mkdir(parents=True)
    with serve(lambda *_: None, git_root=root) as server:
        (registry / "nominees" / "evil.json").write_text(
            json.dumps({"name": "Evil", "repositories": [{"url": f"{server.url}/evil.git"}]})
        )
        result = run_dpgcheck(
            "audit",
            str(registry),
            "--out",
            str(tmp_path / "out"),
            env={"DPGCHECK_CACHE_DIR": str(tmp_path / "c")},
        )
    assert "Traceback" not in result.stderr
    assert list(outside.iterdir()) == []
    line = json.loads((tmp_path / "out" / "results.jsonl").read_text().splitlines()[0])
    assert "error" not in line, line  # a report with its notes, not an error line
    assert any("LICENSE/package.json" in note and "refused" in note for note in line["notes"])


def test_screen_refuses_duplicate_names_and_files_below_a_file() -> None:
    kept, refused = screen(
        [
            ("LICENSE", ("120000", "a")),
            ("LICENSE/package.json", ("100644", "b")),
            ("README.md", ("100644", "c")),
            ("README.md", ("100644", "d")),
            ("docs/guide.md", ("100644", "e")),
        ]
    )
    assert kept == {"docs/guide.md": ("100644", "e")}
    assert set(refused) == {"LICENSE", "LICENSE/package.json", "README.md"}


def test_writer_never_follows_a_link_already_in_the_cache(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    root = tmp_path / "trees" / "abc"
    root.mkdir(parents=True)
    # As a case-insensitive file system would make `docs/x` of `Docs` (a link): a link on the way.
    os.symlink(outside, root / "docs")
    source = tmp_path / "payload"
    source.write_bytes(b"ssh-ed25519 AAAA attacker")
    with TreeWriter(root) as writer, source.open("rb") as stream:
        with pytest.raises(Refused):
            writer.write_file("docs/authorized_keys", stream, 25)
        assert not writer.exists("docs/authorized_keys")
        writer.write_link("link", b"../../../outside")
        writer.write_file("plain/file.txt", stream, 0)
    assert list(outside.iterdir()) == []
    assert os.readlink(root / "link") == "../../../outside"
    assert (root / "plain" / "file.txt").read_bytes() == b""


def test_a_blob_over_the_read_cap_is_never_read_nor_written(tmp_path: Path) -> None:
    work, bare = tmp_path / "work", tmp_path / "srv" / "big.git"
    big = b"0" * (30 * 1024 * 1024)  # compresses to ~30 KB on the wire
    bare_repo(work, bare, {"README.md": big, "LICENSE": "MIT License\n"})
    snapshot = open_target(f"file://{bare}", SourceOptions(cache_dir=str(tmp_path / "cache")))
    snapshot.prefetch(lambda: snapshot.read_text("README.md"))  # type: ignore[attr-defined]
    assert snapshot.read_text("README.md") is None
    assert snapshot.skipped["README.md"].startswith("too large to read (30.0 MiB")
    assert snapshot.read_text("LICENSE") == "MIT License\n"
    trees = snapshot.root
    assert (trees / "LICENSE").exists() and not (trees / "README.md").exists()


def test_a_registry_entry_naming_a_local_path_is_an_error_line(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    (registry / "nominees").mkdir(parents=True)
    for slug, url in (("etc", "/etc"), ("root", "file:///root"), ("home", "~/.ssh")):
        (registry / "nominees" / f"{slug}.json").write_text(
            json.dumps({"name": slug, "repositories": [{"url": url}]})
        )
    out = tmp_path / "out"
    result = run_dpgcheck("audit", str(registry), "--out", str(out), env={"DPGCHECK_REGISTRY_LOCAL": ""})
    assert "Traceback" not in result.stderr
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert {line["target"]: line["status"] for line in lines} == {
        "registry:etc": "error",
        "registry:home": "error",
        "registry:root": "error",
    }
    assert {line["error"] for line in lines} >= {"not a remote repository URL: /etc"}
    assert "passwd" not in (out / "results.jsonl").read_text()
