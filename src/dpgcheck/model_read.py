"""Typed reading of a report's JSON form, for ``Report.from_dict`` and ``ReportFacts.from_dict``.

A report read back (an audit's ``results.jsonl``) was written by dpgcheck, but it may be cut
short by a kill, edited by hand or written by an older version. ``Fields`` reads one JSON
object key by key and says exactly what is wrong in a ``MalformedReport`` instead of letting a
``KeyError`` or a ``TypeError`` escape from deep inside a renderer.

The rule for absent keys: a key whose dataclass field has a default may be absent (it was added
in a later version), and reads as that default; any other absent key, and every key of the
wrong type, is malformed.
"""

from __future__ import annotations

from collections.abc import Mapping


class MalformedReport(ValueError):
    """A report's JSON form that does not have the shape ``Report.to_dict`` writes."""


class Fields:
    """One JSON object, read a key at a time with the type the model expects.

    ``where`` names the object in messages (``indicators[3].evidence[0]``). Each reader takes
    ``missing``: the value an absent key reads as; without it an absent key is malformed. A
    ``maybe_`` reader also accepts null.
    """

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, Mapping):
            raise MalformedReport(f"{where or 'the report'} is {_kind(data)}, not an object")
        self.data: Mapping[str, object] = data
        self.where = where

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _get(self, key: str, missing: object) -> object:
        if key in self.data:
            return self.data[key]
        if missing is _REQUIRED:
            raise MalformedReport(f"{self._name(key)} is missing")
        return missing

    def _wrong(self, key: str, wanted: str) -> MalformedReport:
        return MalformedReport(f"{self._name(key)} is {_kind(self.data[key])}, not {wanted}")

    def text(self, key: str, missing: str | None = None) -> str:
        """A string."""
        value = self._get(key, _REQUIRED if missing is None else missing)
        if not isinstance(value, str):
            raise self._wrong(key, "a string")
        return value

    def maybe_text(self, key: str) -> str | None:
        """A string or null (absent: null)."""
        value = self._get(key, None)
        if value is not None and not isinstance(value, str):
            raise self._wrong(key, "a string or null")
        return value

    def integer(self, key: str, missing: int | None = None) -> int:
        """A whole number (not a boolean)."""
        value = self._get(key, _REQUIRED if missing is None else missing)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._wrong(key, "a whole number")
        return value

    def maybe_integer(self, key: str) -> int | None:
        """A whole number or null (absent: null)."""
        value = self._get(key, None)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise self._wrong(key, "a whole number or null")
        return value

    def number(self, key: str) -> float:
        """A number, as a float."""
        value = self._get(key, _REQUIRED)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self._wrong(key, "a number")
        return float(value)

    def flag(self, key: str, missing: bool | None = None) -> bool:
        """A boolean."""
        value = self._get(key, _REQUIRED if missing is None else missing)
        if not isinstance(value, bool):
            raise self._wrong(key, "true or false")
        return value

    def maybe_flag(self, key: str) -> bool | None:
        """A boolean or null (absent: null)."""
        value = self._get(key, None)
        if value is not None and not isinstance(value, bool):
            raise self._wrong(key, "true, false or null")
        return value

    def items(self, key: str, required: bool = True) -> list[object]:
        """A list (absent: empty, unless ``required``)."""
        value = self._get(key, _REQUIRED if required else [])
        if not isinstance(value, list):
            raise self._wrong(key, "a list")
        return value

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        """A list of strings (absent: empty, unless ``required``)."""
        values = self.items(key, required)
        if not all(isinstance(value, str) for value in values):
            raise MalformedReport(f"{self._name(key)} holds something other than strings")
        return tuple(str(value) for value in values)

    def children(self, key: str, required: bool = True) -> list[Fields]:
        """A list of objects (absent: empty, unless ``required``)."""
        return [Fields(value, f"{self._name(key)}[{n}]") for n, value in enumerate(self.items(key, required))]

    def child(self, key: str) -> Fields:
        """An object."""
        return Fields(self._get(key, _REQUIRED), self._name(key))

    def maybe_child(self, key: str) -> Fields | None:
        """An object or null (absent: null)."""
        value = self._get(key, None)
        return None if value is None else Fields(value, self._name(key))

    def text_lists(self, key: str) -> dict[str, tuple[str, ...]]:
        """An object whose values are lists of strings (absent: empty), in the file's order."""
        value = self._get(key, {})
        shown = Fields(value, self._name(key))
        return {name: shown.texts(name) for name in shown.data}


_REQUIRED: object = object()


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return {
        str: "a string",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)
