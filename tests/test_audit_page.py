"""The audit page: targets by name (full path on hover and in the details), a legend for the
totals row, and a frame whose header row and target column stay in view.

The page itself is checked without a browser here; tests/test_html_render.py renders it in
headless Chromium at 900 and 1400 px (skipped where no Chromium is installed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.audit.html import display_name
from dpgcheck.cli import app
from tests.audit_helpers import copy_example


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("/home/ana/work/corpus/aedes", "aedes"),
        ("/home/ana/work/corpus/aedes/", "aedes"),
        ("./examples/failing", "failing"),
        ("C:\\work\\clinic", "clinic"),
        ("https://github.com/acme/clinic", "acme/clinic"),
        ("https://github.com/acme/clinic.git", "acme/clinic"),
        ("https://github.com/acme/clinic/tree/v2", "acme/clinic"),
        ("https://gitlab.com/group/sub/proj/-/tree/main", "sub/proj"),
        ("git@github.com:acme/clinic.git", "acme/clinic"),
        ("acme/clinic", "acme/clinic"),
        ("OpenCRVS (https://github.com/opencrvs/opencrvs-core)", "OpenCRVS"),
        ("Some registry name", "Some registry name"),
    ],
)
def test_display_name(label: str, name: str) -> None:
    assert display_name(label) == name


def audit_page(tmp_path: Path) -> str:
    first = copy_example("failing", tmp_path / "deep" / "folders" / "clinic-one")
    second = copy_example("passing", tmp_path / "deep" / "folders" / "clinic-two")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["audit", str(first), str(second), "--out", str(out), "--offline"])
    assert result.exit_code in (0, 1), result.output
    return (out / "report.html").read_text(encoding="utf-8")


def test_page_carries_names_paths_legend_and_frame(tmp_path: Path) -> None:
    page = audit_page(tmp_path)
    data = json.loads(page.split('id="audit-data">', 1)[1].split("</script>", 1)[0])
    rows = {row["name"]: row for row in data["rows"]}
    assert set(rows) == {"clinic-one", "clinic-two"}
    assert rows["clinic-one"]["label"] == str(tmp_path / "deep" / "folders" / "clinic-one")
    assert '<div class="legend" id="legend"></div>' in page
    assert '<div class="frame"><table class="matrix" id="matrix">' in page
    # The target column sticks to the frame's left edge; the details follow the frame too.
    assert "td.label { position: sticky; left: 0;" in page
    assert "r.name" in page and '"class": "path"' in page
