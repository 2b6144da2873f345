"""Builders of hostile git repositories, and a way to run dpgcheck on them under hard limits."""

from __future__ import annotations

import binascii
import os
import resource
import subprocess
import sys
from pathlib import Path

MEMORY_LIMIT = 2_000_000_000
"""Address space of every dpgcheck run on a hostile input: a runaway stops here, not the machine."""


def _git(bare: Path, *args: str, data: bytes | None = None) -> str:
    result = subprocess.run(
        ["git", "--git-dir", str(bare), *args], input=data, capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode().strip()


def _entry(mode: str, name: str, oid: str) -> bytes:
    return mode.encode() + b" " + name.encode() + b"\0" + binascii.unhexlify(oid)


def _publish(bare: Path, tree: str) -> str:
    commit = _git(
        bare, "-c", "user.name=Evil", "-c", "user.email=evil@example.org", "commit-tree", tree, "-m", "x"
    )
    _git(bare, "update-ref", "refs/heads/main", commit)
    _git(bare, "symbolic-ref", "HEAD", "refs/heads/main")
    _git(bare, "config", "uploadpack.allowFilter", "true")
    _git(bare, "config", "uploadpack.allowAnySHA1InWant", "true")
    _git(bare, "config", "http.receivepack", "false")
    return commit


def link_and_folder_repo(bare: Path, outside: Path) -> str:
    """A bare repository whose root tree names ``LICENSE`` twice: a link to ``outside`` and a
    folder holding ``package.json`` and ``README.md`` (files the checks read). Its commit."""
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True, timeout=60)

    def blob(data: bytes) -> str:
        return _git(bare, "hash-object", "-w", "--stdin", data=data)

    folder = _git(
        bare,
        "hash-object",
        "--literally",
        "-t",
        "tree",
        "-w",
        "--stdin",
        data=_entry("100644", "README.md", blob(b"# pwned\n"))
        + _entry("100644", "package.json", blob(b'{"name": "pwned"}')),
    )
    # A tree lists its entries sorted by name; git fsck would reject this one, git fetch does not.
    root = _git(
        bare,
        "hash-object",
        "--literally",
        "-t",
        "tree",
        "-w",
        "--stdin",
        data=_entry("120000", "LICENSE", blob(str(outside).encode()))
        + _entry("40000", "LICENSE", folder)
        + _entry("100644", "README.md", blob(b"# Evil\n\nNothing to see.\n")),
    )
    return _publish(bare, root)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_dpgcheck(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m dpgcheck ARGS`` in a child with a memory limit and a hard time-out."""
    return subprocess.run(
        [sys.executable, "-m", "dpgcheck", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        preexec_fn=_limit_memory,
        check=False,
    )
