"""results.jsonl read back typed: a line that does not read is that target's error, never a traceback."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from dpgcheck.api import RunOptions, check
from dpgcheck.audit.inputs import expand_inputs
from dpgcheck.audit.records import ErrorRecord, ReportRecord, parse_line
from dpgcheck.audit.runner import AuditSettings, run_audit
from dpgcheck.audit.summaries import write_summaries
from dpgcheck.engine import CheckOptions
from tests.audit_helpers import copy_example
from tests.conftest import EXAMPLES


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record) + "\n"


def _report_line(key: str = "k") -> dict[str, Any]:
    record = check(str(EXAMPLES / "failing"), RunOptions(CheckOptions(), policy=None)).report.to_dict()
    record["audit"] = {"key": key, "target": "/repos/failing", "name": "Failing", "revision": None}
    return record


def test_a_report_line_reads_as_a_typed_record() -> None:
    record = parse_line(_line(_report_line()))
    assert isinstance(record, ReportRecord)
    assert record.status == "fail" and record.label == "Failing (/repos/failing)"
    assert record.indicator_statuses()["DPG-2"] == record.report.results[1].status.value
    assert record.brief().status == "fail" and record.brief().failing


def test_an_error_line_reads_as_an_error_record() -> None:
    line = {"schema_version": "1", "status": "error", "target": "t", "error": "gone", "hint": None}
    record = parse_line(_line({**line, "audit": {"key": "t"}}))
    assert isinstance(record, ErrorRecord)
    assert (record.target, record.error, record.hint, record.audit.key) == ("t", "gone", None, "t")
    assert record.status == "error" and record.label == "t" and record.brief().status == "error"


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda r: r.update(schema_version="0"), "schema_version '0'"),
        (lambda r: r["indicators"][0].update(status="great"), "indicators[0].status is 'great'"),
        (lambda r: r.pop("indicators"), "indicators is missing"),
        (lambda r: r["facts"].update(licenses={}), "facts.licenses is an object, not a list"),
        (lambda r: r["audit"].update(revision=7), "audit.revision is a number"),
        (lambda r: r["indicators"][1]["evidence"].insert(0, None), "indicators[1].evidence[0] is null"),
    ],
)
def test_a_line_that_does_not_read_is_that_targets_error(damage: Any, reason: str) -> None:
    record = _report_line()
    damage(record)
    parsed = parse_line(_line(record))
    assert isinstance(parsed, ErrorRecord)
    assert parsed.audit.key == "k" and parsed.status == "error"
    assert "cannot be read" in parsed.error
    assert reason in parsed.error
    assert parsed.label == "Failing (/repos/failing)"  # what can be read of the audit fields is kept


@pytest.mark.parametrize("line", ["{", "[1]\n", '{"audit": {"key": 3}}\n', '{"audit": {}}\n', "null\n"])
def test_a_line_without_a_readable_key_is_not_an_audit_record(line: str) -> None:
    assert parse_line(line) is None


def test_summaries_show_an_unreadable_line_as_an_error_and_resume_rechecks_it(tmp_path: Path) -> None:
    one = copy_example("passing", tmp_path / "one")
    two = copy_example("failing", tmp_path / "two")
    items = expand_inputs([str(one), str(two)])
    out = tmp_path / "out"
    run_audit(items, AuditSettings(out_dir=out, local_jobs=1), lambda event: None)
    results = out / "results.jsonl"
    lines = results.read_text(encoding="utf-8").splitlines()
    damaged = json.loads(lines[1])
    damaged["indicators"][0]["evidence"] = "none"  # as an older or hand-edited line might say
    results.write_text(lines[0] + "\n" + json.dumps(damaged) + "\n", encoding="utf-8")

    files = write_summaries(out)
    rows = {row["key"]: row for row in csv.DictReader(files.csv.open(encoding="utf-8"))}
    assert rows[str(two.resolve())]["status"] == "error"
    assert "indicators[0].evidence is a string, not a list" in rows[str(two.resolve())]["error"]
    assert rows[str(one.resolve())]["status"] == "pass"
    assert "cannot be read" in files.markdown.read_text(encoding="utf-8")
    assert "cannot be read" in files.html.read_text(encoding="utf-8")

    outcome = run_audit(items, AuditSettings(out_dir=out, local_jobs=1, resume=True), lambda event: None)
    assert outcome.resumed == 1 and outcome.checked == 1
    assert isinstance(parse_line(results.read_text(encoding="utf-8").splitlines()[-1] + "\n"), ReportRecord)
