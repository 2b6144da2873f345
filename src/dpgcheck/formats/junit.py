"""JUnit XML: one test case per indicator, so CI systems show the DPG check like a test suite.

A test case fails exactly when its indicator makes dpgcheck exit 1 (required, not waived, at or
above the ``--fail-on`` level): ``<error>`` when the check itself could not run, ``<failure>``
otherwise. Waived and not-applicable indicators are ``<skipped>`` with the reason; anything
else passes, with its status and evidence in ``<system-out>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from dpgcheck.formats import RenderOptions, register_format
from dpgcheck.formats._shared import evidence_lines, status_word, waiver_text
from dpgcheck.model import IndicatorResult, Report, Status

# Characters XML 1.0 cannot carry at all, even escaped; repository text may contain them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@register_format("junit")
def render_junit(report: Report, options: RenderOptions) -> str:
    """The report as a JUnit XML document with one suite."""
    gating = {result.id for result in report.gating()}
    cases = [_testcase(result, result.id in gating, report) for result in report.results]
    failures = sum(1 for case in cases if case.find("failure") is not None)
    errors = sum(1 for case in cases if case.find("error") is not None)
    skipped = sum(1 for case in cases if case.find("skipped") is not None)
    counts = {
        "tests": str(len(cases)),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": str(skipped),
    }
    root = ET.Element("testsuites", {"name": "dpgcheck", **counts})
    suite = ET.SubElement(
        root,
        "testsuite",
        {"name": f"{report.standard_name} {report.standard_version}".strip(), **counts},
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("dpgcheck.version", report.tool_version),
        ("target", report.target.location),
        ("revision", report.target.revision or ""),
        ("asset_types", ",".join(report.asset_types)),
        ("fail_on", report.fail_on or "fail"),
        ("overall", report.overall),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": value})
    suite.extend(cases)
    if report.notes:
        ET.SubElement(suite, "system-out").text = "\n".join(report.notes)
    _sanitise(root)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _testcase(result: IndicatorResult, gates: bool, report: Report) -> ET.Element:
    case = ET.Element(
        "testcase",
        {"classname": f"dpgcheck.{result.id}", "name": f"{result.id} {result.title}", "time": "0"},
    )
    details = _details(result)
    if gates:
        tag = "error" if result.status is Status.ERROR else "failure"
        element = ET.SubElement(case, tag, {"message": result.summary, "type": result.status.value})
        element.text = details
    elif result.waived:
        ET.SubElement(case, "skipped", {"message": f"{status_word(result)}: {waiver_text(result)}"})
        ET.SubElement(case, "system-out").text = details
    elif result.status is Status.NOT_APPLICABLE:
        ET.SubElement(case, "skipped", {"message": f"not-applicable: {result.summary}"})
        ET.SubElement(case, "system-out").text = details
    else:
        ET.SubElement(case, "system-out").text = details
    return case


def _details(result: IndicatorResult) -> str:
    lines = [f"{status_word(result)}: {result.summary}", *evidence_lines(result)]
    if result.help_url:
        lines.append(f"See: {result.help_url}")
    return "\n".join(lines)


def _sanitise(root: ET.Element) -> None:
    for element in root.iter():
        if element.text:
            element.text = _NOT_XML.sub("\ufffd", element.text)
        for name, value in element.attrib.items():
            element.set(name, _NOT_XML.sub("\ufffd", value))
