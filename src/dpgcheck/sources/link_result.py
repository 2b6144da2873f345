"""What a link check found, and what checks links: the types shared by the link checker
(``links``), its deadlines (``link_batch``) and the facts that carry the results."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Protocol

import msgspec


class LinkStatus(StrEnum):
    """What a link check found."""

    OK = "ok"
    DEAD = "dead"
    UNVERIFIED = "unverified"


class LinkResult(msgspec.Struct, frozen=True):
    """The outcome of checking one URL."""

    url: str
    status: LinkStatus
    http_status: int | None = None
    final_url: str | None = None
    detail: str = ""

    def to_dict(self) -> dict[str, object]:
        """JSON form for the report's facts."""
        return {
            "url": self.url,
            "status": self.status.value,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> LinkResult:
        """The inverse of ``to_dict``."""
        code = data.get("http_status")
        final = data.get("final_url")
        return cls(
            url=str(data["url"]),
            status=LinkStatus(str(data["status"])),
            http_status=code if isinstance(code, int) else None,
            final_url=final if isinstance(final, str) else None,
            detail=str(data.get("detail", "")),
        )


class LinkProber(Protocol):
    """Anything that checks URLs (the facts take one; tests can pass a fake)."""

    def check(self, urls: Iterable[str]) -> Mapping[str, LinkResult]:
        """Check each URL once."""
        ...
