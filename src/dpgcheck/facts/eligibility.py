"""Signs that bear on whether a repository is the kind of solution the DPGA recognises at all.

The DPGA does not recognise generic libraries, plugins, packages or frameworks on their own,
nor developer tools, and reviews only the core solution that applied (a fork is judged on what
it adds). These are not indicators: a repository only *suggests* either, so what is found here
becomes a note for the reviewer (``dpgcheck.eligibility``), never a verdict.

Two signs, each with the file and line behind it:

- ``library``: the root manifest publishes a package (package.json ``main``/``exports``,
  a pyproject/setup.cfg project, a Cargo ``[lib]``, composer ``"type": "library"``, a gemspec,
  an R DESCRIPTION) and nothing in the project's own files starts an application (no
  command-line entry point, start script, server module, container or deployment file, mobile
  or web app entry).
- ``fork``: the code host marks the repository as a fork (GitHub ``fork``, GitLab
  ``forked_from_project``), or the README says it is "forked from" / "a fork of" something.
"""

from __future__ import annotations

import json
import re

import msgspec

from dpgcheck.facts.project_paths import in_foreign_dir
from dpgcheck.sources.snapshot import Snapshot

LIBRARY = "library"
FORK = "fork"


class EligibilitySign(msgspec.Struct, frozen=True):
    """One thing the repository shows that bears on eligibility (not a verdict)."""

    kind: str  # LIBRARY | FORK
    detail: str
    path: str | None = None
    line: int | None = None


# Files or folders whose presence says an application is started from this repository.
APP_FILES = frozenset(
    {
        "dockerfile",
        "procfile",
        "app.json",
        "chart.yaml",
        "manage.py",
        "wsgi.py",
        "asgi.py",
        "app.py",
        "main.py",
        "server.py",
        "__main__.py",
        "server.js",
        "app.js",
        "index.html",
        "main.go",
        "main.rs",
        "config.ru",
        "app.r",
        "androidmanifest.xml",
        "info.plist",
        "main.dart",
        "program.cs",
        "application.java",
    }
)
APP_PREFIXES = ("docker-compose", "compose.")
APP_SEARCHED = (
    "a command-line entry point (package.json `bin`, pyproject `[project.scripts]`, setup "
    "`console_scripts`, Cargo `[[bin]]`, gemspec `executables`), a start script, a server or app "
    "module (manage.py, wsgi.py, app.py, main.py, server.js, main.go, main.rs, Program.cs), a "
    "Dockerfile, compose file, Procfile or Helm chart, an index.html, a mobile app manifest"
)

# "forked from X", "is a fork of X", "started as a hard fork of X"; not contribution steps such as
# "create a fork of this repository" (the object is the project itself, not an upstream).
_FORK_LINE = re.compile(
    r"\b(?:forked\s+from|(?:is|was|as)\s+an?\s+(?:hard\s+|soft\s+|friendly\s+)?fork\s+of)\s+"
    r"(?!(?:this|the|our|your)\s+(?:repo|repository|project|code)\b)\S",
    re.IGNORECASE,
)
MAX_README_LINES = 400
"""Only the README's opening is read for a fork statement (it is said near the top)."""


def find_eligibility_signs(
    snapshot: Snapshot, readme_path: str | None, readme_text: str, asset_types: tuple[str, ...]
) -> tuple[EligibilitySign, ...]:
    """The library and fork signs of ``snapshot`` (the library sign only when software is checked)."""
    signs: list[EligibilitySign] = []
    if "software" in asset_types:
        library = _library_sign(snapshot)
        if library is not None:
            signs.append(library)
    signs.extend(_fork_signs(snapshot, readme_path, readme_text))
    return tuple(signs)


def _fork_signs(snapshot: Snapshot, readme_path: str | None, readme_text: str) -> list[EligibilitySign]:
    signs = []
    meta = snapshot.metadata
    if meta is not None:
        if meta.extra.get("fork") is True:
            signs.append(EligibilitySign(FORK, f"{meta.host} marks the repository as a fork", None, None))
        elif meta.extra.get("forked_from_project") is True:
            signs.append(
                EligibilitySign(FORK, f"{meta.host} marks the project as forked from another", None, None)
            )
    if readme_path and readme_text:
        for number, line in enumerate(readme_text.splitlines()[:MAX_README_LINES], start=1):
            if _FORK_LINE.search(line):
                quoted = " ".join(line.split())[:160]
                signs.append(EligibilitySign(FORK, f"the README says: {quoted}", readme_path, number))
                break
    return signs


def _library_sign(snapshot: Snapshot) -> EligibilitySign | None:
    """A published package at the root and no application started anywhere in the project."""
    published = _published_package(snapshot)
    if published is None or _has_application(snapshot):
        return None
    return published


