"""dpgcheck.installed: installed entry points and versions, remembered until something changes.

Each run is a fresh subprocess (the point is what a new process imports) with a folder of our own
first on sys.path, standing in for site-packages: a plugin is "installed" by writing its
dist-info there, as pip does. The folders on sys.path that the test creates are given a
modification time in the past, as an environment installed a while ago has: the cache only
remembers answers once sys.path has settled (see the module's docstring).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from dpgcheck import installed
from dpgcheck.installed import CACHE_NAME, DISTRIBUTIONS
from tests.conftest import write_tree

# Prints what dpgcheck.installed answers, what load_plugins and the two cache-file namers make of
# it, and whether importlib.metadata was imported before load_plugins (which imports it to build
# EntryPoint objects when there is a plugin).
PROBE = """
import json, sys
from dpgcheck.installed import DISTRIBUTIONS, distribution_version, indicator_entry_points
from dpgcheck.facts.license_cache import _askalono_version
from dpgcheck.facts.spdx import _memo
from dpgcheck.plugins import load_plugins

answer = {
    "entry_points": [list(point) for point in indicator_entry_points()],
    "versions": {name: distribution_version(name) for name in DISTRIBUTIONS},
    "askalono": _askalono_version(),
    "memo": getattr(_memo().path, "name", None),
}
imported = "importlib.metadata" in sys.modules
answer["plugins"] = list(load_plugins().names)
print(json.dumps({"answer": answer, "imported": imported}))
"""

FAKE_DIST_INFO = {
    "fakeplugin-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: fakeplugin\nVersion: 1.0\n",
    "fakeplugin-1.0.dist-info/entry_points.txt": "[dpgcheck.indicators]\nfake = fakeplugin:plugin\n",
}
FAKE_MODULE = {
    "fakeplugin.py": "from dpgcheck.plugins import Plugin\ndef plugin():\n    return Plugin('fake', [], {})\n"
}


def _settle(folder: Path, seconds_ago: int) -> None:
    """Give ``folder`` a modification time in the past, as if it had last changed then."""
    past = time.time_ns() - seconds_ago * 1_000_000_000
    os.utime(folder, ns=(past, past))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Environment of a probe: its own cache folder, ``site`` first on sys.path, settled."""
    site = tmp_path / "site"
    site.mkdir()
    _settle(site, 600)
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
        "DPGCHECK_CACHE_DIR": str(tmp_path / "cache"),
        # No __pycache__ appears in ``site`` when the probe imports the fake plugin.
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environment.pop("DPGCHECK_NO_CACHE", None)
    return environment


