"""How sources behave on the network: timeouts, retries with backoff, rate-limit waits, redaction.

One NetPolicy is shared by the git, GitHub, GitLab and link sources of a run, so a test can
inject a clock and a sleep function and watch what would have been waited, and the CLI can show
a countdown through ``on_wait`` (sources never print).
"""

from __future__ import annotations

import base64
import os
import re
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import msgspec

from dpgcheck import __version__
from dpgcheck.errors import SourceError

USER_AGENT = f"dpgcheck/{__version__} (+https://github.com/DPGAlliance/DPG-Standard; DPG Standard checker)"
"""A polite, identifiable User-Agent for every request dpgcheck makes."""

WaitHook = Callable[[str, float], None]
"""Called with a message and the seconds left, about once a second, while a source waits."""


MAX_RATE_WAITS = 5
"""Rate-limit waits one request may take before its target gives up (a host that answers
"limited" again after every short wait is not waited on for ever)."""


class RateLimitError(SourceError):
    """A host's API quota is exhausted and resets too late to wait for."""


class NetPolicy(msgspec.Struct, frozen=True):
    """Timeouts, retry and wait rules for every network call of a run."""

    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 120.0
    """Wait for a quota reset up to this many seconds; beyond it, stop with a clear error."""
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    on_wait: WaitHook | None = None
    secrets: tuple[str, ...] = ()
    """Tokens to mask in messages: never shown by ``repr``."""
    wait_scale: float = 1.0
    """Each second of a rate-limit wait lasts this many real seconds (``DPGCHECK_WAIT_SCALE``:
    a test suite or a bench waits out a scripted limit in a blink; the countdown shows the
    host's seconds)."""

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self.__struct_fields__ if name != "secrets"
        )
        return f"NetPolicy({shown})"

    def backoff_delay(self, attempt: int) -> float:
        """Exponential backoff: 1, 2, 4 … times ``backoff`` seconds for attempts 0, 1, 2 …"""
        return float(self.backoff * (2**attempt))

    def reset_time(self, retry_after: str | None, reset_epoch: str | None) -> float:
        """When a quota resets (epoch seconds) from ``Retry-After`` / a reset header; else in 60 s."""
        if retry_after and retry_after.isdigit():
            return self.clock() + int(retry_after)
        if reset_epoch and reset_epoch.isdigit():
            return float(reset_epoch)
        return self.clock() + 60

    def wait_for_reset(self, host: str, reset_at: float, has_token: bool, token_hint: str) -> None:
        """Wait until ``reset_at`` (epoch seconds) with a countdown, or raise RateLimitError."""
        delay = max(0.0, reset_at - self.clock()) + 1.0
        if delay > self.max_wait:
            when = datetime.fromtimestamp(reset_at, UTC).strftime("%H:%M UTC")
            minutes = max(1, round(delay / 60))
            hint = f"Retry after {when}."
            if not has_token:
                hint += " " + token_hint
            raise RateLimitError(
                f"The {host} API rate limit is exhausted; it resets at {when} (in about {minutes} min)",
                hint,
            )
        self.countdown(f"{host} API rate limit reached; waiting for the reset", delay)

    def countdown(self, message: str, seconds: float) -> None:
        """Sleep ``seconds`` in steps of at most one second, reporting the time left."""
        scale = self.wait_scale if self.wait_scale > 0 else 1.0
        end = self.clock() + seconds * scale
        remaining = seconds * scale  # real seconds
        while remaining > 0:
            if self.on_wait is not None:
                self.on_wait(message, remaining / scale)
            self.sleep(min(scale, remaining))
            remaining = end - self.clock()
        if self.on_wait is not None:
            self.on_wait(message, 0.0)

    def redact(self, text: str) -> str:
        """``text`` without this run's secrets or credentials embedded in URLs."""
        return redact(text, self.secrets)


_URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<userinfo>[^/@\s]+)@")
_AUTH_HEADER = re.compile(r"(?i)(authorization:\s*\w+\s+|private-token:\s*)\S+")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Remove secrets, URL user-info (``https://user:token@host``) and auth headers from ``text``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    text = _URL_CREDENTIALS.sub(lambda m: f"{m.group('scheme')}***@", text)
    return _AUTH_HEADER.sub(lambda m: f"{m.group(1)}***", text)


def redact_error(exc: SourceError, secrets: Iterable[str]) -> SourceError:
    """The same error with its message and hint redacted (a last line of defence)."""
    secrets = tuple(secrets)
    exc.message = redact(exc.message, secrets)
    exc.args = (exc.message,)
    if exc.hint:
        exc.hint = redact(exc.hint, secrets)
    return exc


def split_credentials(url: str) -> tuple[str, str | None]:
    """The URL without user-info, and an ``Authorization`` header carrying it (or None)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not (parts.username or parts.password):
        return url, None
    user = parts.username or ""
    password = parts.password or ""
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, basic_auth_header(user, password)


def basic_auth_header(user: str, password: str) -> str:
    """An HTTP Basic ``Authorization`` header value."""
    raw = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Authorization: Basic {raw}"


WAIT_SCALE_ENV = "DPGCHECK_WAIT_SCALE"


def wait_scale_from_env() -> float:
    """``DPGCHECK_WAIT_SCALE`` as a factor in (0, 1], else 1: waits are only ever shortened."""
    try:
        scale = float(os.environ.get(WAIT_SCALE_ENV, "") or 1.0)
    except ValueError:
        return 1.0
    return scale if 0 < scale <= 1 else 1.0
