"""The HTML report renders in a real browser: headless Chromium takes a screenshot and dumps the DOM.

Skipped, with the reason, only where no Chromium is installed.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from dpgcheck.api import CheckOptions, Policy, RunOptions, check
from dpgcheck.formats import RenderOptions, get_renderer
from tests.conftest import EXAMPLES

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def _browser() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


BROWSER = _browser()
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason=f"no headless browser installed (looked for {', '.join(CANDIDATES)})"
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    return subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def test_html_report_renders_in_chromium(tmp_path: Path) -> None:
    report = check(
        str(EXAMPLES / "failing"), RunOptions(CheckOptions(asset_types=()), Policy(use_config=False))
    ).report
    page = tmp_path / "report.html"
    page.write_text(get_renderer("html")(report, RenderOptions()), encoding="utf-8")

    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "<h1>DPG Standard check" in dom.stdout
    assert dom.stdout.count("<article ") == len(report.results)

    shot = tmp_path / "report.png"
    result = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 1600)
    # A blank page compresses to almost nothing; a rendered report with text and colour does not.
    assert len(data) > 50_000
