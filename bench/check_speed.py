#!/usr/bin/env python3
"""Benchmark: ``dpgcheck check --format json`` next to ``licensee detect`` on generated repositories.

Generates git repositories of 1,000 / 10,000 / 50,000 tracked files that look like real
projects (LICENSE, a README with sections, policy files, CI, docs/, a monorepo of packages with
package.json / requirements.txt / pom.xml / go.mod manifests and source files with copyright
headers), then times each tool several times on the same tree and reports medians, the ratio
dpgcheck/licensee and dpgcheck's peak memory (max RSS of the process, from wait4).

Targets (issue 2): median ratio <= 1.0 at every size, peak memory < 200 MB at 50,000 files.
Real projects (issue 12): ``--tree DIR`` times an existing work tree instead (repeatable); the
target there is a median ratio <= 2.0, since dpgcheck reads every indicator's evidence and
licensee only the license files. The runs alternate between the two tools, so a slow spell of a
shared machine falls on both.
dpgcheck runs with ``--offline`` (the generated README's links name hosts that do not exist, and
a benchmark must not depend on the network). Without licensee installed, dpgcheck alone is timed.

Run from a checkout, with dpgcheck installed in .venv:

    .venv/bin/python bench/check_speed.py                    # 1000,10000,50000 files, 5 runs
    .venv/bin/python bench/check_speed.py --sizes 1000 --runs 3
    .venv/bin/python bench/check_speed.py --keep /tmp/dpg-bench   # keep (and reuse) the trees
    .venv/bin/python bench/check_speed.py --tree ../dhis2-core --tree ../fineract --runs 11

This is a script, not a test: numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
LICENSE_TEXT = (CHECKOUT / "tests" / "data" / "licenses" / "Apache-2.0.txt").read_text(encoding="utf-8")

README = """# Harbour Health Information System

Harbour is an open-source health information system used by ministries of health to collect,
validate, analyse and present aggregate and patient-level statistical data. It runs on any
Linux server with PostgreSQL and serves a web application and a REST API.

## Features

- Data entry forms that work offline on Android and in the browser.
- Dashboards, pivot tables and maps built from the collected data.
- A REST API described with OpenAPI 3 for integration with other systems (HL7 FHIR adapters).

## Installation

Install Java 17 and PostgreSQL 14, then download the latest release and run:

```bash
java -jar harbour.war --config /etc/harbour/harbour.conf
```

