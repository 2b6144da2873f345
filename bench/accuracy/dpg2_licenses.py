"""DPG-2 on the development corpus, against what a DPGA reviewer accepts (judged by hand).

Run ``python bench/accuracy/dpg2_licenses.py [CORPUS]`` (default /work/corpus): each project that
is present is checked offline with its registry entry's asset types; the script prints the verdict
next to the accepted verdicts and counts false fails and false passes. Projects that are absent
are skipped (the corpus is never committed).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# project: (asset types, verdicts a reviewer accepts, the proof, by hand)
EXPECTED: dict[str, tuple[tuple[str, ...], frozenset[str], str]] = {
    "aedes": (("aimodel", "content", "data"), frozenset({"pass"}), "LICENSE:1 MIT; CC BY-SA 4.0.md:1"),
    "aiagro": (("aimodel", "software"), frozenset({"pass"}), "LICENSE:1 GPL-3.0"),
    "angaza": (("aimodel",), frozenset({"pass"}), "LICENSE:1 MIT"),
    "civiclytics": (
        ("data",),
        frozenset({"fail", "needs-review"}),
        "no license file, manifest or README mention",
    ),
    "collect": (("software",), frozenset({"pass"}), "LICENSE.TXT:1 MIT; pom.xml:59"),
    "compass": (("data",), frozenset({"needs-review"}), "license:1 AGPL-3.0 (a software license on data)"),
    "cyf-curriculum": (("content",), frozenset({"pass"}), "LICENSE:1 CC-BY-NC-SA-4.0"),
    "global-asp": (("content",), frozenset({"pass", "warn"}), "LICENSE:1 CC-BY-4.0; README.md:139 CC-BY-NC"),
    "healthsites": (
        ("data", "software"),
        frozenset({"pass"}),
        "LICENSE-CODE.txt BSD-3; LICENSE-DATA.txt ODbL",
    ),
    "jellow": (("content", "software"), frozenset({"pass"}), "LICENSE.txt:1 BSD-3; README.md:44 CC-BY-NC-SA"),
    "kolibri": (("software",), frozenset({"pass"}), "LICENSE:1 MIT"),
    "ndb-core": (("software",), frozenset({"pass"}), "LICENSE.md:1 GPL-3.0"),
    "oky": (
        ("content", "software"),
        frozenset({"needs-review"}),
        "LICENSE:1 AGPL-3.0; content license off-repo",
    ),
    "openelis": (("software",), frozenset({"pass"}), "LICENSE.md:1 MPL-2.0"),
    "openhexa-app": (("software",), frozenset({"pass"}), "LICENSE.md:1 MIT"),
    "querido-diario": (
        ("data", "software"),
        frozenset({"needs-review"}),
        "LICENSE.md:1 MIT; data license off-repo",
    ),
    "rahat": (("software",), frozenset({"pass"}), "LICENSE:1 AGPL-3.0"),
    "xroad": (("software",), frozenset({"pass"}), "LICENSE:1 MIT; publiccode.yml:128"),
    "dhis2-core": (("software",), frozenset({"pass"}), "LICENSE:1 BSD-3-Clause"),
    "fineract": (("software",), frozenset({"pass"}), "LICENSE_SOURCE:1 Apache-2.0"),
}


def verdict(path: Path, types: tuple[str, ...]) -> str:
    """DPG-2's status for one project (a subprocess with a time and memory limit)."""
    args = ["timeout", "300", "prlimit", "--as=3000000000", "dpgcheck", "check", str(path), "--offline"]
    args += ["-f", "json", *(f"--type={t}" for t in types)]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        return "error"
    return next(str(i["status"]) for i in report["indicators"] if i["id"] == "DPG-2")


def main() -> None:
    """Print the table and the counts."""
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/corpus")
    false_fail = false_pass = checked = 0
    for name, (types, accepted, proof) in EXPECTED.items():
        if not (corpus / name).is_dir():
            continue
        status = verdict(corpus / name, types)
        checked += 1
        false_fail += status == "fail" and "fail" not in accepted
        false_pass += status == "pass" and "pass" not in accepted
        mark = "ok" if status in accepted else "WRONG"
        print(f"{name:16} {status:13} accepts {'/'.join(sorted(accepted)):18} {mark:5} {proof}")
    print(f"{checked} projects: {false_fail} false fail(s), {false_pass} false pass(es)")


if __name__ == "__main__":
    main()
