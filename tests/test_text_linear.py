"""Headings, e-mail addresses, tags and links found in linear time, exactly as the regular
expressions they replace found them, and hostile lines that made those expressions back-track
for minutes now answered at once."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import pytest

from dpgcheck.facts import text as text_module
from dpgcheck.facts.text import EMAIL_RE, MAX_LINE, headings, strip_tags, words

# The expressions as they were: the reference the scans must agree with on ordinary input.
OLD_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
OLD_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
OLD_HTML_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.IGNORECASE)
OLD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
OLD_URLS = re.compile(r"\(https?://[^)]*\)|https?://\S+")


def _old_words(text: str) -> int:
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", text)
    text = OLD_URLS.sub(" ", text)
    return len(re.findall(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]{2,}", text))


def _random(rng: random.Random, alphabet: list[str], longest: int = 30) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest)))


EMAIL_PIECES = ["a", "Z", "9", "_", ".", "-", "+", "%", "@", " ", "é", "co", "org", ".x", "@b.cd", "\t", "!"]
HEADING_PIECES = [
    " ",
    "\t",
    "#",
    "##",
    "a",
    "b c",
    "\u00a0",
    "*",
    "`",
    ":",
    "<h2>",
    "</h2>",
    "<H3 x>",
    "</h3>",
]
HTML_PIECES = ["<", ">", "<h1>", "</h1>", "<H2 a='>'>", "</H2>", "</h2", "h1", "x", " ", "<h7>", "</h", "1"]
LINK_PIECES = ["[", "]", "(", ")", "!", "a", " ", "](", "![x](y)", "[t](u)", "<", ">", "<b>"]
WORD_PIECES = ["(", ")", "http://", "https://", "a", "word", " ", "\n", "```", "<", ">", "x.y", "é"]


def test_email_scan_matches_the_expression_on_random_lines() -> None:
    rng = random.Random(9)
    for _ in range(20000):
        line = _random(rng, EMAIL_PIECES)
        assert EMAIL_RE.findall(line) == OLD_EMAIL.findall(line), line
        assert (EMAIL_RE.search(line) is None) == (OLD_EMAIL.search(line) is None), line


def test_heading_scans_match_the_expressions_on_random_lines() -> None:
    rng = random.Random(10)
    for pieces in (HEADING_PIECES, HTML_PIECES):
        for _ in range(20000):
            line = _random(rng, pieces, 12)
            old = OLD_MD_HEADING.match(line)
            assert text_module._markdown_heading(line) == (
                (len(old.group(1)), old.group(2)) if old else None
            ), line
            html = OLD_HTML_HEADING.search(line)
            assert text_module._html_heading(line) == (
                (int(html.group(1)), html.group(2)) if html else None
            ), line


def test_tag_and_link_scans_match_the_expressions_on_random_text() -> None:
    rng = random.Random(11)
    for _ in range(20000):
        sample = _random(rng, LINK_PIECES, 20)
        assert strip_tags(sample, "") == re.sub(r"<[^>]+>", "", sample), sample
        assert text_module._unlink(sample) == OLD_LINK.sub(r"\1", sample), sample
        prose = _random(rng, WORD_PIECES, 20)
        assert words(prose) == _old_words(prose), prose


def test_hostile_heading_lines_give_the_right_headings() -> None:
    spaces = "# a" + " " * 3000 + "b"
    assert [(h.text, h.level) for h in headings(spaces)] == [("a" + " " * 3000 + "b", 1)]
    assert headings("<h1>" * 100_000) == []
    assert [h.text for h in headings("<h1>" * 1000 + "Title</h1>")] == ["Title"]
    closing = "#" + " " * 5000 + "#" * 5000 + " " * 5000
    assert [(h.text, h.level) for h in headings(closing)] == [("", 1)]


def test_hostile_lines_give_the_right_addresses() -> None:
    assert EMAIL_RE.findall("a." * 100_000) == []
    assert EMAIL_RE.findall("a@" * 50_000) == []
    assert EMAIL_RE.findall("x@" + "a." * 1000 + "org ") == ["x@" + "a." * 1000 + "org"]
    # Past MAX_LINE characters a line is not looked at.
    assert EMAIL_RE.findall(" " * MAX_LINE + "sec@example.net") == []
    assert EMAIL_RE.findall(" " * (MAX_LINE - 20) + "sec@example.net") == ["sec@example.net"]


HOSTILE = {
    "markdown heading": "'# a' + ' ' * 3000 + 'b\\n'",
    "markdown heading, long": "'# a' + ' ' * 2_000_000 + 'b\\n'",
    "html headings": "'<h1>' * 475_000",
    "code of conduct a.": "'a.' * 1_000_000",
    "tags": "'<' * 2_000_000",
    "links": "'(http://a ' * 200_000",
    "markdown links": "'# ' + '[' * 4000 + '\\n' * 2 + ('# ' + '[a](' * 1000 + '\\n') * 500",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_documents_are_read_within_a_generous_bound(name: str) -> None:
    # A guard, not a timing test: each of these took minutes (some never ended) before.
    script = (
        "from dpgcheck.facts.text import headings, words, EMAIL_RE, find_lines\n"
        "from dpgcheck.facts.policies import section_contact, SECURITY_HEADING\n"
        f"t = {HOSTILE[name]}\n"
        "headings(t); words(t); find_lines(t, EMAIL_RE); section_contact(t, SECURITY_HEADING)\n"
        "[EMAIL_RE.findall(line) for line in t.splitlines()]\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