See the [installation guide](https://docs.harbour.example.org/install) for production setups,
backups, upgrades and high availability.

## Development

Clone the repository, run `./mvnw install`, and start the web application with `npm start`
in `packages/web`. The contributing guide explains our review process.

## License

Harbour is released under the Apache License 2.0; see LICENSE.
"""

POLICIES = {
    "CODE_OF_CONDUCT.md": "# Contributor Covenant Code of Conduct\n\nReport unacceptable behaviour to "
    "conduct@harbour.example.org. All complaints will be reviewed and investigated promptly.\n",
    "SECURITY.md": "# Security policy\n\nReport vulnerabilities privately to security@harbour.example.org "
    "or through https://github.com/example/harbour/security/advisories/new.\n",
    "CONTRIBUTING.md": "# Contributing\n\nFork, branch, write tests, open a pull request.\n",
    "CHANGELOG.md": "# Changelog\n\n## 2.40.0\n- Offline forms.\n",
    "NOTICE": "Harbour\nCopyright 2008-2026 Harbour Health Foundation\n",
    ".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - uses: actions/checkout@v4\n      - run: ./mvnw verify\n",
    ".github/dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: maven\n    directory: /\n"
    "    schedule: {interval: weekly}\n",
    ".editorconfig": "root = true\n[*]\nindent_style = space\n",
    "package.json": json.dumps(
        {
            "name": "harbour",
            "private": True,
            "license": "Apache-2.0",
            "workspaces": ["packages/*"],
            "devDependencies": {"eslint": "^8.0.0", "prettier": "^3.0.0"},
        },
        indent=2,
    ),
    "openapi.yaml": "openapi: 3.0.3\ninfo: {title: Harbour API, version: '2.40'}\npaths: {}\n",
}

SOURCE = """/*
 * Copyright (c) 2008-2026 Harbour Health Foundation
 * SPDX-License-Identifier: Apache-2.0
 */
package org.harbour.module{pkg};

/** Part {index} of module {pkg}. */
public class Part{index} {{
    private final String name = "part-{index}";

    public String name() {{
        return name;
    }}

    public int weight(int factor) {{
        return name.length() * factor + {index};
    }}
}}
"""


def _manifest(kind: int, pkg: int) -> tuple[str, str]:
    """One package manifest of a rotating kind, so the monorepo mixes ecosystems."""
    if kind == 0:
        deps = {"react": "^18.2.0", "axios": "^1.6.0", "lodash": "^4.17.21"}
        if pkg % 7 == 0:
            deps["firebase"] = "^10.0.0"  # on the closed-dependency list: DPG-4 has work to do
        body = {"name": f"@harbour/pkg{pkg}", "version": "1.0.0", "dependencies": deps}
        body["devDependencies"] = {"jest": "^29.0.0"}
        return "package.json", json.dumps(body, indent=2)
    if kind == 1:
        return "requirements.txt", "requests>=2.31\npydantic>=2.5\nsqlalchemy>=2.0\npsycopg[binary]>=3.1\n"
    if kind == 2:
        return (
            "pom.xml",
            "<project xmlns='http://maven.apache.org/POM/4.0.0'><modelVersion>4.0.0</modelVersion>"
            f"<groupId>org.harbour</groupId><artifactId>module{pkg}</artifactId><version>2.40</version>"
            "<dependencies><dependency><groupId>ca.uhn.hapi.fhir</groupId>"
            "<artifactId>hapi-fhir-base</artifactId><version>6.10.0</version></dependency>"
            "<dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version>"
            "<scope>test</scope></dependency></dependencies></project>\n",
        )
    return (
        "go.mod",
        f"module example.org/harbour/mod{pkg}\n\ngo 1.22\n\nrequire (\n\tgithub.com/lib/pq v1.10.9\n)\n",
    )


def generate(root: Path, files: int) -> None:
    """Write a repository of exactly ``files`` files under ``root`` and commit it with git."""
    root.mkdir(parents=True)
    fixed = {"LICENSE": LICENSE_TEXT, "README.md": README, **POLICIES}
    for relative, text in fixed.items():
        _write(root / relative, text)
    remaining = files - len(fixed)
    docs = max(5, remaining // 50)
    for index in range(docs):
        _write(
            root / "docs" / f"section{index // 20}" / f"page{index}.md",
            f"# Page {index}\n\nHow to configure feature {index}.\n",
        )
    remaining -= docs
    per_package = 40  # one manifest, a test and 38 sources
    pkg = 0
    while remaining > 0:
        base = root / "packages" / f"pkg{pkg}"
        name, text = _manifest(pkg % 4, pkg)
        _write(base / name, text)
        remaining -= 1
        if remaining > 0:
            _write(base / "tests" / f"test_part{pkg}.py", "def test_ok():\n    assert True\n")
            remaining -= 1
        for index in range(min(per_package - 2, remaining)):
            _write(base / "src" / f"Part{index}.java", SOURCE.format(pkg=pkg, index=index))
        remaining -= min(per_package - 2, remaining)
        pkg += 1
    git = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q", str(root)], check=True)
    subprocess.run([*git, "-C", str(root), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(root), "commit", "-q", "-m", "generated"], check=True)
    tracked = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z"], check=True, capture_output=True
    ).stdout.count(b"\0")
    if tracked != files:
        raise SystemExit(f"generated {tracked} tracked files, wanted {files}")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def timed(command: list[str], out_file: Path) -> tuple[float, float, int]:
    """Run ``command``; return (wall seconds, peak RSS in MB of that process, exit code)."""
    with out_file.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, process.returncode  # ru_maxrss is in KiB on Linux


def askalono_cost() -> float | None:
    """Seconds askalono takes to classify one license text (what dpgcheck pays per distinct text)."""
    try:
        import askalono
    except ImportError:
        return None
    askalono.identify(LICENSE_TEXT)
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        askalono.identify(LICENSE_TEXT)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


WIDTHS = (20, 7, 10, 10, 5, 11, 11)


def startup_seconds(dpgcheck: str, runs: int) -> float:
    """Median wall time of ``dpgcheck --version``: the interpreter and the CLI alone."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([dpgcheck, "--version"], check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _time_tree(
    repo: Path, size: int | None, args: argparse.Namespace, licensee: str | None, workdir: Path
) -> tuple[str, int, float, float | None, float, float | None]:
    """Time both tools on ``repo``, alternating; (label, files, medians, peak memories).

    ``size``: the file count a generated tree must report; None for an existing project.
    """
    out = workdir / f"report-{repo.name}.json"
    dpg = [args.dpgcheck, "check", str(repo), "--format", "json", "--offline"]
    lic = [licensee, "detect", str(repo)] if licensee else None
    timed(dpg, out)  # warm the page cache for both tools alike
    if lic:
        timed(lic, workdir / "licensee.txt")
    dpg_times, dpg_rss, lic_times, lic_rss = [], [], [], []
    for _ in range(args.runs):
        seconds, rss, code = timed(dpg, out)
        if code not in (0, 1):
            raise SystemExit(f"dpgcheck exited {code} on {repo}")
        dpg_times.append(seconds)
        dpg_rss.append(rss)
        if lic:
            seconds, rss, _ = timed(lic, workdir / "licensee.txt")
            lic_times.append(seconds)
            lic_rss.append(rss)
    report = json.loads(out.read_text(encoding="utf-8"))
    files = int(report["facts"]["files_indexed"])
    if len(report["indicators"]) < 11 or (size is not None and files != size):
        raise SystemExit(f"unexpected report on {repo}")
    return (
        "generated" if size is not None else repo.name,
        files,
        statistics.median(dpg_times),
        statistics.median(lic_times) if lic_times else None,
        max(dpg_rss),
        max(lic_rss) if lic_rss else None,
    )


