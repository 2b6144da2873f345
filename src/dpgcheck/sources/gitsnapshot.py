"""The Snapshot of a git URL: files fetched from the partial clone only when read."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from dpgcheck.model import Target
from dpgcheck.sources.git import GitRepository
from dpgcheck.sources.snapshot import HostMetadata, Snapshot


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
        if repository.refused:
            unsafe = sorted(repository.refused)
            shown = ", ".join(unsafe[:5]) + (f" and {len(unsafe) - 5} more" if len(unsafe) > 5 else "")
            notes = [
                *notes,
                f"{len(unsafe)} path(s) of the tree were refused and not checked (two entries of one "
                f"name, or a file below a file or link of the same name): {shown}.",
            ]
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
        if path in self.repository.refused:
            self.skipped[path] = self.repository.refused[path]
            return None
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
