"""Classify license texts: askalono for the match, guards for its known near-duplicate mistakes.

askalono compares a text's bigrams with every SPDX text, which is robust to copyright lines,
reflowing and Markdown. It is weak where two licenses differ by a few words (the CC-BY family
differs by the NonCommercial/NoDerivatives clauses; MIT and MIT-0 by one sentence; BSD-2 and
BSD-3 by one clause; Apache-2.0 without its appendix scores as Pixar): for those a guard checks
the words that tell them apart, and a match the guard contradicts becomes *unknown* with its
closest match, since a wrong id is worse than none.

A file holding several licenses (dual licensing, a bundled third-party text) is split at
separator lines, Markdown headings and license title lines, and each part is classified too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import msgspec
from msgspec.structs import replace

from dpgcheck.facts.licenses.cache import ClassificationCache, cache_file
from dpgcheck.facts.licenses.spdx import normalize_expression

CONFIDENT_SCORE = 0.85
"""askalono score from which a text is taken as that license; below it we say unknown."""

MIN_SECTION_WORDS = 25
"""A part shorter than this is a heading or a preamble, not a license text worth classifying."""

MAX_SECTIONS = 8
"""Parts of one file classified at most (each costs a classification on a cold cache)."""

COMMONS_CLAUSE = "LicenseRef-Commons-Clause"


class TextMatch(msgspec.Struct, frozen=True):
    """One license (or an unknown text) found in a span of a file."""

    spdx: str | None
    score: float
    closest: str  # askalono's nearest license, reported for unknown texts
    line: int
    end_line: int
    note: str = ""


HOLDER_LINES = re.compile(
    # "Copyright (c) 2024 Name", "© 2024 Name", "Copyright [yyyy] [name…]": a notice, not license text
    # (which has lines like "copyright notice that is…" and "(c) You must retain…").
    r"^[ \t]*(?:copyright[ \t]*(?:\(c\)|©)?[ \t]*(?:\d{4}|\[yyyy\]|<year>|\{yyyy\}|\(c\)|©)"
    r"|(?:©|\(c\))[ \t]*\d{4}).*$",
    re.IGNORECASE | re.MULTILINE,
)

NEUTRAL_NOTICE = "Copyright (c) <year> <copyright holders>"


class LicenseClassifier:
    """askalono behind an in-process memo and a persistent on-disk cache, keyed by text digest."""

    def __init__(self, cache: ClassificationCache | None = None) -> None:
        self._memo: dict[str, tuple[str, float]] = {}
        self._cache = cache if cache is not None else ClassificationCache(cache_file())
        self.calls = 0  # askalono invocations (for the benchmark)

    def classify(self, text: str) -> tuple[str, float]:
        """The nearest license name and askalono's score for it (0..1)."""
        # Copyright lines name the holder, not the license, and differ in every repository: with
        # one neutral notice in their place, a license text is classified once, not once per
        # repository (askalono takes ~140 ms per text, the bulk of a first run and of an audit).
        # The line is replaced, not removed: some texts (ISC vs 0BSD) differ by little more.
        text = HOLDER_LINES.sub(NEUTRAL_NOTICE, text)
        return self._classify(text, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())

    def _classify(self, text: str, digest: str) -> tuple[str, float]:
        found = self._memo.get(digest) or self._cache.get(digest)
        if found is None:
            self.calls += 1
            import askalono  # only for a text the cache has not seen

            match = askalono.identify(text)
            found = (str(match.name), float(match.score))
            self._cache.put(digest, found)
        self._memo[digest] = found
        return found

    def flush(self) -> None:
        """Persist new results."""
        self._cache.flush()


MAX_CLASSIFIED_TEXTS = 50
"""Distinct license texts classified at most per repository. Each costs ~140 ms on a cold cache;
a monorepo's per-package copies of one license are one text (holder lines are neutralised), so
real repositories stay far below this, while 5,000 distinct ``LICENSE-*`` files never ended."""

UNCLASSIFIED = "not classified"
"""The name a text over the budget gets (score 0): it is reported as unknown, with a note."""


class BudgetedClassifier(LicenseClassifier):
    """One repository's view of a shared classifier: at most ``limit`` distinct texts, the rest
    are reported unclassified (counted in ``left_out``). It shares the memo and cache."""

    def __init__(self, shared: LicenseClassifier, limit: int = MAX_CLASSIFIED_TEXTS) -> None:
        # The shared classifier's state is reused, not copied: results still reach its cache.
        self._shared = shared
        self._memo = shared._memo
        self._cache = shared._cache
        self.calls = 0
        self._limit = limit
        self._seen: set[str] = set()
        self._left_out: set[str] = set()

    @property
    def left_out(self) -> int:
        """How many distinct texts were not classified because the budget was spent."""
        return len(self._left_out)

    def _classify(self, text: str, digest: str) -> tuple[str, float]:
        if digest not in self._seen:
            if len(self._seen) >= self._limit:
                self._left_out.add(digest)
                return UNCLASSIFIED, 0.0
            self._seen.add(digest)
        before = self.calls
        found = super()._classify(text, digest)
        self._shared.calls += self.calls - before  # the benchmark counts askalono calls there
        return found


