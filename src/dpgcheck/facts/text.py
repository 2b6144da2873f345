"""Small text helpers shared by the facts: headings, links, e-mail addresses, line numbers.

Every text here comes from a repository nobody vetted, so nothing may take more than linear time
in it: headings and e-mail addresses are found by string scans rather than regular expressions
whose overlapping quantifiers back-track (``# a`` + 3,000 spaces + ``b`` took minutes), and each
line is looked at only in its first ``MAX_LINE`` characters when finding headings and e-mail
addresses. Each scan matches exactly what the regular expression it replaced matched.
"""

from __future__ import annotations

import re
import string
from typing import Protocol

import msgspec

URL_RE = re.compile(r"https?://[^\s<>()\[\]\"'`]+[^\s<>()\[\]\"'`.,;:!?]")
_UNDERLINE = re.compile(r"^\s*([=\-~^\"'`#*+])\1{2,}\s*$")
_TAG = re.compile(r"<[^>]+>")
_LINKED_URL = re.compile(r"\(https?://[^)]*\)|https?://\S+")
_BARE_URL = re.compile(r"https?://\S+")
_SPACE = re.compile(r"\s")

MAX_LINE = 4096
"""Characters of a line looked at when finding a heading or an e-mail address: a longer line is
minified code or data, not prose, and the bound keeps every later step on it cheap."""


class LineSearch(Protocol):
    """What ``find_lines`` needs of a pattern: a compiled regular expression or ``EMAIL_RE``."""

    def search(self, line: str) -> object | None:
        """A true value when the line holds a match."""


_LOCAL_PART = frozenset(string.ascii_letters + string.digits + "._%+-")
_DOMAIN = frozenset(string.ascii_letters + string.digits + ".-")
_LETTERS = frozenset(string.ascii_letters)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what a regular expression's \w is


class _Emails:
    r"""The matches of ``\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b``, found from each "@"
    outwards in linear time (the expression itself is quadratic on ``a.a.a.…`` and worse)."""

    def findall(self, line: str) -> list[str]:
        """Every address in ``line`` (its first ``MAX_LINE`` characters), left to right."""
        line = line[:MAX_LINE]
        found: list[str] = []
        done = 0  # where the previous address ended: the next one starts there or later
        at = line.find("@")
        while at >= 0:
            match = self._around(line, at, done)
            if match is None:
                at = line.find("@", at + 1)
                continue
            found.append(line[match[0] : match[1]])
            done = match[1]
            at = line.find("@", done)
        return found

    def search(self, line: str) -> str | None:
        """The first address in ``line``, or None."""
        found = self.findall(line)
        return found[0] if found else None

    @staticmethod
    def _around(line: str, at: int, done: int) -> tuple[int, int] | None:
        # The local part is the run of local-part characters before "@", from its first word
        # boundary (the expression's leftmost start).
        first = at
        while first > done and line[first - 1] in _LOCAL_PART:
            first -= 1
        start = next(
            (i for i in range(first, at) if (i > 0 and _is_word(line[i - 1])) != _is_word(line[i])),
            None,
        )
        if start is None:
            return None
        end = at + 1
        while end < len(line) and line[end] in _DOMAIN:
            end += 1
        # The domain's greedy part gives back up to the last "." followed by 2+ letters and a
        # word boundary.
        dot = line.rfind(".", at + 2, end)
        while dot >= 0:
            stop = dot + 1
            while stop < end and line[stop] in _LETTERS:
                stop += 1
            if stop - dot > 2 and not (stop < len(line) and _is_word(line[stop])):
                return start, stop
            dot = line.rfind(".", at + 2, dot)
        return None


EMAIL_RE = _Emails()
"""E-mail addresses: ``EMAIL_RE.findall(line)``, ``EMAIL_RE.search(line)``."""


class Heading(msgspec.Struct, frozen=True):
    """A section heading of a Markdown, reStructuredText or HTML-in-Markdown document."""

    text: str
    level: int
    line: int


def headings(text: str) -> list[Heading]:
    """Markdown ATX, setext / reStructuredText underlined, and HTML headings, in order."""
    found: list[Heading] = []
    lines = text.splitlines()
    in_fence = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        bounded = line[:MAX_LINE]
        heading = _markdown_heading(bounded) or _html_heading(bounded)
        if heading:
            found.append(Heading(_clean(heading[1]), heading[0], index + 1))
            continue
        underline = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if line.strip() and _UNDERLINE.match(underline) and len(underline) >= min(3, len(line.strip())):
            level = 1 if underline[0] == "=" else 2
            found.append(Heading(_clean(line), level, index + 1))
    return found


