#!/usr/bin/env python3
"""Accuracy bench (issue 13): dpgcheck's verdicts next to a DPGA reviewer's, judged by hand.

``projects.yaml`` lists the development corpus (real recognised digital public goods) and
``judgements.csv`` the verdict a careful reviewer reaches from each repository alone, per
indicator, with its proof. This script runs ``dpgcheck check PATH --offline -f json --type …`` on
every project whose work tree is present (absent ones are skipped, and said so), compares each
verdict with the judgement and prints a table and the counts:

- false fail: dpgcheck ``fail`` where the reviewer does not fail;
- false pass: dpgcheck ``pass`` where the reviewer fails or needs a review;
- other disagreement: any other difference (``warn`` counts as its own status);
- agreement.

    .venv/bin/python bench/accuracy/run.py                       # corpus in /work/corpus
    .venv/bin/python bench/accuracy/run.py --corpus DIR --json before.json
    .venv/bin/python bench/accuracy/run.py --manifest-from-registry   # entry as --manifest

With ``--manifest-from-registry`` each project's registry entry
(``/work/shared/data/registry-app-dev/ID.json``) is passed as ``--manifest``; a project whose
entry dpgcheck refuses is recorded as an error, and the rest goes on. The judgements are those of
the repository alone: a manifest may rightly change some verdicts (the SDGs, for one).
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
INDICATORS = (
    "DPG-1",
    "DPG-2",
    "DPG-3",
    "DPG-4",
    "DPG-5",
    "DPG-6",
    "DPG-7",
    "DPG-8",
    "DPG-9A",
    "DPG-9B",
    "DPG-9C",
)
REGISTRY = Path("/work/shared/data/registry-app-dev")
KINDS = ("false-fail", "false-pass", "other", "agree")
MEMORY_LIMIT = 3_000_000_000  # bytes of address space for one dpgcheck run (real repos, not hostile)


@dataclass
class Judgement:
    """The reviewer's verdict on one indicator of one project, and where it comes from."""

    verdict: str
    proof: str
    unsure: bool = False


@dataclass
class Row:
    """One project × indicator comparison."""

    project: str
    indicator: str
    dpgcheck: str
    reviewer: str
    kind: str
    proof: str = ""


@dataclass
class Outcome:
    """All comparisons plus the projects skipped or in error."""

    rows: list[Row] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def classify(dpgcheck: str, reviewer: str) -> str:
    """The kind of (dis)agreement between dpgcheck's status and the reviewer's verdict."""
    if dpgcheck == reviewer:
        return "agree"
    if dpgcheck == "fail":
        return "false-fail"
    if dpgcheck == "pass" and reviewer in ("fail", "needs-review"):
        return "false-pass"
    return "other"


def load_projects(path: Path) -> list[dict[str, Any]]:
    """The corpus entries of projects.yaml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["projects"])


def load_judgements(path: Path) -> dict[str, dict[str, Judgement]]:
    """judgements.csv as {project: {indicator: Judgement}}."""
    table: dict[str, dict[str, Judgement]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle):
            unsure = rec.get("unsure", "").strip().lower() in ("1", "yes", "true", "y")
            table.setdefault(rec["project"], {})[rec["indicator"]] = Judgement(
                rec["verdict"].strip(), rec["proof"].strip(), unsure
            )
    return table


def statuses(report: dict[str, Any]) -> dict[str, str]:
    """{indicator id: status} from a dpgcheck JSON report."""
    return {str(item["id"]): str(item["status"]) for item in report.get("indicators", [])}


def compare(project: str, found: dict[str, str], judged: dict[str, Judgement]) -> list[Row]:
    """Rows for one project: every judged indicator next to dpgcheck's status (missing: error)."""
    rows = []
    for indicator in INDICATORS:
        if indicator not in judged:
            continue
        judgement = judged[indicator]
        status = found.get(indicator, "missing")
        rows.append(
            Row(
                project,
                indicator,
                status,
                judgement.verdict,
                classify(status, judgement.verdict),
                judgement.proof,
            )
        )
    return rows


