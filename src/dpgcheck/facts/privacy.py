"""Privacy and PII-protection evidence kept in the repository (DPG-7, DPG-9A).

Real projects rarely ship a PRIVACY.md: the privacy policy is a page of the application itself
(``views/PrivacyPolicy.ejs``, ``data-privacy.component.html``, a ``privacy_policy`` locale
string, a footer link), the laws are named in that page or in the README, and the safeguards
for personal data are a section of the documentation ("Data protection", "Security
architecture"). Every search is bounded: a few dozen files read at most, lines scanned in
linear time.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

import msgspec

from dpgcheck.facts.caseless import ascii_twin, caseless_found
from dpgcheck.facts.project_paths import file_name, file_suffix, in_foreign_folder, names_holding
from dpgcheck.facts.text import MAX_LINE, URL_RE, headings
from dpgcheck.sources.snapshot import Snapshot


class Place(msgspec.Struct, frozen=True):
    """A line of a repository file that matters, with what it says (and its link, if any)."""

    path: str
    line: int
    text: str
    url: str | None = None


class PrivacyFacts(msgspec.Struct, frozen=True):
    """What the repository shows about privacy: pages, laws named, safeguards described."""

    pages: tuple[Place, ...] = ()  # privacy pages or links shipped in the application
    laws: tuple[Place, ...] = ()  # privacy laws named in the README, policies or privacy pages
    safeguards: tuple[Place, ...] = ()  # documentation sections describing how PII is protected
    searched: tuple[str, ...] = ()  # what was searched, for a needs-review's evidence


_NAME_TOKENS = (
    "privacy",
    "privacidad",
    "privacidade",
    "privacite",
    "datenschutz",
    "confidentialit",
    "gdpr",
    "dataprotection",
    "data-protection",
    "data_protection",
)
_PAGE_EXTENSIONS = frozenset(
    [
        ".html",
        ".htm",
        ".ejs",
        ".erb",
        ".hbs",
        ".handlebars",
        ".mustache",
        ".jinja",
        ".j2",
        ".twig",
        ".njk",
        ".liquid",
        ".vue",
        ".svelte",
        ".jsx",
        ".tsx",
        ".ts",
        ".js",
        ".php",
        ".py",
        ".rb",
        ".java",
        ".kt",
        ".dart",
        ".swift",
        ".cshtml",
        ".razor",
        ".xml",
        ".md",
        ".mdx",
        ".rst",
        ".txt",
    ]
)
_NOT_PAGES = re.compile(r"(?:\.|_|-)(?:spec|test|stories|story|mock|d)\.[a-z]+$|__tests__/|/migrations?/")
_LOCALE_DIR = re.compile(
    r"(?:^|/)(?:locales?|i18n|l10n|translations?|lang|messages)/|(?:^|/)values/strings\.xml$"
)
_LOCALE_EXTENSIONS = frozenset([".json", ".xml", ".po", ".yml", ".yaml", ".properties", ".ts", ".js"])
_ENGLISH = re.compile(r"(?:^|[/._-])en(?:[/._-]|$)|/values/strings\.xml$")
_LAYOUT_NAME = re.compile(r"footer|layout|base\.|nav|menu|sidebar")
_TEMPLATE_EXTENSIONS = frozenset(
    [
        ".html",
        ".htm",
        ".ejs",
        ".erb",
        ".hbs",
        ".jinja",
        ".j2",
        ".twig",
        ".njk",
        ".vue",
        ".svelte",
        ".jsx",
        ".tsx",
    ]
)

PRIVACY_TEXT = re.compile(
    r"privacy[\s_-]*(?:policy|notice|statement)|privacypolicy|data[\s_-]protection[\s_-](?:policy|notice)"
    r"|datenschutzerkl|pol[ií]tica de privacidad|pol[ií]tica de privacidade|politique de confidentialit",
    re.IGNORECASE,
)
"""A line that names or links a privacy policy (a locale string, a footer link, a route)."""
_PRIVACY_TEXT_ASCII = ascii_twin(PRIVACY_TEXT)

LAW_RE = re.compile(
    r"\b(?:GDPR|DSGVO|RGPD|LGPD|POPIA|POPI Act|CCPA|CPRA|COPPA|FERPA|HIPAA|PIPEDA|PIPL|PDPA|DPDPA?|NDPR|NDPA"
    r"|APPI|PDPL|KVKK|UK GDPR|Privacy Shield)\b"
    r"|\bRegulation \(EU\) 2016/679\b"
    r"|\b(?:Data Protection|Data Privacy|Privacy|Personal (?:Data|Information)(?: Protection)?)"
    r"(?: and [A-Z][a-z]+){0,2} (?:Act|Law|Regulation|Directive|Ordinance|Bill)\b"
    r"|\b(?:Law|Lei|Ley|Loi) (?:No\.? ?|n[º°.] ?)?\d[\d./-]{2,}",
    re.IGNORECASE,
)
"""Privacy laws by name: acronyms, "… Data Protection Act", "Law 19628", "Lei 13.709/2018"."""

_STRONG_SAFEGUARDS = re.compile(
    r"encrypt|access control|role-based|\brbac\b|retention|anonymi[sz]|pseudonymi[sz]|\btls\b|"
    r"hash(?:ed|ing)|audit (?:log|trail)|two-factor|\b2fa\b|\bmfa\b|data minimi[sz]|least privilege",
    re.IGNORECASE,
)
"""Safeguards for stored data, named outright."""
_SYNONYMS = {"2fa": "two-factor", "mfa": "two-factor", "rbac": "role-based", "hashed": "hashing"}
_WEAK_SAFEGUARDS = re.compile(
    r"permissions?\b|authori[sz]ation|consent|\bhttps\b(?!://)|backups?\b|\bssl\b(?!/)|access rights",
    re.IGNORECASE,
)
"""Words that describe a safeguard only inside a section about personal data."""
_DATA_HEADING = re.compile(
    r"data protection|privacy|personal (?:data|information)|\bpii\b|encryption|access control|"
    r"data retention|gdpr|safeguard|data security",
    re.IGNORECASE,
)
_SECURITY_HEADING = re.compile(r"\bsecurity\b", re.IGNORECASE)
_DOC_EXTENSIONS = frozenset({".md", ".rst", ".txt", ".adoc", ".mdx"})

MAX_PAGES_READ = 12
MAX_LOCALE_READ = 24
MAX_LAYOUTS_READ = 24
MAX_DOCS_READ = 80
MAX_SHOWN = 3


def collect_privacy(
    snapshot: Snapshot,
    readme: str | None,
    policy_files: tuple[str, ...],
    security_files: tuple[str, ...],
    docs_dirs: tuple[str, ...],
) -> PrivacyFacts:
    """Privacy pages, law names and PII safeguards found in ``snapshot``.

    ``policy_files``: the PRIVACY files found; ``security_files``: the SECURITY files (their
    reporting sections are not safeguards, a "Data protection" section of theirs is).
    """
    pages = _pages_by_name(snapshot) + _privacy_lines(snapshot)
    law_sources = [*([readme] if readme else []), *policy_files, *(p.path for p in pages)]
    laws = _laws(snapshot, law_sources)
    safeguards = _safeguards(snapshot, readme, security_files, docs_dirs)
    searched = (
        "file names with 'privacy'/'datenschutz'/'gdpr' (templates, views, components, docs)",
        "locale strings and page layouts naming a privacy policy",
        "the README, privacy pages and policies for law names (GDPR, LGPD, … Act)",
        "the README, SECURITY files and documentation folders for a data-protection section",
    )
    return PrivacyFacts(tuple(_unique(pages)), tuple(laws), tuple(safeguards), searched)


def _unique(places: list[Place]) -> list[Place]:
    seen: set[str] = set()
    kept = []
    for place in places:
        if place.path not in seen:
            seen.add(place.path)
            kept.append(place)
    return kept[:MAX_SHOWN]


def _own(snapshot: Snapshot, path: str) -> bool:
    return not in_foreign_folder(snapshot, path) and not _NOT_PAGES.search(path.lower())


def _pages_by_name(snapshot: Snapshot) -> list[Place]:
    """Files of the application named after privacy (``PrivacyPolicy.tsx``, ``privacy.html``)."""
    # The few names holding a token, found in one string of every name; then their extension.
    candidates = [
        path
        for name in names_holding(snapshot, _NAME_TOKENS)
        if _extension(name) in _PAGE_EXTENSIONS
        for path in snapshot.by_lower_name[name]
        if _own(snapshot, path)
    ]
    # Pages and templates before the controllers and models that serve them; path order last.
    candidates.sort(key=lambda p: (file_suffix(p).lower() not in _TEMPLATE_EXTENSIONS, len(p), p))
    found = []
    for path in candidates[:MAX_PAGES_READ]:
        text = snapshot.read_text(path)
        if text is None:
            continue
        line, content = _first_line(text, re.compile(r"privacy|privacidad|datenschutz|gdpr", re.IGNORECASE))
        found.append(Place(path, line, content or file_name(path), _url_in(content)))
    return found


def _extension(lower_name: str) -> str:
    """``.html`` of ``index.html``, as the extension index has it ("" without a dot)."""
    dot = lower_name.rfind(".")
    return lower_name[dot:] if dot >= 0 else ""


def _with_extensions(snapshot: Snapshot, extensions: frozenset[str]) -> Iterator[str]:
    """The paths whose extension (``.json``) is one of ``extensions``, in no order: looked up in
    the snapshot's extension index instead of testing every path of a large tree. The callers
    sort what they keep, a few paths instead of thousands."""
    index = snapshot.by_extension
    return (p for ext in extensions for p in index.get(ext.lstrip(".").lower(), ()))


def _privacy_lines(snapshot: Snapshot) -> list[Place]:
    """Locale strings and layouts (footers) that name or link a privacy policy."""
    locale_folders: dict[str, bool] = {}
    locales = [
        p
        for p in _with_extensions(snapshot, _LOCALE_EXTENSIONS)
        if _in_locale_place(p, locale_folders) and _own(snapshot, p)
    ]
    locales.sort(key=lambda p: (not _ENGLISH.search(p.lower()), len(p), p))
    layouts = [
        p
        for p in _with_extensions(snapshot, _TEMPLATE_EXTENSIONS)
        if _LAYOUT_NAME.search(file_name(p).lower()) and _own(snapshot, p)
    ]
    layouts.sort(key=lambda p: (len(p), p))
    found = []
    for path in [*locales[:MAX_LOCALE_READ], *layouts[:MAX_LAYOUTS_READ]]:
        text = snapshot.read_text(path)
        if text is None:
            continue
        # A line naming the policy is a match in the whole text (the pattern has no anchors): one
        # search skips the line-by-line reading of the many locale files that name none.
        if not caseless_found(PRIVACY_TEXT, _PRIVACY_TEXT_ASCII, text):
            continue
        line, content = _first_line(text, PRIVACY_TEXT)
        if line:
            found.append(Place(path, line, content, _url_in(content) or _url_near(text, line)))
            if len(found) >= MAX_SHOWN:
                break
    return found


def _in_locale_place(path: str, folders: dict[str, bool]) -> bool:
    """``_LOCALE_DIR.search(path.lower())``, decided once per folder: its first alternative ends
    with a "/" (a folder's name), its second (``values/strings.xml``) needs the file name."""
    folder = path.rpartition("/")[0]
    inside = folders.get(folder)
    if inside is None:
        inside = folders[folder] = _LOCALE_DIR.search(folder.lower() + "/") is not None
    return inside or (path.lower().endswith("strings.xml") and _LOCALE_DIR.search(path.lower()) is not None)


def _first_line(text: str, pattern: re.Pattern[str]) -> tuple[int, str]:
    for number, line in enumerate(text.splitlines(), 1):
        bounded = line[:MAX_LINE]
        if pattern.search(bounded):
            return number, bounded.strip()[:200]
    return 0, ""


def _url_in(line: str) -> str | None:
    match = URL_RE.search(line)
    return match.group(0).rstrip("*_~") if match else None


def _url_near(text: str, line: int) -> str | None:
    """A link on the line or the two before it (an ``<a href>`` split over lines)."""
    lines = text.splitlines()
    for number in (line - 1, line - 2):
        if 0 <= number - 1 < len(lines):
            url = _url_in(lines[number - 1][:MAX_LINE])
            if url:
                return url
    return None


def _laws(snapshot: Snapshot, paths: list[str]) -> list[Place]:
    found: list[Place] = []
    for path in dict.fromkeys(paths):
        text = snapshot.read_text(path)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            match = LAW_RE.search(line[:MAX_LINE])
            if match:
                found.append(Place(path, number, match.group(0)))
                break
        if len(found) >= MAX_SHOWN:
            break
    return found


def _below(paths: tuple[str, ...], prefix: str) -> Iterator[str]:
    """The sorted ``paths`` starting with ``prefix``: one run of them, found by bisection."""
    for index in range(bisect_left(paths, prefix), len(paths)):
        if not paths[index].startswith(prefix):
            return
        yield paths[index]


def _safeguards(
    snapshot: Snapshot, readme: str | None, security_files: tuple[str, ...], docs_dirs: tuple[str, ...]
) -> list[Place]:
    """Sections about protecting data that name safeguards (encryption, access control…)."""
    docs = [
        p
        for folder in docs_dirs
        for p in _below(snapshot.paths, folder + "/")
        if file_suffix(p).lower() in _DOC_EXTENSIONS
    ]
    # Documents named after security or privacy first: that is where safeguards are described.
    docs.sort(key=lambda p: (not re.search(r"secur|privacy|protect|gdpr", p.lower()), len(p)))
    found: list[Place] = []
    sources = [*([readme] if readme else []), *security_files, *docs[:MAX_DOCS_READ]]
    for path in dict.fromkeys(sources):
        text = snapshot.read_text(path)
        if text is None:
            continue
        place = section_safeguards(path, text, reporting_file=path in security_files)
        if place is not None:
            found.append(place)
            if len(found) >= MAX_SHOWN:
                break
    return found


def section_safeguards(path: str, text: str, *, reporting_file: bool = False) -> Place | None:
    """The first section of ``text`` about data protection that names safeguards.

    A "Data protection" / "Privacy" section needs one safeguard named; a plain "Security"
    section two named outright (encryption, access control, retention…: "report a
    vulnerability by encrypted e-mail" is not a description of how PII is protected); a
    SECURITY file's own "Security" sections are its reporting policy.
    """
    lines = text.splitlines()
    found = headings(text)
    for index, head in enumerate(found):
        about_data = bool(_DATA_HEADING.search(head.text))
        about_security = not reporting_file and bool(_SECURITY_HEADING.search(head.text))
        if not (about_data or about_security):
            continue
        end = next((h.line for h in found[index + 1 :] if h.level <= head.level), len(lines) + 1)
        strong: dict[str, None] = {}
        weak: dict[str, None] = {}
        for number in range(head.line + 1, min(end, head.line + 400)):
            line = lines[number - 1][:MAX_LINE]
            strong.update(
                (_SYNONYMS.get(m.group(0).lower(), m.group(0).lower()), None)
                for m in _STRONG_SAFEGUARDS.finditer(line)
            )
            weak.update((m.group(0).lower(), None) for m in _WEAK_SAFEGUARDS.finditer(line))
        words = {**strong, **weak}
        if (about_data and words) or len(strong) >= 2:
            return Place(path, head.line, f"section '{head.text}' names {', '.join(list(words)[:4])}")
    return None
