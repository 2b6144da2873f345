"""A shields.io endpoint badge (https://shields.io/badges/endpoint-badge) for a README.

Publish the JSON somewhere public (a gist, GitHub Pages, an artifact) and point
``https://img.shields.io/endpoint?url=…`` at it.
"""

from __future__ import annotations

import json

from dpgcheck.formats import RenderOptions, register_format
from dpgcheck.model import Report, Status

COLOR = {"pass": "brightgreen", "needs-review": "yellow", "fail": "red"}


@register_format("badge")
def render_badge(report: Report, options: RenderOptions) -> str:
    """The shields.io endpoint JSON: label ``DPG Standard``, a short message, a colour."""
    unwaived = [r for r in report.results if not r.waived]
    failing = sum(1 for r in unwaived if r.status in (Status.FAIL, Status.ERROR))
    open_ = sum(1 for r in unwaived if r.status in (Status.WARN, Status.NEEDS_REVIEW))
    applicable = [r for r in report.results if r.status is not Status.NOT_APPLICABLE]
    passed = sum(1 for r in applicable if r.status is Status.PASS)
    if report.overall == "fail":
        message = f"{failing} failing"
    elif report.overall == "needs-review":
        message = f"{open_} to review"
    else:
        message = "passing"
    message = f"{passed}/{len(applicable)} pass, {message}" if report.overall != "pass" else message
    waived = len(report.results) - len(unwaived)
    if waived:
        message += f", {waived} waived"
    badge = {
        "schemaVersion": 1,
        "label": "DPG Standard",
        "message": message,
        "color": COLOR[report.overall],
    }
    return json.dumps(badge, ensure_ascii=False) + "\n"
