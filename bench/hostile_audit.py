"""Hostile cases of issue 11 that go through ``audit``: a deep registry nomination, registry URLs
naming local folders, two audits into one folder at once, a CSV field over 128 KB."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from hostile_kit import Ctx, answer, case, serve, write, yes


def _registry(ctx: Ctx, nominees: dict[str, str]) -> Path:
    """A registry folder (nominees/ + digitalpublicgoods/) holding these raw nominee files."""
    registry = write(ctx.tmp / "registry", {f"nominees/{slug}.json": raw for slug, raw in nominees.items()})
    (registry / "digitalpublicgoods").mkdir()
    return registry


def _nominee(name: str, url: str) -> str:
    return json.dumps({"name": name, "repositories": [{"name": "main", "url": url}]})


def _records(out: Path) -> list[dict[str, object]]:
    try:
        lines = (out / "results.jsonl").read_text("utf-8").splitlines()
    except OSError:
        return []
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


@case("audit-deep-nominee")
def audit_deep_nominee(ctx: Ctx) -> None:
    """A registry nomination nested 100,000 levels deep, beside a good one."""
    good = write(ctx.tmp / "good", {"README.md": "# Good\n"})
    deep = '{"name": "Deep", "repositories": [], "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    registry = _registry(ctx, {"good": _nominee("Good", str(good)), "deep": deep})
    out = ctx.tmp / "out"
    ctx.run("audit", str(registry), "--out", str(out), "--jobs", "1")
    ctx.verdict["results file"] = yes((out / "results.jsonl").exists())
    ctx.verdict["records"] = str(len(_records(out)))


@case("audit-local-url")
def audit_local_url(ctx: Ctx) -> None:
    """Registry entries whose repository URL is /etc, or a local folder of the reviewer's."""
    private = write(ctx.tmp / "private", {"README.md": "# Reviewer's own notes\n", "notes.txt": "x\n"})
    registry = _registry(ctx, {"etc": _nominee("Etc", "/etc"), "mine": _nominee("Mine", str(private))})
    out = ctx.tmp / "out"
    ctx.run("audit", str(registry), "--out", str(out), "--jobs", "1")
    listed = []
    for record in _records(out):
        target = record.get("target")
        facts = record.get("facts")
        if (
            isinstance(target, dict)
            and target.get("kind") == "local"
            and isinstance(facts, dict)
            and facts.get("files_indexed")
        ):
            listed.append(str(target.get("location")))
    ctx.verdict["audit lists local files"] = yes(bool(listed)) + (f" ({', '.join(listed)})" if listed else "")


@case("audit-concurrent")
def audit_concurrent(ctx: Ctx) -> None:
    """Two audits into one --out at the same time (targets with a 3 s link, so they overlap)."""

    def handle(request: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        stop.wait(3.0)
        answer(request, 200, b"<html>privacy</html>", {"Content-Type": "text/html"})

    with serve(handle) as (url, _seen):
        targets = []
        for i in range(3):
            repo = write(
                ctx.tmp / f"repo{i}",
                {"README.md": f"# R{i}\n", "dpg.yaml": f"doNoHarm:\n  privacyPolicyURL: {url}/p{i}\n"},
            )
            targets.append(str(repo))
        listing = ctx.tmp / "targets.txt"
        listing.write_text("\n".join(targets) + "\n")
        out = str(ctx.tmp / "out")
        runs = ctx.run_many([["audit", str(listing), "--out", out, "--jobs", "1"]] * 2)
    both = all(run.code in (0, 1) and b"Audited" in run.output for run in runs)
    ctx.verdict["both ran"] = yes(both)
    ctx.verdict["exit codes"] = ",".join(str(run.code) for run in runs)


@case("audit-csv-field")
def audit_csv_field(ctx: Ctx) -> None:
    """An audit CSV input with a 200 KB field."""
    repo = write(ctx.tmp / "repo", {"README.md": "# x\n"})
    table = ctx.tmp / "targets.csv"
    table.write_text(f'name,target\n"{"n" * 200_000}",{repo}\n')
    ctx.run("audit", str(table), "--out", str(ctx.tmp / "out"), "--jobs", "1")
