"""dpgcheck audit: inputs, the results file, errors, resume, summaries and --compare."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dpgcheck.audit.inputs import expand_inputs
from dpgcheck.audit.registry_adapter import registry_entries
from dpgcheck.audit.runner import AuditSettings, Lane, TargetFinished, drive, run_audit
from dpgcheck.cli import app
from dpgcheck.engine import CheckOptions, build_checker
from dpgcheck.errors import InputError
from dpgcheck.sources.fingerprint import local_revision
from dpgcheck.sources.targets import LOCAL_REGISTRY_ENV
from tests.audit_helpers import copy_example, make_registry, read_results, write_json
from tests.conftest import git


@pytest.fixture(autouse=True)
def _registries_may_name_local_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    # make_registry's entries name local folders, as a local mirror of a registry would.
    monkeypatch.setenv(LOCAL_REGISTRY_ENV, "1")


runner = CliRunner()


def audit_cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["audit", *args])
    return result.exit_code, result.stdout, result.stderr


def by_key(records: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {record["audit"]["key"]: record for record in records}  # type: ignore[index]


def test_mixed_inputs_expand_in_order_without_duplicates(tmp_path: Path) -> None:
    repos = tmp_path / "repos"
    one = copy_example("passing", repos / "one")
    two = copy_example("failing", repos / "two")
    three = copy_example("traps", repos / "three")
    listing = tmp_path / "targets.txt"
    # Relative paths in a list are relative to the list; comments and blank lines are skipped.
    listing.write_text(f"# reviewers' list\n\nrepos/two   # the failing one\n{one}\n", encoding="utf-8")
    table = tmp_path / "targets.csv"
    table.write_text(f"name,target,manifest\nThree,{three},\n,https://example.org/x.git,\n", encoding="utf-8")
    registry = make_registry(tmp_path, tmp_path / "regrepos")

    items = expand_inputs([str(one), str(listing), str(table), str(registry), "owner/repo"])

    keys = [item.key for item in items]
    assert keys == [
        str(one.resolve()),
        str(two.resolve()),
        str(three.resolve()),
        "https://example.org/x.git",
        "registry:good-app",
        "registry:lone-app",
        "registry:no-repo",
        "registry:pii-app",
        f"registry:pii-app:{(tmp_path / 'regrepos' / 'pii-web').resolve()}",
        "owner/repo",
    ]
    named = {item.key: item for item in items}
    assert named[str(three.resolve())].name == "Three"
    pii = named["registry:pii-app"]
    assert pii.target == str((tmp_path / "regrepos" / "pii").resolve())
    assert pii.manifest is not None and pii.manifest.endswith("nominees/pii-app.json")
    assert named["registry:no-repo"].problem is not None
    assert "no repository" in (named["registry:no-repo"].problem or "")


def test_csv_without_target_column_is_a_usage_error(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("repo\n/x\n", encoding="utf-8")
    with pytest.raises(InputError, match="no `target` column"):
        expand_inputs([str(table)])
    code, _, err = audit_cli(str(table), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "Error:" in err and "Hint:" in err


def test_registry_entries_follow_symlinked_screening_files(tmp_path: Path) -> None:
    registry = make_registry(tmp_path, tmp_path / "repos")
    entries = {entry.slug: entry for entry in registry_entries(registry)}
    assert set(entries) == {"good-app", "pii-app", "lone-app", "no-repo"}
    assert entries["good-app"].screening is not None
    assert entries["pii-app"].screening is not None
    assert Path(entries["good-app"].screening).resolve() == Path(entries["pii-app"].screening).resolve()
    assert entries["lone-app"].screening is None
    assert entries["pii-app"].repository == str(tmp_path / "repos" / "pii")
    assert entries["pii-app"].name == "PII App"


def test_registry_audit_lists_contradicted_claims_and_an_error_line(tmp_path: Path) -> None:
    registry = make_registry(tmp_path, tmp_path / "repos")
    out = tmp_path / "out"
    code, stdout, _ = audit_cli(str(registry), "--out", str(out), "--jobs", "2")
    assert code == 1
    assert "Audited 5 of 5 targets" in stdout
    records = by_key(read_results(out))
    web = f"registry:pii-app:{(tmp_path / 'repos' / 'pii-web').resolve()}"
    assert set(records) == {
        "registry:good-app",
        "registry:pii-app",
        web,
        "registry:lone-app",
        "registry:no-repo",
    }
    # Both repositories of the PII entry are checked with its nomination, as one group.
    assert records[web]["audit"]["manifest"].endswith("nominees/pii-app.json")  # type: ignore[index]
    assert {records[k]["audit"]["group"] for k in (web, "registry:pii-app")} == {"registry:pii-app"}  # type: ignore[index]
    error = records["registry:no-repo"]
    assert error["status"] == "error" and "no repository" in str(error["error"])
    pii = records["registry:pii-app"]
    assert pii["audit"]["manifest"].endswith("nominees/pii-app.json")  # type: ignore[index]
    assert pii["facts"]["manifest"].endswith("nominees/pii-app.json")  # type: ignore[index]
    # The screening file's content is part of the identity: an edit to it means a recheck.
    assert pii["audit"]["manifest_digest"]  # type: ignore[index]
    markdown = (out / "summary.md").read_text(encoding="utf-8")
    claims = markdown.split("## Claims the repository contradicts", 1)[1]
    assert "PII App" in claims and "DPG-9A" in claims and "collectsPII" in claims
    assert "Good App" not in claims
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO((out / "summary.csv").read_text()))}
    assert "DPG-9A" in rows["registry:pii-app"]["contradicted"].split()
    assert rows["registry:no-repo"]["status"] == "error"
    assert rows["registry:good-app"]["DPG-2"] == "pass"
    assert len(rows) == 4  # one row per entry


def test_an_erroring_target_among_good_ones_gets_an_error_line(tmp_path: Path) -> None:
    good = copy_example("passing", tmp_path / "good")
    also = copy_example("traps", tmp_path / "also")
    not_a_dir = tmp_path / "file.txt"
    not_a_dir.write_text("x", encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text(f"target\n{good}\n{tmp_path / 'missing'}\n{also}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = audit_cli(str(table), "--out", str(out), "--fail-on", "never")
    assert code == 0  # errors gate like failures, except with --fail-on never
    records = read_results(out)
    assert len(records) == 3
    statuses = {r["audit"]["target"]: r.get("status") or r["summary"]["status"] for r in records}  # type: ignore[index]
    assert statuses[str(tmp_path / "missing")] == "error"
    assert statuses[str(good.resolve())] == "pass"
    missing = next(r for r in records if r.get("status") == "error")
    assert set(missing) == {"schema_version", "status", "target", "error", "hint", "audit"}
    assert "Path not found" in missing["error"]  # type: ignore[operator]
    assert "error" in err  # the plain log names it
    code, _, _ = audit_cli(str(table), "--out", str(tmp_path / "out2"))
    assert code == 1


def test_existing_results_need_resume_or_overwrite(tmp_path: Path) -> None:
    repo = copy_example("passing", tmp_path / "repo")
    out = tmp_path / "out"
    assert audit_cli(str(repo), "--out", str(out))[0] == 0
    code, _, err = audit_cli(str(repo), "--out", str(out))
    assert code == 2 and "--resume" in err
    assert audit_cli(str(repo), "--out", str(out), "--overwrite")[0] == 0
    assert len(read_results(out)) == 1


def test_resume_skips_unchanged_targets_and_rechecks_changed_ones(tmp_path: Path) -> None:
    git_repo = copy_example("passing", tmp_path / "gitrepo", use_git=True)
    folder = copy_example("traps", tmp_path / "folder")
    other = copy_example("failing", tmp_path / "other")
    items = expand_inputs([str(git_repo), str(folder), str(other)])
    out = tmp_path / "out"
    run_audit(items, AuditSettings(out_dir=out, local_jobs=1), lambda event: None)
    first = by_key(read_results(out))
    assert first[str(git_repo.resolve())]["audit"]["revision"] == git(git_repo, "rev-parse", "HEAD").strip()  # type: ignore[index]
    assert str(first[str(folder.resolve())]["audit"]["revision"]).startswith("tree:")  # type: ignore[index]

    # A new commit in the git repository, a new file in the plain folder; `other` unchanged.
    (git_repo / "extra.md").write_text("more\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "more")
    (folder / "NEW.md").write_text("new\n", encoding="utf-8")
    # A damaged last line, as a kill in the middle of a write leaves it.
    with (out / "results.jsonl").open("a", encoding="utf-8") as sink:
        sink.write('{"schema_version": "1", "audit": {"key": "x"')

    events: list[object] = []
    outcome = run_audit(items, AuditSettings(out_dir=out, local_jobs=1, resume=True), events.append)
    assert outcome.resumed == 1 and outcome.checked == 2
    records = read_results(out)
    assert sorted(r["audit"]["key"] for r in records) == sorted(item.key for item in items)  # type: ignore[index]
    again = by_key(records)
    assert again[str(git_repo.resolve())]["audit"]["revision"] == git(git_repo, "rev-parse", "HEAD").strip()  # type: ignore[index]
    assert again[str(other.resolve())] == first[str(other.resolve())]
    assert local_revision(str(folder)) == again[str(folder.resolve())]["audit"]["revision"]  # type: ignore[index]


def test_compare_marks_new_failures_fixed_items_and_license_changes(tmp_path: Path) -> None:
    repo = copy_example("passing", tmp_path / "repo")
    fixed = copy_example("failing", tmp_path / "fixme")
    before = tmp_path / "before"
    assert audit_cli(str(repo), str(fixed), "--out", str(before))[0] == 1
    # The repository now ships an SSPL text; the other one got the passing example's files.
    (repo / "LICENSE").write_text((fixed / "LICENSE").read_text(encoding="utf-8"), encoding="utf-8")
    for path in (tmp_path / "repo").rglob("*"):
        relative = path.relative_to(tmp_path / "repo")
        if path.is_file() and relative.parts[0] != "LICENSE":
            target = fixed / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    after = tmp_path / "after"
    code, _, _ = audit_cli(str(repo), str(fixed), "--out", str(after), "--compare", str(before))
    assert code == 1
    markdown = (after / "summary.md").read_text(encoding="utf-8")
    changes = markdown.split("## Changes since", 1)[1].split("##", 1)[0]
    assert "new failure: DPG-2 pass → fail" in changes
    assert "license change: Apache-2.0 → SSPL-1.0" in changes
    assert "fixed: DPG-5 fail → pass" in changes
    page = (after / "report.html").read_text(encoding="utf-8")
    data = json.loads(page.split('id="audit-data">', 1)[1].split("</script>", 1)[0])
    kinds = {c["kind"] for row in data["rows"] for c in row["changes"]}
    assert {"new-failure", "fixed", "license"} <= kinds


def test_compare_with_a_folder_without_an_audit_is_a_usage_error(tmp_path: Path) -> None:
    repo = copy_example("passing", tmp_path / "repo")
    code, _, err = audit_cli(str(repo), "--out", str(tmp_path / "out"), "--compare", str(tmp_path))
    assert code == 2 and "No earlier audit" in err
    assert not (tmp_path / "out" / "results.jsonl").exists()


def test_html_page_is_self_contained_and_escapes_repository_text(tmp_path: Path) -> None:
    repo = copy_example("failing", tmp_path / "repo")
    write_json(tmp_path / "m" / "dpg.json", {"name": "</script><script>alert(1)</script>"})
    (repo / "README.md").write_text("# </script><img src=x onerror=alert(1)>\n", encoding="utf-8")
    out = tmp_path / "out"
    audit_cli(str(repo), "--out", str(out))
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert page.count("</script>") == page.count("<script")
    for external in ('src="http', 'href="http', "@import", "<link"):
        assert external not in page


class FlakyPool(Executor):
    """Runs work at once, but fails the named targets with a broken pool, as a dying worker does."""

    def __init__(self, breaks: Counter[str], limits: dict[str, int]) -> None:
        self.breaks, self.limits = breaks, limits

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        item = args[0]
        if self.breaks[item.key] < self.limits.get(item.key, 0):
            self.breaks[item.key] += 1
            future.set_exception(BrokenProcessPool("a worker died"))
        else:
            future.set_result(fn(*args, **kwargs))
        return future


def test_a_dying_worker_costs_a_retry_then_an_error_line_and_the_audit_goes_on(tmp_path: Path) -> None:
    repos = [copy_example(name, tmp_path / name) for name in ("passing", "failing", "traps")]
    items = expand_inputs([str(repo) for repo in repos])
    once, always = items[0].key, items[1].key
    breaks: Counter[str] = Counter()
    pools: list[FlakyPool] = []

    def factory() -> Executor:
        pools.append(FlakyPool(breaks, {once: 1, always: 99}))
        return pools[-1]

    lines: list[tuple[str, str]] = []
    lane = Lane(factory, items, window=2, processes=False)
    drive(
        [lane],
        CheckOptions(),
        build_checker(),
        lambda line, brief, item, *_: lines.append((item.key, brief.status)),
        lambda e: None,
    )

    assert sorted(key for key, _ in lines) == sorted(item.key for item in items)
    statuses = dict(lines)
    assert statuses[once] == "pass"  # retried in a fresh pool, then checked
    assert statuses[always] == "error"
    assert statuses[items[2].key] == "fail"
    assert len(pools) >= 2


def test_live_progress_shows_counts_per_status_and_current_targets() -> None:
    from rich.console import Console

    from dpgcheck.audit.items import AuditItem
    from dpgcheck.audit.records import Brief
    from dpgcheck.audit.runner import AuditStarted, TargetFinished, TargetStarted
    from dpgcheck.cli.audit import AuditDisplay

    display = AuditDisplay(live=True)
    display.console = Console(file=io.StringIO(), force_terminal=True, width=160)
    one = AuditItem("k1", "/repos/alpha")
    two = AuditItem("k2", "https://example.org/group/beta.git", name=None)
    with display:
        display.handle(AuditStarted(total=3, resumed=1, to_check=2, resumed_counts={"pass": 1}))
        display.handle(TargetStarted(one))
        display.handle(TargetStarted(two))
        display.handle(TargetFinished(one, Brief("fail", 3, ("DPG-2",)), 0.1))
        display.console.print(*display.progress.get_renderables())
        rendered = display.console.file.getvalue()  # type: ignore[attr-defined]
    assert "2/3" in rendered
    assert "1 fail" in rendered and "1 pass" in rendered
    assert "checking: group/beta.git" in rendered
    assert "alpha" not in rendered.split("checking:", 1)[1]


def test_resume_rechecks_registry_entries_whose_shared_screening_file_changed(tmp_path: Path) -> None:
    registry = make_registry(tmp_path, tmp_path / "repos")
    items = expand_inputs([str(registry)])
    out = tmp_path / "out"
    run_audit(items, AuditSettings(out_dir=out, local_jobs=1), lambda event: None)
    shared = registry / "digitalpublicgoods" / "shared-screening.json"
    shared.write_text('{"privacy": {"isPrivacyCompliant": "No"}}', encoding="utf-8")
    finished: list[str] = []

    def on_event(event: object) -> None:
        if isinstance(event, TargetFinished):
            finished.append(event.item.key)

    outcome = run_audit(items, AuditSettings(out_dir=out, local_jobs=1, resume=True), on_event)
    # Both entries sharing the screening file are rechecked; the error line is redone; lone-app is kept.
    web = f"registry:pii-app:{(tmp_path / 'repos' / 'pii-web').resolve()}"
    assert sorted(finished) == ["registry:good-app", "registry:no-repo", "registry:pii-app", web]
    assert outcome.resumed == 1
    assert sorted(r["audit"]["key"] for r in read_results(out)) == sorted(item.key for item in items)  # type: ignore[index]
