"""Copyright notices and who they name (DPG-3).

A notice counts only when it names a holder. Template placeholders (``[yyyy] [name of
copyright owner]``) and the license stewards' own notices inside license texts (``Copyright (C)
2007 Free Software Foundation``) say nothing about who owns the project.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import msgspec
from msgspec.structs import replace

from dpgcheck.facts.project_paths import file_suffix, in_foreign_folder
from dpgcheck.sources.snapshot import Snapshot

_NOTICE = re.compile(
    r"(?:copyright|\(c\)|©|SPDX-FileCopyrightText:)\s*(?:\(c\)|©)?\s*(?P<rest>.*)", re.IGNORECASE
)
PLACEHOLDER = re.compile(
    r"\[\s*(?:name of copyright owner|fullname|full name|copyright holders?|owner|your name|name)[^\]]*\]"
    r"|<\s*(?:copyright holders?|name of author|owner|organization|your name|name)[^>]*>"
    r"|(?<!\$)\{\s*(?:name of copyright owner|copyright holders?|owner|fullname|name)[^}]*\}"
    r"|\bYOUR NAME\b|\bCOPYRIGHT HOLDER\b(?!S)",
    re.IGNORECASE,
)
"""A template's placeholder for the holder's name: the notice names nobody."""
YEAR_PLACEHOLDER = re.compile(
    r"\[\s*(?:yyyy|year)\s*\]|<\s*(?:yyyy|year)\s*>|(?<!\$)\{\s*(?:yyyy|year)\s*\}", re.IGNORECASE
)
"""A template's placeholder for the year (``[yyyy]``); ``$YEAR``/``${year}``, filled in at build
time, is not one."""
LICENSE_STEWARDS = re.compile(
    r"free software foundation|mongodb,? inc|elasticsearch b\.?v|mariadb corporation",
    re.IGNORECASE,
)
"""Authors of license texts whose own notice is part of the text (GPL, SSPL, BUSL…): inside a
LICENSE file it is the text's, not the project's. Organisations that wrote licenses without such
a notice (Open Knowledge Foundation, Mozilla, Creative Commons) own DPGs and stay counted."""
_NOT_A_NOTICE = re.compile(
    r"copyright (?:notice|law|holders? (?:and|or|be)|owner(?:s)? (?:or|and)|license|and related|"
    r"protection|statement|permission|of the|to the|in the|is|may|shall|and permission)",
    re.IGNORECASE,
)
# After "Copyright": a year, a (c)/© sign, a placeholder, or a bare name ("Copyright The
# Kubernetes Authors"); prose that merely uses the word ("copyright owner or …") is none of them.
_LOOKS_LIKE_NOTICE = re.compile(
    r"^\s*(?:\(c\)|©|[\[<{]|(?:19|20)\d{2}|\$\{?year\b|by\s+[A-Z]|.*\b(?:19|20)\d{2}\b"
    r"|[A-Z][\w.&,'’() -]{1,80}(?:\s*<[^<>\s]+>)?\.?$)"
)
# A documentation config's `copyright = "2010 Pallets"` names the owner as well as a notice does.
_ASSIGNMENT = re.compile(r"""^\s*[=:]\s*[fubr]?["']?""")
# An address is one "@" between two runs without spaces or "@", from the run's start: with
# ``\S+@\S+\.\w+`` a long run of "a@a@…" back-tracked for minutes.
_CONTACT = re.compile(r"<[^<>]*>|\(?https?://\S+\)?|(?<![^\s@])[^\s@]+@[^\s@]+\.\w+")
# Placeholders inside a license text's appendix ("How to apply these terms": "Copyright (C)
# <year> <name of author>") are the license's template, not the project's unfilled notice; only
# the head of a license file is the project's own.
_LICENSE_HEAD_LINES = 12
# "(c) You must retain …" is clause (c) of a license (Apache-2.0 section 4), not a notice: a
# leading "(c)" counts only when a year or the word copyright follows.
_ENUMERATED_C = re.compile(r"(?i)\(c\)\s*(?!copyright\b|\(?(?:19|20)\d{2})")
_HOLDER_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]{2,}")


# A year, a range of years, ``$YEAR``/``${year}``/``{year:d}`` (a year filled in at build time,
# not part of the name) and ``present``, with the separators between them.
_YEAR = r"(?:(?:19|20)\d{2}|\$\{?year\}?|\{\s*\w{0,20}year\w{0,20}(?::\w{0,5})?\s*\}|present)(?![\w}])"
_YEARS = re.compile(rf"(?i)(?<![\w$]){_YEAR}(?:\s*[-–,/]\s*{_YEAR})*(?:\s*[-–](?=\s|$))?")
# A Markdown link ``[Name](https://…)`` names "Name".
_MARKDOWN_LINK = re.compile(r"\[([^\[\]]{1,120})\]\([^()\s]{0,300}\)")
# A template's brackets filled in with real values: ``<2020> <Acme>`` → ``2020 Acme``.
_FILLED_BRACKET = re.compile(r"[<\[{]\s*([^<>\[\]{}@/:]{1,120}?)\s*[>\]}]")
# A pointer after the name: "listed above / below", "as listed in AUTHORS", "(see AUTHORS.md)".
_POINTER = re.compile(
    r"(?i)[\s,]*(?:\(\s*see [^()]{1,60}\)"
    r"|(?:as )?(?:listed|named|mentioned) (?:above|below|in [\w./ -]{1,40}))\W*$"
)
_POINTER_TAIL = 120
# Emoji presentation selectors (``©️``) and other invisible marks.
_INVISIBLE = re.compile("[\ufe0e\ufe0f\u200b-\u200d\u2060]")


