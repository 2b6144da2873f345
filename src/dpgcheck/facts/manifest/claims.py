"""Claims of the evidence manifest checked against the repository.

A manifest says where things are (documentation, privacy policy, code of conduct, license
text) and what they are (the license, the owner). Paths in the repository, and URLs into the
project's own repository (``…/blob/<branch>/PRIVACY.md``), are checked against the file index;
other URLs are listed as evidence (checking them online belongs to the remote sources).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from typing import Protocol
from urllib.parse import unquote

import msgspec
from msgspec.structs import replace

from dpgcheck.facts.manifest.model import KeyPath, Manifest
from dpgcheck.facts.manifest.publiccode import PublicCode
from dpgcheck.facts.project_paths import in_foreign_dir
from dpgcheck.model import Evidence
from dpgcheck.sources.snapshot import Snapshot


class PathIndex(Protocol):
    """A repository's file list: a Snapshot, or the FileIndex of the facts."""

    @property
    def directories(self) -> frozenset[str]:
        """Every folder that holds a file."""
        ...

    @property
    def paths(self) -> Collection[str]:
        """Every file of the repository (searched only for a declared file that moved)."""
        ...

    def exists(self, path: str) -> bool:
        """Whether ``path`` is a file of the repository."""
        ...


_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
_PATH = re.compile(r"^\.?/?[\w.@+-][\w./@+ -]*$")
# A web address written without its scheme (``docs.example.org``, ``www.x.org/privacy``): a host
# of two or more labels ending in a top-level domain of letters, not a file name (``LICENSE.md``).
_SCHEMELESS = re.compile(
    r"^(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24})(?::\d{2,5})?(?:/\S*)?$",
    re.IGNORECASE,
)
_FILE_SUFFIXES = frozenset(
    [
        "md",
        "markdown",
        "rst",
        "txt",
        "html",
        "htm",
        "pdf",
        "adoc",
        "json",
        "yaml",
        "yml",
        "toml",
        "xml",
        "csv",
        "py",
        "js",
        "ts",
        "rb",
        "go",
        "java",
        "rs",
        "sh",
        "cfg",
        "ini",
        "lock",
        "mdx",
        "org",
        "tex",
        "png",
        "jpg",
        "svg",
    ]
)
_EMPTY_ANSWERS = frozenset(
    {"", "-", "--", "n/a", "na", "n.a.", "none", "nil", "null", "not applicable", "tbd"}
)
_IN_REPO = re.compile(r"^/(?:-/)?(?:blob|tree|raw|src/branch|src)/[^/]+/(?P<path>.*)$")


class DeclaredLocation(msgspec.Struct, frozen=True):
    """A path or URL a manifest field gives, and whether the repository holds it."""

    value: str
    keys: KeyPath
    url: str | None
    path: str | None  # the repository path it names, if it names one
    exists: bool | None  # None: a URL outside the repository, not checked offline
    moved_to: str | None = None  # the file a missing path names now (``LICENSE`` → ``LICENSE.md``)

    @property
    def missing(self) -> bool:
        """Whether the repository contradicts the claim: the path is gone, and did not move."""
        return self.exists is False and self.moved_to is None

    @property
    def stale(self) -> bool:
        """Whether the path moved: the claim is out of date, not contradicted."""
        return self.exists is False and self.moved_to is not None

    def evidence(self, manifest: Manifest, what: str) -> Evidence:
        """Evidence citing the manifest line, with the URL when there is one."""
        if self.exists is None:
            detail = f"{what} declared (URL, not checked offline)"
        elif self.exists:
            detail = f"{what} declared and present in the repository: {self.path}"
        elif self.moved_to is not None:
            detail = (
                f"{what} declared at {self.path}, which is now {self.moved_to}: "
                "the manifest is out of date (a stale claim)"
            )
        else:
            detail = f"{what} declared at {self.path}, which is not in the repository"
        return Evidence(
            kind="manifest",
            path=manifest.file_of(*self.keys),
            line=manifest.line(*self.keys),
            url=self.url,
            detail=detail,
        )


class StaleClaim(msgspec.Struct, frozen=True):
    """A declared path that moved: the manifest line, the path it declares, where the file is now."""

    evidence: Evidence
    declared: str
    now: str


def stale_claims(
    manifest: Manifest, locations: Iterable[DeclaredLocation], what: str
) -> tuple[StaleClaim, ...]:
    """The locations among ``locations`` whose file moved, as stale claims about ``what``."""
    return tuple(
        StaleClaim(loc.evidence(manifest, what), loc.path or loc.value, loc.moved_to)
        for loc in locations
        if loc.stale and loc.moved_to is not None
    )