def probe(env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """Run PROBE in a fresh interpreter; ``cwd`` is on its sys.path (``python -c`` puts it there)."""
    if not cwd.exists():
        cwd.mkdir()
        _settle(cwd, 600)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def expected_versions() -> dict[str, str | None]:
    """What importlib.metadata says in this process (same interpreter and environment)."""
    versions: dict[str, str | None] = {}
    for name in DISTRIBUTIONS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def test_a_second_run_answers_from_the_cache_without_importing_importlib_metadata(
    env: dict[str, str], tmp_path: Path
) -> None:
    cache = Path(env["DPGCHECK_CACHE_DIR"]) / CACHE_NAME
    first = probe(env, tmp_path / "cwd")
    assert first["imported"]
    assert cache.is_file()
    assert first["answer"]["versions"] == expected_versions()
    assert first["answer"]["askalono"] == (expected_versions()["pyaskalono"] or "unknown")
    assert first["answer"]["plugins"] == []

    second = probe(env, tmp_path / "cwd")
    assert not second["imported"]
    assert second["answer"] == first["answer"]


def test_installing_and_removing_a_plugin_is_noticed(env: dict[str, str], tmp_path: Path) -> None:
    site = tmp_path / "site"
    cwd = tmp_path / "cwd"
    probe(env, cwd)
    before = probe(env, cwd)
    assert not before["imported"]  # the answer without the plugin is remembered
    assert ["fake", "fakeplugin:plugin"] not in before["answer"]["entry_points"]

    write_tree(site, {**FAKE_DIST_INFO, **FAKE_MODULE})  # "pip install fakeplugin"
    installed = probe(env, cwd)
    assert installed["imported"]
    assert ["fake", "fakeplugin:plugin"] in installed["answer"]["entry_points"]
    assert installed["answer"]["plugins"] == ["fake"]

    # Later, once the install has settled: remembered, and read back without a lookup.
    _settle(site, 300)
    probe(env, cwd)
    warm = probe(env, cwd)
    assert not warm["imported"]
    assert warm["answer"]["plugins"] == ["fake"]

    shutil.rmtree(site / "fakeplugin-1.0.dist-info")  # "pip uninstall fakeplugin"
    removed = probe(env, cwd)
    assert removed["imported"]
    assert ["fake", "fakeplugin:plugin"] not in removed["answer"]["entry_points"]
    assert removed["answer"]["plugins"] == []


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2]", b'{"entries": "x"}', b'{"entries": [{"key": 1}]}'],
)
def test_a_corrupt_cache_is_ignored_and_rewritten(
    env: dict[str, str], tmp_path: Path, content: bytes
) -> None:
    cache = Path(env["DPGCHECK_CACHE_DIR"]) / CACHE_NAME
    cache.parent.mkdir()
    cache.write_bytes(content)
    first = probe(env, tmp_path / "cwd")
    assert first["imported"]
    assert first["answer"]["versions"] == expected_versions()
    assert isinstance(json.loads(cache.read_text(encoding="utf-8"))["entries"], list)
    second = probe(env, tmp_path / "cwd")
    assert not second["imported"]
    assert second["answer"] == first["answer"]


def test_a_malformed_record_for_the_current_state_is_not_believed(
    env: dict[str, str], tmp_path: Path
) -> None:
    cache = Path(env["DPGCHECK_CACHE_DIR"]) / CACHE_NAME
    first = probe(env, tmp_path / "cwd")
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["entries"][0]["entry_points"] = [["fake"]]  # right key, broken answer
    cache.write_text(json.dumps(data), encoding="utf-8")
    second = probe(env, tmp_path / "cwd")
    assert second["imported"]
    assert second["answer"] == first["answer"]


def test_an_unwritable_cache_costs_only_speed(env: dict[str, str], tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    env = {**env, "DPGCHECK_CACHE_DIR": str(blocker / "cache")}
    first = probe(env, tmp_path / "cwd")
    second = probe(env, tmp_path / "cwd")
    assert first["imported"] and second["imported"]
    assert first["answer"]["versions"] == second["answer"]["versions"] == expected_versions()


def test_no_cache_writes_nothing_and_always_asks_importlib_metadata(
    env: dict[str, str], tmp_path: Path
) -> None:
    env = {**env, "DPGCHECK_NO_CACHE": "1"}
    for _ in range(2):
        result = probe(env, tmp_path / "cwd")
        assert result["imported"]
        assert result["answer"]["versions"] == expected_versions()
    cache_dir = Path(env["DPGCHECK_CACHE_DIR"])
    assert not cache_dir.exists() or not any(cache_dir.iterdir())


def test_an_answer_is_remembered_only_once_sys_path_has_settled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A folder changed twice within its timestamp granularity keeps one time: an answer computed
    # right after a change could miss the second one, so it is not written until later.
    import dpgcheck.facts.license_cache  # noqa: F401  (imported lazily; needs the real sys.path)

    site = tmp_path / "just-installed"
    site.mkdir()
    cache = tmp_path / "cache" / CACHE_NAME
    monkeypatch.setenv("DPGCHECK_CACHE_DIR", str(cache.parent))
    monkeypatch.setattr(sys, "path", [str(site)])
    monkeypatch.setattr(installed, "_last", None)
    assert installed.indicator_entry_points() == ()
    assert not cache.exists()
    _settle(site, 600)
    assert installed.indicator_entry_points() == ()
    assert cache.exists()
