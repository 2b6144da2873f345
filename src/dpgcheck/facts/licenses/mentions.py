"""Licenses mentioned outside manifests: SPDX-License-Identifier headers and README prose.

Headers are read from an evenly spread sample of source files, never from a whole huge tree.
README prose is heuristic: a "License" section's "licensed under X" sentences, license links
and license badges; only names that resolve to SPDX become findings.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from msgspec.structs import replace

from dpgcheck.facts.licenses.declared import Declaration
from dpgcheck.facts.licenses.names import resolve
from dpgcheck.facts.project_paths import own_files_with_extensions
from dpgcheck.facts.text import URL_RE, headings
from dpgcheck.sources.snapshot import Snapshot

# The tag alone on a comment line (a mention inside prose or a string is not a header):
#   ^[ \t]*(?:#+|//+|/\*+|\*+|--|;+|%+|<!--|\{#|\(\*|\.\.)?[ \t]*SPDX-License-Identifier:[ \t]*
#   ([A-Za-z0-9.+:() -]+?)[ \t]*(?:\*/|-->|#\}|\*\))?[ \t]*$
# That expression back-tracks cubically in the runs of spaces of a line (minutes over a file of
# them), so the line is found by a linear expression and its value cut out by ``_header_value``.
_HEADER_LINE = re.compile(
    r"^[ \t]*(?:(?:#+|//+|/\*+|\*+|--|;+|%+|<!--|\{#|\(\*|\.\.)[ \t]*)?SPDX-License-Identifier:(.*)$",
    re.MULTILINE,
)
_VALUE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.+:() -")
_CLOSERS = ("*/", "-->", "#}", "*)")


def _header_value(rest: str) -> str | None:
    """The value the expression above captures from the text after the tag, or None."""
    # The value ends where only spaces, one optional comment closer and spaces remain: at or
    # after the end of the text without its trailing spaces, or right before such a closer.
    trimmed = rest.rstrip(" \t")
    ends = [(len(trimmed), len(rest))]
    closer = next((c for c in _CLOSERS if trimmed.endswith(c)), None)
    if closer:
        before = trimmed[: -len(closer)]
        ends.append((len(before.rstrip(" \t")), len(before)))
    bad = [i for i, char in enumerate(rest) if char not in _VALUE_CHARS]
    lead = len(rest) - len(rest.lstrip(" \t"))
    # The expression gives up leading spaces one by one when the value cannot start later.
    for start in range(lead, -1, -1):
        stop = bisect.bisect_left(bad, start)
        last = bad[stop] if stop < len(bad) else len(rest)  # the value's characters end here
        found = [max(low, start + 1) for low, high in ends if max(low, start + 1) <= min(high, last)]
        if found:
            return rest[start : min(found)]
    return None


def spdx_headers(text: str) -> Iterator[tuple[int, str]]:
    """(offset, value) of each SPDX-License-Identifier comment line in ``text``."""
    for match in _HEADER_LINE.finditer(text):
        value = _header_value(match.group(1))
        if value is not None:
            yield match.start(), value


# Looked up in the snapshot's index by extension, not tested against every path.
_SOURCE_EXTS = frozenset(
    {"py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "go", "java", "kt", "rb", "php", "cs", "c", "h", "cc"}
    | {"cpp", "hpp", "rs", "swift", "sh", "scala", "dart", "ex", "exs", "r", "vue", "svelte", "lua", "pl"}
    | {"m", "css", "scss", "sql"}
)
HEADER_SAMPLE = 60
"""Source files whose first lines are read for SPDX-License-Identifier headers."""


def header_declarations(snapshot: Snapshot, sample: int = HEADER_SAMPLE) -> list[Declaration]:
    """SPDX-License-Identifier headers in an evenly spread sample of the project's source files."""
    sources = own_files_with_extensions(snapshot, _SOURCE_EXTS)
    if not sources:
        return []
    step = max(1, len(sources) // sample)
    chosen = sources[::step][:sample]
    seen: dict[str, Declaration] = {}
    for path in chosen:
        text = snapshot.read_text(path)
        if not text:
            continue
        head = text[:3000]
        header = next(spdx_headers(head), None)
        if header is None:
            continue
        raw = header[1].strip().rstrip(".")
        if raw in seen:
            seen[raw] = replace(seen[raw], count=seen[raw].count + 1)
        else:
            seen[raw] = Declaration(
                path, raw, "SPDX-License-Identifier header", head.count("\n", 0, header[0]) + 1
            )
    return [
        Declaration(
            d.path,
            d.raw,
            f"SPDX-License-Identifier header ({d.count} of {len(chosen)} sampled files)",
            d.line,
            d.kind,
            d.count,
        )
        for d in seen.values()
    ]


_LICENSE_HEADING = re.compile(
    r"^(licen[cs]es?|licen[cs]ing|copying|copyright( and licen[cs]es?)?|legal)$", re.IGNORECASE
)
_UNDER = re.compile(
    r"(?:licen[cs]ed|released|distributed|available|published|provided)\s+(?:\w+\s+){0,3}?under\s+(?:the\s+|an?\s+)?"
    r"(?:terms\s+of\s+(?:the\s+)?)?([A-Za-z0-9][^\n;:()\[\]]*?)"
    r"(?=\.\s|\.$|;|\s+-\s|\s+—|,?\s+see\b|\s*\(|\s*\[|$)",
    re.IGNORECASE | re.MULTILINE,
)
MAX_NAME_WORDS = 10


def license_phrase(phrase: str) -> str:
    """The longest leading part of a phrase that names a license ("Apache License, Version 2.0")."""
    words = phrase.split()[:MAX_NAME_WORDS]
    for end in range(len(words), 0, -1):
        candidate = " ".join(words[:end]).rstrip(",.")
        if resolve(candidate) is not None:
            return candidate
    return phrase.strip()


_BADGE = re.compile(r"img\.shields\.io/badge/licen[cs]e-([A-Za-z0-9.%+_]+?)-", re.IGNORECASE)


def readme_section(text: str) -> tuple[int, int, str] | None:
    """The README's License section: (first line, last line, text)."""
    found = headings(text)
    lines = text.splitlines()
    for index, heading in enumerate(found):
        if _LICENSE_HEADING.match(heading.text.strip()):
            end = len(lines)
            for later in found[index + 1 :]:
                if later.level <= heading.level:
                    end = later.line - 1
                    break
            return heading.line, end, "\n".join(lines[heading.line : end])
    return None


def named_licenses(path: str, body: str, source: str, first: int = 0) -> list[Declaration]:
    """Licenses named in prose: SPDX-License-Identifier lines, "licensed under X", license links."""
    found: list[Declaration] = []
    line, counted = first + 1, 0
    for offset, value in spdx_headers(body):
        line += body.count("\n", counted, offset)  # counted on from the previous header
        counted = offset
        found.append(Declaration(path, value.strip().rstrip("."), f"{source} SPDX-License-Identifier", line))
    for match in _UNDER.finditer(body):
        line = first + body.count("\n", 0, match.start()) + 1
        found.append(Declaration(path, license_phrase(match.group(1)), source, line, "name"))
    for match in URL_RE.finditer(body):
        line = first + body.count("\n", 0, match.start()) + 1
        found.append(Declaration(path, match.group(0), f"{source} link", line, "url"))
    return found


# A README line that is itself the license statement, outside any License section:
# "Licensed under LGPL 3.0", "This project is released under the MIT License."
_LICENSE_LINE = re.compile(
    r"^[ \t>*_]*(?:(?:this|the)\s+(?:project|software|code|repository|library|tool|application|"
    r"app|content|work|model|dataset)\s+is\s+)?(?:licen[cs]ed|released|distributed)\s+under\b",
    re.IGNORECASE,
)


def readme_declarations(path: str, text: str) -> list[Declaration]:
    """License names, URLs and badges in a README's License section (or its badges), and lines
    that are a license statement on their own ("Licensed under LGPL 3.0") elsewhere."""
    found: list[Declaration] = []
    section = readme_section(text)
    inside = range(0)
    if section is not None:
        first, last, body = section
        inside = range(first, last + 1)
        found.extend(named_licenses(path, body, f"{path} License section", first))
    for number, line in enumerate(text.splitlines(), start=1):
        if number not in inside and _LICENSE_LINE.match(line):
            named = named_licenses(path, line, f"{path} license statement", number - 1)
            found.extend(d for d in named if d.kind == "name")
    for match in _BADGE.finditer(text):
        raw = match.group(1).replace("%20", " ").replace("%2B", "+").replace("_", " ").replace("--", "-")
        found.append(
            Declaration(path, raw, f"{path} license badge", text.count("\n", 0, match.start()) + 1, "name")
        )
    return found
