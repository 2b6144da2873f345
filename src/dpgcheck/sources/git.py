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

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from dpgcheck.errors import SourceError
from dpgcheck.sources import gitproc, gittree
from dpgcheck.sources.gitfailure import explain, limit_hit, transient
from dpgcheck.sources.net import NetPolicy, split_credentials
from dpgcheck.sources.snapshot import MAX_READ_BYTES, too_large

_FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
_HEX = re.compile(r"^[0-9a-f]{4,40}$")
_BATCH = 2000
"""Blobs asked for in one fetch; keeps the command line (stdin) and the pack reasonable."""


class GitError(SourceError):
    """A git command failed."""


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
        self.refused: dict[str, str] = {}
        """Paths not written, with the reason: unsafe names, blobs over the read cap."""
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
                "Run once without --offline to fill the cache, or check a commit already in the cache.",
            )
        command = [self._git, *self._options(network), "--git-dir", str(self.git_dir), *args]
        attempts = self.policy.retries + 1 if network else 1
        for attempt in range(attempts):
            if network:
                self.fetches += 1
            try:
                result = gitproc.run_limited(command, self._env(), network, stdin)
            except gitproc.GitTimeout as exc:
                # Never retried: a host that held git this long would hold it again.
                raise self._timeout(args[0], f"it ran past {exc.args[0]:.0f} s") from None
            except OSError as exc:
                raise GitError(
                    f"Cannot run git: {exc.strerror or exc}", "Check the git installation."
                ) from None
            if result.returncode == 0 or not check:
                return result
            if network and limit_hit(result):
                raise self._timeout(args[0], "it received too much or too slowly")
            error = self._error(args[0], result.stderr)
            if network and transient(result.stderr) and attempt + 1 < attempts:
                self.policy.sleep(self.policy.backoff_delay(attempt))
                continue
            raise error
        raise AssertionError("unreachable")

    def _options(self, network: bool) -> list[str]:
        """``-c`` settings: the cache's git must not depend on what a server sends."""
        options = ["-c", "protocol.version=2", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null"]
        if network:
            options += [
                # curl gives up on a transfer slower than 1 KB/s for the policy's time-out ...
                "-c",
                "http.lowSpeedLimit=1000",
                "-c",
                f"http.lowSpeedTime={max(1, round(self.policy.timeout))}",
                # ... and index-pack streams big blobs to disk instead of holding them in memory.
                "-c",
                f"core.bigFileThreshold={MAX_READ_BYTES}",
                "-c",
                "core.packedGitLimit=256m",
                "-c",
                "core.packedGitWindowSize=32m",
            ]
        return options

    def _timeout(self, command: str, why: str) -> GitError:
        return GitError(
            f"git {command} stopped for {self.policy.redact(self.url)}: {why}",
            "The host is slow, unreachable or sends far more than a repository; try again later.",
        )

    def _error(self, command: str, stderr: bytes) -> GitError:
        text = self.policy.redact(stderr.decode("utf-8", "replace"))
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return GitError(*explain(command, text, self.policy.redact(self.url)))

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
                        "Check the ref asked for: a branch, a tag or a full 40-character commit SHA.",
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
        listed: list[tuple[str, tuple[str, str]]] = []
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            mode, kind, oid = meta.decode("ascii").split(" ")
            path = raw_path.decode("utf-8", "surrogateescape")
            if kind != "blob" or not _safe_path(path):
                continue  # submodules (commits) are another repository; unsafe names are refused
            listed.append((path, (mode, oid)))
        entries, refused = gittree.screen(listed)
        self.refused.update(refused)
        return entries

    def entries(self, commit: str) -> dict[str, tuple[str, str]]:
        """Every file of ``commit``: path → (mode, blob id); no network (trees are cached).

        Paths that cannot be written safely (see ``gittree.screen``) are left out and recorded
        in ``refused`` with the reason.
        """
        return self._list(commit)

    def materialise(self, commit: str, entries: Mapping[str, tuple[str, str]], paths: Iterable[str]) -> None:
        """Write ``paths`` of ``commit`` below its files folder, fetching missing blobs in batches.

        A blob larger than the read cap is fetched (the wire carries it compressed) but never
        read into memory nor written: it is recorded in ``refused`` as too large.
        """
        root = self.files_root(commit)
        with gittree.TreeWriter(root) as writer:
            wanted = [
                p
                for p in sorted(set(paths))
                if p in entries and p not in self.refused and not writer.exists(p)
            ]
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
                    self._write(writer, entries, chunk)

    def _missing(self, oids: Sequence[str]) -> list[str]:
        present = self.present_objects()
        return [oid for oid in oids if oid not in present]

    def present_objects(self) -> set[str]:
        """Ids of the objects in the cache; listing them never triggers a lazy fetch."""
        out = self._run(
            "cat-file", "--batch-all-objects", "--batch-check=%(objectname)", "--unordered"
        ).stdout
        return set(out.decode("ascii").split())

    def _sizes(self, oids: Sequence[str]) -> dict[str, int]:
        """Sizes of the blobs ``oids`` that are in the cache (asking only for present objects:
        a missing one would make git fetch it on its own, without our limits)."""
        present = self.present_objects()
        ask = [oid for oid in oids if oid in present]
        if not ask:
            return {}
        out = self._run(
            "cat-file",
            "--batch-check=%(objectname) %(objectsize)",
            stdin="".join(f"{o}\n" for o in ask).encode(),
        ).stdout
        sizes: dict[str, int] = {}
        for line in out.decode("ascii", "replace").splitlines():
            oid, _, size = line.partition(" ")
            if size.isdigit():
                sizes[oid] = int(size)
        return sizes

    def _write(
        self, writer: gittree.TreeWriter, entries: Mapping[str, tuple[str, str]], paths: Sequence[str]
    ) -> None:
        sizes = self._sizes(sorted({entries[p][1] for p in paths}))
        readable: list[str] = []
        for path in paths:
            size = sizes.get(entries[path][1])
            if size is None:
                self.refused[path] = f"not sent by {self.policy.redact(self.url)}"
            elif size > MAX_READ_BYTES:
                self.refused[path] = too_large(size, MAX_READ_BYTES)
            else:
                readable.append(path)
        if not readable:
            return
        command = [self._git, *self._options(False), "--git-dir", str(self.git_dir), "cat-file", "--batch"]
        stream = gitproc.Streaming(
            command, self._env(), "".join(f"{entries[p][1]}\n" for p in readable).encode()
        )
        stop = True
        try:
            gittree.write_objects(writer, stream.stdout, [(p, entries[p][0]) for p in readable], self.refused)
            stop = False
        except (OSError, EOFError, ValueError) as exc:
            raise GitError(
                f"Cannot write the files of {self.policy.redact(self.url)} to the cache: {exc}"
            ) from exc
        finally:
            _, _, killed = stream.close(stop=stop)
            if killed:
                raise self._timeout("cat-file", "it ran past its deadline")

    def files_root(self, commit: str) -> Path:
        """The folder where the files of ``commit`` are written."""
        return self.home / "trees" / commit


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
