"""The catalog and the registered checks stay in step, both ways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dpgcheck.catalog import AUTOMATION_LEVELS, catalog_dir, indicator_files, load_catalog, parse_indicator
from dpgcheck.checks import Check, builtin_checks
from dpgcheck.engine import build_checker
from dpgcheck.errors import CatalogError


def test_catalog_lists_every_indicator_file_in_the_standards_order() -> None:
    catalog = load_catalog()
    files = sorted(catalog_dir().glob("DPG-*.yaml"))
    assert files and {i.id for i in catalog.indicators} == {p.stem for p in files}
    numbers = [int(re.sub(r"\D", "", i.id)) for i in catalog.indicators]
    assert numbers == sorted(numbers)  # DPG-9A, 9B, 9C after DPG-8
    assert catalog.standard_version
    for indicator in catalog.indicators:
        assert indicator.automation in AUTOMATION_LEVELS
        assert indicator.remediation and indicator.help_url


def test_every_indicator_binds_to_a_check_and_every_check_is_bound() -> None:
    catalog = load_catalog()
    checks = builtin_checks()
    bound = [i.check for i in catalog.indicators]
    assert len(bound) == len(set(bound))  # one check per indicator
    assert set(bound) == set(checks)


def test_each_check_lives_in_a_module_named_after_its_indicator() -> None:
    # A newcomer finds DPG-9A's logic in checks/dpg9a_*.py by the file name alone.
    by_check = {i.check: i.id for i in load_catalog().indicators}
    for name, check in builtin_checks().items():
        assert isinstance(check, Check) and check.name == name
        module = check.run.__module__.rsplit(".", 1)[-1]
        assert module.startswith(by_check[name].lower().replace("-", "") + "_"), (name, module)


def test_the_checker_runs_the_builtin_plugin_first() -> None:
    checker = build_checker(plugins=False)
    assert [i.id for i in checker.catalog.indicators] == [p.stem for p in indicator_files(catalog_dir())]
    assert set(checker.checks) == set(builtin_checks())


def test_malformed_indicator_is_a_catalog_error(tmp_path: Path) -> None:
    bad = tmp_path / "DPG-X.yaml"
    bad.write_text(yaml.safe_dump({"id": "DPG-X", "title": "x"}))
    with pytest.raises(CatalogError, match="lacks"):
        parse_indicator(bad)


def test_every_indicator_states_its_rule_as_a_verdict_mapping() -> None:
    # One shape for every indicator (issue 13): pass, fail and needs-review each say when.
    for path in indicator_files(catalog_dir()):
        rule = yaml.safe_load(path.read_text(encoding="utf-8"))["rule"]
        assert isinstance(rule, dict), path.name
        assert {"pass", "fail", "needs-review"} <= set(rule), path.name
        assert all(isinstance(text, str) and text.strip() for text in rule.values()), path.name


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("pass: a README", "must map verdicts"),
        ({"pass": "x", "maybe": "y"}, "unknown key 'maybe'"),
        ({"pass": "x", "fail": ""}, "rule.fail"),
    ],
)
def test_a_rule_that_is_not_a_verdict_mapping_is_a_catalog_error(
    tmp_path: Path, rule: object, message: str
) -> None:
    bad = tmp_path / "DPG-X.yaml"
    fields = {"id": "DPG-X", "title": "x", "requirement": "r", "automation": "full", "check": "c"}
    bad.write_text(yaml.safe_dump({**fields, "remediation": "do", "rule": rule}))
    with pytest.raises(CatalogError, match=message):
        parse_indicator(bad)


def test_a_rule_may_say_how_it_differs_for_an_asset_type(tmp_path: Path) -> None:
    path = tmp_path / "DPG-X.yaml"
    fields = {"id": "DPG-X", "title": "x", "requirement": "r", "automation": "full", "check": "c"}
    rule = {"pass": "p", "fail": "f", "needs-review": "n", "aimodel": "each part of the AI system"}
    path.write_text(yaml.safe_dump({**fields, "remediation": "do", "rule": rule}))
    assert ("aimodel", "each part of the AI system") in parse_indicator(path).rule
