"""The repository URL of a local git work tree, from its remote (for ``dpgcheck init``).

Credentials never leave this module: ``https://user:token@host/…`` loses its user part, and
``git@host:owner/repo.git`` becomes ``https://host/owner/repo``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from dpgcheck.sources.gitcmd import git_text

_GIT_TIMEOUT_SECONDS = 30
_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>(?!/)[^\s]+)$")


def remote_url(root: Path) -> str | None:
    """The browsable URL of ``origin`` (else the first remote), or None outside git."""
    names = (git_text(root, "remote", timeout=_GIT_TIMEOUT_SECONDS) or "").split()
    if not names:
        return None
    name = "origin" if "origin" in names else names[0]
    url = git_text(root, "remote", "get-url", name, timeout=_GIT_TIMEOUT_SECONDS)
    return browsable_url(url) if url else None


def browsable_url(url: str) -> str | None:
    """An https URL for a git remote URL, without credentials; None for local paths."""
    url = url.strip()
    scp = _SCP_LIKE.match(url)
    if scp and "://" not in url:
        return f"https://{scp.group('host')}/{scp.group('path').removesuffix('.git').strip('/')}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ssh", "git") or not parts.hostname:
        return None
    host = parts.hostname + (f":{parts.port}" if parts.port and parts.scheme in ("http", "https") else "")
    path = parts.path.removesuffix(".git").rstrip("/")
    scheme = parts.scheme if parts.scheme in ("http", "https") else "https"
    return urlunsplit((scheme, host, path, "", ""))


def folder_prefix(root: Path) -> str:
    """The folder ``root`` is inside its git work tree (``""`` at the top, or outside git), so
    a link to a file of a checked sub-folder names its path in the repository."""
    prefix = git_text(root, "rev-parse", "--show-prefix", timeout=_GIT_TIMEOUT_SECONDS)
    return (prefix or "").strip().strip("/")
