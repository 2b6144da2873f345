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


# The audit page, measured in the browser: a probe script scrolls the matrix sideways after the
# page's own script ran, then writes what it measured into the DOM that --dump-dom prints.
_PROBE = """<script>
(function () {
  var frame = document.querySelector(".frame"), label = document.querySelector("tbody td.label");
  var before = label.getBoundingClientRect().left;
  frame.scrollLeft = 400;
  var probe = document.createElement("pre"); probe.id = "probe";
  probe.textContent = JSON.stringify({
    page: document.documentElement.scrollWidth, viewport: window.innerWidth,
    frame: frame.clientWidth, table: frame.scrollWidth, scrolled: frame.scrollLeft,
    labelBefore: before, labelAfter: label.getBoundingClientRect().left,
    frameLeft: frame.getBoundingClientRect().left,
    labels: Array.prototype.map.call(document.querySelectorAll("tbody td.label"),
      function (td) { return [td.textContent, td.title]; }),
    legend: document.getElementById("legend").textContent,
    foot: document.querySelector("tfoot td.label").textContent
  });
  document.body.appendChild(probe);
})();
</script></body>"""


@pytest.mark.parametrize("width", [900, 1400])
def test_audit_page_in_chromium(tmp_path: Path, width: int) -> None:
    import json

    from tests.test_audit_page import audit_page

    page = tmp_path / "page.html"
    page.write_text(audit_page(tmp_path).replace("</body>", _PROBE), encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", f"--window-size={width},900", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    probe = json.loads(html_unescape(dom.stdout.split('<pre id="probe">', 1)[1].split("</pre>", 1)[0]))
    # Names, with the full path on hover.
    assert sorted(text.lstrip("▸ ") for text, _ in probe["labels"]) == ["clinic-one", "clinic-two"]
    assert all(title.startswith(str(tmp_path)) for _, title in probe["labels"])
    # The totals row has a legend naming every status and the two counts.
    assert "n ✗ · m ✓" in probe["legend"] and "needs-review" in probe["legend"]
    assert probe["foot"] == "Totals (shown)"
    # The page never scrolls sideways: the matrix does, inside its frame, and the target column
    # stays at the frame's left edge while it does.
    assert probe["page"] <= probe["viewport"]
    if probe["table"] > probe["frame"]:
        assert probe["scrolled"] > 0
        assert abs(probe["labelAfter"] - probe["frameLeft"]) <= 1
    else:
        assert width == 1400  # wide enough for the whole matrix
    shot = tmp_path / f"audit-{width}.png"
    result = _chromium(tmp_path, f"--screenshot={shot}", f"--window-size={width},900", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(shot.read_bytes()) > 20_000


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)
