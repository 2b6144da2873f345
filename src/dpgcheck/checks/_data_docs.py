"""DPG-5 for data: the fields, how the data was collected, and how to interpret it.

The Standard (1.1.7, indicator 5) asks data projects for "documentation that describes all the
fields in the set, and provides context on how the dataset was collected, and how it should be
interpreted". Each of the three is cited where found (facts.data_documentation, the data
dictionaries of facts.data_docs, the README's field sections); a missing one is needs-review
naming it, with where the project can write it. Absence is never a fail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpgcheck.checks import CheckContext
from dpgcheck.facts.data_docs import COLLECTION_HEADING, INTERPRETATION_HEADING, DataDocumentation, Place
from dpgcheck.model import CheckOutcome, Evidence, Status

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

_WHERE = {
    "field descriptions": (
        "describe every field (name, type, unit, meaning): `schema.fields[].description` in datapackage.json "
        "(https://specs.frictionlessdata.io/), CSVW columns, or a data dictionary / codebook file"
    ),
    "how the data was collected": (
        "say how the data was collected and where it comes from: a `Methodology` / `Data collection` / "
        "`Sources` section in the README, `sources` in datapackage.json, or METHODOLOGY.md"
    ),
    "how to interpret it": (
        "say how to interpret and use it (units, coverage, known gaps): an `Interpretation` / `Usage` / "
        "`Limitations` section in the README, or a datasheet (DATASHEET.md)"
    ),
}


def _found(facts: Facts) -> dict[str, list[Place]]:
    """The three parts of the data's documentation, each with where it was found."""
    docs = facts.data_documentation or DataDocumentation()
    fields = list(docs.fields)
    if not docs.searched:
        # Facts built without the data documentation (by hand, or by an older collector).
        fields += [(path, None, "data dictionary or schema") for path in facts.data_docs]
    collection = list(docs.collection)
    interpretation = list(docs.interpretation)
    readme = facts.docs.readme
    if readme is not None and not docs.searched:
        # Hand-built or older facts: the README's own sections still count.
        fields += [(readme.path, h.line, f"section: {h.text}") for h in readme.field_sections[:1]]
        for heading in readme.headings:
            if COLLECTION_HEADING.search(heading.text):
                collection.append((readme.path, heading.line, f"section: {heading.text}"))
            if INTERPRETATION_HEADING.search(heading.text):
                interpretation.append((readme.path, heading.line, f"section: {heading.text}"))
    return {
        "field descriptions": list(dict.fromkeys(fields))[:3],
        "how the data was collected": list(dict.fromkeys(collection))[:3],
        "how to interpret it": list(dict.fromkeys(interpretation))[:3],
    }


def data_documentation_outcome(facts: Facts, context: CheckContext, outcome: CheckOutcome) -> CheckOutcome:
    """``outcome`` (the project's documentation) judged again for data: pass with the fields, the
    collection and the interpretation cited; needs-review naming what is missing."""
    if "data" not in context.asset_types or outcome.status is Status.FAIL:
        return outcome
    found = _found(facts)
    evidence = outcome.evidence + tuple(
        Evidence(kind="file", path=path, line=line, detail=f"data documentation ({what}): {detail}")
        for what, places in found.items()
        for path, line, detail in places
    )
    missing = [what for what, places in found.items() if not places]
    data_only = "software" not in context.asset_types
    if not missing:
        if data_only or outcome.status is Status.PASS:
            summary = "Data documentation: the fields, how the data was collected and how to interpret it"
            return CheckOutcome(
                Status.PASS if data_only else outcome.status,
                summary if data_only else f"{outcome.summary}; {summary[0].lower()}{summary[1:]}",
                evidence,
            )
        return CheckOutcome(outcome.status, outcome.summary, evidence, outcome.remediation)
    searched = (facts.data_documentation or DataDocumentation()).searched or (
        "datapackage.json / CSVW field descriptions, data dictionaries, codebooks and README sections",
    )
    have = [what for what in found if what not in missing]
    lacks = f"data documentation without {' or '.join(missing)}" + (
        f" ({', '.join(have)} found)" if have else ""
    )
    summary = lacks[0].upper() + lacks[1:] if data_only else f"{outcome.summary}; {lacks}"
    remediation = "; ".join(_WHERE[what] for what in missing) + "."
    if not data_only and outcome.remediation and outcome.status is not Status.PASS:
        remediation = f"{outcome.remediation} For the data: {remediation}"
    return CheckOutcome(
        Status.NEEDS_REVIEW,
        summary,
        (*evidence, Evidence(kind="metadata", detail="looked for " + "; ".join(searched))),
        remediation[0].upper() + remediation[1:],
    )
