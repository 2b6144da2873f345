"""Recognise what a target names: a local folder, a git URL, a GitHub or a GitLab repository.

A path that exists on disk is always local, even when it reads like ``owner/repo``
(``examples/passing``). Parsing does no I/O besides that one existence test.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import msgspec
from msgspec.structs import replace

from dpgcheck.errors import InputError
from dpgcheck.sources.net import redact

GITHUB_WEB = "https://github.com"
GITHUB_API = "https://api.github.com"
GITLAB_WEB = "https://gitlab.com"

_SLUG_PART = r"[A-Za-z0-9_.-]+"
_OWNER_REPO = re.compile(rf"^(?P<owner>{_SLUG_PART})/(?P<repo>{_SLUG_PART})$")
_SCP_LIKE = re.compile(r"^(?:(?P<user>[^@/\s]+)@)?(?P<host>[^:/\s]+):(?P<path>(?!//)[^\s]+)$")
_REMOTE_SCHEMES = ("http", "https", "ssh", "git", "file", "git+ssh", "ssh+git")


class RemoteTarget(msgspec.Struct, frozen=True):
    """A repository to fetch: how to clone it and, for a known host, where its API is."""

    kind: str  # "git" | "github" | "gitlab"
    clone_url: str
    location: str  # shown in reports: a web URL or the git URL, never with credentials
    ref: str | None = None
    slug: str | None = None  # "owner/repo" or "group/sub/project" on a host
    api_url: str | None = None
    web_url: str | None = None
    shorthand: bool = False  # given as OWNER/REPO, which could also have been a mistyped folder


_HOSTED_SCHEMES = ("http", "https", "ssh", "git", "git+ssh", "ssh+git")

LOCAL_REGISTRY_ENV = "DPGCHECK_REGISTRY_LOCAL"
"""Set to 1 to let registry entries name local folders and ``file://`` URLs (a local mirror of
a registry's repositories; the test-suite's registries)."""


def is_remote_repository_url(value: str) -> bool:
    """Whether ``value`` names a repository on a host (http(s), git, ssh, ``user@host:path``),
    not a local path nor a ``file://`` URL."""
    value = value.strip()
    if "://" in value:
        parts = urlsplit(value)
        try:
            host = parts.hostname
        except ValueError:
            return False
        return parts.scheme.lower() in _HOSTED_SCHEMES and bool(host)
    scp = _SCP_LIKE.match(value)
    return bool(scp and ("." in scp["host"] or scp["user"]) and not value.startswith(("/", ".", "~")))


def _web_base(url: str) -> tuple[str, str]:
    parts = urlsplit(url.rstrip("/"))
    return f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/")


def github_api_for(web: str) -> str:
    """The REST API root of a GitHub web host (github.com or GitHub Enterprise Server)."""
    base, prefix = _web_base(web)
    if urlsplit(base).netloc.lower() == "github.com":
        return GITHUB_API
    return f"{base}{prefix}/api/v3"


def _strip_git(name: str) -> str:
    return name[:-4] if name.endswith(".git") else name


def _github(web: str, owner: str, repo: str, ref: str | None) -> RemoteTarget:
    web = web.rstrip("/")
    repo = _strip_git(repo)
    return RemoteTarget(
        kind="github",
        clone_url=f"{web}/{owner}/{repo}.git",
        location=f"{web}/{owner}/{repo}",
        ref=ref,
        slug=f"{owner}/{repo}",
        api_url=github_api_for(web),
        web_url=f"{web}/{owner}/{repo}",
    )


def _gitlab(web: str, path: str, ref: str | None) -> RemoteTarget:
    web = web.rstrip("/")
    path = _strip_git(path.strip("/"))
    return RemoteTarget(
        kind="gitlab",
        clone_url=f"{web}/{path}.git",
        location=f"{web}/{path}",
        ref=ref,
        slug=path,
        api_url=f"{web}/api/v4",
        web_url=f"{web}/{path}",
    )


def _host_of(url: str) -> str:
    return urlsplit(url).netloc.lower().rsplit("@", 1)[-1]


def parse_target(
    target: str,
    ref: str | None = None,
    github_url: str | None = None,
    gitlab_url: str | None = None,
) -> RemoteTarget | None:
    """The remote repository ``target`` names, or None when it is a local path."""
    if Path(target).expanduser().exists():
        return None
    github_web = (github_url or GITHUB_WEB).rstrip("/")
    gitlab_web = (gitlab_url or GITLAB_WEB).rstrip("/")
    for prefix, kind in (("github:", "github"), ("gitlab:", "gitlab")):
        if target.startswith(prefix):
            slug = target[len(prefix) :].strip("/")
            if kind == "github":
                match = _OWNER_REPO.match(slug)
                if not match:
                    raise InputError(f"Not a GitHub repository: {target}", "Write github:OWNER/REPO.")
                return _github(github_web, match["owner"], match["repo"], ref)
            return _gitlab(gitlab_web, slug, ref)
    match = _OWNER_REPO.match(target)
    if match:
        found = _github(github_web, match["owner"], match["repo"], ref)
        return replace(found, shorthand=True)
    scheme = target.split("://", 1)[0].lower() if "://" in target else None
    if scheme in _REMOTE_SCHEMES:
        return _from_url(target, ref, github_web, gitlab_web)
    scp = _SCP_LIKE.match(target)
    if scp and ("." in scp["host"] or scp["user"]):
        parts = scp["path"].strip("/").split("/")
        if scp["host"].lower() == _host_of(github_web) and len(parts) == 2:
            # git@github.com:owner/repo.git: host facts from the API, files over SSH as given.
            found = _github(github_web, parts[0], parts[1], ref)
            return replace(found, clone_url=target)
        if scp["host"].lower() == _host_of(gitlab_web) and len(parts) >= 2:
            found = _gitlab(gitlab_web, scp["path"], ref)
            return replace(found, clone_url=target)
        return RemoteTarget(kind="git", clone_url=target, location=redact(target), ref=ref)
    return None


def _from_url(target: str, ref: str | None, github_web: str, gitlab_web: str) -> RemoteTarget:
    parts = urlsplit(target)
    host = _host_of(target)
    clean = redact(target)
    if parts.scheme in ("http", "https") and host in (_host_of(github_web), "www.github.com"):
        segments = [unquote(s) for s in parts.path.strip("/").split("/") if s]
        base_segments = [s for s in urlsplit(github_web).path.strip("/").split("/") if s]
        segments = segments[len(base_segments) :]
        if len(segments) >= 2:
            tree_ref = "/".join(segments[3:]) if len(segments) > 3 and segments[2] == "tree" else None
            found = _github(github_web, segments[0], segments[1], ref or tree_ref)
            if parts.username or parts.password:
                # Credentials in the URL are kept for git only; the location never shows them.
                return replace(found, clone_url=target)
            return found
    if parts.scheme in ("http", "https") and host == _host_of(gitlab_web):
        path = parts.path
        base_path = urlsplit(gitlab_web).path.rstrip("/")
        path = path[len(base_path) :] if base_path and path.startswith(base_path) else path
        tree_ref = None
        if "/-/" in path:
            path, _, rest = path.partition("/-/")
            if rest.startswith(("tree/", "blob/")):
                tree_ref = rest.split("/", 1)[1] or None
        if path.strip("/").count("/") >= 1:
            found = _gitlab(gitlab_web, unquote(path), ref or tree_ref)
            if parts.username or parts.password:
                return replace(found, clone_url=target)
            return found
    return RemoteTarget(kind="git", clone_url=target, location=clean, ref=ref)
