"""Which paths are the project's own: vendored code, test data and examples are someone else's.

One list for every fact that must tell them apart (license files, dependency manifests, copyright
notices in file headers), so the facts agree on what the project is.
"""

from __future__ import annotations

from collections.abc import Iterable

from dpgcheck.facts.lines import lines_holding
from dpgcheck.sources.snapshot import Snapshot

FOREIGN_DIRS = frozenset(
    {
        "node_modules",
        "vendor",
        "third_party",
        "third-party",
        "thirdparty",
        "external",
        "extern",
        "deps",
        "bower_components",
        "site-packages",
        ".venv",
        "venv",
        "dist",
        "build",
        "target",
        "test",
        "tests",
        "testdata",
        "fixtures",
        "__fixtures__",
        "spec",
        "examples",
        "example",
        "samples",
        ".git",
        ".tox",
    }
)
"""Folders whose files belong to someone else (vendored code) or are test data and examples:
their licenses, manifests and copyright notices are not the project's own."""


def file_name(path: str) -> str:
    """``PurePosixPath(path).name`` for a repository path, without building a path object
    (the facts ask this of thousands of paths)."""
    return path.rpartition("/")[2]


def file_suffix(path: str) -> str:
    """``PurePosixPath(path).suffix``: from the name's last dot, "" for ``.bashrc`` or ``a.``."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def in_foreign_dir(path: str) -> bool:
    """Whether ``path`` lies below a folder of FOREIGN_DIRS (any letter case)."""
    # String splitting, not PurePosixPath: this runs over every path of large trees. A folder
    # named by a template placeholder (cookiecutter's ``{{cookiecutter.project}}``) is a project
    # the template generates, not this one; ``test-infrastructure`` or ``tests_e2e`` is tests'.
    folder = path.rpartition("/")[0]
    if not folder:
        return False
    # Lower-casing the whole folder is lower-casing each part: "/" separates words as well.
    lower = folder.lower()
    parts = lower.split("/")
    if not FOREIGN_DIRS.isdisjoint(parts):
        return True
    # Every prefix holds "{{" or "test": most folders are settled by two substring tests.
    if "{{" not in lower and "test" not in lower:
        return False
    return any(part.startswith(_FOREIGN_PREFIXES) for part in parts)


def _foreign_part(part: str) -> bool:
    lower = part.lower()
    return lower in FOREIGN_DIRS or lower.startswith(_FOREIGN_PREFIXES)


_FOREIGN_PREFIXES = ("{{", "test-", "test_", "tests-", "tests_")


def foreign_folders(snapshot: Snapshot) -> frozenset[str]:
    """The folders holding files that lie below a folder of FOREIGN_DIRS, decided once per folder."""
    return snapshot.derived("foreign_folders", _foreign_folders)


def _foreign_folders(snapshot: Snapshot) -> frozenset[str]:
    # Decided from the parent down: a folder is foreign if its parent is or its own name is,
    # so each folder name is tested once instead of once per folder below it. A loop, not
    # recursion: a hostile tree may nest folders thousands deep.
    decided: dict[str, bool] = {"": False}
    found: list[str] = []
    for folder in snapshot.file_folders:
        pending: list[str] = []
        ancestor = folder
        known = decided.get(ancestor)
        while known is None:
            pending.append(ancestor)
            ancestor = ancestor.rpartition("/")[0]
            known = decided.get(ancestor)
        for below in reversed(pending):
            known = known or _foreign_part(below.rpartition("/")[2])
            decided[below] = known
        if known and folder:
            found.append(folder)
    return frozenset(found)


def foreign_files(snapshot: Snapshot) -> frozenset[str]:
    """Every file below a folder of FOREIGN_DIRS, gathered once per snapshot from its folders."""
    return snapshot.derived("foreign_files", _foreign_files)


def _foreign_files(snapshot: Snapshot) -> frozenset[str]:
    return frozenset(path for folder in foreign_folders(snapshot) for path in snapshot.children(folder))


def in_foreign_folder(snapshot: Snapshot, path: str) -> bool:
    """``in_foreign_dir(path)`` for a file of ``snapshot``, looked up in its foreign folders."""
    return path.rpartition("/")[0] in foreign_folders(snapshot)


def own_files_with_extensions(snapshot: Snapshot, extensions: frozenset[str]) -> list[str]:
    """The project's own files (none below FOREIGN_DIRS) whose lower-cased extension is one of
    ``extensions`` (the text after the name's last dot, as ``Snapshot.by_extension``), in path order."""
    index = snapshot.by_extension
    # Each index list is a few sorted runs (one per file name) and no path is in two lists:
    # sorting their concatenation merges the runs, several times faster than sorting a set.
    found = [path for ext in extensions if ext in index for path in index[ext]]
    theirs = foreign_files(snapshot)
    if theirs:
        found = [path for path in found if path not in theirs]
    found.sort()
    return found


def names_holding(snapshot: Snapshot, literals: Iterable[str]) -> list[str]:
    """The distinct lower-cased file names of ``snapshot`` that contain one of ``literals``
    (lower case), in no particular order.

    C-level searches of one string of every name instead of a test per path: a 50,000-file tree
    has as many names, and a literal such as ``privacy`` or ``export`` is in a few of them.
    """
    blob = snapshot.derived("project_paths.names_blob", _names_blob)
    if blob is None:  # a name holding a line break: tested one by one
        return [name for name in snapshot.by_lower_name if any(literal in name for literal in literals)]
    return [blob[start:end] for start, end in lines_holding(blob, blob, literals)]


def non_ascii_names(snapshot: Snapshot) -> list[str]:
    """The lower-cased file names holding a character outside ASCII (most trees: none)."""
    blob = snapshot.derived("project_paths.names_blob", _names_blob)
    if blob is not None and blob.isascii():
        return []
    return [name for name in snapshot.by_lower_name if not name.isascii()]


def _names_blob(snapshot: Snapshot) -> str | None:
    names = snapshot.by_lower_name
    blob = "\n".join(names)
    return blob if blob.count("\n") == len(names) - 1 else None
