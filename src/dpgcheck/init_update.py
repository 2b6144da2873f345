"""``dpgcheck init --update``: merge what dpgcheck detects now into an existing dpg.yaml.

The maintainer's file is edited, not rewritten: it is loaded with a round-trip YAML editor
(ruamel.yaml), which keeps every comment, key order and quoting, and only two kinds of change
are made, each listed for the maintainer to review:

- a field the file lacks, which dpgcheck detected (``+ license[0].spdx: "Apache-2.0"``);
- a ``TODO`` placeholder that dpgcheck can now answer (``~ clearOwnership.copyrightURL``).

An answer the maintainer wrote is never changed, even where dpgcheck detects otherwise (``check``
reports a contradiction; the maintainer decides). A field the draft can only leave as a TODO is
not added: the maintainer may have deleted it on purpose.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import msgspec
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.tokens import CommentToken

from dpgcheck.errors import InputError
from dpgcheck.facts.manifest.model import dotted, is_todo
from dpgcheck.facts.manifest.parse import load_manifest_file

UPDATABLE = ("dpg.yaml", "dpg.yml")


class Update(msgspec.Struct, frozen=True):
    """The updated manifest text and the changes made (empty: nothing new to add)."""

    path: Path
    text: str
    changes: tuple[str, ...]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long answer onto a new line
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout `dpgcheck init` writes
    return yaml


def existing_manifest(folder: str) -> Path | None:
    """The dpg.yaml (or dpg.yml) ``init --update`` edits in ``folder``, if there is one."""
    root = Path(folder).expanduser()
    for name in UPDATABLE:
        if (root / name).is_symlink():
            raise InputError(
                f"{root / name} is a symbolic link: dpgcheck init does not write through links",
                "Replace the link with a regular file and run init --update again.",
            )
        if (root / name).is_file():
            return root / name
    if (root / "dpg.json").is_file():
        raise InputError(
            f"{root / 'dpg.json'} is JSON: init --update edits dpg.yaml",
            "Convert the manifest to dpg.yaml (the same fields), or update dpg.json by hand.",
        )
    return None


def update_manifest(path: Path, draft_text: str) -> Update:
    """``path`` with what ``draft_text`` (a fresh ``init`` draft) adds to it, and the changes."""
    # The project's own reader first: its size, depth and alias limits apply to a hostile file
    # before the round-trip parser sees it, and a malformed file is reported the usual way.
    load_manifest_file(str(path))
    yaml = _yaml()
    try:
        original = path.read_text(encoding="utf-8-sig")
        current = yaml.load(original)
        draft = yaml.load(draft_text)
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        raise InputError(f"Cannot edit {path}: {exc}", "Fix the YAML, or run init --force.") from exc
    # A file of comments only loads as nothing: its comments are kept above the new fields.
    header = original.rstrip("\n") + "\n" if current is None and original.strip() else ""
    if current is None:
        current = CommentedMap()
    if not isinstance(current, CommentedMap) or not isinstance(draft, CommentedMap):
        raise InputError(f"{path} is not a mapping of fields", "Start from `dpgcheck init --force`.")
    changes: list[str] = []
    _merge(current, draft, (), changes)
    if not changes:
        return Update(path, original, ())
    out = io.StringIO()
    yaml.dump(current, out)
    return Update(path, header + out.getvalue(), tuple(changes))


def _merge(
    current: CommentedMap, draft: CommentedMap, prefix: tuple[str | int, ...], changes: list[str]
) -> None:
    for key, value in draft.items():
        where = (*prefix, str(key))
        if key not in current:
            if _answered(value):
                _own_comments_only(value)
                current[key] = value
                changes.append(f"+ {dotted(where)}: {_show(value)}")
            continue
        mine = current[key]
        if isinstance(mine, CommentedMap) and isinstance(value, CommentedMap):
            _merge(mine, value, where, changes)
        elif _only_todos(mine) and _answered(value):
            _own_comments_only(value)
            current[key] = value
            changes.append(f"~ {dotted(where)}: {_show(mine)} → {_show(value)}")


def _own_comments_only(node: Any) -> None:
    """Keep a copied value's end-of-line comments (``# detected in LICENSE``) but drop the
    full-line comments the parser hung after its last line: in the draft they introduce the
    next field, which is not copied with it."""
    if not isinstance(node, CommentedMap | CommentedSeq):
        return
    for tokens in node.ca.items.values():
        for index, token in enumerate(tokens):
            if isinstance(token, CommentToken) and "\n" in token.value.rstrip("\n"):
                first = token.value.split("\n", 1)[0]
                tokens[index] = CommentToken(first + "\n", token.start_mark) if first.strip() else None
    for child in node.values() if isinstance(node, CommentedMap) else node:
        _own_comments_only(child)


def _answered(value: Any) -> bool:
    """Whether a drafted value holds an answer: no TODO anywhere in it, and not empty."""
    if isinstance(value, CommentedMap):
        return bool(value) and all(_answered(item) for item in value.values())
    if isinstance(value, CommentedSeq | list):
        return bool(value) and all(_answered(item) for item in value)
    return value is not None and not is_todo(value)


def _only_todos(value: Any) -> bool:
    """Whether the maintainer's value holds nothing but TODO placeholders (still unanswered)."""
    if isinstance(value, CommentedMap):
        return bool(value) and all(_only_todos(item) for item in value.values() if item is not None)
    if isinstance(value, CommentedSeq | list):
        return bool(value) and all(_only_todos(item) for item in value)
    return is_todo(value)


def _show(value: Any) -> str:
    if isinstance(value, CommentedMap):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, CommentedSeq | list):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    text = " ".join(str(value).split())
    return f'"{text[:80]}…"' if len(text) > 80 else f'"{text}"'
