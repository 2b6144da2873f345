"""Where license files live, and in which order to trust them.

File names are scored the way licensee scores them (``LICENSE`` 1.0, ``LICENSE.md`` 0.95,
``COPYING`` 0.9, … ``LICENSE-MIT`` 0.7, ``MIT-LICENSE`` 0.6, ``OFL`` 0.4), and only the places
where licenses conventionally live are searched: the root, ``.github/``, ``docs/``/``doc/``, a
REUSE ``LICENSES/`` folder, and the folders of packages in a monorepo. A ``license.html`` deep
in a test fixture, ``node_modules`` or ``vendor`` is never the project's license.
"""

from __future__ import annotations

import re

import msgspec

from dpgcheck.catalog import approved_license_lists
from dpgcheck.facts.licenses.names import resolve_name
from dpgcheck.facts.project_paths import file_name, file_suffix, foreign_folders
from dpgcheck.sources.snapshot import Snapshot

_LICENSE = r"(un)?licen[sc]e"
_COPYING = r"copy(ing|right)"
_PREFERRED_EXT = r"\.(md|markdown|txt|html)"
_LICENSE_EXT = r"\.(?!spdx|header)[^./]+"
_OTHER_EXT = r"\.(?!xml|go|gemspec)[^./]+"
_ANY_EXT = r"\.[^./]+"

# licensee's FILENAME_REGEXES (lib/licensee/project_files/license_file.rb), in its order.
NAME_SCORES: tuple[tuple[re.Pattern[str], float], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), score)
    for pattern, score in (
        (rf"\A{_LICENSE}\Z", 1.00),
        (rf"\A{_LICENSE}{_PREFERRED_EXT}\Z", 0.95),
        (rf"\A{_COPYING}\Z", 0.90),
        (rf"\A{_COPYING}{_PREFERRED_EXT}\Z", 0.85),
        (rf"\A{_LICENSE}{_LICENSE_EXT}\Z", 0.80),
        (rf"\A{_COPYING}{_ANY_EXT}\Z", 0.75),
        (rf"\A{_LICENSE}[-_][^.]*({_OTHER_EXT})?\Z", 0.70),
        (rf"\A{_COPYING}[-_][^.]*({_OTHER_EXT})?\Z", 0.65),
        (rf"\A\w+[-_]{_LICENSE}[^.]*({_OTHER_EXT})?\Z", 0.60),
        (rf"\A\w+[-_]{_COPYING}[^.]*({_OTHER_EXT})?\Z", 0.55),
        (r"\Aofl\.(md|markdown|txt|html)", 0.50),
        (rf"\Aofl{_OTHER_EXT}", 0.45),
        (r"\Aofl\Z", 0.40),
        # Beyond licensee: "LICENSE.data.md", "COPYING.LESSER.txt" (a qualifier, then a type).
        (rf"\A{_LICENSE}\.[^/]+\Z", 0.38),
    )
)

# Source and data files whose names start like a license file (license.py, LICENSE.json…).
_CODE_EXT = re.compile(
    r"\.(py|pyc|js|mjs|cjs|ts|tsx|jsx|go|java|kt|rb|php|cs|c|h|cpp|rs|swift|sh|json|ya?ml|toml|xml|"
    r"png|jpe?g|gif|svg|ico|css|scss|lock|in|cfg|ini|gemspec|spdx|header|pdf)$",
    re.IGNORECASE,
)


DOC_DIRS = (".github", "docs", "doc")

PACKAGE_MANIFESTS = frozenset(
    {
        "package.json",
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "cargo.toml",
        "pom.xml",
        "build.gradle",
        "build.gradle.kts",
        "composer.json",
        "description",
        "mix.exs",
        "pubspec.yaml",
        "publiccode.yml",
        "publiccode.yaml",
    }
)
# One dot each: package_dirs looks them up as extensions of Snapshot.by_extension.
_MANIFEST_SUFFIXES = (".gemspec", ".csproj", ".nuspec")

MAX_PACKAGE_DEPTH = 4


