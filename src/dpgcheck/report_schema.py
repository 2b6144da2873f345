"""The JSON Schema of the JSON report, shipped in the package (``dpgcheck schema report``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

SCHEMA_FILE = "report.schema.json"


def report_schema_text() -> str:
    """The schema as shipped, byte for byte."""
    return (resources.files("dpgcheck") / "schemas" / SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def report_schema() -> dict[str, Any]:
    """The schema as a mapping."""
    schema: dict[str, Any] = json.loads(report_schema_text())
    return schema


def report_errors(document: Any) -> list[str]:
    """Every way ``document`` breaks the report schema, as ``path: message`` lines (empty: valid)."""
    validator = jsonschema.Draft202012Validator(
        report_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}" for error in errors
    ]
