"""Hostile cases of issue 11 that need git or a server: the write escape through a remote tree, a
1 GB blob, git over HTTP with an endless or a slow-drip body, slow links, redirects, a FIFO as
``core.excludesFile``. Every server binds 127.0.0.1, bounds its own loops and stops with its case."""

from __future__ import annotations

import hashlib
import os
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from hostile_kit import Ctx, allow_filters, answer, case, commit_all, git, publish, serve, write, yes

_LOOPS = 600  # no server loop runs longer than this many steps, whatever happens


def evil_remote(ctx: Ctx, outside: Path) -> str:
    """A bare repository whose root tree holds ``LICENSE`` twice: a link to ``outside`` and a folder.

    Git refuses such a tree (fsck), so it is written with ``hash-object --literally``; the
    fetching side does not check it. Its file:// URL.
    """
    bare = ctx.tmp / "evil.git"
    git(ctx.tmp, "init", "-q", "--bare", str(bare))
    allow_filters(bare)

    def blob(data: bytes) -> str:
        return git(bare, "hash-object", "-w", "--stdin", stdin=data).strip()

    inner = {
        name: blob(f"written by the hostile bench into {name}\n".encode())
        for name in ("LICENSE", "README.md", "package.json", "authorized_keys", "dpg.yaml")
    }
    inner_tree = git(
        bare, "mktree", stdin="".join(f"100644 blob {oid}\t{n}\n" for n, oid in inner.items()).encode()
    ).strip()
    entries = [
        (b"100644", b"README.md", blob(b"# Evil\n\nSee LICENSE.\n")),
        (b"120000", b"LICENSE", blob(str(outside).encode())),  # a file before a folder of one name
        (b"40000", b"LICENSE", inner_tree),
    ]
    entries.sort(key=lambda e: e[1] + (b"/" if e[0] == b"40000" else b""))
    raw = b"".join(mode + b" " + name + b"\0" + bytes.fromhex(oid) for mode, name, oid in entries)
    tree = git(bare, "hash-object", "--literally", "-t", "tree", "-w", "--stdin", stdin=raw).strip()
    commit = git(bare, "commit-tree", tree, "-m", "evil").strip()
    git(bare, "update-ref", "refs/heads/main", commit)
    git(bare, "symbolic-ref", "HEAD", "refs/heads/main")
    return bare.as_uri()


@case("escape")
def escape(ctx: Ctx) -> None:
    """`check file://…/evil.git`: LICENSE is a link to an outside folder and a folder too."""
    outside = ctx.tmp / "outside"
    outside.mkdir()
    url = evil_remote(ctx, outside)
    ctx.run("check", url, "-f", "json")
    written = sorted(p.name for p in outside.iterdir())
    ctx.verdict["escaped"] = yes(bool(written)) + (f" ({', '.join(written)})" if written else "")


@case("escape-audit")
def escape_audit(ctx: Ctx) -> None:
    """The same evil tree through `audit` of a registry entry."""
    outside = ctx.tmp / "outside"
    outside.mkdir()
    url = evil_remote(ctx, outside)
    registry = write(
        ctx.tmp / "registry",
        {"nominees/evil.json": f'{{"name": "Evil", "repositories": [{{"url": "{url}"}}]}}'},
    )
    (registry / "digitalpublicgoods").mkdir()
    ctx.run("audit", str(registry), "--out", str(ctx.tmp / "out"), "--jobs", "1")
    written = sorted(p.name for p in outside.iterdir())
    ctx.verdict["escaped"] = yes(bool(written)) + (f" ({', '.join(written)})" if written else "")


@case("blob-1gb", heavy=True)
def blob_1gb(ctx: Ctx) -> None:
    """A remote (file://) whose README.md is a 1 GiB blob of zeros (~1 MB on the wire)."""
    work = write(ctx.tmp / "work", {"LICENSE": "MIT\n"})
    with (work / "README.md").open("wb") as handle:
        handle.truncate(1024**3)  # sparse: git reads zeros, the disk holds nothing
    commit_all(work)
    url = publish(work, ctx.tmp / "big.git")
    (work / "README.md").unlink()
    ctx.run("check", url, "-f", "json")
    cached = sum(p.stat().st_size for p in (ctx.tmp / "cache").rglob("*") if p.is_file())
    ctx.verdict["cache MB"] = f"{cached / 1e6:.0f}"


