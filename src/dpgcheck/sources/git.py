"""Git repositories by URL: a shallow, blob-less fetch into a cache keyed by commit.

What goes over the wire, and when:

1. ``git ls-remote`` resolves the ref to a commit (skipped for a full SHA already cached).
2. ``git fetch --depth 1 --filter=blob:none`` brings that commit and its trees, no file
   contents; ``git ls-tree`` then lists every path without any more network.
3. File contents (blobs) are fetched only for the paths the facts read, in batches of one
   request (``GitSnapshot.prefetch`` records which paths a dry run of the checks asked for),
   and written below ``<cache>/git/<repo>/trees/<commit>/`` so the Snapshot reads a directory.

Checking the same commit again reuses the trees and the files already written: no fetch.
Credentials never reach the cache's git config: a token (or a password in the URL) travels in
an ``http.extraHeader`` passed through the environment, and every message is redacted.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit, urlunsplit

from dpgcheck.errors import SourceError
from dpgcheck.model import Target
from dpgcheck.sources.net import NetPolicy
from dpgcheck.sources.snapshot import HostMetadata, Snapshot

_FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
_HEX = re.compile(r"^[0-9a-f]{4,40}$")
_BATCH = 2000
"""Blobs asked for in one fetch; keeps the command line (stdin) and the pack reasonable."""


class GitError(SourceError):
    """A git command failed."""


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


class GitRepository:
    """One cached, partial, shallow repository for one URL."""

    def __init__(
        self,
        url: str,
        cache_dir: Path,
        policy: NetPolicy,
        auth_header: str | None = None,
        offline: bool = False,
    ) -> None:
        git = shutil.which("git")
        if git is None:
            raise SourceError("git is not installed", "Install git; dpgcheck uses it to fetch repositories.")
        self._git = git
        self.url, url_auth = split_credentials(url)
        self._auth = url_auth or auth_header
        self.policy = policy
        self.offline = offline
        secrets = list(policy.secrets)
        if self._auth:
            secrets.append(self._auth.split()[-1])
        self._secrets = tuple(secrets)
        key = hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:24]
        self.home = cache_dir / "git" / key
        self.git_dir = self.home / "repo.git"
        self.fetches = 0
        """Network git commands run (ls-remote and fetches); tests assert on it."""

    # -- running git ---------------------------------------------------------------------
    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "GIT_TERMINAL_PROMPT": "0",
                "GCM_INTERACTIVE": "never",
                "LC_ALL": "C",
                "GIT_SSH_COMMAND": env.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes"),
            }
        )
        count = 0
        if self._auth:
            # Through the environment, not argv or the config file: not in `ps`, not on disk.
            scheme_host = "{0.scheme}://{0.netloc}/".format(urlsplit(self.url))
            env["GIT_CONFIG_KEY_0"] = f"http.{scheme_host}.extraHeader"
            env["GIT_CONFIG_VALUE_0"] = self._auth
            count = 1
        env["GIT_CONFIG_COUNT"] = str(count)
        return env

    def _run(
        self, *args: str, stdin: bytes | None = None, network: bool = False, check: bool = True
    ) -> subprocess.CompletedProcess[bytes]:
        if network and self.offline:
            raise SourceError(
                f"{self.policy.redact(self.url)} is not in the cache and --offline forbids fetching it",
                "Run once without --offline to fill the cache, or give --ref with a cached commit.",
            )
        command = [self._git, "-c", "protocol.version=2", "--git-dir", str(self.git_dir), *args]
        attempts = self.policy.retries + 1 if network else 1
        for attempt in range(attempts):
            if network:
                self.fetches += 1
            try:
                result = subprocess.run(
                    command,
                    input=stdin,
                    capture_output=True,
                    env=self._env(),
                    # A tree fetch of a very large repository can take minutes; never hang forever.
                    timeout=max(self.policy.timeout * 15, 300.0) if network else 120.0,
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                if attempt + 1 < attempts:
                    self.policy.sleep(self.policy.backoff_delay(attempt))
                    continue
                raise GitError(
                    f"git {args[0]} timed out for {self.policy.redact(self.url)}",
                    "The host is slow or unreachable; try again later.",
                ) from exc
            if result.returncode == 0 or not check:
                return result
            error = self._error(args[0], result.stderr)
            if network and _transient(result.stderr) and attempt + 1 < attempts:
                self.policy.sleep(self.policy.backoff_delay(attempt))
                continue
            raise error
        raise AssertionError("unreachable")

    def _error(self, command: str, stderr: bytes) -> GitError:
        text = self.policy.redact(stderr.decode("utf-8", "replace"))
        for secret in self._secrets:
            text = text.replace(secret, "***")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        last = next((line for line in reversed(lines) if line.lower().startswith(("fatal", "error"))), "")
        last = last or (lines[-1] if lines else f"exit status of git {command}")
        where = self.policy.redact(self.url)
        lowered = text.lower()
        if "couldn't find remote ref" in lowered or "not our ref" in lowered:
            return GitError(
                f"Ref not found in {where}: {last}",
                "Check --ref: a branch, a tag or a full 40-character commit SHA.",
            )
        if any(
            marker in lowered
            for marker in (
                "repository not found",
                "not found",
                "does not appear to be a git repository",
                "authentication failed",
                "could not read username",
                "terminal prompts disabled",
                "permission denied",
                "403",
                "401",
            )
        ):
            return GitError(
                f"Repository not found or not accessible: {where}",
                "Check the URL; for a private repository pass --token (or set GITHUB_TOKEN / GITLAB_TOKEN).",
            )
        return GitError(f"git {command} failed for {where}: {last}", "Check the URL and your network.")

    # -- cache ---------------------------------------------------------------------------
    def _init(self) -> None:
        if (self.git_dir / "HEAD").exists():
            return
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [self._git, "init", "--bare", "-q", str(self.git_dir)], check=True, capture_output=True
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            raise SourceError(
                f"Cannot create the cache at {self.home.parent.parent}",
                "Choose a writable folder with --cache-dir.",
            ) from exc
        for key, value in (
            ("core.repositoryformatversion", "1"),
            ("extensions.partialClone", "origin"),
            ("remote.origin.url", self.url),
            ("remote.origin.promisor", "true"),
            ("remote.origin.partialclonefilter", "blob:none"),
            ("gc.auto", "0"),
            ("core.fsyncObjectFiles", "false"),
        ):
            self._run("config", key, value)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One dpgcheck at a time per cached repository (parallel audits share the cache)."""
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            handle = open(self.home / ".lock", "w")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise SourceError(
                f"Cannot create the cache at {self.home.parent.parent}: {exc.strerror or exc}",
                "Choose a writable folder with --cache-dir.",
            ) from exc
        with handle:
            try:
                import fcntl

                fcntl.flock(handle, fcntl.LOCK_EX)
            except ImportError:  # no advisory locks on this platform: best effort
                pass
            yield

    def _refs_file(self) -> Path:
        return self.home / "refs.json"

    def _remember(self, ref: str, commit: str) -> None:
        path = self._refs_file()
        try:
            known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except (OSError, ValueError):
            known = {}
        known[ref] = {"commit": commit, "resolved_at": datetime.now(UTC).isoformat(timespec="seconds")}
        _atomic_write(path, json.dumps(known, indent=1).encode())

    def _remembered(self, ref: str) -> tuple[str, str] | None:
        try:
            known = json.loads(self._refs_file().read_text(encoding="utf-8"))
            entry = known[ref]
            return str(entry["commit"]), str(entry["resolved_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _has_tree(self, commit: str) -> bool:
        return (self.home / "commits" / commit).exists()

    # -- the protocol --------------------------------------------------------------------
    def resolve(self, ref: str | None, notes: list[str]) -> str:
        """The commit ``ref`` (None: the default branch) names, fetching its trees if needed."""
        with self._locked():
            self._init()
            name = ref or "HEAD"
            if ref and _FULL_SHA.match(ref.lower()) and self._has_tree(ref.lower()):
                return ref.lower()
            if self.offline:
                remembered = self._remembered(name)
                if remembered and self._has_tree(remembered[0]):
                    notes.append(
                        f"Offline: {name} is the commit {remembered[0][:12]} it was on {remembered[1]}."
                    )
                    return remembered[0]
            # A full SHA needs no lookup: git fetches a commit by id (protocol v2).
            commit = ref.lower() if ref and _FULL_SHA.match(ref.lower()) else self._ls_remote(ref)
            if commit is None:
                if ref and _FULL_SHA.match(ref.lower()):
                    commit = ref.lower()
                elif ref and _HEX.match(ref.lower()):
                    raise GitError(
                        f"Ref not found in {self.policy.redact(self.url)}: {ref}",
                        "Give a branch, a tag or the full 40-character commit SHA.",
                    )
                else:
                    raise GitError(
                        f"Ref not found in {self.policy.redact(self.url)}: {name}",
                        "Check --ref: a branch, a tag or a full 40-character commit SHA.",
                    )
            if not self._has_tree(commit):
                self._run(
                    "fetch",
                    "--quiet",
                    "--depth=1",
                    "--filter=blob:none",
                    "--no-tags",
                    "--no-write-fetch-head",
                    "--recurse-submodules=no",
                    "origin",
                    commit,
                    network=True,
                )
                self._list(commit)  # the trees are complete before we mark them cached
                marker = self.home / "commits" / commit
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.touch()
            self._remember(name, commit)
            return commit

    def _ls_remote(self, ref: str | None) -> str | None:
        patterns = [ref, f"{ref}^{{}}"] if ref else ["HEAD"]  # ^{}: the commit an annotated tag names
        result = self._run("ls-remote", "origin", *patterns, network=True)
        refs: dict[str, str] = {}
        for line in result.stdout.decode("utf-8", "replace").splitlines():
            sha, _, name = line.partition("\t")
            if _FULL_SHA.match(sha):
                refs[name] = sha
        if ref is None:
            return refs.get("HEAD")
        for candidate in (
            f"refs/tags/{ref}^{{}}",
            f"refs/heads/{ref}",
            f"refs/tags/{ref}",
            ref,
            f"refs/{ref}",
        ):
            if candidate in refs:
                return refs[candidate]
        return None

    def _list(self, commit: str) -> dict[str, tuple[str, str]]:
        out = self._run("ls-tree", "-r", "-z", "--full-tree", commit).stdout
        entries: dict[str, tuple[str, str]] = {}
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            mode, kind, oid = meta.decode("ascii").split(" ")
            path = raw_path.decode("utf-8", "surrogateescape")
            if kind != "blob" or not _safe_path(path):
                continue  # submodules (commits) are another repository; unsafe names are refused
            entries[path] = (mode, oid)
        return entries

    def entries(self, commit: str) -> dict[str, tuple[str, str]]:
        """Every file of ``commit``: path → (mode, blob id); no network (trees are cached)."""
        return self._list(commit)

    def materialise(self, commit: str, entries: Mapping[str, tuple[str, str]], paths: Iterable[str]) -> None:
        """Write ``paths`` of ``commit`` below its files folder, fetching missing blobs in batches."""
        root = self.files_root(commit)
        wanted = [p for p in sorted(set(paths)) if p in entries and not os.path.lexists(root / p)]
        if not wanted:
            return
        with self._locked():
            for start in range(0, len(wanted), _BATCH):
                chunk = wanted[start : start + _BATCH]
                oids = sorted({entries[p][1] for p in chunk})
                missing = self._missing(oids)
                if missing:
                    self._run(
                        "-c",
                        "fetch.negotiationAlgorithm=noop",
                        "fetch",
                        "--quiet",
                        "--no-tags",
                        "--no-write-fetch-head",
                        "--recurse-submodules=no",
                        "--filter=blob:none",
                        "--stdin",
                        "origin",
                        stdin="".join(f"{oid}\n" for oid in missing).encode(),
                        network=True,
                    )
                self._write(root, entries, chunk)

    def _missing(self, oids: Sequence[str]) -> list[str]:
        present = self.present_objects()
        return [oid for oid in oids if oid not in present]

    def present_objects(self) -> set[str]:
        """Ids of the objects in the cache; listing them never triggers a lazy fetch."""
        out = self._run(
            "cat-file", "--batch-all-objects", "--batch-check=%(objectname)", "--unordered"
        ).stdout
        return set(out.decode("ascii").split())

    def _write(self, root: Path, entries: Mapping[str, tuple[str, str]], paths: Sequence[str]) -> None:
        oids = [entries[p][1] for p in paths]
        out = self._run(
            "cat-file",
            "--batch",
            stdin="".join(f"{oid}\n" for oid in oids).encode(),
        ).stdout
        offset = 0
        for path in paths:
            header_end = out.index(b"\n", offset)
            header = out[offset:header_end].decode("ascii").split(" ")
            if len(header) < 3:
                raise GitError(f"Blob of {path} missing from {self.policy.redact(self.url)}")
            size = int(header[2])
            data = out[header_end + 1 : header_end + 1 + size]
            offset = header_end + 1 + size + 1
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if entries[path][0] == "120000":
                with contextlib.suppress(OSError):  # exists already, or no symlinks here
                    os.symlink(data.decode("utf-8", "surrogateescape"), target)
            else:
                _atomic_write(target, data)

    def files_root(self, commit: str) -> Path:
        """The folder where the files of ``commit`` are written."""
        return self.home / "trees" / commit


def _transient(stderr: bytes) -> bool:
    text = stderr.decode("utf-8", "replace").lower()
    return any(
        marker in text
        for marker in (
            "the requested url returned error: 5",
            "http/2 stream",
            "connection reset",
            "connection refused",
            "timed out",
            "early eof",
            "rpc failed",
            "could not resolve host",
            "failed to connect",
            "gnutls",
            "ssl",
        )
    )


def _safe_path(path: str) -> bool:
    pure = PurePosixPath(path)
    return not pure.is_absolute() and ".." not in pure.parts and ".git" not in pure.parts


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


class GitSnapshot(Snapshot):
    """A Snapshot whose files are fetched from a partial clone only when read."""

    def __init__(
        self,
        repository: GitRepository,
        commit: str,
        target: Target,
        metadata: HostMetadata | None = None,
        notes: Sequence[str] = (),
    ) -> None:
        self.repository = repository
        self.commit = commit
        self._entries = repository.entries(commit)
        root = repository.files_root(commit)
        root.mkdir(parents=True, exist_ok=True)
        super().__init__(root, self._entries.keys(), target, metadata, notes)
        self._recording = False
        self._wanted: set[str] = set()

    def _read(self, path: str, max_bytes: int) -> str | None:
        if path in self._entries and not os.path.lexists(self.root / path):
            if self._recording:
                self._wanted.add(path)
                self.skipped[path] = "not fetched yet"
                return None
            if self.repository.offline and not self._available_offline(path):
                self.skipped[path] = "not in the cache (--offline)"
                return None
            self.repository.materialise(self.commit, self._entries, [path])
        return super()._read(path, max_bytes)

    def _available_offline(self, path: str) -> bool:
        return self._entries[path][1] in self.repository.present_objects()

    def prefetch(self, plan: Callable[[], object], rounds: int = 4) -> None:
        """Run ``plan`` (a dry run of the facts and checks) and fetch what it read, in batches.

        Each round fetches, in one request, every file the previous dry run wanted; a round
        only finds more when a file's content decides which other files are read.
        """
        for _ in range(rounds):
            self._recording, self._wanted = True, set()
            try:
                plan()
            finally:
                self._recording = False
                self._cache.clear()
                self.skipped.clear()
            if not self._wanted:
                break
            wanted = self._wanted
            if self.repository.offline:
                wanted = {p for p in wanted if self._available_offline(p)}
            self.repository.materialise(self.commit, self._entries, wanted)