def counts(rows: list[Row]) -> dict[str, dict[str, int]]:
    """Per indicator and in total ("all"): how many rows of each kind."""
    table: dict[str, Counter[str]] = {key: Counter() for key in (*INDICATORS, "all")}
    for row in rows:
        table[row.indicator][row.kind] += 1
        table["all"][row.kind] += 1
    return {key: {kind: counter[kind] for kind in KINDS} for key, counter in table.items()}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_dpgcheck(
    exe: str, path: Path, types: list[str], manifest: Path | None, timeout: int
) -> dict[str, Any]:
    """dpgcheck's JSON report on PATH; raises RuntimeError with its message when it gives none."""
    cmd = [exe, "check", str(path), "--offline", "-f", "json"]
    for kind in types:
        cmd += ["--type", kind]
    if manifest is not None:
        cmd += ["--manifest", str(manifest)]
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=False, preexec_fn=_limit_memory
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"timed out after {timeout} s") from exc
    # Exit 1 only means "gate failed": the report is complete.
    if done.returncode not in (0, 1):
        message = " ".join(done.stderr.split())[:300] or f"exit {done.returncode}"
        raise RuntimeError(f"exit {done.returncode}: {message}")
    try:
        report: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"no JSON report: {exc}") from exc
    return report


def evaluate(args: argparse.Namespace) -> Outcome:
    """Run dpgcheck on every present project and compare with the judgements."""
    judgements = load_judgements(args.judgements)
    outcome = Outcome()
    for project in load_projects(args.projects):
        name = project["name"]
        path = args.corpus / name
        if name not in judgements:
            outcome.skipped[name] = "not judged yet"
            continue
        if not path.is_dir():
            outcome.skipped[name] = f"absent: {path}"
            continue
        manifest = None
        if args.manifest_from_registry:
            if not project.get("registry"):
                outcome.skipped[name] = "no registry entry"
                continue
            manifest = args.registry / f"{project['registry']}.json"
        try:
            report = run_dpgcheck(
                args.dpgcheck, path, list(project.get("types") or []), manifest, args.timeout
            )
        except (RuntimeError, OSError) as exc:
            outcome.errors[name] = str(exc)
            continue
        outcome.rows += compare(name, statuses(report), judgements[name])
    return outcome


def render(outcome: Outcome) -> str:
    """The table, the counts and the skipped / failed projects as text."""
    marks = {"agree": "", "false-fail": "FALSE FAIL", "false-pass": "FALSE PASS", "other": "differs"}
    lines = [f"{'project':16} {'indicator':9} {'dpgcheck':14} {'reviewer':14} agree?"]
    for row in outcome.rows:
        mark = marks[row.kind] or "yes"
        lines.append(f"{row.project:16} {row.indicator:9} {row.dpgcheck:14} {row.reviewer:14} {mark}")
    lines += ["", f"{'indicator':9} {'false-fail':>10} {'false-pass':>10} {'other':>6} {'agree':>6}"]
    for key, kinds in counts(outcome.rows).items():
        cells = " ".join(f"{kinds[kind]:>{max(len(kind), 6)}}" for kind in KINDS)
        lines.append(f"{key:9} {cells}")
    for name, why in outcome.skipped.items():
        lines.append(f"skipped {name}: {why}")
    for name, why in outcome.errors.items():
        lines.append(f"error {name}: {why}")
    return "\n".join(lines)


def to_json(outcome: Outcome) -> dict[str, Any]:
    """The outcome as a JSON-ready dict."""
    return {
        "rows": [row.__dict__ for row in outcome.rows],
        "counts": counts(outcome.rows),
        "skipped": outcome.skipped,
        "errors": outcome.errors,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line entry: run, print, optionally save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=Path("/work/corpus"), help="folder of the work trees")
    parser.add_argument("--projects", type=Path, default=HERE / "projects.yaml")
    parser.add_argument("--judgements", type=Path, default=HERE / "judgements.csv")
    parser.add_argument(
        "--dpgcheck", default=str(Path(sys.executable).parent / "dpgcheck"), help="executable"
    )
    parser.add_argument("--registry", type=Path, default=REGISTRY, help="folder of registry entries ID.json")
    parser.add_argument("--manifest-from-registry", action="store_true", help="pass each entry as --manifest")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per project")
    parser.add_argument("--json", type=Path, help="save rows and counts to this file")
    args = parser.parse_args(argv)
    outcome = evaluate(args)
    print(render(outcome))
    if args.json:
        args.json.write_text(json.dumps(to_json(outcome), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
