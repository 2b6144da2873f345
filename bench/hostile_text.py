"""Hostile cases of issue 11 read from a local folder: regex back-tracking, YAML and JSON bombs,
huge manifests and configs, config links out of the tree, non-UTF-8 names, escape sequences."""

from __future__ import annotations

import itertools
import json
import os
import random

from hostile_kit import Ctx, case, write, yes

SECRET = "TOPSECRET-7c1e-hostile-bench"
MIT = (
    "MIT License\n\nCopyright (c) {year} {holder}\n\n"
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software "
    'and associated documentation files (the "Software"), to deal in the Software without '
    "restriction, including without limitation the rights to use, copy, modify, merge, publish, "
    "distribute, sublicense, and/or sell copies of the Software.\n\n{extra}\n"
)


def _check_json(ctx: Ctx, files: dict[str, str | bytes], *extra: str) -> dict[str, object] | None:
    """Check a folder holding ``files`` with ``-f json``; the report when it printed one."""
    repo = write(ctx.tmp / "repo", files)
    run = ctx.run("check", str(repo), "-f", "json", *extra)
    try:
        report = json.loads(run.stdout)
    except ValueError:
        return None
    return report if isinstance(report, dict) else None


def _status(report: dict[str, object] | None, indicator: str) -> str:
    if report is None:
        return "no report"
    items = report.get("indicators")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("id") == indicator:
            return str(item.get("status"))
    return "absent"


@case("readme-spaces")
def readme_spaces(ctx: Ctx) -> None:
    """README line `# a` + 3,000 spaces + `b` (_MD_HEADING back-tracking)."""
    _check_json(ctx, {"README.md": "# a" + " " * 3000 + "b\n"})