def clean_holder(raw: str) -> str | None:
    """The holder a notice's text after "Copyright" names, or None when it names nobody.

    Years (and ``$YEAR``), "(c)", "All rights reserved", e-mail addresses and links go; a
    leading "by" goes (a "by" inside a name stays); brackets of a filled-in template go, and
    brackets left unbalanced are dropped rather than shown half.
    """
    holder = _INVISIBLE.sub("", raw)
    holder = _MARKDOWN_LINK.sub(r"\1", holder)
    holder = _FILLED_BRACKET.sub(r"\1", holder)
    holder = _CONTACT.sub("", holder)
    holder = _YEARS.sub(" ", holder)
    holder = re.sub(r"(?i)all rights reserved\.?|\(c\)|©|`", " ", holder)
    holder = re.sub(r"(?i)^\W*by\b", "", holder.strip())
    # "The OpenCRVS Authors listed above", "… (see AUTHORS)": a pointer, not part of the name.
    # Searched in the last characters only: a pointer is short, and a search from every
    # position of a long run of spaces would be quadratic.
    cut = max(0, len(holder) - _POINTER_TAIL)
    holder = holder[:cut] + _POINTER.sub("", holder[cut:])
    holder = _balanced(re.sub(r"\s{2,}", " ", holder).strip(" ,.;:-'")).strip(" ,.;:-'")
    # A name wrapped whole in quotes or parentheses is the name.
    while len(holder) > 1 and (holder[0], holder[-1]) in (('"', '"'), ("(", ")")):
        holder = _balanced(holder[1:-1]).strip(" ,.;:-'")
    holder = re.sub(r"\s{2,}", " ", holder).strip()
    return holder[:120] if _HOLDER_WORD.search(holder) else None


def _balanced(text: str) -> str:
    """``text`` without the brackets (and double quotes) that have no partner (``Acme (AC`` →
    ``Acme AC``)."""
    pairs = {")": "(", "]": "[", ">": "<", "}": "{"}
    stack: list[int] = []
    drop: set[int] = set()
    for index, char in enumerate(text):
        if char in "([<{":
            stack.append(index)
        elif char in pairs:
            if stack and text[stack[-1]] == pairs[char]:
                stack.pop()
            else:
                drop.add(index)
    drop.update(stack)
    if text.count('"') % 2:
        drop.update(index for index, char in enumerate(text) if char == '"')
    return "".join(char for index, char in enumerate(text) if index not in drop)


def same_holder(name: str) -> str:
    """A key under which spellings of one holder meet ("Acme, Inc." and "ACME Inc")."""
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


def _unassigned(rest: str) -> str:
    """``rest`` without an assignment's ``= "`` before it and quotes, commas, parentheses and
    spaces after it (a trailing run found by a scan from the end: a regular expression ending in
    ``[…]+$`` is quadratic on long runs of spaces inside the line)."""
    start, end = _unassigned_span(rest)
    return rest[start:end]


def _unassigned_span(rest: str) -> tuple[int, int]:
    head = _ASSIGNMENT.match(rest)
    start = head.end() if head else 0
    end = len(rest)
    while end > start and (rest[end - 1] in "\"',;)" or rest[end - 1].isspace()):
        end -= 1
    return start, end


def _holder_text(rest: str) -> str:
    """``_unassigned(rest)``, keeping the closing parentheses that close one the name opened
    (``… Solutions (NIIS)``)."""
    start, end = _unassigned_span(rest)
    text = rest[start:end]
    tail = rest[end:]
    for _ in range(text.count("(") - text.count(")")):
        close = tail.find(")")
        if close < 0:
            break
        text += ")"
        tail = tail[close + 1 :]
    return text


_HEADER_LINES = 30
_SAMPLED_SOURCE_FILES = 40
_SOURCE_EXTENSIONS = (
    ".py",
    ".js",
    ".ts",
    ".java",
    ".go",
    ".rb",
    ".php",
    ".cs",
    ".kt",
    ".c",
    ".h",
    ".cpp",
    ".rs",
    ".swift",
    ".scala",
    ".dart",
    ".ex",
    ".vue",
    ".tsx",
)


SOURCE_HEADER = "source file header"


class CopyrightNotice(msgspec.Struct, frozen=True):
    """A copyright line and what it says."""

    path: str
    line: int
    text: str
    holder: str | None  # None for a placeholder or a notice naming nobody
    placeholder: bool
    source: str = "copyright notice"  # or "package metadata", "docs-site config", "README statement"


