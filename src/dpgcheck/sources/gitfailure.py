"""What a failed git command means for the user: its message and hint, and whether to retry."""

from __future__ import annotations

import subprocess


def explain(command: str, text: str, where: str) -> tuple[str, str]:
    """The message and hint for git ``command`` failing with the (redacted) error ``text``."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    last = next((line for line in reversed(lines) if line.lower().startswith(("fatal", "error"))), "")
    last = last or (lines[-1] if lines else f"exit status of git {command}")
    lowered = text.lower()
    if "couldn't find remote ref" in lowered or "not our ref" in lowered:
        return (
            f"Ref not found in {where}: {last}",
            "Check the ref asked for: a branch, a tag or a full 40-character commit SHA.",
        )
    if any(
        marker in lowered
        for marker in (
            "repository not found",
            "not found",
            "does not appear to be a git repository",
            "authentication failed",
            "could not read username",
            "terminal prompts disabled",
            "permission denied",
            "403",
            "401",
        )
    ):
        return (
            f"Repository not found or not accessible: {where}",
            "Check the URL; for a private repository pass --token (or set GITHUB_TOKEN / GITLAB_TOKEN).",
        )
    return f"git {command} failed for {where}: {last}", "Check the URL and your network."


def limit_hit(result: subprocess.CompletedProcess[bytes]) -> bool:
    """Whether git stopped on a limit: killed (by SIGKILL, or SIGSEGV/SIGABRT out of memory),
    out of memory, a file too large, or curl's low-speed abort."""
    if result.returncode < 0:
        return True
    text = result.stderr.decode("utf-8", "replace").lower()
    return any(
        marker in text
        for marker in ("out of memory", "cannot allocate", "file too large", "too slow", "mmap failed")
    )


def transient(stderr: bytes) -> bool:
    text = stderr.decode("utf-8", "replace").lower()
    return any(
        marker in text
        for marker in (
            "the requested url returned error: 5",
            "http/2 stream",
            "connection reset",
            "connection refused",
            "timed out",
            "early eof",
            "rpc failed",
            "could not resolve host",
            "failed to connect",
            "gnutls",
            "ssl",
        )
    )
