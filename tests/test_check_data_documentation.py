"""DPG-5 for data: the fields, how the data was collected, how to interpret it (Standard 1.1.7)."""

from __future__ import annotations

import json

from dpgcheck.model import Status
from tests.checkutil import evidence_at, run_check

CHECK = "documentation"
PROSE = "This data set lists every health facility of the region with its services. " * 4


def _package(described: bool, sources: bool) -> str:
    fields = [{"name": "id", "type": "integer"}, {"name": "beds", "type": "integer"}]
    if described:
        fields[1]["description"] = "Number of in-patient beds on 1 January."
    data: dict[str, object] = {
        "name": "facilities",
        "resources": [{"path": "a.csv", "schema": {"fields": fields}}],
    }
    if sources:
        data["sources"] = [{"title": "Ministry of Health facility census 2023"}]
    return json.dumps(data, indent=2)


def test_a_data_package_documents_fields_and_sources(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = f"# Facilities\n\n{PROSE}\n\n## Limitations\n\n{PROSE}\n"
    repo = make_repo({"README.md": readme, "datapackage.json": _package(True, True), "a.csv": "id,beds\n"})
    outcome = run_check(repo, CHECK, ("data",))
    assert outcome.status is Status.PASS
    assert "1 of 2 field(s) described" in evidence_at(outcome, "datapackage.json")
    assert "`sources`" in evidence_at(outcome, "datapackage.json", containing="collected")
    # Field names without descriptions and no sources: names are not descriptions, and nothing
    # says how the data was collected.
    repo = make_repo({"README.md": readme, "datapackage.json": _package(False, False), "a.csv": "id,beds\n"})
    outcome = run_check(repo, CHECK, ("data",))
    assert outcome.status is Status.NEEDS_REVIEW
    assert "without field descriptions or how the data was collected" in outcome.summary
    assert outcome.remediation and outcome.remediation.startswith("Describe every field")
    assert "(how to interpret it found)" in outcome.summary


def test_csvw_columns_and_a_datasheet(make_repo) -> None:  # type: ignore[no-untyped-def]
    csvw = {
        "@context": "http://www.w3.org/ns/csvw",
        "url": "a.csv",
        "tableSchema": {"columns": [{"name": "beds", "titles": "Beds", "dc:description": "In-patient beds"}]},
    }
    files = {
        "README.md": f"# Facilities\n\n{PROSE}\n",
        "a.csv-metadata.json": json.dumps(csvw, indent=1),
        "DATASHEET.md": f"# Datasheet\n\n{PROSE}\n",
    }
    outcome = run_check(make_repo(files), CHECK, ("data",))
    assert outcome.status is Status.PASS
    assert "1 of 1 CSVW column(s) described" in evidence_at(outcome, "a.csv-metadata.json")
    assert "datasheet" in evidence_at(outcome, "DATASHEET.md", containing="interpret")
    del files["DATASHEET.md"]
    outcome = run_check(make_repo(files), CHECK, ("data",))
    assert outcome.status is Status.NEEDS_REVIEW
    assert "how the data was collected or how to interpret it" in outcome.summary


def test_a_methodology_document_in_docs(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "README.md": f"# Facilities\n\n{PROSE}\n\n## Columns\n\n| id | beds |\n"
        f"\n## How to use the data\n\n{PROSE}\n",
        "docs/methodology.md": f"# How we survey\n\n{PROSE}\n",
    }
    outcome = run_check(make_repo(files), CHECK, ("data",))
    assert outcome.status is Status.PASS
    assert "methodology" in evidence_at(outcome, "docs/methodology.md")


def test_nothing_about_the_data_names_all_three(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"README.md": f"# Facilities\n\n{PROSE}\n"}), CHECK, ("data",))
    assert outcome.status is Status.NEEDS_REVIEW
    assert (
        "without field descriptions or how the data was collected or how to interpret it" in outcome.summary
    )
    assert "looked for" in outcome.evidence[-1].detail
