"""Re-run DPG-5/6/8 on /work/corpus and compare with the by-hand table (standards_docs.md).

Usage: .venv/bin/python bench/accuracy/standards_docs.py [CORPUS_DIR]. Projects not present are
skipped. Each check runs in a subprocess under a time and memory limit (hostile-input safety).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

EXPECTED = {  # project: (DPG-5, DPG-6, DPG-8) after issue 13, as judged by hand
    "aedes": ("pass", "needs-review", "needs-review"),
    "aiagro": ("pass", "needs-review", "needs-review"),
    "angaza": ("pass", "needs-review", "needs-review"),
    "civiclytics": ("needs-review", "needs-review", "needs-review"),
    "collect": ("pass", "pass", "pass"),
    "compass": ("needs-review", "needs-review", "needs-review"),
    "cyf-curriculum": ("pass", "needs-review", "needs-review"),
    "dhis2-core": ("pass", "pass", "pass"),
    "fineract": ("pass", "pass", "pass"),
    "global-asp": ("pass", "needs-review", "needs-review"),
    "healthsites": ("pass", "pass", "needs-review"),
    "jellow": ("pass", "needs-review", "needs-review"),
    "kolibri": ("pass", "pass", "pass"),
    "ndb-core": ("pass", "pass", "pass"),
    "oky": ("pass", "needs-review", "needs-review"),
    "openelis": ("pass", "needs-review", "needs-review"),
    "openhexa-app": ("pass", "pass", "needs-review"),
    "querido-diario": ("pass", "needs-review", "needs-review"),
    "rahat": ("pass", "needs-review", "needs-review"),
    "xroad": ("pass", "pass", "pass"),
}
IDS = ("DPG-5", "DPG-6", "DPG-8")


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3_000_000_000, 3_000_000_000))


def main() -> int:
    """Print each project's verdicts and whether they match; exit 1 on any difference."""
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/corpus")
    differences = 0
    for name, expected in EXPECTED.items():
        if not (corpus / name).is_dir():
            continue
        result = subprocess.run(
            [sys.executable, "-m", "dpgcheck", "check", str(corpus / name), "--offline", "-f", "json"],
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=_limit,
            check=False,
        )
        statuses = {i["id"]: i["status"] for i in json.loads(result.stdout)["indicators"]}
        got = tuple(statuses[i] for i in IDS)
        differences += got != expected
        print(f"{name:16} {' '.join(got)} {'ok' if got == expected else f'EXPECTED {expected}'}")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
