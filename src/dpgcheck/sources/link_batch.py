"""Running a batch of link checks on a few threads, each link within a deadline, all within a budget.

httpx's time-out applies to each read, so a server that sends one header line every few seconds
never trips it and could hold a run for minutes. Here every link gets a wall-clock deadline
(``LINK_DEADLINE_SECONDS`` for the whole check: HEAD, GET and every redirect) and the batch a
budget (``LINK_BUDGET_SECONDS`` from its start). A watch thread enforces both: at a link's
deadline it settles the link as ``unverified`` and cuts the connections that link opened
(``shutdown`` wakes a thread blocked reading them), so no thread stays behind on a dripping
server; at the budget's end every link not yet answered is ``unverified`` too. A late answer is
ignored. The work is network waits: threads, with the interpreter lock free while they wait.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dpgcheck.sources.link_result import LinkResult, LinkStatus

LINK_DEADLINE_SECONDS = 10.0
"""Wall-clock time one link may take in all, redirects included."""

LINK_BUDGET_SECONDS = 20.0
"""Wall-clock time all the links of one run may take, from the moment they are sent."""


class Attempt:
    """One link being checked: its deadline and the connections opened for it."""

    def __init__(self, deadline: float, by_budget: bool) -> None:
        self.deadline = deadline
        self.by_budget = by_budget  # the batch's budget ends before the link's own deadline
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._expired = False

    def remaining(self) -> float:
        """Seconds left before the deadline (zero or less: none)."""
        return self.deadline - time.monotonic()

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's ``trace`` request extension: remember each connection opened for the link
        (the TCP one, and the TLS one wrapping it), to cut it at the deadline."""
        stream = info.get("return_value") if event.endswith(".complete") else None
        extra = getattr(stream, "get_extra_info", None)
        sock = extra("socket") if callable(extra) else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.append(sock)
            expired = self._expired
        if expired:  # opened after the deadline, while the watch was cutting the others
            _cut(sock)

    def expire(self) -> None:
        """Cut every connection of the link: the thread reading one wakes with an error."""
        with self._lock:
            self._expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _cut(sock)


def _cut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        # socket.socket's own shutdown, also for a TLS socket: the system call, leaving the
        # TLS state to the thread that reads it.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


CheckOne = Callable[[str, Attempt], LinkResult | None]
"""Checks one URL within the attempt's deadline; None when the deadline passed first."""


class LinkBatch:
    """URLs checked by ``check_one`` on daemon threads, settled by the deadline and budget."""

    def __init__(
        self,
        urls: Sequence[str],
        check_one: CheckOne,
        concurrency: int,
        deadline: float = LINK_DEADLINE_SECONDS,
        budget: float = LINK_BUDGET_SECONDS,
    ) -> None:
        self._urls = list(dict.fromkeys(urls))
        self._check_one = check_one
        self._deadline = deadline
        self._budget = budget
        self._end = time.monotonic() + budget
        self._queue = deque(self._urls)
        self._running: dict[str, Attempt] = {}
        self._results: dict[str, LinkResult] = {}
        self._changed = threading.Condition()
        # Daemon threads: one blocked where no deadline reaches (a DNS lookup) never holds
        # the process's exit.
        for _ in range(min(max(1, concurrency), len(self._urls))):
            threading.Thread(target=self._work, name="dpgcheck-link", daemon=True).start()
        threading.Thread(target=self._watch, name="dpgcheck-link-watch", daemon=True).start()

    def results(self) -> dict[str, LinkResult]:
        """Every URL's result, waiting at most until the budget's end (the watch settles the rest)."""
        with self._changed:
            while len(self._results) < len(self._urls):
                self._changed.wait()
            return {url: self._results[url] for url in self._urls}

    def _work(self) -> None:
        while True:
            with self._changed:
                now = time.monotonic()
                if not self._queue or now >= self._end:
                    return
                url = self._queue.popleft()
                own = now + self._deadline
                attempt = Attempt(min(own, self._end), by_budget=self._end < own)
                self._running[url] = attempt
                self._changed.notify_all()  # the watch learns the new deadline
            result: LinkResult | None
            try:
                result = self._check_one(url, attempt)
            except Exception as exc:  # a bug or an unforeseen error: this link only
                result = LinkResult(
                    url, LinkStatus.UNVERIFIED, detail=f"link check failed: {exc.__class__.__name__}"
                )
            with self._changed:
                self._running.pop(url, None)
                if result is not None and url not in self._results:  # else the watch settled it
                    self._results[url] = result
                self._changed.notify_all()

    def _watch(self) -> None:
        with self._changed:
            while len(self._results) < len(self._urls):
                now = time.monotonic()
                for url, attempt in list(self._running.items()):
                    if now >= attempt.deadline and url not in self._results:
                        self._results[url] = self._late(url, attempt.by_budget)
                        attempt.expire()
                if now >= self._end:
                    while self._queue:
                        url = self._queue.popleft()
                        self._results[url] = self._late(url, True, started=False)
                self._changed.notify_all()
                waits = [a.deadline for u, a in self._running.items() if u not in self._results]
                self._changed.wait(timeout=max(0.0, min([*waits, self._end]) - now))

    def _late(self, url: str, by_budget: bool, started: bool = True) -> LinkResult:
        if not by_budget:
            detail = f"timed out: no complete answer within {self._deadline:g} s (redirects included)"
        elif started:
            detail = f"time budget spent: no answer before the link checks' {self._budget:g} s ran out"
        else:
            detail = f"time budget spent: not checked, the link checks' {self._budget:g} s ran out"
        return LinkResult(url, LinkStatus.UNVERIFIED, detail=detail)