_DOC_PARTS = frozenset({"doc", "docs", "documentation", "site", "website", "_site", "book"})


def _has_application(snapshot: Snapshot) -> bool:
    for name, paths in snapshot.by_lower_name.items():
        app = name in APP_FILES or (name.startswith(APP_PREFIXES) and name.endswith((".yml", ".yaml")))
        if app and any(_own_app_file(path) for path in paths):
            return True
    return any(folder == "cmd" or folder.startswith("cmd/") for folder in snapshot.directories)


def _own_app_file(path: str) -> bool:
    """Not vendored, test or example code, and not a documentation site's page."""
    if in_foreign_dir(path):
        return False
    return not any(part.lower() in _DOC_PARTS for part in path.split("/")[:-1])


def _published_package(snapshot: Snapshot) -> EligibilitySign | None:
    """The root manifest that publishes a library, or None (also when it declares an entry point)."""
    for path, judge in (
        ("package.json", _npm_library),
        ("pyproject.toml", _pyproject_library),
        ("setup.cfg", _setup_library),
        ("setup.py", _setup_library),
        ("Cargo.toml", _cargo_library),
        ("composer.json", _composer_library),
        ("DESCRIPTION", _r_library),
    ):
        if path in snapshot.path_set:
            text = snapshot.read_text(path)
            detail = judge(text) if text is not None else None
            if detail == APPLICATION:
                return None  # the package declares an entry point: no sign
            if detail is not None:
                return EligibilitySign(LIBRARY, detail, path, _line(text or "", detail))
            # Not a package manifest (tool settings only) or unreadable: the next one decides.
    gemspecs = [p for p in snapshot.children("") if p.endswith(".gemspec")]
    if gemspecs:
        text = snapshot.read_text(gemspecs[0]) or ""
        if "executables" not in text:
            return EligibilitySign(LIBRARY, "a Ruby gem (gemspec) without executables", gemspecs[0], 1)
    return None


APPLICATION = ""
"""What a manifest judge returns for a package that declares an application entry point."""


def _line(text: str, detail: str) -> int | None:
    """The line of the first key the detail names (`main`, `[project]`…), else 1."""
    match = re.search(r"`([^`]+)`", detail)
    if match:
        index = text.find(match.group(1))
        if index >= 0:
            return text.count("\n", 0, index) + 1
    return 1


def _npm_library(text: str) -> str | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    if data.get("private") is True or data.get("bin"):
        return APPLICATION
    scripts = data.get("scripts")
    if isinstance(scripts, dict) and any(name in scripts for name in ("start", "serve", "dev", "preview")):
        return APPLICATION
    for key in ("main", "exports", "module", "types"):
        if data.get(key):
            return f'an npm package with `"{key}"` and no `bin` or start script'
    # A published package's entry defaults to index.js when `main` is not given.
    if data.get("name") and data.get("version") and data.get("files"):
        return 'an npm package with `"files"` and no `bin` or start script'
    return None


def _pyproject_library(text: str) -> str | None:
    import tomllib  # only when a pyproject.toml is there (~4 ms of imports)

    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None
    project = data.get("project") if isinstance(data.get("project"), dict) else None
    poetry = data.get("tool", {}).get("poetry") if isinstance(data.get("tool"), dict) else None
    if project is not None:
        if (
            project.get("scripts")
            or project.get("gui-scripts")
            or "console_scripts" in str(project.get("entry-points"))
        ):
            return None
        return "a Python package (`[project]`) without `[project.scripts]`"
    if isinstance(poetry, dict) and poetry.get("name"):
        if poetry.get("scripts") or poetry.get("package-mode") is False:
            return APPLICATION
        return "a Python package (`[tool.poetry]`) without scripts"
    return None


def _setup_library(text: str) -> str | None:
    if "console_scripts" in text or "gui_scripts" in text or re.search(r"\bscripts\s*=", text):
        return APPLICATION
    if "setup(" in text:
        return "a Python package (`setup(`) without console scripts"
    if re.search(r"^\s*name\s*=", text, re.MULTILINE):
        return "a Python package (`name`) without console scripts"
    return None


def _cargo_library(text: str) -> str | None:
    if "[[bin]]" in text:
        return APPLICATION
    return "a Rust crate with `[lib]`" if "[lib]" in text else None


def _composer_library(text: str) -> str | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    if data.get("bin") or data.get("type") == "project":
        return APPLICATION
    return 'a PHP package of `"type": "library"`' if data.get("type") == "library" else None


def _r_library(text: str) -> str | None:
    return "an R package (`Package:`)" if re.search(r"^Package:", text, re.MULTILINE) else None