def _cell(value: float | None, width: int, digits: int) -> str:
    """A table cell: the number, or a dash where it was not measured."""
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.{digits}f}"


def main() -> int:
    """Generate, time and print the table; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,50000", help="tracked files per repository")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each tool per size")
    parser.add_argument("--keep", type=Path, help="generate into (and reuse) this folder")
    parser.add_argument(
        "--tree",
        type=Path,
        action="append",
        default=[],
        help="time this existing project folder instead of generated ones (repeatable)",
    )
    parser.add_argument(
        "--dpgcheck",
        default=str(Path(sys.executable).with_name("dpgcheck")),
        help="the dpgcheck executable (default: the one beside this Python)",
    )
    parser.add_argument("--licensee", default=shutil.which("licensee") or "licensee")
    parser.add_argument(
        "--no-compile",
        action="store_true",
        help="do not byte-compile dpgcheck first (an installed wheel is compiled; an editable "
        "install under PYTHONDONTWRITEBYTECODE=1 recompiles ~85 modules, ~70 ms, on every run)",
    )
    args = parser.parse_args()
    if not args.no_compile:
        import compileall

        import dpgcheck

        compileall.compile_dir(str(Path(dpgcheck.__file__).parent), quiet=1)
        print("dpgcheck byte-compiled first, as a wheel install is", file=sys.stderr)
    sizes = [] if args.tree and "--sizes" not in sys.argv else [int(size) for size in args.sizes.split(",")]
    for tree in args.tree:
        if not tree.is_dir():
            raise SystemExit(f"not a folder: {tree}")
    licensee = shutil.which(args.licensee)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="dpgcheck-bench-"))
    rows: list[tuple[str, int, float, float | None, float, float | None]] = []
    try:
        for tree in args.tree:
            rows.append(_time_tree(tree.resolve(), None, args, licensee, workdir))
        for size in sizes:
            repo = workdir / f"repo-{size}"
            if not (repo / ".git").is_dir():
                if repo.exists():
                    shutil.rmtree(repo)
                start = time.perf_counter()
                generate(repo, size)
                print(
                    f"generated {size} files in {time.perf_counter() - start:.1f} s: {repo}", file=sys.stderr
                )
            rows.append(_time_tree(repo, size, args, licensee, workdir))
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    header = ("project", "files", "dpgcheck s", "licensee s", "ratio", "dpgcheck MB", "licensee MB")
    print(" | ".join(f"{name:>{width}}" for name, width in zip(header, WIDTHS, strict=True)))
    print("-" * 96)
    missed = False
    for label, size, dpg_s, lic_s, dpg_mb, lic_mb in rows:
        ratio = dpg_s / lic_s if lic_s else None
        allowed = 1.0 if label == "generated" else 2.0
        missed |= (ratio is not None and ratio > allowed) or (size >= 50_000 and dpg_mb >= 200)
        print(
            f"{label:>20} | {size:>7} | {dpg_s:>10.3f} | {_cell(lic_s, 10, 3)} | {_cell(ratio, 5, 2)} | "
            f"{dpg_mb:>11.1f} | {_cell(lic_mb, 11, 1)}"
        )
    if licensee is None:
        print(f"licensee not found ({args.licensee}): dpgcheck timed alone, no ratio")
    print(f"(median of {args.runs} runs each; peak memory is the largest max RSS over the runs)")
    cost = askalono_cost()
    if cost is not None and rows:
        share = cost / rows[0][2]
        print(
            f"askalono: {cost * 1000:.0f} ms per distinct license text, paid once per machine "
            f"(the timed runs reuse the cached result; it would be {share:.0%} of the median on "
            f"{rows[0][0]}, {rows[0][1]} files)"
        )
    print(f"dpgcheck --version: {startup_seconds(args.dpgcheck, args.runs):.3f} s (startup alone)")
    verdict = "MISSED" if missed else "met"
    print(
        "targets: ratio <= 1.0 at every generated size, <= 2.0 on a real project, "
        f"dpgcheck < 200 MB at 50,000 files: {verdict}"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
