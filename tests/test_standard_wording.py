"""The catalog speaks the Standard's 1.1.7 words, and states its version in one place."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from dpgcheck.catalog import catalog_dir, indicator_files, load_catalog

ROOT = Path(__file__).resolve().parents[1]


def _raw(indicator_id: str) -> dict[str, object]:
    data = yaml.safe_load((catalog_dir() / f"{indicator_id}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_version_and_its_release_date_come_from_standard_yaml() -> None:
    meta = load_catalog().extra
    # The topmost release of the Standard's CHANGELOG.md: "## [1.1.7] 2025-06-26".
    assert (load_catalog().standard_version, meta["released"]) == ("1.1.7", "2025-06-26")
    assert str(meta["changelog_url"]).endswith("/CHANGELOG.md")


def test_the_readme_states_the_catalogs_version_and_no_other() -> None:
    catalog = load_catalog()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = set(re.findall(r"\b1\.\d+\.\d+\b", readme.split("## ", 1)[0]))
    assert stated == {catalog.standard_version}
    assert f"{catalog.standard_version} ({catalog.extra['released']})" in readme


def test_every_indicator_quotes_the_standard_it_names() -> None:
    version = load_catalog().standard_version
    for path in indicator_files(catalog_dir()):
        text = str(_raw(path.stem).get("standard_text", ""))
        assert f"DPG Standard {version}" in text and '"' in text, path.name
        # No indicator file names another version of the Standard.
        other = set(re.findall(r"Standard (1\.\d+\.\d+)", path.read_text(encoding="utf-8"))) - {version}
        assert not other, (path.name, other)


def test_dpg8_names_no_particular_principles() -> None:
    # 1.1.7 removed the Principles for Digital Development example (dpg-standard#200).
    indicator = load_catalog().get("DPG-8")
    assert indicator is not None
    assert "Principles for Digital Development" not in indicator.requirement
    assert indicator.requirement.endswith("standards, best practices, and/or principles.")


def test_dpg9b_is_about_inappropriate_misleading_and_illegal_content() -> None:
    indicator = load_catalog().get("DPG-9B")
    assert indicator is not None
    assert indicator.title == "Do no harm: inappropriate, misleading and illegal content"
    assert "misleading" in indicator.requirement and "misleading" in indicator.remediation


def test_dpg6_covers_data_collected_used_or_generated() -> None:
    indicator = load_catalog().get("DPG-6")
    assert indicator is not None
    assert "collects, uses or generates non-PII data" in indicator.requirement


def test_dpg3_and_dpg4_quote_the_questions_this_tool_reports_on() -> None:
    dpg3, dpg4 = str(_raw("DPG-3")["standard_text"]), str(_raw("DPG-4")["standard_text"])
    assert "Where is the owner based?" in dpg3 and "Contributor License Agreement" in dpg3
    assert "core technologies" in dpg4