def notices_in(
    path: str, text: str, max_lines: int | None = None, license_text: bool = False
) -> list[CopyrightNotice]:
    """Copyright notices in ``text`` (the first ``max_lines`` lines when given).

    In a license text (``license_text``), the license steward's own notice is skipped.
    """
    found: list[CopyrightNotice] = []
    for number, raw in enumerate(text.splitlines()[:max_lines], start=1):
        line = raw.strip().lstrip("#/*-;!% ").strip()
        match = _NOTICE.search(line)
        if not match or not re.match(r"(?i)(copyright|\(c\)|©|spdx-filecopyrighttext)", line):
            continue
        if _NOT_A_NOTICE.match(line) or (license_text and LICENSE_STEWARDS.search(line)):
            continue
        if _ENUMERATED_C.match(line):
            continue
        rest = match.group("rest")
        if not _LOOKS_LIKE_NOTICE.match(rest) and not line.lower().startswith("spdx-"):
            continue
        named = not PLACEHOLDER.search(line)
        holder = clean_holder(YEAR_PLACEHOLDER.sub(" ", _holder_text(rest))) if named else None
        in_head = not license_text or number <= _LICENSE_HEAD_LINES
        if holder:
            found.append(CopyrightNotice(path, number, line[:200], holder, False))
        elif in_head and (not named or YEAR_PLACEHOLDER.search(line)):
            found.append(CopyrightNotice(path, number, line[:200], None, True))
    return found


_OWNERSHIP_PREFIXES = ("notice", "copyright", "authors")
_TEXT_SUFFIXES = ("", ".md", ".txt", ".rst", ".adoc")
# Coverage reports and bundles hold other people's code (jQuery, Chart.js) with their notices.
_GENERATED_PARTS = frozenset({"htmlcov", "coverage", ".nyc_output", "dist", "build", "public"})
_BUNDLED_NAME = re.compile(r"(?i)[.-](?:min|bundle|umd|esm)\.(?:js|css)$|\.(?:chunk|vendor)\.js$")
_HEADER_TEMPLATE_NAME = re.compile(r"(?i)header")
_COMMENT_OPENER = re.compile(r"^\s*(?:/\*|<!--|\(\*)")


def ownership_files(snapshot: Snapshot, policy_dirs: Iterable[str] = ("",)) -> list[str]:
    """NOTICE*, COPYRIGHT* and AUTHORS* files (``NOTICE_RELEASE``, ``COPYRIGHT.txt``) at the root
    and in the policy folders, root first."""
    found: list[str] = []
    for folder in policy_dirs:
        for path in snapshot.children(folder):
            name = path.rsplit("/", 1)[-1].lower()
            if name.startswith(_OWNERSHIP_PREFIXES) and file_suffix(path).lower() in _TEXT_SUFFIXES:
                found.append(path)
    return found


def is_header_template(path: str, text: str) -> bool:
    """A license-header template (``license-header``, a comment block to paste at the top of each
    source file): its notice is the project's header, not a notice of the project itself."""
    name = path.rsplit("/", 1)[-1]
    first = next((line for line in text.splitlines()[:10] if line.strip()), "")
    return bool(_HEADER_TEMPLATE_NAME.search(name) or _COMMENT_OPENER.match(first))


def _bundled(path: str) -> bool:
    parts = path.lower().split("/")
    return bool(_GENERATED_PARTS.intersection(parts[:-1]) or _BUNDLED_NAME.search(parts[-1]))


def find_notices(
    snapshot: Snapshot,
    license_files: Iterable[str],
    other_files: Iterable[str],
    statements: Iterable[CopyrightNotice] = (),
    portions: Mapping[str, int] = MappingProxyType({}),
) -> list[CopyrightNotice]:
    """Notices in license, NOTICE, AUTHORS and README files, then ``statements`` (owners named by
    package metadata and docs configs), then notices in sampled source headers.

    ``portions``: per license file, the line where a portion's license starts (a bundled
    component's text appended after the project's): the notices from there on are the
    component's authors', not the project's owners."""
    notices: list[CopyrightNotice] = []
    for path in license_files:
        text = snapshot.read_text(path)
        if text and path in portions:
            text = "\n".join(text.splitlines()[: portions[path] - 1])
        if text and not is_header_template(path, text):
            notices.extend(notices_in(path, text, license_text=True))
    for path in dict.fromkeys(other_files):
        text = snapshot.read_text(path)
        if text:
            notices.extend(notices_in(path, text))
    notices.extend(statements)
    sampled = 0
    for path in snapshot.paths:
        if sampled >= _SAMPLED_SOURCE_FILES:
            break
        # Examples, tests, vendored and bundled code carry other people's notices.
        suffix = file_suffix(path).lower()
        if suffix not in _SOURCE_EXTENSIONS or in_foreign_folder(snapshot, path) or _bundled(path):
            continue
        sampled += 1
        text = snapshot.read_text(path, max_bytes=256 * 1024)
        if text:
            headers = notices_in(path, text, _HEADER_LINES)
            notices.extend(replace(n, source=SOURCE_HEADER) for n in headers if not n.placeholder)
    return notices
