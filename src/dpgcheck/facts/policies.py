"""Policy files: code of conduct, security policy, privacy policy, contributing guide, changelog.

They count at the root, in ``.github/``, ``docs/`` (and a few more), with any letter case, and
in a folder of their own (``docs/code-of-conduct/README.md``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import msgspec

from dpgcheck.facts.text import EMAIL_RE, URL_RE, find_lines, headings, words
from dpgcheck.sources.snapshot import Snapshot

PLACEHOLDER_CONTACT = re.compile(
    r"\[\s*INSERT[^\]]*\]|\[\s*(?:email|e-mail|contact)[^\]]*(?:address|method|here)?\s*\]"
    r"|<\s*(?:insert|email|e-mail)[^>]*>|\{\{\s*[\w.]*(?:email|contact)[\w.]*\s*\}\}",
    re.IGNORECASE,
)
"""The Contributor Covenant's ``[INSERT CONTACT METHOD]`` and its cousins."""

_REPORTING_WORDS = re.compile(
    r"report|contact|disclos|vulnerab|security advisor|advisories|e-?mail|hackerone|bugcrowd",
    re.IGNORECASE,
)
_PRIVATE_CHANNEL_URL = re.compile(
    r"/security/advisories|/security/policy|hackerone\.com|bugcrowd\.com|huntr\.dev|"
    r"/security\b|/vulnerability|/disclosure|mailto:",
    re.IGNORECASE,
)


class PolicyFile(msgspec.Struct, frozen=True):
    """A policy document and what it says that matters to the checks."""

    role: str
    path: str
    readable: bool
    problem: str | None = None
    emails: tuple[tuple[int, str], ...] = ()
    urls: tuple[tuple[int, str], ...] = ()
    placeholders: tuple[tuple[int, str], ...] = ()
    reporting_lines: tuple[tuple[int, str], ...] = ()
    words: int = 0  # a stub that only points elsewhere ("Read it on our site") has a handful

    @property
    def has_contact(self) -> bool:
        """Whether it names a real way to reach someone (e-mail or a reporting URL)."""
        return self.contact is not None

    @property
    def contact(self) -> tuple[int, str] | None:
        """(line, address) of the first e-mail, else of the first private reporting URL."""
        if self.emails:
            return self.emails[0]
        return next(((line, url) for line, url in self.urls if _PRIVATE_CHANNEL_URL.search(url)), None)


class PolicyFacts(msgspec.Struct, frozen=True):
    """The policy files found, by role (``code_of_conduct``, ``security``, ``privacy``…)."""

    files: Mapping[str, tuple[PolicyFile, ...]]

    def first(self, role: str) -> PolicyFile | None:
        """The best file for a role (the root's before .github/ before docs/)."""
        found = self.files.get(role, ())
        return found[0] if found else None

    def all(self, role: str) -> tuple[PolicyFile, ...]:
        """Every file found for a role."""
        return self.files.get(role, ())


ROLES = (
    "code_of_conduct",
    "security",
    "privacy",
    "contributing",
    "changelog",
    "governance",
    "ownership",
    "content_policy",  # content policies, community guidelines, moderation: DPG-9B evidence
)


def _matches(path: str, names: Sequence[str], dirs: Sequence[str]) -> bool:
    lower = path.lower()
    for directory in dirs:
        prefix = f"{directory.lower()}/" if directory else ""
        if not lower.startswith(prefix):
            continue
        rest = lower[len(prefix) :]
        if rest in names:
            return True
    return False


def find_policy_files(snapshot: Snapshot, patterns: Mapping[str, object]) -> dict[str, list[str]]:
    """Paths of each role's files, ordered by the policy folder order (root first)."""
    dirs = [str(d) for d in patterns.get("policy_dirs", [""])]  # type: ignore[attr-defined]
    found: dict[str, list[str]] = {}
    for role in ROLES:
        names = [str(n).lower() for n in patterns.get(role, [])]  # type: ignore[attr-defined]
        if not names:
            continue
        hits: list[str] = []
        for directory in dirs:
            base = directory.lower()
            for name in names:
                leaf = name.rsplit("/", 1)[-1]
                for path in snapshot.by_lower_name.get(leaf, []):
                    if path not in hits and _matches(path, [name], [base]):
                        hits.append(path)
        if role == "code_of_conduct":
            hits += [path for path in localized_conduct_files(snapshot, dirs) if path not in hits]
        found[role] = hits
    return found


