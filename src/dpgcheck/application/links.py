"""Permanent evidence links: ``https://<host>/<owner>/<repo>/blob/<commit>/<path>#L<n>``.

A link to a branch (``blob/main/…``) shows whatever the branch holds tomorrow; a reviewer
reading the application months later must see the line that was cited, so evidence links name
the commit that was checked. Without a known remote or commit, the evidence is the repository
path (``LICENSE:1``), which the maintainer can turn into a link by hand.
"""

from __future__ import annotations

from urllib.parse import quote

import msgspec

from dpgcheck.application.model import Link
from dpgcheck.facts.manifest.claims import repository_path_of

_URL_SAFE = "/-._~!$&'()*+,;=:@"


class Permalinks(msgspec.Struct, frozen=True):
    """What a permanent link is made of; ``base`` None means the remote is not known."""

    base: str | None = None  # ``https://github.com/owner/repo`` (no credentials, no ``.git``)
    commit: str | None = None
    prefix: str = ""  # the checked folder inside the repository (a sub-folder of a clone)

    @property
    def known(self) -> bool:
        """Whether links can be permanent URLs (a remote and a commit are both known)."""
        return bool(self.base and self.commit)

    def url(self, path: str, line: int | None = None) -> str:
        """The permanent URL of ``path`` (at ``line``), or the repository path without a remote."""
        clean = path.strip("/")
        if not self.known:
            return clean
        separator = "/-/blob/" if "gitlab" in str(self.base).lower() else "/blob/"
        full = f"{self.prefix.strip('/')}/{clean}".strip("/")
        anchor = f"#L{line}" if line else ""
        return f"{self.base}{separator}{self.commit}/{quote(full, safe=_URL_SAFE)}{anchor}"

    def link(self, path: str, line: int | None = None, label: str | None = None) -> Link:
        """Evidence for ``path`` at ``line``: its URL and a ``path:line`` label."""
        where = f"{path}:{line}" if line else path
        return Link(self.url(path, line), label or where)

    def location(self, value: str, repo_urls: tuple[str, ...] = ()) -> str:
        """A location a manifest gives, as a link: a repository path (or a URL into the
        project's own repository at a branch) becomes a permanent URL; other URLs are kept."""
        text = value.strip()
        if "://" in text:
            path = repository_path_of(text, repo_urls)
            return self.url(path) if path is not None and self.known else text
        return self.url(text) if text else text
