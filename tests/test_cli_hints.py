"""A hint only ever names an option the user can type on the command that printed it.

Two walks: every command that opens a target is run into the sources' errors (a repository the
host does not know, a remote target not in the cache with --offline) and each option its hint
names must exist on that command; and every hint written in the source code is read, and each
option it names must exist on every command that can reach the module it is in.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from dpgcheck.cli import app
from dpgcheck.cli.common import NETWORK_OPTIONS
from tests.servers import serve

SRC = Path(__file__).resolve().parents[1] / "src" / "dpgcheck"
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*[a-z]")
TARGET_COMMANDS = ("check", "badge", "licenses", "init", "audit")


def command_options(name: str) -> set[str]:
    """The option names (long and short) the command ``name`` accepts."""
    group = typer.main.get_command(app)
    command = group.commands[name]  # type: ignore[attr-defined]
    names = {"--help"}
    for param in command.params:
        names.update(param.opts)
        names.update(param.secondary_opts)
    return names


def named_options(text: str) -> set[str]:
    return set(OPTION.findall(text))


@pytest.mark.parametrize("name", TARGET_COMMANDS)
def test_every_command_that_opens_a_target_takes_the_network_options(name: str) -> None:
    assert set(NETWORK_OPTIONS) <= command_options(name)


@pytest.mark.parametrize("name", ["check", "badge", "licenses", "init"])
def test_help_of_a_command_that_takes_remote_targets_says_so(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "OWNER/REPO" in result.stdout
    assert "a local folder." not in result.stdout


def _run(name: str, target: str, options: list[str], out: Path) -> str:
    """The hint a command prints for ``target`` (an audit records it per target)."""
    if name == "audit":
        result = CliRunner().invoke(app, ["audit", target, "--out", str(out), *options])
        records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
        assert records[0]["status"] == "error", records
        return str(records[0]["hint"])
    result = CliRunner().invoke(app, [name, target, *options])
    assert result.exit_code == 2, result.output
    hints = [line for line in result.stderr.splitlines() if line.startswith("Hint:")]
    assert hints, result.stderr
    return hints[0]


@pytest.mark.parametrize("name", TARGET_COMMANDS)
def test_network_hints_name_only_options_of_the_command(name: str, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    hints = [_run(name, "acme/nowhere", ["--offline", "--cache-dir", cache], tmp_path / "a")]
    with serve(lambda method, path, headers: None) as server:  # every request: 404
        hints.append(
            _run(name, "acme/nowhere", ["--github-url", server.url, "--cache-dir", cache], tmp_path / "b")
        )
        hints.append(
            _run(
                name,
                f"{server.url}/group/nowhere",
                ["--gitlab-url", server.url, "--cache-dir", cache],
                tmp_path / "c",
            )
        )
    named = set().union(*(named_options(hint) for hint in hints))
    assert named, hints  # the hints do point at options: the walk below has something to check
    assert named <= command_options(name), (named - command_options(name), hints)


# -- the static walk: every hint in the source, by the commands that can reach its module --------


def _hint_texts(path: Path) -> list[str]:
    """The text of every hint in a module: an error's second argument or ``hint=``, a ``fail()``
    hint, and constants named ``*_HINT``; f-strings as their literal parts."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", "")
            if name.endswith(("Error", "error")) or name in {"fail", "_fail"}:
                found.extend(node.args[1:2])
                found.extend(k.value for k in node.keywords if k.arg == "hint")
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id.endswith("_HINT") for t in node.targets
        ):
            found.append(node.value)
    texts = []
    for value in found:
        parts = [n.value for n in ast.walk(value) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        texts.append(" ".join(parts))
    return texts


def _commands_reaching(relative: str) -> tuple[str, ...]:
    """The commands that can run the code in ``relative`` (a path under src/dpgcheck)."""
    if relative.startswith("cli/"):
        command = Path(relative).stem
        return (command,) if command in {"check", "badge", "licenses", "init", "audit"} else ()
    if relative.startswith("audit/"):
        return ("audit",)
    if relative in {"config.py", "policy.py"}:
        return ("check", "badge")  # the commands that read a configuration and select indicators
    if relative == "outputs.py":
        return ("check",)
    if relative.startswith(("sources/", "facts/")):
        return TARGET_COMMANDS
    return ()


def test_every_hint_in_the_source_names_options_of_every_command_that_can_show_it() -> None:
    problems = []
    checked = 0
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        commands = _commands_reaching(relative)
        for text in _hint_texts(path):
            for option in named_options(text):
                checked += 1
                problems.extend(
                    f"{relative}: {option} in {text!r} is not an option of `{command}`"
                    for command in commands
                    if option not in command_options(command)
                )
    assert checked >= 10  # the walk finds the hints (it would pass vacuously otherwise)
    assert not problems, "\n".join(problems)


# -- and the options do what they say on the commands that gained them ------------------------


@pytest.mark.parametrize("name", ["licenses", "badge", "init"])
def test_the_network_options_reach_a_remote_repository_then_work_offline(name: str, tmp_path: Path) -> None:
    from tests.servers import bare_repo
    from tests.test_git_source import project
    from tests.test_github_source import github_routes

    root = tmp_path / "srv"
    bare_repo(tmp_path / "work", root / "acme" / "clinic.git", project())
    cache = str(tmp_path / "cache")
    holder: list[str] = []
    with serve(github_routes(lambda: holder[0]), git_root=root) as server:
        holder.append(server.url)
        online = CliRunner().invoke(
            app, [name, "acme/clinic", "--github-url", server.url, "--cache-dir", cache]
        )
        seen = len(server.seen)
        offline = CliRunner().invoke(
            app, [name, "acme/clinic", "--github-url", server.url, "--cache-dir", cache, "--offline"]
        )
        assert len(server.seen) == seen  # --offline: not one request
    for result in (online, offline):
        assert result.exit_code == 0, result.output
    if name == "licenses":
        assert "MIT" in online.stdout and "MIT" in offline.stdout
    elif name == "badge":
        assert json.loads(online.stdout)["schemaVersion"] == 1
    else:  # init drafts a remote repository's manifest on stdout: there is no folder to write
        assert 'spdx: "MIT"' in online.stdout
        assert "on stdout" in online.stderr
        assert not (Path("acme") / "clinic" / "dpg.yaml").exists()
