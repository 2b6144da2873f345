"""Time and peak memory of ``dpgcheck check`` on hostile git inputs (issue 11, the git part).

Usage (from the repository root):

    .venv/bin/python bench/hostile_git.py [--src SRC_FOLDER] [CASE ...]

Cases: ``link`` (a tree writing through a link), ``drip`` (an HTTP server dripping a byte every
0.2 s), ``flood`` (an endless HTTP body), ``bigblob`` (a 1 GiB blob of zeros, ~1 MB on the wire),
``fifo`` (a work tree whose .git/config names a FIFO as core.excludesFile), ``registry`` (an
audit of a registry entry naming ``/etc``). ``--src`` runs another dpgcheck (e.g. an exported
``src/`` of main) to measure before/after. Every run is a child under ``prlimit``-style limits:
1.5 GB of address space per process, 200 s. Printed per case: wall time, the peak resident
memory of the largest process (dpgcheck or git), exit status and the last line of output.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile_git import hostile_server, link_and_folder_repo, server_url

LIMIT_AS = 1_500_000_000
TIMEOUT = 200


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_AS, LIMIT_AS))


def _run(src: str | None, *args: str) -> tuple[float, int, int, str]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    code = (
        "import resource, subprocess, sys, time\n"
        "start = time.monotonic()\n"
        "try:\n"
        f"    p = subprocess.run([sys.executable, '-m', 'dpgcheck', *sys.argv[1:]], capture_output=True,"
        f" text=True, timeout={TIMEOUT})\n"
        "    rc, out = p.returncode, (p.stdout + p.stderr).strip().splitlines()\n"
        "except subprocess.TimeoutExpired:\n"
        "    rc, out = 'timeout', []\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(time.monotonic() - start, peak, rc, (out or [''])[-1][:150], sep='\\t')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=_limits,
        timeout=TIMEOUT + 30,
        check=False,
    )
    seconds, peak, rc, last = ([*result.stdout.strip().split("\t"), "", "", "", ""])[:4]
    return float(seconds or 0), int(peak or 0), int(rc) if rc.lstrip("-").isdigit() else -999, last


def _bigblob(folder: Path) -> Path:
    work, bare = folder / "work", folder / "big.git"
    work.mkdir()
    with (work / "README.md").open("wb") as out:  # the checks read README.md: 1 GiB of zeros
        out.truncate(1024**3)
    git = ["git", "-c", "user.name=b", "-c", "user.email=b@b", "-c", "core.bigFileThreshold=1m"]
    subprocess.run([*git, "init", "-q", str(work)], check=True)
    subprocess.run([*git, "-C", str(work), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(work), "commit", "-qm", "x"], check=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
    for key in ("uploadpack.allowFilter", "uploadpack.allowAnySHA1InWant"):
        subprocess.run(["git", "-C", str(bare), "config", key, "true"], check=True)
    return bare


def _fifo(folder: Path) -> Path:
    work = folder / "fifo"
    work.mkdir()
    (work / "README.md").write_text("# A project\n")
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    os.mkfifo(folder / "excludes")
    subprocess.run(
        ["git", "-C", str(work), "config", "core.excludesFile", str(folder / "excludes")], check=True
    )
    return work


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--src")
    parser.add_argument("cases", nargs="*", default=["link", "drip", "flood", "bigblob", "fifo", "registry"])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        cache = str(folder / "cache")
        for case in options.cases:
            extra = ""
            if case == "link":
                outside = folder / "outside"
                outside.mkdir()
                link_and_folder_repo(folder / "evil.git", outside)
                result = _run(options.src, "check", f"file://{folder}/evil.git", "--cache-dir", cache)
                extra = f"files written outside: {len(list(outside.iterdir()))}"
            elif case in ("drip", "flood"):
                with hostile_server(case, lifetime=TIMEOUT) as server:
                    result = _run(options.src, "check", server_url(server), "--cache-dir", cache)
                    extra = f"requests: {server.requests}"
            elif case == "bigblob":
                bare = _bigblob(folder)
                result = _run(options.src, "check", f"file://{bare}", "--cache-dir", cache)
                written = sum(p.stat().st_size for p in Path(cache).glob("git/*/trees/*/README.md"))
                extra = f"bytes written to trees/: {written}"
            elif case == "fifo":
                result = _run(options.src, "check", str(_fifo(folder)))
            elif case == "registry":
                registry = folder / "registry"
                (registry / "nominees").mkdir(parents=True)
                (registry / "nominees" / "etc.json").write_text(
                    json.dumps({"name": "Etc", "repositories": [{"url": "/etc"}]})
                )
                out = folder / "audit-out"
                result = _run(options.src, "audit", str(registry), "--out", str(out))
                lines = (
                    (out / "results.jsonl").read_text().splitlines()
                    if (out / "results.jsonl").exists()
                    else []
                )
                extra = "result: " + (
                    json.loads(lines[0]).get("error") or "a report of /etc" if lines else "none"
                )
            else:
                raise SystemExit(f"unknown case {case}")
            seconds, peak, rc, last = result
            print(f"{case:8} {seconds:7.2f} s  peak {peak / 1024:7.1f} MB  exit {rc}  {extra}  | {last}")
            sys.stdout.flush()
            time.sleep(0.2)


if __name__ == "__main__":
    main()
