"""How much a remote check transfers and how long it takes, cold and warm (same commit).

Usage (from the repository root):

    .venv/bin/python bench/remote_fetch.py [SOURCE_FOLDER]

SOURCE_FOLDER is any project folder (e.g. an sdist unpacked from
``pip download --no-deps --no-binary :all: django``); without it a synthetic project of
5,000 files is generated. The folder is committed into a bare repository served through
``file://`` (git runs the same upload-pack protocol as over HTTPS), then checked with
dpgcheck twice into a fresh cache. Printed: files in the tree, blobs fetched, bytes of the
cache's packs against a full clone's, and the wall time of each run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dpgcheck.api import CheckOptions, RunOptions, check
from dpgcheck.engine import build_checker, check_snapshot
from dpgcheck.sources import SourceOptions, open_target


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=b", "-c", "user.email=b@b", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _pack_bytes(git_dir: Path) -> int:
    return sum(p.stat().st_size for p in (git_dir / "objects").rglob("*") if p.is_file())


def _synthetic(root: Path) -> None:
    (root / "README.md").write_text("# Synthetic\n\n## Installation\n\nRun it.\n" + "word " * 200)
    (root / "LICENSE").write_text("MIT License\n\nCopyright (c) 2024 Bench\n")
    for index in range(5000):
        folder = root / "src" / f"pkg{index // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"mod{index}.py").write_text(f"# module {index}\n" + "x = 1\n" * 400)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="dpgcheck-bench-"))
    try:
        source = work / "source"
        if len(sys.argv) > 1:
            shutil.copytree(sys.argv[1], source, symlinks=True)
        else:
            source.mkdir()
            _synthetic(source)
        _git(source, "init", "-q")
        _git(source, "add", "-A")
        _git(source, "commit", "-q", "-m", "bench")
        bare = work / "bare.git"
        subprocess.run(["git", "clone", "-q", "--bare", str(source), str(bare)], check=True)
        subprocess.run(["git", "-C", str(bare), "config", "uploadpack.allowFilter", "true"], check=True)
        subprocess.run(["git", "-C", str(bare), "repack", "-adq"], check=True)
        full = work / "full.git"
        clone = ["git", "clone", "-q", "--bare", "--no-local", f"file://{bare}", str(full)]
        subprocess.run(clone, check=True)
        files = len(_git(source, "ls-files").splitlines())
        cache = work / "cache"
        url = f"file://{bare}"
        start = time.perf_counter()
        options = CheckOptions(source=SourceOptions(cache_dir=str(cache)))
        snapshot = open_target(url, options.source)
        report = check_snapshot(snapshot, options, build_checker())
        cold = time.perf_counter() - start
        network_commands = getattr(getattr(snapshot, "repository", None), "fetches", "?")
        commit = report.target.revision
        start = time.perf_counter()
        check(
            url,
            RunOptions(
                CheckOptions(source=SourceOptions(cache_dir=str(cache), ref=commit, offline=True)),
                policy=None,
            ),
        )
        warm = time.perf_counter() - start
        cached = next((cache / "git").glob("*/repo.git"))
        blobs = sum(
            1
            for line in _git(cached, "cat-file", "--batch-all-objects", "--batch-check").splitlines()
            if " blob " in line
        )
        print(f"files in tree:          {files}")
        print(f"blobs fetched:          {blobs}")
        print(f"git network commands:   {network_commands} (ls-remote, trees, blob batches)")
        print(f"cache objects (bytes):  {_pack_bytes(cached):,}")
        print(f"full clone (bytes):     {_pack_bytes(full):,}")
        print(f"cold check (s):         {cold:.2f}")
        print(f"warm check, same commit, --offline (s): {warm:.2f}")
        print("statuses:", " ".join(f"{r.id}={r.status.value}" for r in report.results))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
