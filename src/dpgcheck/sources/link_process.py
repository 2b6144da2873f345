"""Link checking in a child process, for a single ``dpgcheck check`` run.

Checking links costs a run more CPU than waiting: importing httpx and building its TLS context
take 60–80 ms, which in-process would add to every ``check`` (threads do not help: that work
holds the interpreter lock). ``ProcessLinkChecker`` starts a child process as soon as it is
made, which the CLI does first thing; the child imports httpx and builds its client on another
core while the parent reads the repository, then waits for the URLs on stdin, checks them with
the same ``HttpLinkChecker`` and writes the results to stdout as JSON.

Batch audits keep the in-process checker: their workers live long and pay the import once.
When the child cannot be started (no interpreter path, a frozen build) the links are checked
in-process; when it fails, every link it was given is ``unverified`` with the reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable

from dpgcheck.sources.links import HttpLinkChecker, LinkResult, LinkStatus, plan_links

WORKER_MODULE = "dpgcheck.sources.link_process"

# The child lowers its priority before importing anything: at a run's start the parent and
# git's file listing need the cores more than link checks do, which have until the end of the
# run to answer. (os.nice is POSIX; elsewhere the child runs at normal priority.)
_BOOTSTRAP = (
    "import os, runpy\n"
    "if hasattr(os, 'nice'):\n"
    "    os.nice(19)\n"
    f"runpy.run_module({WORKER_MODULE!r}, run_name='__main__', alter_sys=True)\n"
)


class ProcessLinkChecker:
    """Checks links like ``HttpLinkChecker``, in a child Python process started at once."""

    def __init__(
        self,
        timeout: float = 8.0,
        concurrency: int = 6,
        max_redirects: int = 10,
        allowed_hosts: frozenset[str] | None = None,
        python: str | None = None,
    ) -> None:
        self.timeout = timeout
        self.concurrency = concurrency
        self.max_redirects = max_redirects
        self.allowed_hosts = allowed_hosts
        self.requests = 0
        self._child = _spawn(
            sys.executable if python is None else python, timeout, concurrency, max_redirects
        )
        self._used = False

    def check(self, urls: Iterable[str]) -> dict[str, LinkResult]:
        """Check every distinct http(s) URL (at most MAX_LINKS) and return the results by URL."""
        return self.start(urls)()

    def start(self, urls: Iterable[str]) -> Callable[[], dict[str, LinkResult]]:
        """Hand the URLs to the child and return at once; the function returned waits for its
        results. One call per checker: the child checks one batch and exits."""
        if self._used:
            raise RuntimeError("a ProcessLinkChecker checks one batch of links")
        self._used = True
        unique, skipped = plan_links(urls, self.allowed_hosts)
        child, self._child = self._child, None
        if not unique:
            _stop(child)
            return lambda: dict(skipped)
        if child is None or not _send(child, {"urls": unique}):
            _stop(child)
            return self._in_process(unique, skipped)
        settled: list[dict[str, LinkResult]] = []

        def finish() -> dict[str, LinkResult]:
            if not settled:
                settled.append({**skipped, **self._collect(child, unique)})
            return settled[0]

        return finish

    def close(self) -> None:
        """Stop the child if no links were handed to it."""
        child, self._child = self._child, None
        _stop(child)

    def _in_process(
        self, unique: list[str], skipped: dict[str, LinkResult]
    ) -> Callable[[], dict[str, LinkResult]]:
        checker = HttpLinkChecker(self.timeout, self.concurrency, max_redirects=self.max_redirects)
        finish_here = checker.start(unique)

        def finish() -> dict[str, LinkResult]:
            results = finish_here()
            self.requests += checker.requests
            return {**skipped, **results}

        return finish

    def _collect(self, child: subprocess.Popen[bytes], urls: list[str]) -> dict[str, LinkResult]:
        try:
            out, err = child.communicate()
        except BaseException:
            _stop(child)
            raise
        try:
            answer = json.loads(out)
            results = {str(item["url"]): LinkResult.from_dict(item) for item in answer["results"]}
            self.requests += int(answer.get("requests", 0))
        except (ValueError, KeyError, TypeError):
            lines = err.decode("utf-8", "replace").strip().splitlines()
            reason = lines[-1] if lines else f"exit status {child.returncode}"
            return {
                url: LinkResult(url, LinkStatus.UNVERIFIED, detail=f"link check failed: {reason}")
                for url in urls
            }
        missing = {
            url: LinkResult(url, LinkStatus.UNVERIFIED, detail="link check failed: no answer for this URL")
            for url in urls
            if url not in results
        }
        return {**results, **missing}


def _spawn(
    python: str, timeout: float, concurrency: int, max_redirects: int
) -> subprocess.Popen[bytes] | None:
    if not python:
        return None
    try:
        return subprocess.Popen(
            [python, "-c", _BOOTSTRAP, str(timeout), str(concurrency), str(max_redirects)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_environment(),
        )
    except OSError:
        return None


def child_environment() -> dict[str, str]:
    """The parent's environment, with the folder dpgcheck was imported from first on
    PYTHONPATH: the child imports the same dpgcheck (and what is installed beside it) even
    when the interpreter alone would not find it (a zipapp, a checkout run with PYTHONPATH)."""
    import dpgcheck

    root = os.path.dirname(os.path.dirname(os.path.abspath(dpgcheck.__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (root, env.get("PYTHONPATH"))))
    return env


def _send(child: subprocess.Popen[bytes], job: dict[str, list[str]]) -> bool:
    """Write the job and close stdin; False when the child is already gone."""
    stdin, child.stdin = child.stdin, None  # closed here: communicate() must not flush it again
    assert stdin is not None
    sent = True
    try:
        # A few kilobytes at most (MAX_LINKS URLs): the pipe takes it without blocking.
        stdin.write(json.dumps(job).encode("utf-8"))
    except OSError:
        sent = False
    try:
        stdin.close()
    except OSError:
        sent = False
    return sent


def _stop(child: subprocess.Popen[bytes] | None) -> None:
    if child is None:
        return
    child.kill()
    child.communicate()  # reap it and close its pipes


def main(argv: list[str]) -> int:
    """The child's side: build the client, then check the URLs read from stdin."""
    timeout, concurrency, max_redirects = float(argv[0]), int(argv[1]), int(argv[2])
    checker = HttpLinkChecker(timeout=timeout, concurrency=concurrency, max_redirects=max_redirects)
    checker.prepare()
    job = sys.stdin.buffer.read()
    if not job:  # the parent found no links
        checker.close()
        return 0
    results = checker.check(str(url) for url in json.loads(job)["urls"])
    answer = {"results": [result.to_dict() for result in results.values()], "requests": checker.requests}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