# A code of conduct under a localized or variant name: ``CODE_OF_CONDUCT-en-US.md``,
# ``CODE_OF_CONDUCT.es.md``, ``code-of-conduct_fr.rst``, ``CodeOfConduct.md``, and the file
# names other languages give it (``CODIGO_DE_CONDUCTA.md``, ``code-de-conduite.md``).
_CONDUCT_NAME = re.compile(
    r"^(?:code[-_ ]?of[-_ ]?conduct|c[oó]digo[-_ ]?de[-_ ]?conduc?ta|code[-_ ]?de[-_ ]?conduite|"
    r"verhaltenskodex|coc)"
    r"(?:[-_.](?P<locale>[a-z]{2}(?:[-_][a-z]{2,4})?))?"
    r"(?:\.(?P<ext>md|markdown|rst|txt|adoc|html?))?$"
)
# A folder of its own whose documents are the code of conduct (``docs/code-of-conduct/en.md``).
_CONDUCT_FOLDERS = frozenset({"code-of-conduct", "code_of_conduct", "codeofconduct", "conduct", "coc"})
_DOC_EXTENSIONS = frozenset({"md", "markdown", "rst", "txt", "adoc", "html", "htm"})


def localized_conduct_files(snapshot: Snapshot, dirs: Sequence[str]) -> list[str]:
    """Codes of conduct under a localized or variant file name, or in a folder of their own, in
    the policy folders: English and unlocalized first, then by path."""
    bases = {d.lower().strip("/") for d in dirs}
    # Only the policy folders' own files are read (a handful of folders), not the whole tree.
    folders = [f for f in snapshot.file_folders if f.lower() in bases]
    folders += [
        f
        for f in snapshot.file_folders
        if f.rpartition("/")[2].lower() in _CONDUCT_FOLDERS and f.rpartition("/")[0].lower() in bases
    ]
    ranked: list[tuple[int, str]] = []
    for folder in folders:
        own_folder = folder.lower() not in bases
        for path in snapshot.children(folder):
            name = path.rpartition("/")[2].lower()
            stem, _, ext = name.rpartition(".")
            if own_folder:
                if ext in _DOC_EXTENSIONS:
                    english = stem in ("readme", "index", "en") or stem.startswith("en")
                    ranked.append((1 if english else 3, path))
                continue
            match = _CONDUCT_NAME.match(name)
            if match:
                locale = match.group("locale") or ""
                if locale in _DOC_EXTENSIONS:  # ``code_of_conduct.md`` read as the locale "md"
                    locale = ""
                ranked.append((0 if locale == "" or locale.startswith("en") else 2, path))
    return [path for _, path in sorted(ranked)]


def read_policies(snapshot: Snapshot, patterns: Mapping[str, object]) -> PolicyFacts:
    """Find and read every policy file."""
    files: dict[str, tuple[PolicyFile, ...]] = {}
    for role, paths in find_policy_files(snapshot, patterns).items():
        files[role] = tuple(_read_policy(snapshot, role, path) for path in paths)
    return PolicyFacts(files)


SECURITY_HEADING = re.compile(r"\bsecurity\b|vulnerab|responsible disclosure", re.IGNORECASE)
_EXAMPLE_DOMAINS = ("@example.com", "@example.org", "@domain.com")


def section_contact(text: str, heading: re.Pattern[str]) -> tuple[int, str, str] | None:
    """(line, section title, address) of the first e-mail or private reporting link in a section
    whose heading matches ``heading`` (a README's "Security" section, for instance)."""
    lines = text.splitlines()
    found = headings(text)
    for index, head in enumerate(found):
        if not heading.search(head.text):
            continue
        end = next((h.line for h in found[index + 1 :] if h.level <= head.level), len(lines) + 1)
        for number in range(head.line + 1, end):
            line = lines[number - 1]
            for email in EMAIL_RE.findall(line):
                if not email.lower().endswith(_EXAMPLE_DOMAINS):
                    return number, head.text, email
            for url in URL_RE.findall(line):
                if _PRIVATE_CHANNEL_URL.search(url):
                    return number, head.text, url
    return None


def _read_policy(snapshot: Snapshot, role: str, path: str) -> PolicyFile:
    text = snapshot.read_text(path)
    if text is None:
        return PolicyFile(role, path, False, snapshot.skipped.get(path, "unreadable"))
    emails = tuple(
        (line, match)
        for line, content in find_lines(text, EMAIL_RE, limit=20)
        for match in EMAIL_RE.findall(content)
        if not match.lower().endswith(_EXAMPLE_DOMAINS)
    )
    urls = tuple(
        (line, match)
        for line, content in find_lines(text, URL_RE, limit=50)
        for match in URL_RE.findall(content)
    )
    return PolicyFile(
        role=role,
        path=path,
        readable=True,
        emails=emails[:10],
        urls=urls[:20],
        placeholders=tuple(find_lines(text, PLACEHOLDER_CONTACT, limit=5)),
        reporting_lines=tuple(find_lines(text, _REPORTING_WORDS, limit=5)),
        words=words(text),
    )