def _flat(text: str) -> str:
    text = re.sub(r"[*_`>#|]", " ", text.lower())
    return re.sub(r"\s+", " ", text)


def _has(flat: str, *phrases: str) -> bool:
    return any(phrase in flat for phrase in phrases)


# Licenses whose texts never restrict use: the same words in a text that matches one are a
# modification ("… but not for commercial use"), and the text is not that license any more.
_UNRESTRICTED = frozenset(
    {"MIT", "MIT-0", "ISC", "0BSD", "BSD-2-Clause", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSL-1.0"}
    | {"Apache-2.0", "MPL-2.0", "Zlib", "PostgreSQL", "UPL-1.0", "EUPL-1.2", "Artistic-2.0"}
)
_RESTRICTION = re.compile(
    r"non-?commercial|commercial (?:use|purposes?)|for commercial|military|not be used (?:for|by|in)"
    r"|(?<!specific )prior written (?:permission|consent)|may not (?:sell|be sold)|good, not evil"
    r"|personal use only|educational use only"
)


def restriction(text: str) -> str | None:
    """The first words of a text that restrict use ("non-commercial", "military"…), if any."""
    found = _RESTRICTION.search(_flat(text))
    return found.group(0) if found else None


def guard(spdx_id: str, text: str) -> tuple[str | None, str]:
    """Check a match against the words that tell near-duplicates apart.

    Returns the id to report (possibly corrected only where the text leaves no doubt) or None,
    and a note saying why.
    """
    flat = _flat(text)
    head = flat[:1500]
    noncommercial = re.search(r"non-?commercial", flat) is not None
    noderivs = re.search(r"no-?deriv", flat) is not None
    if spdx_id.startswith("CC-BY"):
        if noncommercial != ("-NC" in spdx_id):
            return None, "the NonCommercial clause and the matched Creative Commons license disagree"
        if noderivs != ("-ND" in spdx_id):
            return None, "the NoDerivatives clause and the matched Creative Commons license disagree"
        if (re.search(r"share-? ?alike", flat) is not None) != ("-SA" in spdx_id):
            return None, "the ShareAlike clause and the matched Creative Commons license disagree"
    included = _has(flat, "shall be included in all copies or substantial portions")
    if spdx_id == "MIT" and not included:
        return None, "MIT's notice-preservation sentence is missing (MIT-0 lacks it)"
    if spdx_id == "MIT-0" and included:
        return None, "the text keeps MIT's notice-preservation sentence, which MIT-0 drops"
    endorse = _has(flat, "endorse or promote", "neither the name")
    if spdx_id == "BSD-2-Clause" and endorse:
        return None, "the text has the no-endorsement clause of BSD-3-Clause"
    if spdx_id in ("BSD-3-Clause", "BSD-4-Clause") and not endorse:
        return None, "the no-endorsement clause of BSD-3-Clause is missing"
    if spdx_id == "BSD-3-Clause" and _has(flat, "all advertising materials"):
        return None, "the text has BSD-4-Clause's advertising clause"
    # The title decides the GNU family: GPL-2.0's preamble names the Library GPL, GPL-3.0's ends
    # by recommending the Lesser GPL, so only the words before the first "general public license"
    # count.
    title = flat[: flat.find("general public license")] if "general public license" in flat else ""
    title = title[-40:]
    lesser = "lesser" in title or "library" in title
    if spdx_id.startswith(("GPL-", "AGPL-")) and lesser:
        return None, "the text's title names the Lesser/Library GPL"
    if spdx_id.startswith("LGPL-") and title and not lesser:
        return None, "the text's title does not name the Lesser/Library GPL"
    if spdx_id.startswith("GPL-") and "affero" in title:
        return None, "the text's title names the Affero GPL"
    # AGPL-1.0 is GPL-2.0 plus one clause: GPL-2.0 without its appendix scores as AGPL-1.0.
    if (
        spdx_id.startswith("AGPL-1.0")
        and not _has(flat, "affero")
        and not lesser
        and _has(head, "general public license version 2, june 1991")
    ):
        return "GPL-2.0-only", "GNU GPL 2.0 without its appendix (askalono: AGPL-1.0)"
    if spdx_id.startswith("AGPL-") and not _has(flat, "affero"):
        return None, "the Affero GPL is not named"
    if spdx_id in _UNRESTRICTED:
        added = _RESTRICTION.search(flat)
        if added:
            return None, f"the text adds a restriction ({added.group(0)!r}) that {spdx_id} does not have"
    if spdx_id == "SMLNJ" and "lucent" not in flat:
        return None, "matched the SML/NJ license, but the text never names Lucent"
    if spdx_id == "Pixar" and "pixar" not in flat:
        if _has(head, "apache license") and _has(head, "version 2.0"):
            return "Apache-2.0", "Apache License 2.0 without its appendix (askalono: Pixar)"
        return None, "matched Pixar's license, but the text never names Pixar"
    return spdx_id, ""


LGPL3_MARK = (
    "this version of the gnu lesser general public license incorporates the terms and conditions "
    "of version 3 of the gnu general public license"
)


def rescue(name: str, score: float, text: str) -> tuple[str, str] | None:
    """A low score that only reflects how askalono stores a license, not a different text.

    askalono's LGPL-3.0 text carries the whole GPL-3.0 it incorporates, so the LGPL-3.0 text
    alone (what COPYING.LESSER holds) scores about 0.3 against it.
    """
    flat = _flat(text)
    if (
        name.startswith("LGPL-3.0")
        and score >= 0.2
        and LGPL3_MARK in flat
        and "additional definitions" in flat
    ):
        return "LGPL-3.0-only", "the LGPL-3.0 text without the GPL-3.0 text it incorporates"
    return None


def commons_clause_line(text: str) -> int | None:
    """The line of a Commons Clause condition, which makes any license it is added to non-open."""
    match = re.search(r"commons clause", text, flags=re.IGNORECASE)
    if match and re.search(r"right to sell the software", _flat(text)):
        return text.count("\n", 0, match.start()) + 1
    return None


# "-----", "=====", banner lines such as "***** BEGIN LICENSE BLOCK *****", and the lines of three
# double quotes that fence each bundled license in Node.js-style notice files.
_SEPARATOR_MARKS = frozenset("-=*_~#")


def _is_separator(line: str) -> bool:
    r"""Whether ``line`` is such a separator: what ``^\s*(?:(?:[-=*_~#]\s*){3,}|[-=*_~#]{3,}
    [^\n]{0,60}[-=*_~#]{3,}|\x22{3}|\x27{3})\s*$`` matched, by string tests (the expression
    back-tracked for minutes over a long line of dashes followed by a letter)."""
    text = line.strip()
    if text in ('"""', "'''"):
        return True
    marks = sum(1 for char in text if char in _SEPARATOR_MARKS)
    if marks >= 3 and marks + sum(1 for char in text if char.isspace()) == len(text):
        return True  # marks, perhaps spaced: "- - -", "*****"
    # A title between runs of marks: "***** BEGIN LICENSE BLOCK *****" (at most 60 between).
    head = len(text) - len(text.lstrip("-=*_~#"))
    tail = len(text) - len(text.rstrip("-=*_~#"))
    return head >= 3 and tail >= 3 and len(text) - head - tail <= 60


_MD_HEADING = re.compile(r"^\s{0,3}#{1,2}\s+\S")


def sections(text: str, is_title: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """Split a file into (first line, last line, text) parts at separators, headings and titles."""
    lines = text.splitlines()
    starts = [0]
    for index, line in enumerate(lines):
        if index == 0:
            continue
        previous_blank = not lines[index - 1].strip()
        if (
            (
                _is_separator(line)
                and (previous_blank or (index + 1 < len(lines) and not lines[index + 1].strip()))
            )
            # Only a heading or a line that names a license starts a part: "## Terms and
            # Conditions" inside one license must not split it.
            or ((_MD_HEADING.match(line) or previous_blank) and _looks_like_title(line) and is_title(line))
        ):
            starts.append(index)
    starts = sorted(set(starts))
    parts: list[tuple[int, int, str]] = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        body = "\n".join(lines[start:end])
        if len(body.split()) >= MIN_SECTION_WORDS:
            parts.append((start + 1, end, body))
    return parts


def _looks_like_title(line: str) -> bool:
    stripped = line.strip().strip("#*=_ ")
    return 0 < len(stripped.split()) <= 9 and not stripped.endswith((".", ",", ";"))


def _match(
    classifier: LicenseClassifier, text: str, first: int, last: int
) -> tuple[TextMatch, str | None, float]:
    name, score = classifier.classify(text)
    if score < CONFIDENT_SCORE:
        rescued = rescue(name, score, text)
        if rescued:
            return TextMatch(rescued[0], score, name, first, last, rescued[1]), name, score
        why = f"{UNCLASSIFIED}: too many distinct license texts" if name == UNCLASSIFIED else ""
        return TextMatch(None, score, name, first, last, why or "no license matches confidently"), name, score
    spdx, note = guard(name, text)
    spdx = normalize_expression(spdx) or spdx if spdx else None
    if spdx:
        spdx, note = gnu_notice(spdx, text, note)
    return TextMatch(spdx, score, name, first, last, note), name, score


_LATER = re.compile(r"\bor\s+(?:\(at\s+your\s+option\)\s+)?any\s+later\s+version\b")


_MD_LINK = re.compile(r"\[([^\]\n]{0,200})\]\([^)\s]{0,500}\)")
_GNU_NOTICE = re.compile(
    r"under the terms of the gnu (affero |lesser |library )?general public license,? as published by "
    r"the free software foundation,? (?:either )?(?:version (\d(?:\.\d)?)|v(\d))"
)


def gnu_notice_match(text: str) -> TextMatch | None:
    """The license a GNU notice names ("… under the terms of the GNU Affero General Public License
    as published by the Free Software Foundation, either version 3 of the License, or (at your
    option) any later version"), when the notice is followed by other matter (a list of bundled
    libraries, Markdown links) that keeps the whole text from matching the notice."""
    flat = _flat(_MD_LINK.sub(r"\1", text))
    if "terms and conditions" in flat:
        return None  # a full license text: its how-to appendix holds the notice
    found = _GNU_NOTICE.search(flat)
    if found is None:
        return None
    family = {"affero ": "AGPL", "lesser ": "LGPL", "library ": "LGPL"}.get(found.group(1) or "", "GPL")
    version = found.group(2) or found.group(3)
    version = version if "." in version else version + ".0"
    later = _LATER.search(flat[found.end() : found.end() + 200]) is not None
    spdx = normalize_expression(f"{family}-{version}-{'or-later' if later else 'only'}")
    if spdx is None:
        return None
    note = "a GNU license notice: " + (
        'it says "or any later version"' if later else "it names this version only"
    )
    return TextMatch(spdx, 0.9, spdx, 1, text.count("\n") + 1, note)


def gnu_notice(spdx: str, text: str, note: str) -> tuple[str, str]:
    """A GNU notice ("… version 3 of the License, or (at your option) any later version") names
    ``-or-later``; the full license text carries that sentence only in its how-to appendix, so
    only a text without the license's terms and conditions is read this way."""
    if not spdx.startswith(("GPL-", "LGPL-", "AGPL-")) or not spdx.endswith("-only"):
        return spdx, note
    flat = _flat(text)
    if "terms and conditions" in flat:
        return spdx, note
    if _LATER.search(flat):
        later = spdx.removesuffix("-only") + "-or-later"
        return later, (note + "; " if note else "") + 'the notice says "or any later version"'
    return spdx, (note + "; " if note else "") + "the notice names this version only"


def classify_file(
    text: str, classifier: LicenseClassifier, is_title: Callable[[str], bool]
) -> list[TextMatch]:
    """Every license in one file's text (one unknown TextMatch when nothing matches)."""
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    whole, _, _ = _match(classifier, text, 1, max(lines, 1))
    parts = sections(text, is_title)
    found: list[TextMatch] = []
    if len(parts) >= 2:
        # Bundled third-party notices can hold dozens of licenses; the project's own comes first.
        matches = [_match(classifier, body, first, last)[0] for first, last, body in parts[:MAX_SECTIONS]]
        if len(parts) > MAX_SECTIONS:
            skipped = f"only the first {MAX_SECTIONS} of {len(parts)} parts of this file were classified"
            matches = [replace(m, note=f"{m.note}; {skipped}" if m.note else skipped) for m in matches]
        found = [m for m in matches if m.spdx]
        ids = {m.spdx for m in found}
        if whole.spdx and whole.spdx not in ids and len(parts) <= MAX_SECTIONS:
            # The whole text is one license made of parts (Python-2.0 holds the PSF, CNRI and CWI
            # licenses): its parts are not licenses of their own here.
            found = []
        if len(ids) == 1 and whole.spdx in ids:
            found = []  # one license split by its own headings: report the whole file
        elif found and whole.spdx and whole.spdx not in ids:
            found.append(whole)
    if not found:
        notice = gnu_notice_match(text) if whole.spdx is None else None
        found = [notice or whole]
    clause = commons_clause_line(text)
    if clause is not None:
        found.append(
            TextMatch(COMMONS_CLAUSE, 1.0, "Commons Clause", clause, clause, "Commons Clause condition")
        )
    return found
