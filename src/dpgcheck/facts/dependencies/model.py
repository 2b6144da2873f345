"""What the dependency readers produce: declared dependencies, the closed ones, and their scopes."""

from __future__ import annotations

import msgspec

RUNTIME = "runtime"
DEV = "dev"
OPTIONAL = "optional"
DEPLOY = "deploy"
SERVICE = "service"
"""A service image (database, search engine, cache) a compose file, Helm chart or Dockerfile runs."""
EXEMPT_SCOPES = frozenset({DEV, DEPLOY})

# Kinds of closed entries (indicators/data/closed-dependencies.yaml `kind`).
CLOUD_SDK = "cloud-sdk"  # an open client for a hosted service: the service is what is judged
SOURCE_AVAILABLE = "source-available"  # a server under a non-OSI license in some versions
CLOSED_LIBRARY = "closed-library"  # the component itself: commercial or non-OSI license
PROPRIETARY_DRIVER = "proprietary-driver"
WINDOWS_ONLY = "windows-only"


class Dependency(msgspec.Struct, frozen=True):
    """One declared dependency (``version`` as written, when the manifest gives one)."""

    ecosystem: str
    name: str
    scope: str
    path: str
    line: int | None
    version: str | None = None


class OpenSignal(msgspec.Struct, frozen=True):
    """Where the repository shows an open default or alternative for a closed service."""

    path: str
    line: int
    text: str


class DevelopmentOnly(msgspec.Struct, frozen=True):
    """A folder's README saying the folder is for development only (a local tool, not deployed)."""

    folder: str
    path: str
    line: int
    text: str  # the line, shortened


class ClosedDependency(msgspec.Struct, frozen=True):
    """A dependency on the catalog's list of closed or proprietary components and services.

    ``kind`` says what is closed (see the module constants); ``license`` names the license of
    the matched version; ``version_note`` says how the version decided (or that it is unknown);
    ``open_signals`` are places where the repository configures an open default or alternative.
    """

    dependency: Dependency
    reason: str
    alternatives: tuple[str, ...]
    kind: str = CLOUD_SDK
    license: str = ""
    version_note: str = ""
    drop_in: bool = True
    family: str = ""
    open_signals: tuple[OpenSignal, ...] = ()


class DependencyFacts(msgspec.Struct, frozen=True):
    """All dependencies, the manifests read, and the closed dependencies found.

    ``submodules`` are the git submodule paths of ``.gitmodules``: their code is not in the
    snapshot, so their dependencies are not read (the check says so). ``development_only``: the
    folders of manifests requiring a closed component whose README calls them development tools.
    """

    dependencies: tuple[Dependency, ...]
    manifests: tuple[str, ...]
    unparsed: tuple[tuple[str, str], ...]  # (path, reason)
    closed: tuple[ClosedDependency, ...]
    manifests_not_read: int = 0
    submodules: tuple[str, ...] = ()
    development_only: tuple[DevelopmentOnly, ...] = ()

    def runtime(self) -> tuple[Dependency, ...]:
        """Dependencies that are mandatory or optional at run time (not dev/deploy)."""
        return tuple(d for d in self.dependencies if d.scope not in EXEMPT_SCOPES)
