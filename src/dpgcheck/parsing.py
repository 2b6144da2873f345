"""Bounded parsers for text that comes from a repository: YAML, JSON, TOML and XML.

A repository is hostile input. Three shapes of a small file can take the machine down when
parsed naively: a YAML "billion laughs" (anchors aliased within anchors: 350 bytes expand to
hundreds of millions of nodes for whatever walks the result), a self-referencing YAML alias
(an endless structure), and deep nesting (``[[[[…`` 100,000 levels: every recursive walker,
and the parsers themselves, stop with a RecursionError or worse). Each helper here checks the
shape first, in linear time and without recursion, then parses; a document past a bound raises
:class:`DocumentLimitError` naming the file, which each reader turns into its own error
(a manifest's Error/Hint, a dependency manifest's note, a registry entry's problem).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as StdElementTree

from dpgcheck.errors import DpgcheckError

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    import yaml

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings read; real manifests and configs nest under ten."""

MAX_ALIAS_NODES = 10_000
"""Most nodes YAML aliases may add to a document; real files alias a few small blocks, if any."""

_HINT = "A repository file this deeply nested or this self-repeating is not a real manifest."

# A JSON string (escapes included): linear, each character is matched one way only.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class DocumentLimitError(DpgcheckError):
    """A repository file past the bounds dpgcheck parses: alias expansion or nesting depth."""


def yaml_loader() -> Any:
    """libyaml's safe loader when PyYAML has it, else the pure-Python one."""
    import yaml  # only when there is YAML to read: most runs need none (see catalog_cache)

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_yaml_shape(text: str, source: str) -> None:
    """Raise DocumentLimitError when the YAML nests past MAX_DEPTH or its aliases expand past
    MAX_ALIAS_NODES (or refer to themselves); YAML syntax errors are left to the parser.

    Works on the event stream (libyaml's parser keeps a stack, it does not recurse): the
    expanded size of each anchored node is remembered, so an alias costs one look-up.
    """
    import yaml

    sizes: dict[str, int] = {}
    stack: list[list[Any]] = []  # [nodes so far, anchor] per open collection
    added = 0
    for event in yaml.parse(text, Loader=yaml_loader()):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise DocumentLimitError(f"{source}: nested more than {MAX_DEPTH} levels deep", _HINT)
            stack.append([0, event.anchor])
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            count, anchor = stack.pop()
            size = count + 1
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        elif isinstance(event, yaml.AliasEvent):
            anchor = None
            if event.anchor not in sizes:
                if any(frame[1] == event.anchor for frame in stack):
                    raise DocumentLimitError(f"{source}: a YAML alias refers to itself", _HINT)
                continue  # undefined: the composer reports it as a syntax error
            size = sizes[event.anchor]
            added += size
            if added > MAX_ALIAS_NODES:
                raise DocumentLimitError(
                    f"{source}: YAML aliases expand to more than {MAX_ALIAS_NODES:,} nodes",
                    "Aliases (*name) repeating anchors (&name) that hold aliases multiply; "
                    "write the values out, or alias less.",
                )
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        if stack:
            stack[-1][0] += size


def safe_yaml_load(text: str, source: str) -> Any:
    """The data of a single YAML document (safe types only), its shape checked first."""
    return safe_yaml_load_nodes(text, source)[0]


def safe_yaml_load_nodes(text: str, source: str) -> tuple[Any, yaml.Node | None]:
    """The data of a single YAML document and its node tree (for lines), composed once."""
    check_yaml_shape(text, source)
    loader = yaml_loader()(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except RecursionError as exc:  # the shape check should have refused it; never a traceback
        raise DocumentLimitError(f"{source}: nested too deeply to read", _HINT) from exc
    finally:
        loader.dispose()
    return data, node


def check_json_depth(text: str, source: str) -> None:
    """Raise DocumentLimitError when JSON brackets (outside strings) nest past MAX_DEPTH."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return  # too few brackets to nest that deep: the common case costs two counts
    depth = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise DocumentLimitError(f"{source}: nested more than {MAX_DEPTH} levels deep", _HINT)
        else:
            depth -= 1


def safe_json_loads(text: str, source: str) -> Any:
    """``json.loads`` after the depth check; json.JSONDecodeError is left to the caller."""
    check_json_depth(text, source)
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise DocumentLimitError(f"{source}: nested too deeply to read", _HINT) from exc


def safe_toml_loads(text: str, source: str) -> dict[str, Any]:
    """``tomllib.loads`` with deep nesting (inline arrays and tables) as DocumentLimitError."""
    import tomllib  # only when a TOML file is there

    # No bracket pre-check: TOML comments may hold unbalanced brackets. tomllib is pure Python,
    # so deep nesting ends in a clean RecursionError, and no reader walks TOML data recursively.
    try:
        return tomllib.loads(text)
    except RecursionError as exc:
        raise DocumentLimitError(f"{source}: nested too deeply to read", _HINT) from exc


def safe_xml_fromstring(text: str) -> Element:
    """Parse XML from a repository without letting it declare entities or fetch anything.

    Entity expansion ("billion laughs") and external entities both need a declaration in a
    document type: a document without ``<!DOCTYPE``/``<!ENTITY`` goes to the standard library's
    C parser, any other to defusedxml, which refuses the dangerous declarations. (defusedxml's
    parser runs its callbacks in Python: two to three times slower on a Maven monorepo's poms.)
    A ``str`` is parsed as text whatever encoding its XML declaration names. Malformed XML
    raises ``xml.etree.ElementTree.ParseError`` either way.
    """
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        from defusedxml import ElementTree as DefusedElementTree

        return DefusedElementTree.fromstring(text)
    return StdElementTree.fromstring(text)
