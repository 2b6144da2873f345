"""Small text helpers shared by the facts: headings, links, e-mail addresses, line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

URL_RE = re.compile(r"https?://[^\s<>()\[\]\"'`]+[^\s<>()\[\]\"'`.,;:!?]")
EMAIL_RE = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_HTML_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.IGNORECASE)
_UNDERLINE = re.compile(r"^\s*([=\-~^\"'`#*+])\1{2,}\s*$")


@dataclass(frozen=True)
class Heading:
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
        match = _MD_HEADING.match(line)
        if match:
            found.append(Heading(_clean(match.group(2)), len(match.group(1)), index + 1))
            continue
        html = _HTML_HEADING.search(line)
        if html:
            found.append(Heading(_clean(html.group(2)), int(html.group(1)), index + 1))
            continue
        underline = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if line.strip() and _UNDERLINE.match(underline) and len(underline) >= min(3, len(line.strip())):
            level = 1 if underline[0] == "=" else 2
            found.append(Heading(_clean(line), level, index + 1))
    return found


def _clean(heading: str) -> str:
    heading = re.sub(r"<[^>]+>", "", heading)
    heading = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    return heading.strip(" *_`:#").strip()


def line_number(text: str, offset: int) -> int:
    """The 1-based line holding character ``offset``."""
    return text.count("\n", 0, offset) + 1


def find_lines(text: str, pattern: re.Pattern[str], limit: int = 5) -> list[tuple[int, str]]:
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
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\(https?://[^)]*\)|https?://\S+", " ", text)
    return len(re.findall(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]{2,}", text))
