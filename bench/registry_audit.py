"""``dpgcheck audit`` of many GitHub repositories, served by the tests' fake GitHub on 127.0.0.1.

Usage (from the repository root, after ``pip install -e '.[dev]'``)::

    .venv/bin/python bench/registry_audit.py                     # 30 generated repositories
    .venv/bin/python bench/registry_audit.py --count 50 --jobs 4
    .venv/bin/python bench/registry_audit.py ~/src/repo-a ~/src/repo-b   # your own git repositories

Each repository (a given git work tree, or one generated like ``audit_speed.py``'s, plus
``--bulk-kb`` of incompressible files no check reads) is published as a bare repository and
served by ``tests/fake_github.py``: the REST answers dpgcheck asks GitHub for, and git's smart
HTTP. ``dpgcheck audit`` runs twice as a process, ``--github-url`` pointing at the server,
into one fresh cache: cold (empty cache), then warm (same commits, cache kept).

Printed per run: wall time, API requests per repository (and how many were answered ``304``
from a kept ETag), git commands (``ls-refs`` resolves the default branch, ``fetch`` brings trees
or file contents), bytes the server sent in git packs against the repositories' packed size
(a full clone), and all bytes sent. Targets: at most 3 API requests per repository; warm: no
``fetch`` and no pack bytes at all. Nothing leaves 127.0.0.1 (links are checked only there).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audit_speed import generate  # noqa: E402 (bench/ is the script's folder)

from tests.fake_github import (  # noqa: E402
    FakeGitHub,
    api_requests,
    fetch_bytes,
    git_commands,
    publish,
    serve_github,
)
from tests.servers import Running, Seen  # noqa: E402

OWNER = "bench"


def add_bulk(repo: Path, kilobytes: int, seed: int) -> None:
    """Incompressible files no check reads (images, data): what a full clone would carry."""
    rng = random.Random(seed)
    for index in range(max(0, kilobytes // 64)):
        path = repo / "assets" / f"blob{index:03}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rng.randbytes(64 * 1024))
    for args in (["add", "-A"], ["commit", "-q", "-m", "assets"]):
        subprocess.run(
            ["git", "-c", "user.name=b", "-c", "user.email=b@example.org", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )


def pack_bytes(bare: Path) -> int:
    """The bytes of a repository's packs: what a full clone transfers, give or take."""
    subprocess.run(["git", "-C", str(bare), "repack", "-adq"], check=True)
    return sum(p.stat().st_size for p in (bare / "objects" / "pack").glob("*.pack"))


def _limits() -> None:
    # The audit runs as a child with a memory cap: a bench never takes the machine down.
    resource.setrlimit(resource.RLIMIT_AS, (4_000_000_000, 4_000_000_000))


def run_audit(server: Running, listing: Path, out: Path, cache: Path, jobs: int | None) -> tuple[float, int]:
    """One ``dpgcheck audit`` process; its wall time and exit code."""
    command = [sys.executable, "-m", "dpgcheck", "audit", str(listing), "--out", str(out), "--overwrite"]
    command += ["--github-url", server.url, "--cache-dir", str(cache)]
    if jobs:
        command += ["--jobs", str(jobs)]
    env = {**os.environ, "DPGCHECK_LINK_HOSTS": "127.0.0.1", "DPGCHECK_CACHE_DIR": str(cache)}
    env.pop("GITHUB_TOKEN", None)
    env.pop("GH_TOKEN", None)
    started = time.perf_counter()
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=1800, preexec_fn=_limits, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        print(done.stderr[-3000:], file=sys.stderr)
    return seconds, done.returncode


def report(
    name: str, seconds: float, code: int, seen: list[Seen], fake: FakeGitHub, count: int, packed: int
) -> None:
    """Print one run's figures."""
    api = api_requests(seen)
    per_repo = Counter("/".join(s.path.split("/")[4:6]) for s in api)
    commands = Counter(git_commands(seen))
    pack = fetch_bytes(seen)
    total = sum(s.sent for s in seen)
    print(f"{name}: {seconds:.1f} s for {count} repositories ({count / seconds:.1f}/s), exit {code}")
    print(
        f"  API requests: {len(api)} ({len(api) / count:.2f} per repository, "
        f"max {max(per_repo.values(), default=0)}), {fake.not_modified} answered 304 from a kept ETag"
    )
    print(f"  git commands: {dict(commands)}")
    print(
        f"  git pack bytes sent: {pack:,} = {100 * pack / max(1, packed):.2f}% of the repositories' "
        f"packed size {packed:,}; all bytes sent: {total:,}"
    )


def main() -> int:
    """Publish, serve, audit cold then warm, report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("repos", nargs="*", type=Path, help="git work trees to serve (default: generated)")
    parser.add_argument("--count", type=int, default=30, help="repositories to generate (default 30)")
    parser.add_argument("--bulk-kb", type=int, default=512, help="unread bytes per generated repository, KB")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for the audit (default: its own)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="dpgcheck-registry-bench-"))
    try:
        sources = list(args.repos)
        if not sources:
            sources = generate(workdir / "work", args.count, use_git=True, shared_texts=False)
            for number, repo in enumerate(sources):
                add_bulk(repo, args.bulk_kb, number)
        root = workdir / "srv"
        names = []
        for number, source in enumerate(sources):
            name = f"{number:03}-{source.resolve().name}"
            publish(source, root / OWNER / f"{name}.git")
            names.append(name)
        packed = sum(pack_bytes(root / OWNER / f"{name}.git") for name in names)
        cache = workdir / "cache"
        with serve_github(root) as (server, fake):
            listing = workdir / "repos.txt"
            listing.write_text("".join(f"{server.url}/{OWNER}/{n}\n" for n in names), encoding="utf-8")
            for run in ("cold", "warm"):
                start, fake.not_modified = len(server.seen), 0
                seconds, code = run_audit(server, listing, workdir / run, cache, args.jobs)
                report(run, seconds, code, server.seen[start:], fake, len(names), packed)
        if args.keep:
            print(f"kept: {workdir}")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
