"""What a hostile repository's names and texts do to the reports: nothing but show, escaped.

A file name that is not UTF-8 (``pkg\\xff/``) must leave every format valid UTF-8 with the
byte shown as ``\\xff`` (SARIF URIs: ``%FF``); terminal control sequences from a manifest
value, a LICENSE line or a folder name must not reach the text or Markdown report.
Every run is a real subprocess with a time-out and a memory cap.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dpgcheck.display import clean_terminal, escape_path, escape_text, unescape_path
from tests.conftest import EXAMPLES, git

BAD_DIR = b"pkg\xff"
SHOWN = "pkg\\xff/package.json"  # how every text format shows the file
ESC = "\x1b"
TITLE = f"{ESC}]0;PWNED-TITLE\x07"
LINK = f"{ESC}]8;;http://evil.example/{ESC}\\click{ESC}]8;;{ESC}\\"
CLEAR = f"{ESC}[2J"


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))


def dpgcheck(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI as a reviewer would, in a UTF-8 locale (strict stdout), bounded."""
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "dpgcheck", *args],
        capture_output=True,
        timeout=120,
        preexec_fn=_limits,
        env=env,
        cwd=cwd,
    )


def bad_name_repo(root: Path, use_git: bool) -> Path:
    """A project with ``pkg\\xff/package.json`` (a dependency manifest DPG-4 cites by path)."""
    root.mkdir(parents=True)
    shutil.copy(EXAMPLES / "passing" / "README.md", root / "README.md")
    folder = os.path.join(os.fsencode(root), BAD_DIR)
    os.mkdir(folder)
    with open(os.path.join(folder, b"package.json"), "w", encoding="utf-8") as handle:
        handle.write('{"name": "x", "license": "MIT", "dependencies": {"left-pad": "1.0.0"}}')
    if use_git:
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "initial")
    return root


@pytest.fixture(scope="module", params=["git", "folder"])
def bad_repo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bad_name_repo(tmp_path_factory.mktemp("bad") / "repo", request.param == "git")


def assert_clean_run(result: subprocess.CompletedProcess[bytes]) -> None:
    stderr = result.stderr.decode("utf-8")
    assert result.returncode in (0, 1), stderr
    assert "Traceback" not in stderr and "Internal error" not in stderr


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "sarif", "junit"])
def test_a_non_utf8_file_name_on_stdout_is_valid_utf8_and_escaped(bad_repo: Path, fmt: str) -> None:
    result = dpgcheck("check", str(bad_repo), "-f", fmt, "--verbose")
    assert_clean_run(result)
    out = result.stdout.decode("utf-8")  # strict: invalid UTF-8 fails here
    if fmt == "json":
        paths = [e["path"] for i in json.loads(out)["indicators"] for e in i["evidence"]]
        assert SHOWN in paths
    elif fmt == "sarif":
        assert "pkg%FF/package.json" in out
        json.loads(out)
    elif fmt == "markdown":
        assert "pkg\\\\xff/package.json" in out  # Markdown escapes the backslash: it reads pkg\xff
    else:
        assert SHOWN in out


@pytest.mark.parametrize("suffix", ["json", "html", "md", "sarif", "xml", "txt"])
def test_a_non_utf8_file_name_written_to_a_file(bad_repo: Path, tmp_path: Path, suffix: str) -> None:
    report = tmp_path / f"r.{suffix}"
    result = dpgcheck("check", str(bad_repo), "-o", str(report))
    assert_clean_run(result)
    text = report.read_bytes().decode("utf-8")
    assert text.strip()
    assert "pkg" in text or suffix == "txt"  # the text report names the file only with --verbose


def test_an_audit_of_a_non_utf8_file_name_writes_every_file(bad_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = dpgcheck("audit", str(bad_repo), "--out", str(out))
    assert_clean_run(result)
    lines = (out / "results.jsonl").read_bytes().decode("utf-8").splitlines()
    record = json.loads(lines[0])
    assert "status" not in record  # a report line, not an error line
    assert SHOWN in [e["path"] for i in record["indicators"] for e in i["evidence"]]
    for name in ("summary.csv", "summary.md", "report.html"):
        assert (out / name).read_bytes().decode("utf-8")


def test_a_checked_folder_whose_own_name_is_not_utf8(tmp_path: Path) -> None:
    root = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9")))
    bad_name_repo(root, use_git=False)
    for fmt in ("json", "sarif", "text"):
        result = dpgcheck("check", os.fsencode(root), "-f", fmt)
        assert_clean_run(result)
        out = result.stdout.decode("utf-8")
        assert ("caf%E9" if fmt == "sarif" else "caf\\xe9") in out.replace("\\\\", "\\")


# --- The escapes themselves ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [b"pkg\xff/package.json", b"a\\xff", b"a\\\xff", b"tab\there", b"esc\x1b]0;x\x07", "c1\u0085".encode()],
)
def test_escape_path_is_lossless_and_valid(raw: bytes) -> None:
    shown = escape_path(os.fsdecode(raw))
    shown.encode("utf-8")  # strict
    assert shown.isprintable()
    assert unescape_path(shown) == raw


