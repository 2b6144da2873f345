"""The line of every key and list item of a JSON text, in one linear pass over its tokens.

A registry export is JSON that YAML 1.1 cannot always compose (escapes it does not know), and
its keys repeat from one entry to the next, so lines are found by walking the tokens: strings,
brackets, colons and commas, with the container stack the walk is in.
"""

from __future__ import annotations

import re

from dpgcheck.facts.manifest.model import KeyPath

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:,\n]')


def json_lines(text: str) -> dict[KeyPath, int]:
    """Key path → line (1-based) of each mapping key and of the start of each list item."""
    import json

    lines: dict[KeyPath, int] = {}
    line = 1
    # Each frame: [kind, path, next list index or pending key, expecting-a-key?]
    stack: list[list[object]] = []
    pending_key: str | None = None
    item_started = False
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token == "\n":
            line += 1
            continue
        top = stack[-1] if stack else None
        if token in "{[":
            path = _value_path(top, pending_key, lines, line, item_started)
            item_started = True
            stack.append(["{" if token == "{" else "[", path, 0, token == "{"])
            pending_key = None
            item_started = False
        elif token in "}]":
            if stack:
                stack.pop()
            pending_key = None
            item_started = True
        elif token == ":":
            if top is not None:
                top[3] = False
        elif token == ",":
            if top is not None and top[0] == "{":
                top[3] = True
                pending_key = None
            elif top is not None:
                top[2] = int(str(top[2])) + 1
            item_started = False
        elif top is not None and top[0] == "{" and top[3]:
            key = json.loads(token)
            path = (*_path(top), str(key))
            lines[path] = line
            pending_key = str(key)
        else:  # a string value
            _value_path(top, pending_key, lines, line, item_started)
            item_started = True
    return lines


def _path(frame: list[object]) -> KeyPath:
    path = frame[1]
    assert isinstance(path, tuple)
    return path


def _value_path(
    top: list[object] | None, key: str | None, lines: dict[KeyPath, int], line: int, started: bool
) -> KeyPath:
    """The path of a value starting here, recording a list item's line."""
    if top is None:
        return ()
    if top[0] == "{":
        return (*_path(top), key or "")
    path = (*_path(top), int(str(top[2])))
    if not started:
        lines.setdefault(path, line)
    return path
