"""Copyright notices and who they name (DPG-3).

A notice counts only when it names a holder. Template placeholders (``[yyyy] [name of
copyright owner]``) and the license stewards' own notices inside license texts (``Copyright (C)
2007 Free Software Foundation``) say nothing about who owns the project.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dpgcheck.facts.project_paths import file_suffix, in_foreign_folder
from dpgcheck.sources.snapshot import Snapshot

_NOTICE = re.compile(
    r"(?:copyright|\(c\)|©|SPDX-FileCopyrightText:)\s*(?:\(c\)|©)?\s*(?P<rest>.*)", re.IGNORECASE
)
PLACEHOLDER = re.compile(
    r"\[\s*(?:yyyy|year|name of copyright owner|fullname|full name|copyright holders?|owner)[^\]]*\]"
    r"|<\s*(?:year|copyright holders?|name of author|owner|organization)[^>]*>"
    r"|\{\s*(?:yyyy|year|name of copyright owner|copyright holders?)[^}]*\}"
    r"|\bYOUR NAME\b|\bCOPYRIGHT HOLDER\b(?!S)",
    re.IGNORECASE,
)
LICENSE_STEWARDS = re.compile(
    r"free software foundation|mongodb,? inc|elasticsearch b\.?v|mariadb corporation",
    re.IGNORECASE,
)
"""Authors of license texts whose own notice is part of the text (GPL, SSPL, BUSL…): inside a
LICENSE file it is the text's, not the project's. Organisations that wrote licenses without such
a notice (Open Knowledge Foundation, Mozilla, Creative Commons) own DPGs and stay counted."""
_NOT_A_NOTICE = re.compile(
    r"copyright (?:notice|law|holders? (?:and|or)|owner(?:s)? (?:or|and)|license|and related|"
    r"protection|statement|permission|of the|to the|in the|is|may|shall|and permission)",
    re.IGNORECASE,
)
# After "Copyright": a year, a (c)/© sign, a placeholder, or a bare name ("Copyright The
# Kubernetes Authors"); prose that merely uses the word ("copyright owner or …") is none of them.
_LOOKS_LIKE_NOTICE = re.compile(
    r"^\s*(?:\(c\)|©|[\[<{]|(?:19|20)\d{2}|.*\b(?:19|20)\d{2}\b"
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


def _unassigned(rest: str) -> str:
    """``rest`` without an assignment's ``= "`` before it and quotes, commas, parentheses and
    spaces after it (a trailing run found by a scan from the end: a regular expression ending in
    ``[…]+$`` is quadratic on long runs of spaces inside the line)."""
    head = _ASSIGNMENT.match(rest)
    start = head.end() if head else 0
    end = len(rest)
    while end > start and (rest[end - 1] in "\"',;)" or rest[end - 1].isspace()):
        end -= 1
    return rest[start:end]


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


@dataclass(frozen=True)
class CopyrightNotice:
    """A copyright line and what it says."""

    path: str
    line: int
    text: str
    holder: str | None  # None for a placeholder or a notice naming nobody
    placeholder: bool


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
        if PLACEHOLDER.search(line):
            if not license_text or number <= _LICENSE_HEAD_LINES:
                found.append(CopyrightNotice(path, number, line[:200], None, True))
            continue
        holder = _unassigned(rest)
        holder = re.sub(r"\b(19|20)\d{2}\b(\s*[-–,]\s*((19|20)\d{2}|present))*", "", holder)
        holder = re.sub(r"(?i)all rights reserved\.?|\(c\)|©|by\b|`", "", holder)
        # The holder is named without e-mail addresses and links, so one person is one holder.
        holder = _CONTACT.sub("", holder)
        holder = re.sub(r"\s{2,}", " ", holder).strip(" ,.;:-\"'")
        if _HOLDER_WORD.search(holder):
            found.append(CopyrightNotice(path, number, line[:200], holder[:120], False))
    return found


def find_notices(
    snapshot: Snapshot, license_files: Iterable[str], other_files: Iterable[str]
) -> list[CopyrightNotice]:
    """Notices in license, NOTICE, AUTHORS and README files, then in sampled source headers."""
    notices: list[CopyrightNotice] = []
    for path in license_files:
        text = snapshot.read_text(path)
        if text:
            notices.extend(notices_in(path, text, license_text=True))
    for path in other_files:
        text = snapshot.read_text(path)
        if text:
            notices.extend(notices_in(path, text))
    sampled = 0
    for path in snapshot.paths:
        if sampled >= _SAMPLED_SOURCE_FILES:
            break
        # Examples, tests and vendored code carry other people's notices.
        if file_suffix(path).lower() not in _SOURCE_EXTENSIONS or in_foreign_folder(snapshot, path):
            continue
        sampled += 1
        text = snapshot.read_text(path, max_bytes=256 * 1024)
        if text:
            notices.extend(n for n in notices_in(path, text, _HEADER_LINES) if not n.placeholder)
    return notices
