"""Hostile inputs for the readers (issue 11): time, peak memory and outcome per case.

Each case builds a small repository (or registry) in a temporary folder and runs the
``dpgcheck`` of this checkout on it in a child process with a hard memory limit (address
space) and a time-out, so a case that explodes cannot take the machine with it. Peak memory
is the child's maximum resident set size (``wait4``); no assertion is made: compare the table
before and after a change.

Run:  .venv/bin/python bench/hostile_readers.py [--timeout 120] [--memory-gb 4] [case …]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

DPGCHECK = [sys.executable, "-m", "dpgcheck"]
SECRET = "SECRET_LINE=hunter2-do-not-print"


def alias_bomb(root: Path) -> list[str]:
    """350 bytes of YAML, nine alias levels: 9**9 expanded nodes."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    lines.append("name: bomb")
    (root / "dpg.yaml").write_text("\n".join(lines) + "\n")
    return ["check", str(root), "--only", "DPG-1", "--offline"]


def config_link(root: Path) -> list[str]:
    """.dpgcheck.yaml a link to a file outside the tree holding a secret line."""
    outside = root.parent / "outside-secret.yaml"
    outside.write_text(f"{SECRET}: 1\n")
    (root / ".dpgcheck.yaml").symlink_to(outside)
    return ["check", str(root), "--only", "DPG-1", "--offline"]


def pyproject_link(root: Path) -> list[str]:
    """pyproject.toml a link to a file outside the tree holding a secret line."""
    outside = root.parent / "outside-secret.toml"
    outside.write_text(f'[tool.dpgcheck]\n"{SECRET}" = 1\n')
    (root / "pyproject.toml").symlink_to(outside)
    return ["check", str(root), "--only", "DPG-1", "--offline"]


def big_pyproject(root: Path) -> list[str]:
    """A 2 GB sparse pyproject.toml."""
    with open(root / "pyproject.toml", "wb") as file:
        file.write(b"[tool.dpgcheck]\n")
        file.truncate(2 * 1024**3)
    return ["check", str(root), "--only", "DPG-1", "--offline"]


def _many_keys(count: int) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        data = {"name": "many"} | {f"key{index}": index for index in range(count)}
        (root / "dpg.json").write_text(json.dumps(data, indent=1))
        return ["check", str(root), "--only", "DPG-1", "--offline"]

    build.__doc__ = f"dpg.json with {count:,} top-level keys."
    return build


def _deep(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def deep_dpg_json(root: Path) -> list[str]:
    """dpg.json nested 100,000 levels deep."""
    (root / "dpg.json").write_text('{"name": "deep", "x": ' + _deep(100_000) + "}")
    return ["check", str(root), "--only", "DPG-1", "--offline"]


def deep_package_json(root: Path) -> list[str]:
    """package.json nested 100,000 levels deep (DPG-4 reads the dependencies)."""
    (root / "package.json").write_text('{"dependencies": ' + _deep(100_000) + "}")
    return ["check", str(root), "--only", "DPG-4", "--offline", "-f", "json"]


def deep_nomination(root: Path) -> list[str]:
    """A registry of two entries, one nomination nested 100,000 levels deep."""
    (root / "nominees").mkdir()
    (root / "digitalpublicgoods").mkdir()
    (root / "nominees" / "deep.json").write_text('{"name": "deep", "x": ' + _deep(100_000) + "}")
    (root / "nominees" / "fine.json").write_text(json.dumps({"name": "fine", "repositoryURL": str(root)}))
    return ["audit", str(root), "--out", str(root.parent / "out"), "--jobs", "1"]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "alias-bomb": alias_bomb,
    "config-link": config_link,
    "pyproject-link": pyproject_link,
    "big-pyproject": big_pyproject,
    "manifest-20k-keys": _many_keys(20_000),
    "manifest-90k-keys": _many_keys(90_000),
    "deep-dpg-json": deep_dpg_json,
    "deep-package-json": deep_package_json,
    "deep-nomination": deep_nomination,
}


def run(args: list[str], timeout: float, memory: int, cwd: Path) -> tuple[float, int, str, str]:
    """Wall time, peak RSS (KiB), exit status and the output's last line of one child."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    start = time.monotonic()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(
            [*DPGCHECK, *args], stdout=out, stderr=subprocess.STDOUT, preexec_fn=limit, cwd=cwd
        )
        timer = threading.Timer(timeout, process.kill)  # wait4 reaps the child and gives its peak
        timer.start()
        _, code, usage = os.wait4(process.pid, 0)
        timed_out = not timer.is_alive()
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(code)
        elapsed = time.monotonic() - start
        status = f"timeout>{timeout:.0f}s" if timed_out else f"exit {process.returncode}"
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    peak = usage.ru_maxrss
    leaked = " SECRET-LEAKED" if SECRET.split("=")[1] in text else ""
    last = (text.strip().splitlines() or [""])[-1][:110]
    return elapsed, peak, status + leaked, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--memory-gb", type=float, default=4.0)
    parser.add_argument("cases", nargs="*", default=list(CASES))
    options = parser.parse_args()
    memory = int(options.memory_gb * 1024**3)
    print(f"{'case':<20} {'seconds':>8} {'peak MiB':>9}  outcome / last line")
    for name in options.cases:
        with tempfile.TemporaryDirectory(prefix="dpg-hostile-") as temp:
            root = Path(temp) / "repo"
            root.mkdir()
            args = CASES[name](root)
            elapsed, peak, status, last = run(args, options.timeout, memory, Path(temp))
        print(f"{name:<20} {elapsed:8.2f} {peak / 1024:9.0f}  {status}: {last}", flush=True)


if __name__ == "__main__":
    main()
