"""Link checking over HTTP: is a documentation, privacy, copyright or license URL alive?

HEAD first (cheap), then GET when HEAD is refused or fails, redirects followed hop by hop
(each hop's host allowed like the first URL's), short timeouts, a deadline per link and a
budget for all (``link_batch``), a polite User-Agent naming dpgcheck and a bounded number of
parallel requests.
A site that refuses robots (401, 403, 429) or times out is ``unverified``, not ``dead``:
only a clear answer (404, 410, other 4xx, a host that does not exist) makes a link dead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from dpgcheck.sources.link_result import LinkResult, LinkStatus
from dpgcheck.sources.net import USER_AGENT

if TYPE_CHECKING:
    import httpx

    from dpgcheck.sources.link_batch import Attempt

MAX_LINKS = 40
"""Links checked per repository; more would be impolite and slow."""


_REFUSING = {401, 403, 429}


def plan_links(
    urls: Iterable[str], allowed_hosts: frozenset[str] | None
) -> tuple[list[str], dict[str, LinkResult]]:
    """The distinct http(s) URLs to request (at most MAX_LINKS), and the results of those not
    requested because their host is outside ``allowed_hosts`` (None: every host is allowed)."""
    unique = [u for u in dict.fromkeys(urls) if u.lower().startswith(("http://", "https://"))]
    unique = unique[:MAX_LINKS]
    skipped = {
        url: LinkResult(url, LinkStatus.UNVERIFIED, detail="not checked: host not in DPGCHECK_LINK_HOSTS")
        for url in unique
        if allowed_hosts is not None and (urlsplit(url).hostname or "") not in allowed_hosts
    }
    return [url for url in unique if url not in skipped], skipped


class HttpLinkChecker:
    """Checks links with httpx, a few at a time, each within a deadline and all within a budget
    (see ``link_batch``)."""

    def __init__(
        self,
        timeout: float = 8.0,
        concurrency: int = 6,
        transport: httpx.BaseTransport | None = None,
        max_redirects: int = 10,
        allowed_hosts: frozenset[str] | None = None,
        deadline: float | None = None,
        budget: float | None = None,
    ) -> None:
        from dpgcheck.sources import link_batch

        self.timeout = timeout  # per read and per connect, as httpx counts them
        # None: every host; else only these, for the first URL and every redirect alike
        # (DPGCHECK_LINK_HOSTS: a network that reaches only some hosts, or a test suite that
        # must reach none but its own 127.0.0.1 servers).
        self.allowed_hosts = allowed_hosts
        self.concurrency = max(1, concurrency)
        self.deadline = link_batch.LINK_DEADLINE_SECONDS if deadline is None else deadline
        self.budget = link_batch.LINK_BUDGET_SECONDS if budget is None else budget
        self._transport = transport
        self._max_redirects = max_redirects
        self._counting = threading.Lock()
        self.requests = 0

    def _new_client(self) -> httpx.Client:
        import httpx  # only when a link is checked: with its TLS setup it costs 60-80 ms

        return httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
            timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 5.0)),
            # Redirects are followed here, one hop at a time, so that every hop's host is
            # checked against allowed_hosts like the first URL's.
            follow_redirects=False,
            # A fresh connection per request: each is traced to its link, so the link's
            # deadline can cut it (a pooled one would belong to no link).
            limits=httpx.Limits(max_keepalive_connections=0),
            transport=self._transport,
        )

    def check(self, urls: Iterable[str]) -> dict[str, LinkResult]:
        """Check every distinct http(s) URL (at most MAX_LINKS) and return the results by URL."""
        return self.start(urls)()

    def start(self, urls: Iterable[str]) -> Callable[[], dict[str, LinkResult]]:
        """Send the requests of ``check`` and return at once; the function returned waits for
        the results (``check``'s), at most until the budget is spent, and closes the client.

        The client is built here, in the caller's thread: importing httpx and loading the CA
        bundle hold the interpreter lock, so a thread would only slow the caller down. Only the
        network waits happen in the batch's threads.
        """
        unique, skipped = plan_links(urls, self.allowed_hosts)
        if not unique:
            return lambda: dict(skipped)
        from dpgcheck.sources.link_batch import LinkBatch

        client = self._new_client()
        try:
            batch = LinkBatch(
                unique,
                lambda url, attempt: self._check_one(client, url, attempt),
                self.concurrency,
                self.deadline,
                self.budget,
            )
        except BaseException:
            client.close()
            raise
        settled: list[dict[str, LinkResult]] = []

        def finish() -> dict[str, LinkResult]:
            if not settled:
                try:
                    results = batch.results()
                finally:
                    # Links past their deadline had their connections cut; their threads
                    # end on their own, and find the client closed if they go on.
                    client.close()
                settled.append({**skipped, **_settle(list(results.values()))})
            return settled[0]

        return finish

    def _check_one(self, client: httpx.Client, url: str, attempt: Attempt) -> LinkResult | None:
        import httpx

        head = self._follow(client, "HEAD", url, attempt)
        if head is None or isinstance(head, LinkResult):
            return head
        if isinstance(head, httpx.Response) and head.status_code < 400:
            return _classify(url, head)
        # Many servers answer HEAD with 403/404/405 yet serve the page to a GET.
        get = self._follow(client, "GET", url, attempt)
        if get is None or isinstance(get, LinkResult):
            return get
        if isinstance(get, httpx.Response):
            return _classify(url, get)
        if isinstance(head, httpx.Response):
            return _classify(url, head)
        return _failure(url, get)

    def _follow(
        self, client: httpx.Client, method: str, url: str, attempt: Attempt
    ) -> httpx.Response | LinkResult | Exception | None:
        """The final response of ``method url`` after its redirects; the error that ended it;
        a result when a redirect leaves the allowed hosts; None once the deadline has passed."""
        import httpx

        try:
            request = client.build_request(method, url)
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:  # malformed URL
            return exc
        for hop in range(self._max_redirects + 1):
            remaining = attempt.remaining()
            if remaining <= 0:
                return None  # the batch's watch reports it
            wait = min(self.timeout, remaining)
            request.extensions = {
                **request.extensions,
                "timeout": httpx.Timeout(wait, connect=min(wait, 5.0)).as_dict(),
                "trace": attempt.trace,
            }
            with self._counting:
                self.requests += 1
            try:
                response = client.send(request, stream=True)
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
                return exc
            response.close()  # the status is all we need: never download the body
            following = response.next_request
            if following is None:
                return response
            if hop == self._max_redirects:
                break
            host = following.url.host
            if following.url.scheme not in ("http", "https"):
                return LinkResult(
                    url,
                    LinkStatus.DEAD,
                    response.status_code,
                    str(following.url),
                    f"HTTP {response.status_code}: redirects to a URL that is not http(s)",
                )
            if self.allowed_hosts is not None and host not in self.allowed_hosts:
                return LinkResult(
                    url,
                    LinkStatus.UNVERIFIED,
                    response.status_code,
                    str(following.url),
                    f"not checked: redirects to {host}, a host not in DPGCHECK_LINK_HOSTS",
                )
            request = following
        return httpx.TooManyRedirects("Exceeded maximum allowed redirects.", request=request)


def _settle(results: list[LinkResult]) -> dict[str, LinkResult]:
    if not any(r.http_status is not None for r in results):
        # Not one server answered: the network is down or filtered here, which says nothing
        # about the links themselves.
        results = [
            LinkResult(r.url, LinkStatus.UNVERIFIED, None, None, r.detail + "; no server answered")
            if r.status is LinkStatus.DEAD and r.http_status is None
            else r
            for r in results
        ]
    return {result.url: result for result in results}


def _classify(url: str, response: httpx.Response) -> LinkResult:
    code = response.status_code
    final = str(response.url)
    final_url = final if final != url else None
    if code < 400:
        return LinkResult(url, LinkStatus.OK, code, final_url, f"HTTP {code}")
    if code in _REFUSING:
        return LinkResult(
            url, LinkStatus.UNVERIFIED, code, final_url, f"HTTP {code}: the site refuses automated requests"
        )
    if code >= 500:
        return LinkResult(url, LinkStatus.UNVERIFIED, code, final_url, f"HTTP {code}: server error")
    return LinkResult(url, LinkStatus.DEAD, code, final_url, f"HTTP {code}")


def _failure(url: str, error: Exception) -> LinkResult:
    import httpx

    if isinstance(error, httpx.TimeoutException):
        return LinkResult(url, LinkStatus.UNVERIFIED, None, None, "timed out")
    if isinstance(error, httpx.TooManyRedirects):
        return LinkResult(url, LinkStatus.DEAD, None, None, "redirect loop")
    if isinstance(error, httpx.ConnectError):
        return LinkResult(url, LinkStatus.DEAD, None, None, "cannot connect (no such host, or refused)")
    if isinstance(error, ValueError | httpx.InvalidURL | httpx.UnsupportedProtocol):
        return LinkResult(url, LinkStatus.DEAD, None, None, "malformed URL")
    return LinkResult(url, LinkStatus.UNVERIFIED, None, None, f"{error.__class__.__name__}")
