"""The catalog and the registered checks stay in step, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dpgcheck.catalog import AUTOMATION_LEVELS, load_catalog, parse_indicator
from dpgcheck.checks import builtin_checks
from dpgcheck.errors import CatalogError

EXPECTED = [
    "DPG-1",
    "DPG-2",
    "DPG-3",
    "DPG-4",
    "DPG-5",
    "DPG-6",
    "DPG-7",
    "DPG-8",
    "DPG-9A",
    "DPG-9B",
    "DPG-9C",
]


def test_catalog_has_every_indicator_in_order() -> None:
    catalog = load_catalog()
    assert [i.id for i in catalog.indicators] == EXPECTED
    assert catalog.standard_version
    for indicator in catalog.indicators:
        assert indicator.automation in AUTOMATION_LEVELS
        assert indicator.remediation and indicator.help_url


def test_every_indicator_binds_to_a_check_and_every_check_is_bound() -> None:
    catalog = load_catalog()
    checks = builtin_checks()
    bound = {i.check for i in catalog.indicators}
    assert bound == set(checks)


def test_malformed_indicator_is_a_catalog_error(tmp_path: Path) -> None:
    bad = tmp_path / "DPG-X.yaml"
    bad.write_text(yaml.safe_dump({"id": "DPG-X", "title": "x"}))
    with pytest.raises(CatalogError, match="lacks"):
        parse_indicator(bad)
