"""Benchmark ``dpgcheck audit`` on generated local repositories: throughput and parent memory.

Usage (from the repository root, after ``pip install -e '.[dev]'``)::

    .venv/bin/python bench/audit_speed.py                 # 200 repositories, one worker per CPU
    .venv/bin/python bench/audit_speed.py --count 400 --jobs 2 --git --cli

Each generated repository looks like a small real project: a README with sections, a LICENSE
(one of five texts, each with its own copyright line, so every text is distinct as in real
registries), package manifests, policies, a dpg.yaml for half of them and a src/ tree.
Targets: at least 20 repositories per second on 2 cores, and a parent RSS that does not grow
with the number of targets (sampled after 50, 100 and 200 finished targets).
Generation time is not measured; the audit is (worker start-up included), and so are the
summaries written afterwards.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dpgcheck.audit.inputs import expand_inputs
from dpgcheck.audit.runner import AuditEvent, AuditSettings, TargetFinished, default_local_jobs, run_audit
from dpgcheck.audit.summaries import write_summaries

ROOT = Path(__file__).resolve().parent.parent
LICENSES = ("MIT", "Apache-2.0", "GPL-3.0-only", "BSD-3-Clause", "MPL-2.0")
SAMPLE_AT = (50, 100, 200, 400, 800)


def rss_kib() -> int:
    """The current resident set size of this (the parent) process, in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def generate(root: Path, count: int, use_git: bool, shared_texts: bool) -> list[Path]:
    """Write ``count`` repositories below ``root``."""
    texts = {name: (ROOT / "tests" / "data" / "licenses" / f"{name}.txt").read_text() for name in LICENSES}
    repos = []
    for n in range(count):
        repo = root / f"project-{n:04}"
        license_name = LICENSES[n % len(LICENSES)]
        holder = "The Project Authors" if shared_texts else f"Project {n} Foundation"
        files = {
            "LICENSE": f"Copyright (c) 2024 {holder}\n\n" + texts[license_name],
            "README.md": (
                f"# Project {n}\n\nProject {n} helps health workers record visits offline.\n\n"
                "## Installation\n\nRun `pip install project` and then `project serve`.\n\n"
                "## Usage\n\nOpen http://localhost:8000 and sign in.\n\n"
                "## Contributing\n\nSee CONTRIBUTING.md.\n"
            ),
            "CONTRIBUTING.md": "# Contributing\n\nOpen a pull request.\n",
            "CODE_OF_CONDUCT.md": "# Code of conduct\n\nReport problems to conduct@example.org.\n",
            "SECURITY.md": "# Security\n\nReport vulnerabilities to security@example.org.\n",
            "requirements.txt": "flask==3.0.0\nrequests>=2.31\nsqlalchemy\n",
            "package.json": json.dumps(
                {"name": f"project-{n}", "license": license_name, "dependencies": {"react": "^18"}}
            ),
            ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
        }
        if n % 3:
            files["README.md"] += (
                "\n## Deployment\n\n"
                + "Configure the database URL, the mail server and the storage bucket, " * 8
            )
            files["docs/index.md"] = "# Documentation\n\nHow to run it in production.\n"
        if n % 2 == 0:
            files["dpg.yaml"] = (
                f"name: Project {n}\nSDGs:\n  - SDGNumber: 3\n    evidenceText: Better health records\n"
                "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'No'\n"
            )
        for module in range(20):
            files[f"src/project/module_{module}.py"] = f'"""Module {module}."""\n\nVALUE = {module}\n'
        for relative, content in files.items():
            path = repo / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        if use_git:
            for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "initial"]):
                subprocess.run(
                    ["git", "-c", "user.name=b", "-c", "user.email=b@example.org", *args],
                    cwd=repo,
                    check=True,
                    capture_output=True,
                )
        repos.append(repo)
    return repos


def main() -> int:
    """Generate, audit, report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=200, help="repositories to generate (default 200)")
    parser.add_argument(
        "--jobs", type=int, default=default_local_jobs(), help="worker processes (default: CPUs)"
    )
    parser.add_argument("--git", action="store_true", help="make each repository a git repository")
    parser.add_argument(
        "--shared-texts", action="store_true", help="same copyright line everywhere (license texts repeat)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated folder and the audit")
    parser.add_argument(
        "--cli",
        action="store_true",
        help="also time `python -m dpgcheck audit` end to end (summaries included)",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="dpgcheck-bench-"))
    try:
        started = time.perf_counter()
        repos = generate(workdir / "repos", args.count, args.git, args.shared_texts)
        generation = time.perf_counter() - started
        items = expand_inputs([str(repo) for repo in repos])
        out = workdir / "audit"
        samples: dict[str, int] = {"0": rss_kib()}
        finished = 0

        def on_event(event: AuditEvent) -> None:
            nonlocal finished
            if isinstance(event, TargetFinished):
                finished += 1
                if finished in SAMPLE_AT:
                    samples[str(finished)] = rss_kib()

        started = time.perf_counter()
        outcome = run_audit(items, AuditSettings(out_dir=out, local_jobs=args.jobs), on_event)
        audit_seconds = time.perf_counter() - started
        started = time.perf_counter()
        write_summaries(out)
        summary_seconds = time.perf_counter() - started
        samples["after summaries"] = rss_kib()
        cli_seconds = None
        if args.cli:
            listing = workdir / "targets.txt"
            listing.write_text("".join(f"{repo}\n" for repo in repos), encoding="utf-8")
            command = [sys.executable, "-m", "dpgcheck", "audit", str(listing), "--out", str(workdir / "cli")]
            started = time.perf_counter()
            subprocess.run([*command, "--jobs", str(args.jobs)], capture_output=True, check=False)
            cli_seconds = time.perf_counter() - started
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    rate = args.count / audit_seconds
    print(f"python {sys.version.split()[0]}, {args.jobs} worker processes, git={args.git}")
    print(
        f"generated {args.count} repositories in {generation:.1f} s"
        + (f" under {workdir}" if args.keep else "")
    )
    print(f"audit: {args.count} targets in {audit_seconds:.2f} s = {rate:.1f} repositories/s  (target >= 20)")
    print(f"summaries (csv, md, html): {summary_seconds:.2f} s")
    if cli_seconds is not None:
        print(f"CLI end to end: {cli_seconds:.2f} s = {args.count / cli_seconds:.1f} repositories/s")
    print(f"verdicts: {dict(outcome.counts)}")
    print(
        "parent RSS (MiB) after N finished targets: "
        + ", ".join(f"{k}: {v / 1024:.1f}" for k, v in samples.items())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
