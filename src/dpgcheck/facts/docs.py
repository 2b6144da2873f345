"""Documentation facts: the README, its sections and links, and documentation folders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from dpgcheck.facts.text import URL_RE, Heading, headings, line_number, words
from dpgcheck.sources.snapshot import Snapshot

README_EXTENSIONS = ("", ".md", ".markdown", ".rst", ".txt", ".adoc", ".asciidoc", ".org")
SETUP_HEADING = re.compile(
    r"\b(install|installation|installing|setup|set up|set-up|getting started|get started|"
    r"quick ?start|deploy|deployment|building|running|run |usage|how to use|"
    r"requirements|prerequisites|configuration|local development|docker)\b"
    # "Build" heads setup only as an instruction ("Build", "Build from source", "How to build"),
    # not in "Bundler Build Feature Flags" or "Build status".
    r"|^(how to )?build\b(?! (status|feature|flags|badge))"
    # "Development" alone heads a how-to-hack section; "Supporting the Development of X" does not.
    r"|^(development|developing)\b|\bdevelopment (setup|environment)\b",
    re.IGNORECASE,
)
DOCS_URL = re.compile(
    r"(readthedocs\.io|readthedocs\.org|gitbook\.io|/docs?\b|docs\.|/wiki\b|/documentation\b|"
    r"github\.io|/manual\b|/guide\b)",
    re.IGNORECASE,
)
STUB_WORDS = 40
"""A README shorter than this is a stub: a title and a line, not documentation."""

MONOREPO_CONTAINERS = frozenset({"apps", "packages", "projects", "modules", "services", "sites"})
"""Top-level folders of monorepos whose sub-folders are projects of their own."""

_DOC_EXTENSIONS = (".md", ".rst", ".txt", ".html", ".adoc", ".ipynb", ".mdx", ".org", ".tex")


@dataclass(frozen=True)
class Readme:
    """The project's main README."""

    path: str
    words: int
    headings: tuple[Heading, ...]
    setup_sections: tuple[Heading, ...]
    doc_links: tuple[tuple[int, str], ...]  # (line, URL)
    links: tuple[tuple[int, str], ...]

    def links_matching(self, pattern: re.Pattern[str], limit: int = 2) -> list[tuple[int, str]]:
        """Up to ``limit`` (line, URL) links whose URL matches ``pattern`` (a policy kept on a website)."""
        return [(line, url) for line, url in self.links if pattern.search(url)][:limit]


@dataclass(frozen=True)
class DocsFacts:
    """README and documentation folders."""

    readme: Readme | None
    readme_problem: tuple[str, str] | None  # (path, reason) when a README could not be read
    docs_dirs: tuple[tuple[str, int], ...]  # (folder, number of documents)
    other_readmes: tuple[str, ...]


def find_readme(snapshot: Snapshot) -> list[str]:
    """README files at the root, the most conventional first."""
    found = []
    for path in snapshot.children(""):
        name = PurePosixPath(path).name
        stem, dot, ext = name.partition(".")
        if stem.lower() == "readme" and (dot + ext).lower() in README_EXTENSIONS:
            found.append(path)
    preference = {".md": 0, ".rst": 1, "": 2, ".markdown": 3, ".txt": 4}
    return sorted(found, key=lambda p: (preference.get(PurePosixPath(p).suffix.lower(), 9), p))


def analyse_readme(path: str, text: str) -> Readme:
    """Sections, size and links of a README."""
    found = headings(text)
    links = [(line_number(text, m.start()), m.group(0)) for m in URL_RE.finditer(text)]
    return Readme(
        path=path,
        words=words(text),
        headings=tuple(found),
        setup_sections=tuple(h for h in found if SETUP_HEADING.search(h.text)),
        doc_links=tuple((line, url) for line, url in links if DOCS_URL.search(url)),
        links=tuple(links[:200]),
    )


def detect_docs(snapshot: Snapshot, docs_dir_names: list[str]) -> DocsFacts:
    """The README and the documentation folders of the repository."""
    readme: Readme | None = None
    problem: tuple[str, str] | None = None
    candidates = find_readme(snapshot)
    for path in candidates:
        text = snapshot.read_text(path)
        if text is None:
            problem = problem or (path, snapshot.skipped.get(path, "unreadable"))
            continue
        readme = analyse_readme(path, text)
        break
    folders: list[tuple[str, int]] = []
    wanted = {name.lower() for name in docs_dir_names}
    counts: dict[str, int] = {}
    # Folder by folder (a few thousand in a 50,000-file tree), reading only the files of the
    # documentation folders.
    for directory in snapshot.file_folders:
        if not directory:
            continue
        parts = directory.lower().split("/", 2)
        if parts[0] in wanted:
            folder = directory.split("/", 1)[0]
        elif len(parts) >= 2 and parts[1] in wanted and parts[0] in MONOREPO_CONTAINERS:
            # Monorepos keep their manual in a package of its own: apps/docs, packages/website.
            folder = "/".join(directory.split("/", 2)[:2])
        else:
            continue
        documents = sum(1 for path in snapshot.children(directory) if path.lower().endswith(_DOC_EXTENSIONS))
        if documents:
            counts[folder] = counts.get(folder, 0) + documents
    folders = sorted(counts.items())
    others = tuple(p for p in candidates if readme is None or p != readme.path)
    return DocsFacts(readme, problem, tuple(folders), others)