def found_elsewhere(locations: Iterable[DeclaredLocation], found: Sequence[str]) -> list[DeclaredLocation]:
    """The locations, each missing one re-pointed at ``found[0]``: a declared policy file that is
    gone while the repository keeps that kind of policy under another name (``CODE_OF_CONDUCT.md``
    declared, ``docs/code-of-conduct/README.md`` found) is a stale claim, not a contradiction."""
    if not found:
        return list(locations)
    return [replace(loc, moved_to=found[0]) if loc.missing else loc for loc in locations]


def repository_urls(
    manifest: Manifest | None, snapshot: Snapshot, publiccode: PublicCode | None
) -> list[str]:
    """The project's own repository URLs, normalised (no ``.git``, no trailing slash)."""
    urls: list[str] = []
    if manifest is not None:
        repositories = manifest.get("repositories")
        for repository in repositories if isinstance(repositories, list) else []:
            if isinstance(repository, dict) and isinstance(repository.get("url"), str):
                urls.append(repository["url"])
        if isinstance(manifest.get("repositoryURL"), str):
            urls.append(manifest.get("repositoryURL"))
    if publiccode is not None and publiccode.url:
        urls.append(publiccode.url)
    if snapshot.metadata is not None and snapshot.metadata.url:
        urls.append(snapshot.metadata.url)
    return list(dict.fromkeys(_normal_url(url) for url in urls if url.strip()))


def _normal_url(url: str) -> str:
    return url.strip().rstrip("/").removesuffix(".git").lower()


def repository_path_of(url: str, repo_urls: Sequence[str]) -> str | None:
    """The repository path a URL into the project's own repository names (GitHub/GitLab/Gitea)."""
    clean = url.split("#", 1)[0].split("?", 1)[0]
    lower = clean.lower()
    for repo in repo_urls:
        if lower.startswith(repo + "/"):
            match = _IN_REPO.match(clean[len(repo) :])
            if match:
                return unquote(match.group("path")).strip("/") or None
    return None


def declared_locations(
    manifest: Manifest, files: PathIndex, repo_urls: Sequence[str], *keys: str | int
) -> list[DeclaredLocation]:
    """Every path or URL in a field (text or list); prose without one is skipped."""
    value = manifest.get(*keys)
    items: list[tuple[KeyPath, str]] = []
    if isinstance(value, str):
        items.append((tuple(keys), value))
    elif isinstance(value, list):
        items.extend(((*keys, index), item) for index, item in enumerate(value) if isinstance(item, str))
    found = []
    for item_keys, text in items:
        location = parse_location(text, item_keys, files, repo_urls)
        if location is not None:
            found.append(location)
    return found


def is_empty_answer(text: str) -> bool:
    """Whether a manifest answer says nothing: ``N/A``, ``n/a``, ``-``, ``none``, blank."""
    return " ".join(text.split()).strip(" .").lower() in _EMPTY_ANSWERS or not text.strip(" .-")


def clean_url(url: str) -> str:
    """A URL without the Markdown around it (``<url>``, ``[x](url)``, ``**url**``) and without
    the sentence's punctuation after it."""
    url = url.strip().lstrip("<(*_`").rstrip(">")
    if "](" in url:  # ``[text](url)`` read as one token
        url = url.split("](", 1)[1]
    return url.rstrip(")*_~`'\".,;:!?")


def is_schemeless_url(text: str) -> bool:
    """Whether ``text`` is a web address without its scheme (``docs.example.org/guide``),
    not a file name (``LICENSE.md``) or a path (``docs/index.md``)."""
    if not _SCHEMELESS.match(text):
        return False
    host = text.split("/", 1)[0].split(":", 1)[0].lower()
    top = host.rsplit(".", 1)[-1]
    # ``README.md`` and ``docs.rst`` are files; ``x.org`` and ``docs.example.org`` are hosts.
    return host.startswith("www.") or host.count(".") >= 2 or top not in _FILE_SUFFIXES