class Candidate(msgspec.Struct, frozen=True):
    """A license-like file, where it sits and how licensee would score its name."""

    path: str
    package: str  # "" for the project itself, else the package folder
    place: str  # "root", "docs", "reuse", "package"
    name_score: float

    @property
    def scope(self) -> str | None:
        """The asset type the file's name restricts it to (``LICENSE.data.md`` → data), if any."""
        return asset_scope(self.path.rsplit("/", 1)[-1])


_SCOPES = (
    ("data", re.compile(r"[-_.](data|database|datasets?|db)(?=[-_.]|$)", re.IGNORECASE)),
    (
        "content",
        re.compile(
            r"[-_.](docs?|documentation|content|media|assets|images|fonts?)(?=[-_.]|$)", re.IGNORECASE
        ),
    ),
    ("software", re.compile(r"[-_.](code|software|source|src)(?=[-_.]|$)", re.IGNORECASE)),
)


def asset_scope(name: str) -> str | None:
    """``LICENSE.data.md`` → "data", ``LICENSE-docs`` → "content", ``LICENSE-code`` → "software"."""
    for scope, pattern in _SCOPES:
        if pattern.search(name):
            return scope
    return None


_TEXT_EXT = re.compile(r"\.(txt|md|markdown|html|rst)$", re.IGNORECASE)


def name_score(name: str) -> float:
    """licensee's score for a file name (0 when it is not a license file name)."""
    lower = name.lower()
    # Every pattern of NAME_SCORES needs one of these: the other names of a large tree (nearly
    # all of them) are rejected with two substring tests instead of fifteen expressions.
    if "licen" not in lower and "copy" not in lower and not lower.startswith("ofl"):
        return 0.0
    if _CODE_EXT.search(name) and not _TEXT_EXT.search(name):
        return 0.0
    for pattern, score in NAME_SCORES:
        if pattern.search(name):
            return score
    return 0.0


_HEADER_TEMPLATE = re.compile(
    r"(?:^|[-_.])(?:headers?|licen[cs]e-?text|template|checkstyle)(?:[-_.]|$)|\Aheader\Z", re.IGNORECASE
)


def is_header_template(name: str) -> bool:
    """``LICENSE-HEADER``, ``license-header.txt``, ``APACHE_LICENSETEXT.md``, ``HEADER``…

    The notice a build tool stamps on every source file: it names the project's license (and may
    hold the owner, which is DPG-3's concern) but is not a license text, so it is never
    classified or reported as an unrecognised license.
    """
    return _HEADER_TEMPLATE.search(name) is not None


def is_license_file_name(name: str) -> bool:
    """``LICENSE``, ``LICENSE.md``, ``LICENSE-MIT``, ``COPYING.LESSER``, ``MIT-LICENSE.txt``…"""
    return name_score(name) > 0


def is_manifest(name: str) -> bool:
    """Whether a file name is a package manifest that may declare a license."""
    lower = name.lower()
    return lower in PACKAGE_MANIFESTS or lower.endswith(_MANIFEST_SUFFIXES)


def package_dirs(snapshot: Snapshot) -> list[str]:
    """Folders below the root that hold a package manifest (monorepo packages), outermost first."""
    found: set[str] = set()
    foreign = foreign_folders(snapshot)
    # Looked up by name and extension (``is_manifest``'s names and suffixes), not tested over
    # every distinct name: a Java tree has nearly as many names as files.
    by_name, by_extension = snapshot.by_lower_name, snapshot.by_extension
    manifests = [by_name[name] for name in PACKAGE_MANIFESTS if name in by_name]
    manifests += [by_extension[suffix[1:]] for suffix in _MANIFEST_SUFFIXES if suffix[1:] in by_extension]
    for paths in manifests:
        for path in paths:
            parent = path.rpartition("/")[0]
            if not parent or parent.count("/") >= MAX_PACKAGE_DEPTH or parent in foreign:
                continue
            if parent.split("/")[0] in (*DOC_DIRS, "LICENSES"):
                continue
            found.add(parent)
    return sorted(found, key=lambda d: (d.count("/"), d))


def _files_in(snapshot: Snapshot, directory: str) -> list[str]:
    return [
        p
        for p in snapshot.children(directory)
        if name_score(file_name(p)) > 0 and not is_header_template(file_name(p))
    ]