def test_a_literal_backslash_x_and_a_byte_are_told_apart() -> None:
    assert escape_path(os.fsdecode(b"a\xff")) == "a\\xff"
    assert escape_path("a\\xff") == "a\\\\xff"
    assert escape_path("src/main.py") == "src/main.py"


def test_escape_text_changes_only_what_cannot_be_written() -> None:
    assert escape_text("C:\\path and ünïcode") == "C:\\path and ünïcode"
    assert escape_text(os.fsdecode(b"x\xff") + "\ud800") == "x\\xff\\ud800"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        (f"Evil{TITLE} Corp", "Evil Corp"),
        (f"see {LINK} now", "see click now"),
        (f"a{CLEAR}b{ESC}[1;31mred{ESC}[0m", "abred"),
        ("c1 \x9b31mcsi \x9d0;t\x9c osc", "c1 csi  osc"),
        (f"unterminated {ESC}]0;title\nnext line", "unterminated \nnext line"),
        ("bell\x07 back\x08 cr\r tab\tnewline\n", "bell back cr tab\tnewline\n"),
        (f"dcs {ESC}Pq#0{ESC}\\ apc {ESC}_x\x07 reset{ESC}c", "dcs  apc  reset"),
    ],
)
def test_clean_terminal_removes_sequences_whole(dirty: str, clean: str) -> None:
    assert clean_terminal(dirty) == clean


# --- Control sequences from a repository ------------------------------------------------------


@pytest.fixture(scope="module")
def control_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The passing example with an OSC title, a hyperlink and a screen clear in a manifest value,
    the LICENSE's copyright line and a folder name, and a folder named with them."""
    root = tmp_path_factory.mktemp("osc") / f"repo{TITLE}"
    shutil.copytree(EXAMPLES / "passing", root)
    manifest = (root / "dpg.yaml").read_text(encoding="utf-8")
    owner = "  - name: Example Health Foundation"
    assert owner in manifest
    # YAML spells the controls as escapes (\e ESC, \a BEL) in a double-quoted string.
    manifest = manifest.replace(owner, '  - name: "Example\\e]0;MANIFEST-TITLE\\a Health Foundation\\e[2J"')
    (root / "dpg.yaml").write_text(manifest, encoding="utf-8")
    license_text = (root / "LICENSE").read_text(encoding="utf-8")
    (root / "LICENSE").write_text(f"Copyright 2024 Evil{TITLE} Corp {LINK}{CLEAR}\n\n{license_text}")
    pkg = root / f"pkg{TITLE}{CLEAR}"
    pkg.mkdir()
    (pkg / "package.json").write_text('{"name": "x", "dependencies": {"left-pad": "1.0.0"}}')
    return root


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_no_control_sequence_reaches_the_text_or_markdown_report(control_repo: Path, fmt: str) -> None:
    result = dpgcheck("check", str(control_repo), "-f", fmt, "--verbose")
    assert_clean_run(result)
    out = result.stdout.decode("utf-8")
    assert ESC not in out and "\x07" not in out and "\x9b" not in out
    assert "MANIFEST-TITLE" not in out  # the manifest's organisation name, sequence removed
    assert "Example Health Foundation" in out
    assert "Evil Corp" in out  # the LICENSE line, sequence removed
    assert "PWNED-TITLE" in out  # folder names are shown, escaped: \x1b]0;PWNED-TITLE\x07
    assert "\\x1b]0;PWNED-TITLE\\x07" in out.replace("\\\\", "\\")


def test_no_control_sequence_reaches_the_audit_console(control_repo: Path, tmp_path: Path) -> None:
    listing = tmp_path / "targets.txt"
    listing.write_text(f"{control_repo}\n", encoding="utf-8")
    result = dpgcheck("audit", str(listing), "--out", str(tmp_path / "out"))
    assert_clean_run(result)
    assert ESC not in result.stderr.decode("utf-8") + result.stdout.decode("utf-8")