def parse_location(
    text: str, keys: KeyPath, files: PathIndex, repo_urls: Sequence[str]
) -> DeclaredLocation | None:
    """One declared location: a URL (maybe into the repository) or a repository path."""
    text = text.strip()
    if is_empty_answer(text):
        return None
    match = _URL.search(text)
    if match:
        url = clean_url(match.group(0))
        path = repository_path_of(url, repo_urls)
        exists = None if path is None else _exists(files, path)
        moved = _moved(files, path) if path is not None and not exists else None
        return DeclaredLocation(text, keys, url, path, exists, moved)
    bare = clean_url(text)
    if is_schemeless_url(bare) and not _exists(files, bare):
        return DeclaredLocation(text, keys, "https://" + bare, None, None)
    if not text or not _PATH.match(text) or " " in text.strip("./"):
        return None
    path = text.removeprefix("./").strip("/")
    if not path:
        return None
    exists = _exists(files, path)
    if not exists and "/" not in text and "." not in text:
        # A bare word ("Wiki") names a file only beside where it says: never searched elsewhere.
        moved = _moved(files, path, anywhere=False)
        if moved is None:
            return None  # a bare word ("Wiki") is prose unless the repository has such a file
        return DeclaredLocation(text, keys, None, path, False, moved)
    return DeclaredLocation(text, keys, None, path, exists, None if exists else _moved(files, path))


def _exists(files: PathIndex, path: str) -> bool:
    clean = path.strip("/")
    return files.exists(clean) or clean in files.directories


_MOVE_SUFFIXES = ("", ".md", ".txt", ".rst", ".markdown", ".html", ".adoc")


def _moved(files: PathIndex, path: str, *, anywhere: bool = True) -> str | None:
    """Where a declared file that is gone is now: the same name with another text suffix, in
    the same folder (``LICENSE`` → ``LICENSE.md``, ``PRIVACY.txt`` → ``PRIVACY.md``), any letter
    case; else (``anywhere``) the same file in another folder. Several candidates, or none: None
    (a real contradiction)."""
    clean = path.strip("/")
    folder, _, name = clean.rpartition("/")
    stem = name
    for suffix in _MOVE_SUFFIXES[1:]:
        if name.lower().endswith(suffix):
            stem = name[: -len(suffix)]
            break
    if not stem:
        return None
    prefix = f"{folder}/" if folder else ""
    found = []
    for suffix in _MOVE_SUFFIXES:
        for candidate in (
            f"{prefix}{stem}{suffix}",
            f"{prefix}{stem.upper()}{suffix}",
            f"{prefix}{stem.lower()}{suffix}",
        ):
            if candidate != clean and files.exists(candidate) and candidate not in found:
                found.append(candidate)
    if found or not anywhere:
        return found[0] if len(found) == 1 else None
    return _moved_elsewhere(files, clean, stem)


def _moved_elsewhere(files: PathIndex, clean: str, stem: str) -> str | None:
    """A declared file now in another folder (``CODE_OF_CONDUCT.md`` → ``.github/CODE_OF_CONDUCT.md``,
    ``INSTALL.md`` → ``docs/INSTALL.rst``): the same name, or the same stem with a text suffix, any
    letter case, outside vendored and test folders. The shallowest such file when only one is that
    shallow; several equally close: None (the claim cannot be matched to one file)."""
    name = clean.rpartition("/")[2].lower()
    wanted = {name} | {stem.lower() + suffix for suffix in _MOVE_SUFFIXES}
    found = [
        path
        for path in files.paths
        if path != clean and path.rpartition("/")[2].lower() in wanted and not in_foreign_dir(path)
    ]
    if not found:
        return None
    depth = min(path.count("/") for path in found)
    closest = [path for path in found if path.count("/") == depth]
    return closest[0] if len(closest) == 1 else None


def owner_names(manifest: Manifest | None, publiccode: PublicCode | None) -> list[tuple[str, Evidence]]:
    """Owners named in the manifest (``org_type: owner``) or publiccode.yml (``legal``)."""
    owners: list[tuple[str, Evidence]] = []
    if manifest is not None and isinstance(manifest.get("organizations"), list):
        for index, org in enumerate(manifest.get("organizations")):
            if not isinstance(org, dict) or str(org.get("org_type", "")).lower() != "owner":
                continue
            name = str(org.get("name") or "").strip()
            if name:
                owners.append(
                    (name, manifest.evidence(f"owner organisation declared: {name}", "organizations", index))
                )
    if publiccode is not None:
        for owner, key in publiccode.owners:
            owners.append((owner, publiccode.evidence(f"publiccode.yml names the owner: {owner}", key)))
    return owners


def mentions(text: str, names: Iterable[str]) -> list[str]:
    """The names (dependencies, alternatives) a free text mentions, case-insensitively."""
    lower = text.lower()
    found = []
    for name in names:
        bare = name.lower().rstrip("*").strip("/@ ")
        if len(bare) >= 3 and re.search(rf"(?<![\w-]){re.escape(bare)}", lower):
            found.append(name)
    return found
