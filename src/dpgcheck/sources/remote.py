"""Open a remote target: host facts from the API (GitHub, GitLab), files through git."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from msgspec.structs import replace

from dpgcheck.cache_files import cache_folder
from dpgcheck.errors import SourceError
from dpgcheck.model import Target
from dpgcheck.sources.git import GitRepository
from dpgcheck.sources.gitsnapshot import GitSnapshot
from dpgcheck.sources.net import NetPolicy, basic_auth_header, redact_error
from dpgcheck.sources.snapshot import HostMetadata
from dpgcheck.sources.targets import RemoteTarget

if TYPE_CHECKING:
    from dpgcheck.sources import SourceOptions


def default_cache_dir() -> Path:
    """The cache folder (see ``cache_files``); remote repositories are fetched there even with
    DPGCHECK_NO_CACHE, since their files must be somewhere."""
    return cache_folder()


def open_remote(remote: RemoteTarget, options: SourceOptions) -> GitSnapshot:
    """Fetch host facts and the commit's file index; files are read lazily from the cache."""
    # Each host's client library is imported only for its own targets (PyGithub for GitHub,
    # httpx for GitLab).
    if remote.kind == "github":
        from dpgcheck.sources.github import github_token

        token = github_token(options.token)
        auth = basic_auth_header("x-access-token", token) if token else None
    elif remote.kind == "gitlab":
        from dpgcheck.sources.gitlab import gitlab_token

        token = gitlab_token(options.token)
        auth = basic_auth_header("oauth2", token) if token else None
    else:
        token = options.token
        auth = basic_auth_header("x-access-token", token) if token else None
    policy: NetPolicy = replace(options.net, secrets=(*options.net.secrets, *([token] if token else [])))
    try:
        return _open(remote, options, policy, token, auth)
    except SourceError as exc:
        if remote.shorthand:
            exc.hint = f"{exc.hint or ''} (No local folder named {remote.slug} exists either.)".strip()
        raise redact_error(exc, policy.secrets) from None


def _open(
    remote: RemoteTarget, options: SourceOptions, policy: NetPolicy, token: str | None, auth: str | None
) -> GitSnapshot:
    notes: list[str] = []
    metadata: HostMetadata | None = None
    cache = Path(options.cache_dir).expanduser() if options.cache_dir else default_cache_dir()
    if options.offline:
        notes.append(
            "Offline: no network was used; host metadata was not fetched and links were not checked."
        )
    elif remote.kind == "github" and remote.api_url and remote.slug:
        from dpgcheck.sources.github import GitHubClient

        github = GitHubClient(remote.api_url, token, policy, cache)
        metadata = github.metadata(remote.slug, remote.location)
    elif remote.kind == "gitlab" and remote.api_url and remote.slug:
        from dpgcheck.sources.gitlab import GitLabClient

        client = GitLabClient(remote.api_url, token, policy)
        try:
            metadata = client.metadata(remote.slug, remote.location)
        finally:
            client.close()
    repository = GitRepository(remote.clone_url, cache, policy, auth, offline=options.offline)
    # A ref on the command line wins over one in the URL (…/tree/v1.0); then the host's default.
    ref = options.ref or remote.ref
    commit = repository.resolve(ref, notes)
    if metadata is not None and metadata.archived:
        notes.append(f"The repository is archived on {remote.kind}: read-only, no longer maintained there.")
    target = Target(kind=remote.kind, location=remote.location, revision=commit)
    return GitSnapshot(repository, commit, target, metadata, notes)
