"""Open defaults for hosted services, found in a repository's configuration (DPG-4).

An open-source SDK for a cloud service is not closed by itself: what matters is whether the
service can be swapped. Configuration that names an S3-compatible endpoint or MinIO, a local
file-system store, or an SMTP server shows an open default or alternative. Only configuration-like
files and top-level documentation are read, each at most ``MAX_BYTES``, at most ``MAX_FILES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dpgcheck.facts.caseless import ascii_twin
from dpgcheck.facts.dependencies.model import OpenSignal
from dpgcheck.facts.lines import lines_holding
from dpgcheck.facts.project_paths import foreign_folders, names_holding
from dpgcheck.sources.snapshot import Snapshot

MAX_FILES = 400
MAX_BYTES = 256 * 1024
MAX_PER_FAMILY = 3

# Bounded gaps only ({0,40}): each pattern is tried once per position, linear in the text. No
# pattern crosses a line break (a key and its value on one line), so only the lines holding one
# of the family's literals are searched.
FAMILY_PATTERNS: dict[str, re.Pattern[str]] = {
    "object-storage": re.compile(
        r"\b(?:minio|s3[_-]?endpoint(?:[_-]?url)?|endpoint[_-]?url|aws[_-]s3[_-]endpoint\w*|"
        r"force[_-]?path[_-]?style|path[_-]style[_-]access)\b"
        r"|\b(?:storage|store|provider|backend)\w*[\"']?[ \t]*[:=][^\n]{0,40}?"
        r"\b(?:filesystem|file[_-]system|local|disk|minio)\b"
        r"|FileSystemStorage",
        re.IGNORECASE,
    ),
    "mail": re.compile(
        r"\b(?:smtp[_-]?(?:host|server|port)|e?mail[_-]host|email[_-]backend|mail\.smtp\.\w+|"
        r"spring\.mail\.host)\b",
        re.IGNORECASE,
    ),
    "sms": re.compile(r"\b(?:sms[_-]?(?:provider|backend|gateway)|smpp)\b", re.IGNORECASE),
}


ASCII_PATTERNS = {family: ascii_twin(pattern) for family, pattern in FAMILY_PATTERNS.items()}
"""FAMILY_PATTERNS for the lower-cased text of ASCII files (nearly every configuration file)."""

# Every match of a family's pattern holds one of its literals (lower case), on the match's line:
# a file without any is skipped, and in the others only the lines holding one are searched.
FAMILY_LITERALS: dict[str, tuple[str, ...]] = {
    "object-storage": ("minio", "endpoint", "force", "style", "stor", "provider", "backend"),
    "mail": ("smtp", "mail"),
    "sms": ("sms", "smpp"),
}

_CONFIG_PREFIXES = (".env", "env.", "readme")
_CONFIG_SUFFIXES = (
    ".properties",
    ".conf",
    ".cfg",
    ".ini",
    ".env",
    ".env.example",
    ".env.sample",
    ".env.template",
    ".toml",
)
_CONFIG_WORDS = ("config", "settings", "storage", "environment", "application", "values", "compose")
_CONFIG_WORD = re.compile("|".join(_CONFIG_WORDS))
_CONFIG_CODE_EXTENSIONS = frozenset(
    {"py", "js", "ts", "json", "yml", "yaml", "java", "kt", "rb", "exs", "md"}
)


def _is_config(lower_name: str) -> bool:
    if lower_name.startswith(_CONFIG_PREFIXES):
        return True
    if lower_name.endswith(_CONFIG_SUFFIXES):
        return True
    stem, _, ext = lower_name.rpartition(".")
    # One search for the seven words (config_paths asks only of names holding one of them).
    return ext in _CONFIG_CODE_EXTENSIONS and _CONFIG_WORD.search(stem) is not None


def config_paths(snapshot: Snapshot) -> list[str]:
    """The project's configuration-like files, shallowest first, at most MAX_FILES."""
    names = snapshot.by_lower_name
    # The names _is_config can accept (a prefix, a suffix or one of the words anywhere), found
    # with C-level searches of one string of a large tree's thousands of names; _is_config
    # decides them.
    chosen = names_holding(snapshot, (*_CONFIG_PREFIXES, *_CONFIG_SUFFIXES, *_CONFIG_WORDS))
    foreign = foreign_folders(snapshot)
    found = [
        path
        for name in chosen
        if _is_config(name)
        for path in names[name]
        if path.rpartition("/")[0] not in foreign
    ]
    found.sort(key=lambda p: (p.count("/"), p))
    return found[:MAX_FILES]


def find_open_signals(snapshot: Snapshot, families: Iterable[str]) -> dict[str, tuple[OpenSignal, ...]]:
    """Per service family, up to MAX_PER_FAMILY places whose configuration shows an open default."""
    wanted = {family: FAMILY_PATTERNS[family] for family in families if family in FAMILY_PATTERNS}
    found: dict[str, list[OpenSignal]] = {family: [] for family in wanted}
    if not wanted:
        return {}
    for path in config_paths(snapshot):
        open_families = [f for f in wanted if len(found[f]) < MAX_PER_FAMILY]
        if not open_families:
            break
        text = snapshot.read_text(path, MAX_BYTES)
        if not text:
            continue
        lower = text.lower()
        for family in open_families:
            if any(literal in lower for literal in FAMILY_LITERALS[family]):
                signal = _first_signal(path, text, lower, family)
                if signal is not None:
                    found[family].append(signal)
    return {family: tuple(signals) for family, signals in found.items() if signals}


def _first_signal(path: str, text: str, lower: str, family: str) -> OpenSignal | None:
    """The first line of ``text`` where the family's pattern matches, as an OpenSignal."""
    # An ASCII text is searched lower-cased with the ASCII twin: same span, same line.
    pattern, searched = (ASCII_PATTERNS[family], lower) if text.isascii() else (FAMILY_PATTERNS[family], text)
    for start, end in lines_holding(text, lower, FAMILY_LITERALS[family]):
        if pattern.search(searched, start, end):
            return OpenSignal(path, text.count("\n", 0, start) + 1, text[start:end].strip()[:120])
    return None
