"""Documentation facts: the README, its sections and links, and documentation folders."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import msgspec

from dpgcheck.facts.project_paths import in_foreign_dir
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
    r"github\.io|/manual\b|/guide\b|/handbook\b)",
    re.IGNORECASE,
)
NOT_PROJECT_DOCS = re.compile(
    # Badges, local addresses, news and change logs, and other projects' manuals (the Docker,
    # Spring or Android documentation a setup step links to) are not the project's documentation.
    # "localhost" is the reader's own running copy (a README's "open localhost:3000/docs");
    # a numeric loopback address is left alone (it is what offline tests serve from).
    r"(img\.shields\.io|badge|//(localhost|0\.0\.0\.0)\b|/(news|blog|changelog|releases)\b|"
    r"wikipedia\.org|docs\.docker\.com|docs\.github\.com|help\.github\.com|docs\.npmjs\.com|"
    r"docs\.python\.org|developer\.android\.com|docs\.spring\.io|docs\.astral\.sh|"
    r"docs\.microsoft\.com|learn\.microsoft\.com|nodejs\.org|docs\.oracle\.com|kubernetes\.io/docs|"
    r"docs\.aws\.amazon\.com|cloud\.google\.com/.*docs|firebase\.google\.com/docs|"
    r"docs\.djangoproject\.com|docs\.conda\.io|pip\.pypa\.io|docs\.gradle\.org|maven\.apache\.org|"
    r"docs\.flutter\.dev|reactnative\.dev|docs\.expo\.dev|docs\.openshift\.com|helm\.sh/docs|"
    r"docs\.ansible\.com|docs\.mongodb\.com|postgresql\.org/docs|docs\.python-guide\.org)",
    re.IGNORECASE,
)
TODO_BODY = re.compile(
    r"^\W*(todo|tbd|tba|coming soon|wip|work in progress|to be (added|written|done)|\.\.\.)\W*$", re.I
)
"""A section whose whole body says this is a placeholder, not documentation."""
DATA_FIELDS_HEADING = re.compile(
    r"\b(fields?|columns?|variables?|data dictionary|codebook|schema|attributes|data description|"
    r"description of (the )?data|metadata|indicators?|how to interpret|origin of the data|methodology|"
    r"data (collection|sources?))\b",
    re.IGNORECASE,
)
SITE_CONFIGS = frozenset(
    {
        "mkdocs.yml",
        "mkdocs.yaml",
        "docusaurus.config.js",
        "docusaurus.config.ts",
        "docusaurus.config.mjs",
        ".readthedocs.yaml",
        ".readthedocs.yml",
        "readthedocs.yml",
        "book.toml",
        "antora.yml",
        "docfx.json",
        "_quarto.yml",
        "conf.py",
    }
)
"""Documentation-site sources (MkDocs, Docusaurus, Read the Docs, Sphinx, mdBook, Antora…)."""
SETUP_DOC_NAME = re.compile(
    r"^(install|installation|installing|setup|setting[-_ ]?up|getting[-_ ]?started|quick[-_ ]?start|"
    r"deploy|deployment|development|developer|developing|building|build|running|run|usage|hosting|"
    r"self[-_ ]?hosting|operations?|admin)",
    re.IGNORECASE,
)
AMBIGUOUS_DOCS_DIRS = frozenset({"website", "site", "www", "public"})
"""Folder names that hold a documentation site as often as the product's own web pages: only
their prose documents count (Markdown, reStructuredText), not their HTML."""
NOT_DOC_NAMES = re.compile(r"^(changelog|changes|history|news|release[-_ ]?notes|releases)\b", re.IGNORECASE)
_PROSE_EXTENSIONS = (".md", ".rst", ".adoc", ".mdx", ".ipynb", ".org", ".tex")
MAX_GUIDES_READ = 20
STUB_WORDS = 40
"""A README shorter than this is a stub: a title and a line, not documentation."""

MONOREPO_CONTAINERS = frozenset({"apps", "packages", "projects", "modules", "services", "sites"})
"""Top-level folders of monorepos whose sub-folders are projects of their own."""

_DOC_EXTENSIONS = (".md", ".rst", ".txt", ".html", ".adoc", ".ipynb", ".mdx", ".org", ".tex")


class Readme(msgspec.Struct, frozen=True):
    """The project's main README."""

    path: str
    words: int
    headings: tuple[Heading, ...]
    setup_sections: tuple[Heading, ...]
    doc_links: tuple[tuple[int, str], ...]  # (line, URL)
    links: tuple[tuple[int, str], ...]
    field_sections: tuple[Heading, ...] = ()  # sections describing data fields (data assets)

    def links_matching(self, pattern: re.Pattern[str], limit: int = 2) -> list[tuple[int, str]]:
        """Up to ``limit`` (line, URL) links whose URL matches ``pattern`` (a policy kept on a website)."""
        return [(line, url) for line, url in self.links if pattern.search(url)][:limit]


