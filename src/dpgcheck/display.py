"""Untrusted strings made safe to show: valid UTF-8 everywhere, no terminal control in text.

A repository chooses its file names and its file contents, and both reach every report. Two
things go wrong unless each is handled on the way out:

- **Bytes that are not UTF-8.** File names are bytes; git listings and ``os.walk`` decode them
  with ``surrogateescape``, so ``pkg\\xff/`` is held as the lone surrogate ``\\udcff``, which no
  UTF-8 writer accepts. ``escape_path`` shows such a byte as ``\\xff`` and doubles every
  backslash, so the shown path is valid UTF-8 and says exactly which bytes the name holds
  (``unescape_path`` gives them back; SARIF uses that to percent-encode its URIs).
  ``escape_text`` does the same to any other string, without doubling backslashes (free text
  keeps its look; only a string that could not be written at all changes).
- **Terminal control.** A manifest value, a LICENSE line or a folder name can hold escape
  sequences (a window title ``ESC ] 0 ; … BEL``, a hyperlink ``ESC ] 8 ; ; … ESC \\``, a screen
  clear ``ESC [ 2 J``). ``clean_terminal`` removes them whole, and every other C0/C1 control
  character but newline and tab, for the reports a person reads in a terminal or an editor.

``display_report`` applies the first to a whole report, so every renderer gets strings it can
write; ``terminal_report`` the second, for the text and Markdown reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import msgspec.structs

from dpgcheck.model import Evidence, IndicatorResult, Report, Target, Waiver
from dpgcheck.model_facts import ReportFacts

_SURROGATE = re.compile("[\ud800-\udfff]")
# In a path: the backslash (the escape character itself), surrogates, C0, DEL and C1 controls.
_PATH_SPECIAL = re.compile("[\\\\\ud800-\udfff\x00-\x1f\x7f-\x9f]")
_PATH_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})")

# Whole control sequences first (so their parameters go too), then any control left over.
# CSI: ESC [ or the C1 CSI, parameters, intermediates, a final byte. String sequences (OSC,
# DCS, SOS, PM, APC) run to BEL or ST; an unterminated one is cut at the end of its line.
# Every quantifier is over a single character class: linear time on any input.
_CONTROL_SEQUENCE = re.compile(
    "(?:\x1b\\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    "|(?:\x1b[\\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\\\|\x9c)?"
    "|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    # 0xDC80-0xDCFF is how surrogateescape holds the byte 0x80-0xFF it could not decode.
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def _escape_path_char(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\\":
        return "\\\\"
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return _escape_surrogate(match)
    # C1 controls are characters (two bytes in UTF-8), not single bytes: \u keeps them apart.
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def escape_path(path: str) -> str:
    """``path`` as valid, printable UTF-8 that names the same bytes.

    A byte that is not UTF-8 becomes ``\\xNN``, a control character ``\\xNN`` (C0, DEL) or
    ``\\u00NN`` (C1), a backslash ``\\\\``; everything else is unchanged.
    """
    return _PATH_SPECIAL.sub(_escape_path_char, path) if _PATH_SPECIAL.search(path) else path


def unescape_path(shown: str) -> bytes:
    """The bytes of the file name ``escape_path`` showed as ``shown`` (its exact inverse)."""
    out = bytearray()
    position = 0
    for match in _PATH_ESCAPE.finditer(shown):
        out += shown[position : match.start()].encode("utf-8")
        token = match.group(1)
        if token == "\\":
            out += b"\\"
        elif token.startswith("x"):
            out.append(int(token[1:], 16))
        else:
            out += chr(int(token[1:], 16)).encode("utf-8", "surrogatepass")
        position = match.end()
    out += shown[position:].encode("utf-8")
    return bytes(out)


def escape_text(text: str) -> str:
    """``text`` with any lone surrogate shown as ``\\xNN`` (a byte) or ``\\uNNNN``: valid UTF-8."""
    return _SURROGATE.sub(_escape_surrogate, text) if _SURROGATE.search(text) else text


def clean_terminal(text: str) -> str:
    """``text`` without terminal control sequences or control characters (newline and tab stay).

    For what a person reads in a terminal: no window titles, hyperlinks, cursor moves or
    colours from the repository. Lone surrogates are escaped as ``escape_text`` does.
    """
    text = _CONTROL_SEQUENCE.sub("", text)
    return escape_text(_CONTROL_CHARACTER.sub("", text))


def escape_data(value: Any, text: Callable[[str], str] = escape_text) -> Any:
    """``value`` (JSON-like data: dicts, lists, strings …) with ``text`` applied to every string."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {escape_data(key, text): escape_data(item, text) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [escape_data(item, text) for item in value]
    return value


