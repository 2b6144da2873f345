"""The manifest's JSON Schema (shipped in the package) and what it says about one manifest.

A violation (a wrong type, an SDG number outside 1–17, an answer that is not Yes/No/Unknown)
is a ManifestError naming the file, the field and the line. A field the schema does not know
is not an error: registry entries carry many extra fields, and a typo is reported as a note.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from dpgcheck.errors import ManifestError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

    from dpgcheck.facts.manifest.model import KeyPath, Manifest

MAX_REPORTED_ERRORS = 5

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true/false",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}


def schema_text(name: str = "manifest") -> str:
    """The JSON text of a schema shipped in ``dpgcheck/schemas``."""
    from importlib import resources  # only when a manifest is validated (~2 ms of imports)

    return resources.files("dpgcheck").joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")


@cache
def manifest_schema() -> dict[str, Any]:
    """The manifest schema as data."""
    schema: dict[str, Any] = json.loads(schema_text("manifest"))
    return schema


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # only when a manifest is validated (~40 ms)

    return Draft202012Validator(manifest_schema())


def validate(manifest: Manifest) -> None:
    """Raise ManifestError listing every schema violation, each with its file, field and line."""
    errors = sorted(
        _validator().iter_errors(dict(manifest.data)), key=lambda e: list(map(str, e.absolute_path))
    )
    if not errors:
        return
    from dpgcheck.facts.manifest.model import dotted

    messages = []
    for error in errors[:MAX_REPORTED_ERRORS]:
        path = tuple(error.absolute_path)
        line = manifest.line(*path)
        where = f"{manifest.file_of(*path)}:{line}" if line else manifest.file_of(*path)
        messages.append(f"{where}: `{dotted(path)}` {describe(error)}")
    more = len(errors) - MAX_REPORTED_ERRORS
    if more > 0:
        messages.append(f"… and {more} more problem(s)")
    raise ManifestError(
        "\n".join(messages) if len(messages) > 1 else messages[0],
        "Fix the field(s) named above; `dpgcheck schema manifest` prints every field and its type.",
    )


def describe(error: ValidationError) -> str:
    """A reader's sentence for one violation."""
    if error.validator == "anyOf":
        # A field that also takes a TODO placeholder: the answer's own branch (the first) says
        # what was expected; the placeholder branch would only say "does not start with TODO".
        own = [e for e in error.context or () if e.relative_schema_path and e.relative_schema_path[0] == 0]
        if own:
            return describe(own[0])
    expected = error.schema.get("x-expected") if isinstance(error.schema, Mapping) else None
    value = error.instance
    if error.validator in ("minimum", "maximum") and "sdg" in str(expected or "").lower():
        return f"is {value!r}: there is no such SDG (the goals are numbered 1 to 17)"
    if error.validator == "type":
        return f"must be {expected or _expected_types(error.validator_value)}, not {_kind(value)}"
    if error.validator == "enum":
        allowed = error.validator_value if isinstance(error.validator_value, list) else []
        return f"must be {expected or 'one of ' + ', '.join(map(repr, allowed))}, not {value!r}"
    if error.validator == "required":
        return error.message
    if expected:
        return f"must be {expected} ({error.message})"
    return error.message


def _expected_types(types: Any) -> str:
    names = [types] if isinstance(types, str) else list(types)
    return " or ".join(_TYPE_NAMES.get(str(name), str(name)) for name in names)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__


def unknown_fields(data: Mapping[str, Any]) -> list[KeyPath]:
    """Key paths of fields the schema does not describe (kept, reported, never fatal)."""
    schema = manifest_schema()
    return list(_unknown(data, schema, schema, ()))


def _resolve(node: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
        return target if isinstance(target, Mapping) else {}
    return node


def _unknown(
    value: Any, node: Mapping[str, Any], root: Mapping[str, Any], path: KeyPath
) -> Iterator[KeyPath]:
    node = _resolve(node, root)
    if isinstance(value, Mapping):
        properties = node.get("properties")
        if not isinstance(properties, Mapping):
            return
        for key, child in value.items():
            if key not in properties:
                yield (*path, str(key))
            else:
                yield from _unknown(child, properties[key], root, (*path, str(key)))
    elif isinstance(value, list):
        items = node.get("items")
        if isinstance(items, Mapping):
            for index, child in enumerate(value):
                yield from _unknown(child, items, root, (*path, index))
