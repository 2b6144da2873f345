"""Benchmark license detection: precision, recall and speed on the labelled corpus, next to licensee.

Usage (from the repository root):

    .venv/bin/python bench/licenses.py                 # corpus + typical repository
    .venv/bin/python bench/licenses.py --no-licensee   # without running /usr/bin/licensee
    .venv/bin/python bench/licenses.py PATH...         # also time these repositories

Precision and recall count license ids per corpus file (GNU -only/-or-later compare equal, as
the text cannot tell them apart); "files with a wrong id" is the number that must stay 0.
licensee reads each corpus file as the only ``LICENSE`` of a temporary folder, so both tools
see the same input. Speed is measured twice: with an empty classification cache (first run on a
machine) and with the cache a previous run left (every later run).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dpgcheck.facts.licenses.cache import ClassificationCache  # noqa: E402
from dpgcheck.facts.licenses.detect import base_keys, classify_license_file, detect_licenses  # noqa: E402
from dpgcheck.facts.licenses.text import LicenseClassifier  # noqa: E402
from dpgcheck.sources.local import open_local  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "license-corpus"


def keys(ids: list[str]) -> set[str]:
    out: set[str] = set()
    for spdx in ids:
        out |= base_keys(spdx)
    return out


def score(results: dict[str, set[str]], labels: dict[str, list[str]]) -> dict[str, float]:
    tp = fp = fn = wrong_files = 0
    for name, expected in labels.items():
        got, want = results.get(name, set()), keys(expected)
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        wrong_files += bool(got - want)
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "wrong_files": wrong_files,
        "false_ids": fp,
        "missed_ids": fn,
    }


def run_ours(labels: dict[str, list[str]], cache_dir: Path) -> tuple[dict[str, set[str]], float, int]:
    classifier = LicenseClassifier(ClassificationCache(cache_dir / "cache.json"))
    results: dict[str, set[str]] = {}
    start = time.perf_counter()
    for name in labels:
        text = (CORPUS / name).read_bytes().decode("utf-8")
        findings = classify_license_file(name, text, ("software",), classifier)
        results[name] = keys([f.spdx for f in findings if f.spdx])
    return results, time.perf_counter() - start, classifier.calls


def run_licensee(labels: dict[str, list[str]]) -> tuple[dict[str, set[str]], float]:
    results: dict[str, set[str]] = {}
    start = time.perf_counter()
    for name in labels:
        suffix = Path(name).suffix if Path(name).suffix in (".md", ".rst", ".html", ".txt") else ""
        with tempfile.TemporaryDirectory() as folder:
            shutil.copyfile(CORPUS / name, Path(folder) / f"LICENSE{suffix}")
            out = subprocess.run(
                ["licensee", "detect", "--json", folder], capture_output=True, text=True, check=False
            )
        found: set[str] = set()
        try:
            data = json.loads(out.stdout)
            for matched in data.get("matched_files", []):
                spdx = matched.get("matched_license")
                if spdx and spdx not in ("NOASSERTION", "other", "no-license"):
                    found |= base_keys(spdx)
        except ValueError:
            pass
        results[name] = found
    return results, time.perf_counter() - start


def typical_repo(root: Path) -> Path:
    """A repository shaped like most: LICENSE, README, two manifests, docs, 300 source files."""
    (root / "src" / "app").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "LICENSE").write_text((ROOT / "tests/data/licenses/Apache-2.0.txt").read_text())
    (root / "README.md").write_text(
        "# App\n\nDoes things.\n\n## License\n\nLicensed under the Apache License 2.0.\n"
    )
    (root / "package.json").write_text('{"name": "app", "license": "Apache-2.0"}\n')
    (root / "pyproject.toml").write_text('[project]\nname = "app"\nlicense = "Apache-2.0"\n')
    (root / "docs" / "index.md").write_text("# Docs\n")
    for number in range(300):
        (root / "src" / "app" / f"m{number}.py").write_text(
            f"# SPDX-License-Identifier: Apache-2.0\n\ndef f{number}() -> int:\n    return {number}\n"
        )
    return root


def time_detection(path: Path, cache_dir: Path, repeat: int = 5) -> tuple[float, float, float, list[str]]:
    """Milliseconds: listing the files; detect_licenses on an empty cache; best warm detect_licenses.

    Each warm run gets a new snapshot (nothing read yet) and a new classifier (empty in-process
    memo), so only the on-disk cache carries over, as in a new ``dpgcheck`` process.
    """
    start = time.perf_counter()
    snapshot = open_local(str(path))
    listing = (time.perf_counter() - start) * 1000
    cold_classifier = LicenseClassifier(ClassificationCache(cache_dir / "repo-cache.json"))
    start = time.perf_counter()
    facts = detect_licenses(snapshot, ("software",), cold_classifier)
    cold = (time.perf_counter() - start) * 1000
    warm = []
    for _ in range(repeat):
        snapshot = open_local(str(path))
        classifier = LicenseClassifier(ClassificationCache(cache_dir / "repo-cache.json"))
        start = time.perf_counter()
        detect_licenses(snapshot, ("software",), classifier)
        warm.append((time.perf_counter() - start) * 1000)
    return listing, cold, min(warm), list(facts.effective)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", help="repositories to time as well")
    parser.add_argument("--no-licensee", action="store_true", help="do not run licensee")
    args = parser.parse_args()
    labels: dict[str, list[str]] = yaml.safe_load((CORPUS / "labels.yaml").read_text())["cases"]
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch)
        ours, cold_seconds, calls = run_ours(labels, cache)
        _, warm_seconds, _ = run_ours(labels, cache)
        print(f"Corpus: {len(labels)} files ({CORPUS.relative_to(ROOT)})")
        print(f"{'tool':<22}{'precision':>10}{'recall':>8}{'wrong files':>13}{'files/s':>10}")
        ours_score = score(ours, labels)
        print(
            f"{'dpgcheck (cold cache)':<22}{ours_score['precision']:>10.3f}{ours_score['recall']:>8.3f}"
            f"{ours_score['wrong_files']:>13}{len(labels) / cold_seconds:>10.1f}"
        )
        print(
            f"{'dpgcheck (warm cache)':<22}{ours_score['precision']:>10.3f}{ours_score['recall']:>8.3f}"
            f"{ours_score['wrong_files']:>13}{len(labels) / warm_seconds:>10.1f}"
        )
        print(f"  askalono calls on a cold cache: {calls}")
        if not args.no_licensee and shutil.which("licensee"):
            theirs, seconds = run_licensee(labels)
            their_score = score(theirs, labels)
            print(
                f"{'licensee detect':<22}{their_score['precision']:>10.3f}{their_score['recall']:>8.3f}"
                f"{their_score['wrong_files']:>13}{len(labels) / seconds:>10.1f}"
            )
            for name in sorted(labels):
                if theirs[name] - keys(labels[name]):
                    print(f"  licensee wrong: {name}: {sorted(theirs[name])} (expected {labels[name]})")
        for name in sorted(labels):
            if ours[name] - keys(labels[name]):
                print(f"  dpgcheck wrong: {name}: {sorted(ours[name])} (expected {labels[name]})")
        repo = typical_repo(Path(scratch) / "typical")
        print("Repository timings in ms: listing the files (not license work), then detect_licenses")
        print("with an empty classification cache and with the cache a previous run left:")
        for label, path in [("typical (LICENSE, README, 2 manifests, 300 sources)", repo)] + [
            (p, Path(p)) for p in args.paths
        ]:
            listing, cold, warm, effective = time_detection(path, cache)
            print(f"  {label}: {effective}")
            print(f"      listing {listing:.1f}  cold {cold:.1f}  warm {warm:.1f}")


if __name__ == "__main__":
    main()