@case("html-headings")
def html_headings(ctx: Ctx) -> None:
    """README of 1.9 MB of repeated `<h1>` (_HTML_HEADING)."""
    _check_json(ctx, {"README.md": "<h1>" * (1_900_000 // 4)})


@case("coc-dots")
def coc_dots(ctx: Ctx) -> None:
    """CODE_OF_CONDUCT.md of 200 KB of repeated `a.` (EMAIL_RE)."""
    _check_json(ctx, {"README.md": "# x\n", "CODE_OF_CONDUCT.md": "a." * 100_000})


@case("coc-email")
def coc_email(ctx: Ctx) -> None:
    """CODE_OF_CONDUCT.md holding one 120 KB e-mail-like string (EMAIL_RE)."""
    text = "a" * 30_000 + "@" + "a." * 45_000 + "!\n"
    _check_json(ctx, {"README.md": "# x\n", "CODE_OF_CONDUCT.md": text})


@case("yaml-bomb")
def yaml_bomb(ctx: Ctx) -> None:
    """dpg.yaml alias bomb: nine levels of nine aliases (~350 bytes)."""
    names = "abcdefghi"
    lines = [f"{names[0]}: &{names[0]} [x,x,x,x,x,x,x,x,x]"]
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    lines.append(f"name: *{names[-1]}")
    bomb = "\n".join(lines) + "\n"
    ctx.verdict["bytes"] = str(len(bomb))
    _check_json(ctx, {"README.md": "# x\n", "dpg.yaml": bomb})


def _keys(ctx: Ctx, count: int) -> None:
    body = "".join(f"key{i:06d}: value {i}\n" for i in range(count))
    _check_json(ctx, {"README.md": "# x\n", "dpg.yaml": "name: Many keys\n" + body})


@case("keys-20000")
def keys_20000(ctx: Ctx) -> None:
    """dpg.yaml with 20,000 keys (quadratic build_manifest)."""
    _keys(ctx, 20_000)


@case("keys-90000")
def keys_90000(ctx: Ctx) -> None:
    """dpg.yaml with 90,000 keys (quadratic build_manifest)."""
    _keys(ctx, 90_000)


@case("licenses-300")
def licenses_300(ctx: Ctx) -> None:
    """300 distinct LICENSE-* files (no cap on classified texts)."""
    words = ["data", "health", "registry", "open", "public", "goods", "code", "module", "field", "record"]
    rng = random.Random(11)
    files: dict[str, str | bytes] = {"README.md": "# x\n"}
    for i in range(300):
        extra = " ".join(rng.choice(words) for _ in range(40))
        files[f"LICENSE-{i:03d}"] = MIT.format(year=2000 + i % 24, holder=f"Holder {i}", extra=extra)
    _check_json(ctx, files)


@case("config-link-dpgcheck")
def config_link_dpgcheck(ctx: Ctx) -> None:
    """.dpgcheck.yaml linked to a secret file outside the tree."""
    outside = write(ctx.tmp / "outside", {"secret.yaml": f"{SECRET}: [password]\ntoken: {SECRET}\n"})
    repo = write(ctx.tmp / "repo", {"README.md": "# x\n"})
    (repo / ".dpgcheck.yaml").symlink_to(outside / "secret.yaml")
    run = ctx.run("check", str(repo))
    ctx.verdict["secret leaked"] = yes(SECRET.encode() in run.output)


@case("config-link-pyproject")
def config_link_pyproject(ctx: Ctx) -> None:
    """pyproject.toml linked to a secret file outside the tree."""
    outside = write(
        ctx.tmp / "outside",
        {"secret.toml": f'[tool.dpgcheck]\n"{SECRET}" = "{SECRET}"\nfail-on = "{SECRET}"\n'},
    )
    repo = write(ctx.tmp / "repo", {"README.md": "# x\n"})
    (repo / "pyproject.toml").symlink_to(outside / "secret.toml")
    run = ctx.run("check", str(repo))
    ctx.verdict["secret leaked"] = yes(SECRET.encode() in run.output)


@case("sparse-pyproject")
def sparse_pyproject(ctx: Ctx) -> None:
    """A 2 GB sparse pyproject.toml (config read with no size cap)."""
    repo = write(ctx.tmp / "repo", {"README.md": "# x\n"})
    with (repo / "pyproject.toml").open("wb") as handle:
        handle.truncate(2 * 1024**3)
    ctx.run("check", str(repo))


@case("non-utf8-name")
def non_utf8_name(ctx: Ctx) -> None:
    """A file `pkg\\xff/package.json`: -f sarif, -f json, -o r.json / r.html / r.md."""
    repo = write(ctx.tmp / "repo", {"README.md": "# x\n"})
    folder = os.fsencode(repo) + b"/pkg\xff"
    os.mkdir(folder)
    with open(folder + b"/package.json", "w") as handle:
        handle.write('{"name": "x", "license": "MIT"}')
    invalid, tracebacks, empty = [], [], []
    for fmt in ("sarif", "json"):
        run = ctx.run("check", str(repo), "-f", fmt)
        if run.outcome in ("traceback", "internal-error"):
            tracebacks.append(fmt)
        try:
            run.stdout.decode("utf-8")
        except UnicodeDecodeError:
            invalid.append(f"{fmt} stdout")
    for name in ("r.json", "r.html", "r.md"):
        out = ctx.tmp / name
        run = ctx.run("check", str(repo), "-o", str(out))
        if run.outcome in ("traceback", "internal-error"):
            tracebacks.append(name)
        if not out.exists() or out.stat().st_size == 0:
            empty.append(name)
        else:
            try:
                out.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                invalid.append(name)
    ctx.verdict["traceback"] = ", ".join(tracebacks) or "no"
    ctx.verdict["invalid utf-8"] = ", ".join(invalid) or "no"
    ctx.verdict["empty/missing file"] = ", ".join(empty) or "no"


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@case("deep-dpg-json")
def deep_dpg_json(ctx: Ctx) -> None:
    """dpg.json nested 100,000 levels deep."""
    _check_json(ctx, {"README.md": "# x\n", "dpg.json": '{"name": "x", "deep": ' + _deep(100_000) + "}"})


@case("deep-package-json")
def deep_package_json(ctx: Ctx) -> None:
    """package.json nested 100,000 levels deep (DPG-2 verdict)."""
    files: dict[str, str | bytes] = {
        "README.md": "# x\n",
        "LICENSE": MIT.format(year=2024, holder="X", extra=""),
        "package.json": '{"name": "x", "license": "MIT", "deep": ' + _deep(100_000) + "}",
    }
    ctx.verdict["DPG-2"] = _status(_check_json(ctx, files), "DPG-2")


@case("osc-sequences")
def osc_sequences(ctx: Ctx) -> None:
    """OSC sequences in a manifest value, a LICENSE line and a folder name (text report)."""
    marks = {
        "manifest": "\x1b]0;PWN-MANIFEST\x07",
        "license": "\x1b]8;;http://127.0.0.1/PWN-LICENSE\x1b\\",
        "folder": "\x1b]0;PWN-FOLDER\x07",
    }
    files: dict[str, str | bytes] = {
        "README.md": "# x\n",
        "dpg.yaml": json.dumps({"name": f"Proj {marks['manifest']}", "stage": marks["manifest"]}),
        "LICENSE": f"Copyright (c) 2024 Evil {marks['license']}\n\nAll rights reserved.\n",
        f"docs{marks['folder']}/README.md": "# docs\n",
        f"pkg{marks['folder']}/package.json": '{"name": "x", "dependencies": {"firebase": "1"}}',
    }
    repo = write(ctx.tmp / "repo", files)
    run = ctx.run("check", str(repo), "--verbose")
    leaked = [where for where, mark in marks.items() if f"PWN-{where.upper()}".encode() in run.stdout]
    through = b"\x1b]" in run.stdout
    ctx.verdict["OSC in output"] = yes(through) + (f" ({', '.join(leaked)} text shown)" if leaked else "")


@case("init-newline")
def init_newline(ctx: Ctx) -> None:
    """Folder names with a newline inject YAML into the `init` draft."""
    inject = "x\nINJECTED: yes\nsdgs: [1]\n#"
    repo = write(
        ctx.tmp / f"repo{inject}",
        {
            "README.md": "# x\n",
            f"docs{inject}/README.md": "# docs\n",
            f"app{inject}/package.json": '{"name": "x", "dependencies": {"firebase": "1"}}',
            f"NOTICE{inject}": "Copyright 2024 Someone\n",
        },
    )
    ctx.run("init", str(repo))
    draft = repo / "dpg.yaml"
    text = draft.read_text("utf-8", "replace") if draft.exists() else ""
    ctx.verdict["draft written"] = yes(draft.exists())
    ctx.verdict["injected"] = yes(any(line.startswith("INJECTED") for line in text.splitlines()))


@case("init-dangling")
def init_dangling(ctx: Ctx) -> None:
    """`init` through a dangling dpg.yaml link, then `--force` onto an existing outside file."""
    outside = write(ctx.tmp / "outside", {"existing.yaml": "original\n"})
    repo = write(ctx.tmp / "repo", {"README.md": "# x\n"})
    (repo / "dpg.yaml").symlink_to(outside / "created.yaml")
    ctx.run("init", str(repo))
    ctx.verdict["outside file created"] = yes((outside / "created.yaml").exists())
    (repo / "dpg.yaml").unlink()
    (repo / "dpg.yaml").symlink_to(outside / "existing.yaml")
    ctx.run("init", str(repo), "--force")
    changed = (outside / "existing.yaml").read_text() != "original\n"
    ctx.verdict["outside file changed"] = yes(changed)


@case("excludes-304", heavy=True)
def excludes_304(ctx: Ctx) -> None:
    """304 exclude patterns in .dpgcheck.yaml on 200,000 files."""
    repo = write(ctx.tmp / "repo", {"README.md": "# x\n"})
    for d in range(200):
        folder = repo / "src" / f"d{d:03d}"
        folder.mkdir(parents=True)
        for f in range(1000):
            (folder / f"f{f:04d}.py").touch()
    patterns = [f"vendor{i}/**" for i in range(152)] + [f"**/gen{i}_*.py" for i in range(152)]
    (repo / ".dpgcheck.yaml").write_text("exclude:\n" + "".join(f'  - "{p}"\n' for p in patterns))
    ctx.run("check", str(repo), "--offline")
