"""The JSON report: the stable machine contract (schema_version 1)."""

from __future__ import annotations

import json

from dpgcheck.formats import RenderOptions, register_format
from dpgcheck.model import Report


@register_format("json")
def render_json(report: Report, options: RenderOptions) -> str:
    """The report as indented JSON."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