def display_report(report: Report) -> Report:
    """``report`` with every string writable as UTF-8: paths by ``escape_path``, the rest by
    ``escape_text``."""
    return _rebuild(report, escape_text, escape_path)


def terminal_report(report: Report) -> Report:
    """A ``display_report`` for a person's terminal: ``clean_terminal`` on every text.

    Paths are left as they are: ``display_report`` already escaped their control characters.
    """
    return _rebuild(report, clean_terminal, _same)


def _same(path: str) -> str:
    return path


_PATH_FACTS = ("manifest", "readme")


def _rebuild_facts(facts: ReportFacts, text: Callable[[str], str], path: Callable[[str], str]) -> ReportFacts:
    # Through the JSON form: every string of the facts (host extras included) gets ``text``,
    # then the fields that name a file of the repository get ``path`` instead.
    data = escape_data(facts.to_dict(), text)
    for key in _PATH_FACTS:
        value = getattr(facts, key)
        if isinstance(value, str):
            data[key] = path(value)
    if "licenses" in data:
        for item, finding in zip(data["licenses"], facts.licenses, strict=True):
            item["path"] = path(finding.path)
    return ReportFacts.from_dict(data)


def _rebuild(report: Report, text: Callable[[str], str], path: Callable[[str], str]) -> Report:
    facts = _rebuild_facts(report.facts, text, path) if report.facts is not None else None
    return msgspec.structs.replace(
        report,
        tool_version=text(report.tool_version),
        target=Target(
            text(report.target.kind),
            path(report.target.location),
            text(report.target.revision) if report.target.revision else None,
        ),
        asset_types=tuple(text(t) for t in report.asset_types),
        results=tuple(_rebuild_result(result, text, path) for result in report.results),
        facts=facts,
        notes=tuple(text(note) for note in report.notes),
        eligibility=tuple(
            msgspec.structs.replace(
                note,
                kind=text(note.kind),
                note=text(note.note),
                evidence=tuple(_rebuild_evidence(item, text, path) for item in note.evidence),
                source=text(note.source),
            )
            for note in report.eligibility
        ),
    )


def _rebuild_evidence(item: Evidence, text: Callable[[str], str], path: Callable[[str], str]) -> Evidence:
    return Evidence(
        text(item.kind),
        text(item.detail),
        path(item.path) if item.path is not None else None,
        item.line,
        text(item.url) if item.url is not None else None,
    )


def _rebuild_result(
    result: IndicatorResult, text: Callable[[str], str], path: Callable[[str], str]
) -> IndicatorResult:
    def optional(value: str | None) -> str | None:
        return text(value) if value is not None else None

    waiver = result.waiver
    if waiver is not None:
        waiver = Waiver(
            text(waiver.reason),
            optional(waiver.expires),
            waiver.expired,
            tuple(text(f) for f in waiver.findings),
            optional(waiver.source),
        )
    return msgspec.structs.replace(
        result,
        title=text(result.title),
        summary=text(result.summary),
        evidence=tuple(_rebuild_evidence(item, text, path) for item in result.evidence),
        remediation=optional(result.remediation),
        help_url=optional(result.help_url),
        requirement=optional(result.requirement),
        waiver=waiver,
        anchor_files=tuple(path(anchor) for anchor in result.anchor_files),
    )
