"""URLs as the DPGA application platform records them: several in one text, some not repositories.

Entries are typed by hand into a web form: ``repositories[].url`` may hold several URLs
separated by commas, spaces or line breaks, with leading spaces, prose around them, or a page
that is not a repository at all (an organisation's search page, a file blob, a website).

``split_urls`` finds every URL in such a text; ``classify_repository`` says what one of them
is: a repository (a blob/tree URL is its repository; a Hugging Face model, dataset or space is
a git repository), or not one, and why.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import msgspec

_URL = re.compile(r"(?:https?|git|ssh|file)://[^\s,<>\"'\]]+|git@[^\s,:]+:[^\s,<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:)!?"

# First path segments of github.com that are pages of the site, not an owner.
_GITHUB_PAGES = frozenset(
    [
        "orgs",
        "search",
        "topics",
        "settings",
        "marketplace",
        "sponsors",
        "explore",
        "collections",
        "apps",
        "features",
        "enterprise",
        "users",
        "login",
        "about",
        "pricing",
        "trending",
        "notifications",
        "issues",
        "pulls",
        "codespaces",
    ]
)
# Path segments after owner/repo that are views of the repository (checked as the repository).
_REPO_VIEWS = frozenset(
    [
        "blob",
        "tree",
        "raw",
        "commit",
        "commits",
        "releases",
        "wiki",
        "issues",
        "pulls",
        "actions",
        "tags",
        "branches",
        "discussions",
        "security",
        "pulse",
        "graphs",
        "projects",
        "src",
    ]
)
_HF_KINDS = ("datasets", "spaces")
_HF_PAGES = frozenset(
    [
        "models",
        "docs",
        "blog",
        "search",
        "pricing",
        "papers",
        "learn",
        "organizations",
        "collections",
        "tasks",
    ]
)
_FORGE_HOSTS = ("bitbucket.org", "codeberg.org", "gitee.com", "framagit.org", "salsa.debian.org")


def split_urls(text: str) -> list[str]:
    """Every URL in ``text``, in order, without duplicates or trailing punctuation."""
    found = [match.group(0).rstrip(_TRAILING) for match in _URL.finditer(text or "")]
    return list(dict.fromkeys(url for url in found if "://" in url or url.startswith("git@")))


class RepositoryUrl(msgspec.Struct, frozen=True):
    """What one URL of ``repositories[].url`` names."""

    written: str  # the URL as the entry gives it
    url: str | None  # the repository to check, or None when it names no repository
    note: str | None = None  # how it was read ("a file blob: checked as its repository")
    problem: str | None = None  # why it is not a repository (set when ``url`` is None)


def classify_repository(
    written: str, github_hosts: tuple[str, ...] = (), gitlab_hosts: tuple[str, ...] = ()
) -> RepositoryUrl:
    """Read one URL as a repository to check, or say why it is not one.

    ``github_hosts`` / ``gitlab_hosts`` add the hosts of ``--github-url`` / ``--gitlab-url``.
    """
    url = written.strip()
    if url.startswith("git@") or url.lower().startswith(("git://", "ssh://")):
        return RepositoryUrl(written, url)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if parts.scheme.lower() not in ("http", "https") or not host:
        return _not_repository(written, "not a web address")
    if host == "github.com" or host in github_hosts:
        return _forge(written, parts.scheme, host, segments, parts.query, _GITHUB_PAGES, "GitHub")
    if host == "huggingface.co":
        return _hugging_face(written, parts.scheme, host, segments)
    if host == "gitlab.com" or host in gitlab_hosts or host.startswith("gitlab."):
        return _gitlab(written, parts.scheme, host, segments)
    if host in _FORGE_HOSTS:
        return _forge(written, parts.scheme, host, segments, parts.query, frozenset(), host)
    if parts.path.endswith(".git"):
        return RepositoryUrl(written, url)
    return _not_repository(written, f"a web page on {host}, not a git repository")


def _not_repository(written: str, why: str) -> RepositoryUrl:
    return RepositoryUrl(written, None, problem=f"not a repository URL: {written.strip()} ({why})")


def _forge(
    written: str,
    scheme: str,
    host: str,
    segments: list[str],
    query: str,
    pages: frozenset[str],
    label: str,
) -> RepositoryUrl:
    if not segments:
        return _not_repository(written, f"the {label} home page")
    if segments[0].lower() in pages:
        return _not_repository(written, f"a {label} {segments[0]} page")
    if len(segments) == 1:
        return _not_repository(written, f"the {label} page of the account {segments[0]}")
    base = f"{scheme}://{host}/{segments[0]}/{segments[1].removesuffix('.git')}"
    if len(segments) > 2 and segments[2].lower() in _REPO_VIEWS:
        return RepositoryUrl(written, base, note=f"a {segments[2]} URL: checked as its repository {base}")
    if len(segments) > 2 or query:
        return _not_repository(written, f"a {label} page below the repository {base}")
    return RepositoryUrl(written, base)


def _gitlab(written: str, scheme: str, host: str, segments: list[str]) -> RepositoryUrl:
    if "-" in segments:
        view = segments[segments.index("-") + 1] if segments.index("-") + 1 < len(segments) else ""
        segments = segments[: segments.index("-")]
        if len(segments) >= 2:
            base = f"{scheme}://{host}/{'/'.join(segments).removesuffix('.git')}"
            return RepositoryUrl(
                written, base, note=f"a {view or 'page'} URL: checked as its repository {base}"
            )
    if not segments or segments[0].lower() in ("groups", "explore", "dashboard", "users", "search"):
        return _not_repository(written, "a GitLab page, not a project")
    if len(segments) == 1:
        return _not_repository(written, f"the GitLab page of the group or user {segments[0]}")
    return RepositoryUrl(written, f"{scheme}://{host}/{'/'.join(segments).removesuffix('.git')}")


def _hugging_face(written: str, scheme: str, host: str, segments: list[str]) -> RepositoryUrl:
    kind = segments[0] if segments and segments[0] in _HF_KINDS else None
    rest = segments[1:] if kind else segments
    if not rest or (not kind and rest[0].lower() in _HF_PAGES):
        return _not_repository(written, "a Hugging Face page, not a model or dataset")
    if len(rest) == 1:
        return _not_repository(written, f"the Hugging Face page of {rest[0]}, not a model or dataset")
    prefix = f"{kind}/" if kind else ""
    base = f"{scheme}://{host}/{prefix}{rest[0]}/{rest[1]}"
    what = {"datasets": "dataset", "spaces": "space"}.get(kind or "", "model")
    note = f"a Hugging Face {what}: checked as the git repository {base}"
    return RepositoryUrl(written, base, note=note)