def _markdown_heading(line: str) -> tuple[int, str] | None:
    r"""(level, raw text) as ``^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$`` would match, by string scans
    (that expression is cubic on ``# a`` + spaces + ``b``)."""
    lead = len(line) - len(line.lstrip())
    if lead > 3 or lead >= len(line) or line[lead] != "#":
        return None
    after = line[lead:].lstrip("#")
    level = len(line) - lead - len(after)
    body = after.lstrip()
    if level > 6 or body == after:  # seven hashes, or no space after them
        return None
    if not body:  # only spaces after the hashes: the lazy text takes the last one
        return (level, after[-1]) if len(after) >= 2 else None
    # The lazy text stops where only spaces, closing hashes and spaces remain (one character
    # at least).
    core = body.rstrip().rstrip("#").rstrip()
    return level, body[: max(1, len(core))]


def _html_heading(line: str) -> tuple[int, str] | None:
    r"""(level, raw text) of the first ``<hN …>…</hN>`` as ``<h([1-6])[^>]*>(.*?)</h\1>`` (ignoring
    case) would find it, in linear time: the searches for ">" and for each closing tag move only
    forward, so their results are reused (the expression is quadratic on repeated ``<h1>``)."""
    gt = -1
    closers: dict[str, int] = {}
    lt = line.find("<")
    while lt >= 0:
        if line[lt + 1 : lt + 2] in ("h", "H") and line[lt + 2 : lt + 3] in ("1", "2", "3", "4", "5", "6"):
            digit = line[lt + 2]
            if gt < lt + 3:
                gt = line.find(">", lt + 3)
            if gt < 0:
                return None  # no ">" after here: no later heading can open either
            close = closers.get(digit, -2)
            if close != -1 and close < gt + 1:
                found = [line.find(f"</{h}{digit}>", gt + 1) for h in "hH"]
                close = min((f for f in found if f >= 0), default=-1)
                closers[digit] = close
            if close >= 0:
                return int(digit), line[gt + 1 : close]
        lt = line.find("<", lt + 1)
    return None


def strip_tags(text: str, replacement: str) -> str:
    """``<[^>]+>`` replaced, in linear time: after the last ">" no tag can end, and left alone the
    expression scans from every "<" there to the end of the text."""
    end = text.rfind(">") + 1
    return _TAG.sub(replacement, text[:end]) + text[end:]


def _unlink(text: str) -> str:
    r"""``!?\[([^\]]*)\]\([^)]*\)`` replaced by its text, in linear time: the searches for "]"
    and ")" only move forward, so each result is reused (the expression is quadratic on "[[[…")."""
    parts: list[str] = []
    done = 0
    bracket = paren = -2
    opening = text.find("[")
    while opening >= 0:
        if bracket < opening + 1:
            bracket = text.find("]", opening + 1)
        if bracket < 0:
            break  # no "]" after here: nothing later can match
        if text[bracket + 1 : bracket + 2] == "(":
            if paren < bracket + 2:
                paren = text.find(")", bracket + 2)
            if paren < 0:
                break
            start = opening - 1 if opening > done and text[opening - 1] == "!" else opening
            parts.extend((text[done:start], text[opening + 1 : bracket]))
            done = paren + 1
            opening = text.find("[", done)
        else:
            opening = text.find("[", opening + 1)
    parts.append(text[done:])
    return "".join(parts)


def _clean(heading: str) -> str:
    heading = strip_tags(heading, "")
    heading = _unlink(heading)
    return heading.strip(" *_`:#").strip()


def line_number(text: str, offset: int) -> int:
    """The 1-based line holding character ``offset``."""
    return text.count("\n", 0, offset) + 1


def find_lines(text: str, pattern: LineSearch, limit: int = 5) -> list[tuple[int, str]]:
    """Up to ``limit`` (line number, stripped line) pairs where ``pattern`` matches."""
    hits: list[tuple[int, str]] = []
    for index, line in enumerate(text.splitlines()):
        if pattern.search(line):
            hits.append((index + 1, line.strip()[:200]))
            if len(hits) >= limit:
                break
    return hits


def words(text: str) -> int:
    """How many words of prose a document has (code fences and markup ignored)."""
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = strip_tags(text, " ")
    # Links: "(http…)" can only end at a ")", so after the last one (and the URL running on to
    # the next space) only bare URLs remain; without the split each "(http" scans to the end.
    last = text.rfind(")")
    space = _SPACE.search(text, last) if last >= 0 else None
    cut = 0 if last < 0 else space.start() if space else len(text)
    text = _LINKED_URL.sub(" ", text[:cut]) + _BARE_URL.sub(" ", text[cut:])
    return len(re.findall(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]{2,}", text))