class DocsFacts(msgspec.Struct, frozen=True):
    """README and documentation folders."""

    readme: Readme | None
    readme_problem: tuple[str, str] | None  # (path, reason) when a README could not be read
    docs_dirs: tuple[tuple[str, int], ...]  # (folder, number of documents)
    other_readmes: tuple[str, ...]
    site_configs: tuple[str, ...] = ()  # documentation-site sources (mkdocs.yml, conf.py…)
    guides: tuple[tuple[str, int, str], ...] = ()  # (path, line, what): setup documents beside the README

    @property
    def folders(self) -> tuple[str, ...]:
        """The documentation folders."""
        return tuple(folder for folder, _ in self.docs_dirs)


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
    real = real_sections(text, found)
    return Readme(
        path=path,
        words=words(text),
        headings=tuple(found),
        setup_sections=tuple(h for h in real if SETUP_HEADING.search(h.text)),
        doc_links=tuple(
            (line, url) for line, url in links if DOCS_URL.search(url) and not NOT_PROJECT_DOCS.search(url)
        ),
        links=tuple(links[:200]),
        field_sections=tuple(h for h in real if DATA_FIELDS_HEADING.search(h.text)),
    )


def real_sections(text: str, found: list[Heading]) -> list[Heading]:
    """The headings whose section has content: not empty, not only "TODO" / "Coming soon".

    A heading followed directly by a deeper sub-heading has its content there.
    """
    lines = text.splitlines()
    kept: list[Heading] = []
    for index, heading in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        end = following.line - 1 if following else len(lines)
        # Setext headings are underlined: the underline is not content.
        body = [line.strip() for line in lines[heading.line : end] if line.strip()]
        body = [line for line in body if not (set(line) <= set("=-~^\"'`#*+"))]
        if not body:
            if following is not None and following.level > heading.level:
                kept.append(heading)
            continue
        if len(body) == 1 and TODO_BODY.match(body[0]):
            continue
        kept.append(heading)
    return kept


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
        ambiguous = folder.rsplit("/", 1)[-1].lower() in AMBIGUOUS_DOCS_DIRS
        extensions = _PROSE_EXTENSIONS if ambiguous else _DOC_EXTENSIONS
        documents = sum(
            1
            for path in snapshot.children(directory)
            if path.lower().endswith(extensions) and not NOT_DOC_NAMES.match(path.rsplit("/", 1)[-1])
        )
        if documents:
            counts[folder] = counts.get(folder, 0) + documents
    folders = sorted(counts.items())
    others = tuple(p for p in candidates if readme is None or p != readme.path)
    return DocsFacts(
        readme,
        problem,
        tuple(folders),
        others,
        tuple(_site_configs(snapshot)),
        tuple(_guides(snapshot, [f for f, _ in folders], readme.path if readme else None)),
    )


def _site_configs(snapshot: Snapshot) -> list[str]:
    """Documentation-site sources in the first three levels, outside tests and vendored code.

    ``conf.py`` is Sphinx's only beside an ``index.rst`` / ``index.md`` (other tools name
    their settings so too).
    """
    found: list[str] = []
    for name in sorted(SITE_CONFIGS):
        for path in snapshot.by_lower_name.get(name, []):
            if path.count("/") > 2 or in_foreign_dir(path):
                continue
            if name == "conf.py":
                folder = path.rpartition("/")[0]
                index = [f"{folder}/index.{ext}".lstrip("/") for ext in ("rst", "md")]
                if not any(snapshot.exists(p) for p in index):
                    continue
            found.append(path)
    return sorted(found)[:3]


def _guides(snapshot: Snapshot, folders: list[str], readme: str | None) -> list[tuple[str, int, str]]:
    """Setup documents beside the README: a file named for it (INSTALL.md, docs/setup.md) or a
    document at the root with a setup section (SETTING_UP_ANDROID_ENVIRONMENT.md)."""
    candidates = [
        p for p in snapshot.children("") if p != readme and p.lower().endswith((*_PROSE_EXTENSIONS, ".txt"))
    ]
    for folder in folders:
        candidates += [p for p in snapshot.children(folder) if p.lower().endswith(_PROSE_EXTENSIONS)]
    found: list[tuple[str, int, str]] = []
    for path in candidates[:MAX_GUIDES_READ]:
        name = path.rsplit("/", 1)[-1]
        if name.lower().startswith(_NOT_GUIDES) or NOT_DOC_NAMES.match(name):
            continue
        text = snapshot.read_text(path)
        if not text or words(text) < STUB_WORDS:
            continue  # an empty or placeholder file documents nothing
        if SETUP_DOC_NAME.match(name):
            found.append((path, 1, f"setup document ({words(text)} words)"))
            continue
        setup = [h for h in real_sections(text, headings(text)) if SETUP_HEADING.search(h.text)]
        if setup and path.count("/") == 0 and not name.lower().startswith(_POLICY_NAMES):
            found.append((path, setup[0].line, f"setup section: {setup[0].text}"))
    # Documents named for setup first: they are the instructions, a section elsewhere a part.
    found.sort(key=lambda item: not item[2].startswith("setup document"))
    return found[:3]


_NOT_GUIDES = ("readme", "license", "licence", "copying", "agents.md", "claude.md")
_POLICY_NAMES = ("code_of_conduct", "code-of-conduct", "security", "governance", "support")
