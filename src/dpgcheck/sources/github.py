"""GitHub repository facts through PyGithub: two REST requests per repository.

``GET /repos/{owner}/{repo}`` answers description, topics, homepage, archived flag, default
branch and the host's own license detection; ``GET /repos/{owner}/{repo}/community/profile``
answers which community files GitHub sees. File contents come through git (no API quota).
PyGithub's own retry (which sleeps on the real clock) is off: NetPolicy decides retries and
rate-limit waits so they are visible and testable.

Both answers are kept with their ETag (``github_etags``): asking again about an unchanged
repository is a conditional request answered ``304`` (no quota for an authenticated client).
Requests to one API root go one at a time, even from an audit's parallel threads.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import requests
from github import Auth, Github, GithubException
from github.GithubException import BadCredentialsException, RateLimitExceededException, UnknownObjectException

from dpgcheck.errors import SourceError
from dpgcheck.sources.github_etags import EtagStore, one_at_a_time
from dpgcheck.sources.net import MAX_RATE_WAITS, USER_AGENT, NetPolicy, RateLimitError
from dpgcheck.sources.snapshot import HostMetadata

T = TypeVar("T")

TOKEN_HINT = (
    "Pass --token or set GITHUB_TOKEN (or GH_TOKEN): an authenticated client gets 5,000 requests "
    "an hour instead of 60."
)


def github_token(explicit: str | None) -> str | None:
    """The token to use: ``--token``, else GITHUB_TOKEN, else GH_TOKEN."""
    return explicit or os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN") or None


def _header(headers: Mapping[str, Any] | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return str(value)
    return None


class GitHubClient:
    """Fetches one repository's host facts, counting its requests."""

    def __init__(
        self, api_url: str, token: str | None, policy: NetPolicy, cache_dir: Path | None = None
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.token = token
        self.policy = policy
        self.requests = 0
        self.not_modified = 0  # answered 304 from a kept ETag
        self.kept = EtagStore(cache_dir / "github-api" if cache_dir else None, self.api_url, token)
        self._github = Github(
            auth=Auth.Token(token) if token else None,
            base_url=self.api_url,
            timeout=max(1, round(policy.timeout)),
            user_agent=USER_AGENT,
            retry=None,
            seconds_between_requests=None,
            seconds_between_writes=None,
            per_page=100,
        )

    def _call(self, what: str, call: Callable[[], T]) -> T:
        with one_at_a_time(self.api_url):
            return self._call_now(what, call)

    def _call_now(self, what: str, call: Callable[[], T]) -> T:
        attempt = 0
        waits = 0
        while True:
            self.requests += 1
            try:
                return call()
            except UnknownObjectException as exc:
                raise SourceError(
                    f"GitHub repository not found or private: {what}",
                    "Check the name; for a private repository pass --token or set GITHUB_TOKEN.",
                ) from exc
            except BadCredentialsException as exc:
                raise SourceError(
                    "GitHub rejected the token (401 Bad credentials)",
                    "Check --token / GITHUB_TOKEN / GH_TOKEN; public repositories need no token.",
                ) from exc
            except GithubException as exc:
                if isinstance(exc, RateLimitExceededException) or self._is_quota(exc):
                    # A host that keeps answering "limited" after each short wait is not waited
                    # on for ever: after a few rounds the audit stops and --resume continues.
                    waits += 1
                    self._wait(exc.headers, final=waits > MAX_RATE_WAITS)
                    continue
                if exc.status >= 500 and attempt < self.policy.retries:
                    self.policy.sleep(self.policy.backoff_delay(attempt))
                    attempt += 1
                    continue
                if exc.status == 403:
                    raise SourceError(
                        f"GitHub refused access to {what} (403)", "For a private repository pass --token."
                    ) from exc
                raise SourceError(f"GitHub API error {exc.status} for {what}", "Try again later.") from exc
            except requests.RequestException as exc:
                if attempt < self.policy.retries:
                    self.policy.sleep(self.policy.backoff_delay(attempt))
                    attempt += 1
                    continue
                raise SourceError(
                    f"Cannot reach the GitHub API at {self.api_url} ({exc.__class__.__name__})",
                    "Check your network, --github-url, or use --offline with a cached commit.",
                ) from exc

    @staticmethod
    def _is_quota(exc: GithubException) -> bool:
        return exc.status == 429 or (
            exc.status == 403 and _header(exc.headers, "x-ratelimit-remaining") == "0"
        )

    def _wait(self, headers: Mapping[str, Any] | None, final: bool = False) -> None:
        reset_at = self.policy.reset_time(
            _header(headers, "retry-after"), _header(headers, "x-ratelimit-reset")
        )
        if final:
            raise RateLimitError(
                f"The GitHub API still limits requests after {MAX_RATE_WAITS} waits",
                "Retry later. " + ("" if self.token else TOKEN_HINT),
            )
        self.policy.wait_for_reset("GitHub", reset_at, self.token is not None, TOKEN_HINT)

    def _get(self, what: str, path: str) -> tuple[Mapping[str, Any], Any]:
        """``GET path``: its headers and JSON, conditional on a kept ETag (a 304 reuses it)."""
        kept = self.kept.get(path)
        headers = {"If-None-Match": kept.etag} if kept else {}
        answer: tuple[Mapping[str, Any], Any] = self._call(
            what, lambda: self._github.requester.requestJsonAndCheck("GET", path, headers=headers)
        )
        response_headers, data = answer
        if data is None and kept is not None:  # 304 Not Modified: no body
            self.not_modified += 1
            return response_headers, kept.data
        self.kept.put(path, _header(response_headers, "etag"), data)
        return response_headers, data

    def metadata(self, slug: str, web_url: str) -> HostMetadata:
        """Host facts of ``owner/repo``: at most two API requests (plus waits and retries)."""
        headers, raw_data = self._get(slug, f"/repos/{slug}")
        raw: Mapping[str, Any] = raw_data if isinstance(raw_data, Mapping) else {}
        extra: dict[str, Any] = {
            "html_url": raw.get("html_url"),
            "fork": raw.get("fork"),
            "visibility": raw.get("visibility"),
            "pushed_at": raw.get("pushed_at"),
            "stargazers_count": raw.get("stargazers_count"),
        }
        license_info = raw.get("license") if isinstance(raw.get("license"), Mapping) else None
        if license_info:
            extra["license_name"] = license_info.get("name")
        remaining = _header(headers, "x-ratelimit-remaining")
        if remaining == "0":
            reset = _header(headers, "x-ratelimit-reset")
            extra["community_profile_skipped"] = "API quota exhausted"
            if reset and reset.isdigit():
                extra["quota_reset"] = int(reset)
        else:
            extra["community"] = self._community(slug)
        extra["api_requests"] = self.requests
        extra["api_not_modified"] = self.not_modified
        spdx = license_info.get("spdx_id") if license_info else None
        return HostMetadata(
            host="github",
            url=str(raw.get("html_url") or web_url),
            description=raw.get("description"),
            topics=tuple(str(t) for t in raw.get("topics") or ()),
            homepage=raw.get("homepage") or None,
            default_branch=raw.get("default_branch"),
            archived=raw.get("archived"),
            license_spdx=str(spdx) if spdx and spdx != "NOASSERTION" else None,
            extra=extra,
        )

    def _community(self, slug: str) -> dict[str, Any] | None:
        try:
            _, data = self._get(f"{slug} community profile", f"/repos/{slug}/community/profile")
        except RateLimitError:
            raise  # the quota, not the profile, is missing: the audit stops and resumes later
        except SourceError:
            # Older GitHub Enterprise servers and some forks have no community profile.
            return None
        if not isinstance(data, Mapping):
            return None
        files = data.get("files")
        if not isinstance(files, Mapping):
            files = {}
        return {
            "health_percentage": data.get("health_percentage"),
            "documentation": data.get("documentation"),
            "files": {
                name: (entry.get("html_url") if isinstance(entry, Mapping) else None)
                for name, entry in files.items()
            },
        }