def _advertisement_start() -> bytes:
    return b"001e# service=git-upload-pack\n0000"


def _ref_line(i: int) -> bytes:
    sha = hashlib.sha1(str(i).encode()).hexdigest()
    line = f"{sha} refs/heads/b{i:012d}\n".encode()
    return f"{len(line) + 4:04x}".encode() + line


def _git_http(ctx: Ctx, drip: bool) -> None:
    def handle(request: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/x-git-upload-pack-advertisement")
        request.send_header("Cache-Control", "no-cache")
        request.end_headers()  # no length: the body ends when the connection does
        request.close_connection = True
        request.wfile.write(_advertisement_start())
        if drip:  # one byte every 2 s of a valid ref list: every read succeeds, the whole never ends
            body = b"".join(_ref_line(i) for i in range(20))
            for index in range(min(_LOOPS, len(body))):
                request.wfile.write(body[index : index + 1])
                request.wfile.flush()
                if stop.wait(2.0):
                    return
            return
        chunk = b"".join(_ref_line(i) for i in range(2000))
        for _ in range(_LOOPS * 1000):  # ~100 GB at most; the case's time-out ends it long before
            if stop.is_set():
                return
            request.wfile.write(chunk)

    with serve(handle) as (url, seen):
        ctx.run("check", f"{url}/evil.git")
    ctx.verdict["requests"] = str(len(seen))


@case("git-http-endless")
def git_http_endless(ctx: Ctx) -> None:
    """git over HTTP: an endless ref advertisement."""
    _git_http(ctx, drip=False)


@case("git-http-drip")
def git_http_drip(ctx: Ctx) -> None:
    """git over HTTP: a body dripped one byte every 2 s."""
    _git_http(ctx, drip=True)


def _privacy_project(ctx: Ctx, url: str) -> Path:
    return write(
        ctx.tmp / "repo",
        {
            "README.md": f"# P\n\nSee [the docs]({url}/docs) and [privacy]({url}/privacy).\n",
            "dpg.yaml": "privacy:\n  privacyComplianceList: [GDPR]\n"
            "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'Yes'\n"
            f"    privacyPolicyURL: {url}/privacy\n",
        },
    )


@case("link-slow")
def link_slow(ctx: Ctx) -> None:
    """Links to a server sending one header line every 2 s (dpg.yaml and README)."""

    def handle(request: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        request.close_connection = True
        request.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for i in range(_LOOPS):
            request.wfile.write(f"X-Drip-{i}: {i}\r\n".encode())
            request.wfile.flush()
            if stop.wait(2.0):
                return

    with serve(handle) as (url, seen):
        ctx.run("check", str(_privacy_project(ctx, url)), "-f", "json")
    ctx.verdict["requests"] = str(len(seen))


@case("redirect-host")
def redirect_host(ctx: Ctx) -> None:
    """A link on an allowed host (127.0.0.1) redirecting to another one (localhost)."""

    def handle(request: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        port = request.server.server_address[1]
        if request.path.startswith("/target"):
            answer(request, 200, b"reached", {})
        else:
            answer(request, 302, b"", {"Location": f"http://localhost:{port}/target"})

    with serve(handle) as (url, seen):
        ctx.run("check", str(_privacy_project(ctx, url)), "-f", "json")
    ctx.verdict["followed"] = yes(any(path.startswith("/target") for path in seen))


@case("excludes-fifo")
def excludes_fifo(ctx: Ctx) -> None:
    """A local repository whose .git/config names a FIFO as core.excludesFile."""
    repo = write(ctx.tmp / "repo", {"README.md": "# x\n", "LICENSE": "MIT\n"})
    commit_all(repo)
    fifo = ctx.tmp / "fifo"
    os.mkfifo(fifo)
    git(repo, "config", "core.excludesFile", str(fifo))
    ctx.run("check", str(repo), "--offline")
