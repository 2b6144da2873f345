"""The command line offers exactly what the registries hold: formats, asset types, fail-on levels."""

from __future__ import annotations

import pkgutil
from importlib import import_module

import pytest
import typer
from typer.testing import CliRunner

import dpgcheck.formats
from dpgcheck import api
from dpgcheck.catalog import ASSET_TYPES
from dpgcheck.cli import app
from dpgcheck.formats import FORMATS, RenderOptions, available_formats, format_names, get_renderer
from dpgcheck.model import FAIL_ON_LEVELS
from tests.conftest import EXAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def failing_run() -> api.CheckRun:
    options = api.RunOptions(api.CheckOptions(), api.Policy(use_config=False))
    return api.check(str(EXAMPLES / "failing"), options)


def _choices(command: str, option: str) -> list[str]:
    group = typer.main.get_command(app)
    params = group.commands[command].params  # type: ignore[attr-defined]
    param = next(p for p in params if option in p.opts)
    return [str(choice) for choice in param.type.choices]


def test_every_format_module_is_registered_under_a_name_the_cli_offers() -> None:
    # A renderer module added to formats/ but not to its registry table would be unreachable.
    for module in pkgutil.iter_modules(dpgcheck.formats.__path__):
        import_module(f"dpgcheck.formats.{module.name}")
    assert set(FORMATS) == set(format_names()) == set(available_formats())
    assert _choices("check", "--format") == list(available_formats())


@pytest.mark.parametrize("name", format_names())
def test_every_registered_format_renders_through_check(
    name: str, failing_run: api.CheckRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "check", lambda target, options=None, checker=None: failing_run)
    result = runner.invoke(app, ["check", str(EXAMPLES / "failing"), "-f", name])
    assert result.exit_code == 1, result.stderr  # the failing example fails at the default gate
    assert result.stdout == get_renderer(name)(failing_run.report, RenderOptions(width=100))


def test_asset_type_and_fail_on_choices_are_the_catalog_and_model_ones() -> None:
    for command in ("check", "badge", "audit", "licenses"):
        assert _choices(command, "--type") == list(ASSET_TYPES)
    for command in ("check", "audit"):
        assert _choices(command, "--fail-on") == list(FAIL_ON_LEVELS)


def test_an_unknown_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["check", str(EXAMPLES / "passing"), "-f", "pdf"])
    assert result.exit_code == 2
    assert "pdf" in result.stderr
