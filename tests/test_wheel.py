"""The built wheel ships the catalog, and dpgcheck runs from it (not from this checkout)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CHECKOUT = Path(__file__).resolve().parent.parent
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dpgcheck's wheel, built by pip with the hatchling backend."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [*PIP, "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(CHECKOUT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("dpgcheck-*.whl")
    return built


def test_wheel_contains_the_catalog(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"dpgcheck/_catalog/{path.relative_to(CHECKOUT / 'indicators')}"
        for path in (CHECKOUT / "indicators").rglob("*")
        if path.is_file()
    }
    assert "dpgcheck/_catalog/standard.yaml" in expected
    assert expected <= names
    assert len([n for n in names if n.startswith("dpgcheck/_catalog/DPG-")]) == 11
    assert "dpgcheck/py.typed" in names  # plugin authors type-check against dpgcheck
    assert not any(n.startswith(("tests/", "examples/", "bench/")) for n in names)


def test_installed_wheel_loads_its_own_catalog_and_checks(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [*PIP, "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # Dependencies come from this virtual environment; dpgcheck itself from the wheel.
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import dpgcheck, dpgcheck.catalog as c; cat = c.load_catalog();"
            "print(dpgcheck.__file__); print(cat.directory); print(len(cat.indicators))",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=tmp_path,
    )
    module_file, catalog_dir, count = probe.stdout.split("\n")[:3]
    assert module_file.startswith(str(site))
    assert Path(catalog_dir) == site / "dpgcheck" / "_catalog"
    assert count == "11"
    result = subprocess.run(
        [sys.executable, "-m", "dpgcheck", "check", str(EXAMPLES / "passing"), "-f", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["status"] == "pass"
