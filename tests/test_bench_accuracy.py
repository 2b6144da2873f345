"""bench/accuracy/run.py: the comparison of dpgcheck's verdicts with hand judgements counts right."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

RUN = Path(__file__).resolve().parent.parent / "bench" / "accuracy" / "run.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("accuracy_run", RUN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy_run"] = module
    spec.loader.exec_module(module)
    return module


def test_counts_false_fails_false_passes_and_agreements(tmp_path: Path) -> None:
    run = load()
    judgements = tmp_path / "judgements.csv"
    judgements.write_text(
        "project,indicator,verdict,proof,unsure\n"
        "p,DPG-2,pass,LICENSE:1,\n"
        "p,DPG-3,needs-review,nothing,\n"
        "p,DPG-5,fail,README.md,\n"
        "p,DPG-9B,not-applicable,-,y\n"
        "p,DPG-9C,fail,none,\n",
        encoding="utf-8",
    )
    report = {
        "indicators": [
            {"id": "DPG-2", "status": "fail"},
            {"id": "DPG-3", "status": "pass"},
            {"id": "DPG-5", "status": "pass"},
            {"id": "DPG-9B", "status": "needs-review"},
            {"id": "DPG-9C", "status": "fail"},
        ]
    }
    judged = run.load_judgements(judgements)
    assert judged["p"]["DPG-9B"].unsure
    rows = run.compare("p", run.statuses(report), judged["p"])
    kinds = {row.indicator: row.kind for row in rows}
    assert kinds == {
        "DPG-2": "false-fail",
        "DPG-3": "false-pass",
        "DPG-5": "false-pass",
        "DPG-9B": "other",
        "DPG-9C": "agree",
    }
    total = run.counts(rows)["all"]
    assert total == {"false-fail": 1, "false-pass": 2, "other": 1, "agree": 1}
    assert run.counts(rows)["DPG-2"]["false-fail"] == 1


def test_absent_projects_are_skipped_and_said_so(tmp_path: Path) -> None:
    run = load()
    projects = tmp_path / "projects.yaml"
    projects.write_text("projects:\n  - name: gone\n    types: [software]\n", encoding="utf-8")
    judgements = tmp_path / "j.csv"
    judgements.write_text("project,indicator,verdict,proof,unsure\ngone,DPG-2,pass,x,\n", encoding="utf-8")
    out = tmp_path / "out.json"
    args = ["--corpus", str(tmp_path), "--projects", str(projects), "--judgements", str(judgements)]
    assert run.main([*args, "--json", str(out)]) == 0
    assert '"gone": "absent: ' in out.read_text(encoding="utf-8")
