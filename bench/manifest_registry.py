"""Time registry listing and manifest loading at registry scale (no network, no timing asserts).

Builds N synthetic registry entries from examples/registry (every other screening file a
symbolic link to a shared one), then times ``find_registry_entries`` and ``load_manifest_file``
(parse, merge, TODO stripping, schema validation) over all of them.

Run:  .venv/bin/python bench/manifest_registry.py [N]     (default N=1000)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from dpgcheck.facts.manifest.parse import load_manifest_file
from dpgcheck.facts.manifest.registry import find_registry_entries

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "registry"


def build(root: Path, count: int) -> None:
    nominees, screening = root / "nominees", root / "digitalpublicgoods"
    nominees.mkdir(parents=True)
    screening.mkdir()
    nomination = (EXAMPLE / "nominees" / "openclinic-registry.json").read_text()
    shutil.copy(EXAMPLE / "digitalpublicgoods" / "openclinic-registry.json", screening / "shared.json")
    for index in range(count):
        slug = f"product-{index:05d}"
        (nominees / f"{slug}.json").write_text(nomination)
        if index % 2:
            os.symlink("shared.json", screening / f"{slug}.json")
        else:
            shutil.copy(screening / "shared.json", screening / f"{slug}.json")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root, count)
        start = time.perf_counter()
        entries = find_registry_entries(str(root))
        listed = time.perf_counter() - start
        start = time.perf_counter()
        for entry in entries:
            load_manifest_file(entry.nomination_path)
        loaded = time.perf_counter() - start
    print(
        f"{count} entries: find_registry_entries {listed:.2f} s; load_manifest_file (merge + validate) "
        f"{loaded:.2f} s total, {1000 * loaded / count:.2f} ms per entry"
    )


if __name__ == "__main__":
    main()