def _reuse(snapshot: Snapshot, directory: str) -> list[str]:
    folder = f"{directory}/LICENSES" if directory else "LICENSES"
    return [
        p
        for p in snapshot.children(folder)
        if file_suffix(p).lower() in ("", ".txt", ".md") and not file_name(p).startswith(".")
    ]


def _ranked(paths: list[str]) -> list[str]:
    return sorted(paths, key=lambda p: (-name_score(file_name(p)), p.lower()))


NAMED_SCORE = 0.3
"""A root file named after a license (``MIT.md``, ``CC BY-SA 4.0.md``): below every licensee name."""


def _named_after_license(snapshot: Snapshot) -> list[str]:
    """Root files named after an approved license: aedes keeps ``CC BY-SA 4.0.md`` beside LICENSE.

    The name must look like an id (upper case, or a version number), so that ``Fair.md`` or
    ``Ruby.txt`` are not taken for the Fair or Ruby licenses.
    """
    approved = set().union(*approved_license_lists().values())
    found = []
    for path in snapshot.children(""):
        name = file_name(path)
        stem, dot, suffix = name.rpartition(".")
        stem, suffix = (stem, suffix.lower()) if dot else (name, "")
        if suffix not in ("", "md", "txt", "markdown") or name_score(name) > 0:
            continue
        if not (stem.isupper() or any(c.isdigit() for c in stem)) or len(stem) > 60:
            continue
        spdx = resolve_name(stem)
        if spdx and (spdx in approved or spdx.removesuffix("-only").removesuffix("-or-later") in approved):
            found.append(path)
    return sorted(found)


def license_candidates(snapshot: Snapshot, packages: list[str] | None = None) -> list[Candidate]:
    """Every license-like file in a conventional place: the project's first, best first."""
    candidates: list[Candidate] = []
    for path in _ranked(_files_in(snapshot, "")):
        candidates.append(Candidate(path, "", "root", name_score(file_name(path))))
    for path in _named_after_license(snapshot):
        candidates.append(Candidate(path, "", "root", NAMED_SCORE))
    for directory in DOC_DIRS:
        for path in _ranked(_files_in(snapshot, directory)):
            candidates.append(Candidate(path, "", "docs", name_score(file_name(path))))
    for path in sorted(_reuse(snapshot, "")):
        candidates.append(Candidate(path, "", "reuse", 0.5))
    for directory in package_dirs(snapshot) if packages is None else packages:
        for path in _ranked(_files_in(snapshot, directory)):
            candidates.append(Candidate(path, directory, "package", name_score(file_name(path))))
        for path in sorted(_reuse(snapshot, directory)):
            candidates.append(Candidate(path, directory, "reuse", 0.5))
    return candidates


def package_of(path: str, packages: list[str]) -> str:
    """The innermost package folder holding ``path`` ("" for the project itself)."""
    best = ""
    for directory in packages:
        if path.startswith(directory + "/") and len(directory) > len(best):
            best = directory
    return best


MAX_BUNDLED = 20
"""License files of bundled folders (icons, fonts, symbol sets) classified at most, outermost first."""

# Installed dependencies and test data: not shipped by the project as its own assets.
_NOT_BUNDLED = frozenset(
    {"node_modules", "site-packages", ".venv", "venv", "bower_components", ".git"}
    | {"test", "tests", "__tests__", "fixtures", "testdata", "spec", "examples"}
)


def bundled_candidates(snapshot: Snapshot, known: set[str]) -> list[Candidate]:
    """License files in other sub-folders: third-party assets the repository ships.

    Their licenses do not decide the project's, but one that forbids commercial use (a
    non-commercial symbol set, CC-BY-NC icons) is worth a warning naming its folder.
    """
    found: list[str] = []
    for lower, paths in snapshot.by_lower_name.items():
        if name_score(lower) <= 0 or is_header_template(lower):
            continue
        for path in paths:
            parts = path.split("/")[:-1]
            if (
                path in known
                or not parts
                or len(parts) > MAX_PACKAGE_DEPTH
                or any(part.lower() in _NOT_BUNDLED for part in parts)
            ):
                continue
            found.append(path)
    found.sort(key=lambda p: (p.count("/"), p))
    return [
        Candidate(p, p.rpartition("/")[0], "bundled", name_score(file_name(p))) for p in found[:MAX_BUNDLED]
    ]
