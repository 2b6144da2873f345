"""License detection on whole repositories: discovery, manifests, headers, README, verdicts, CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.checks import CheckContext
from dpgcheck.checks.dpg2_license import check_license
from dpgcheck.cli import app
from dpgcheck.facts.collect import collect_facts
from dpgcheck.facts.licenses.cache import ClassificationCache
from dpgcheck.facts.licenses.detect import LicenseFacts, detect_licenses
from dpgcheck.facts.licenses.mentions import HEADER_SAMPLE
from dpgcheck.facts.licenses.names import resolve
from dpgcheck.facts.licenses.spdx import approve
from dpgcheck.facts.licenses.text import LicenseClassifier
from dpgcheck.facts.manifest.parse import load_manifest
from dpgcheck.model import Status
from dpgcheck.sources.local import open_local
from tests.conftest import license_text

MakeRepo = Callable[..., Path]
MIT = license_text("MIT")
APACHE = license_text("Apache-2.0")


def detect(root: Path, types: tuple[str, ...] = ("software",)) -> LicenseFacts:
    return detect_licenses(open_local(str(root)), types)


def verdict(root: Path, types: tuple[str, ...] = ("software",)) -> tuple[Status, str, list[str]]:
    snapshot = open_local(str(root))
    facts = collect_facts(snapshot, load_manifest(snapshot), types)
    outcome = check_license(facts, CheckContext(asset_types=types))
    return outcome.status, outcome.summary, [f"{e.path}:{e.line} {e.detail}" for e in outcome.evidence]


def test_license_file_beats_fixtures_and_vendored_code(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "LICENSE": MIT,
            "tests/fixtures/deep/license.html": license_text("SSPL-1.0"),
            "node_modules/dep/LICENSE": license_text("BUSL-1.1"),
            "vendor/lib/COPYING": license_text("GPL-2.0-only"),
            "docs/license.md": "# License\n\n```{include} ../LICENSE\n```\n",
        }
    )
    facts = detect(root)
    assert facts.candidates[0] == "LICENSE"
    assert not any(p.startswith(("tests/", "node_modules/", "vendor/")) for p in facts.candidates)
    assert facts.effective == ("MIT",)
    assert [f.spdx for f in facts.files] == ["MIT"]  # the docs page only points at LICENSE
    assert verdict(root)[0] is Status.PASS


def test_ranking_follows_licensee(make_repo: MakeRepo) -> None:
    root = make_repo(
        {"license.html": MIT, "COPYING": MIT, "LICENSE-MIT": MIT, "LICENSE": MIT, "LICENSE.md": MIT}
    )
    assert detect(root).candidates == ("LICENSE", "license.html", "LICENSE.md", "COPYING", "LICENSE-MIT")


def test_dual_license_files_and_cargo_expression(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "LICENSE-MIT": MIT,
            "LICENSE-APACHE": APACHE,
            "Cargo.toml": '[package]\nname = "x"\nversion = "0.1.0"\nlicense = "MIT/Apache-2.0"\n',
        }
    )
    facts = detect(root)
    assert {f.spdx for f in facts.files} == {"MIT", "Apache-2.0"}
    assert facts.effective == ("MIT OR Apache-2.0",)
    status, summary, _ = verdict(root)
    assert status is Status.PASS and "MIT OR Apache-2.0" in summary


def test_one_file_with_two_licenses_reports_both_with_line_spans(make_repo: MakeRepo) -> None:
    root = make_repo({"LICENSE": MIT + "\n\n-----------------------------------------\n\n" + APACHE})
    files = detect(root).files
    assert [f.spdx for f in files] == ["MIT", "Apache-2.0"]
    assert files[0].line == 1 and files[0].end_line is not None and files[1].line == files[0].end_line + 1


def test_reuse_layout_and_lgpl_layout(make_repo: MakeRepo) -> None:
    reuse = make_repo({"LICENSES/MIT.txt": MIT, "LICENSES/CC0-1.0.txt": license_text("CC0-1.0")})
    facts = detect(reuse)
    assert set(facts.effective) == {"MIT", "CC0-1.0"}
    assert all(f.primary for f in facts.files)
    lgpl = make_repo(
        {"COPYING": license_text("GPL-3.0-only"), "COPYING.LESSER": license_text("LGPL-3.0-only")}
    )
    assert detect(lgpl).effective == ("LGPL-3.0-only",)
    # What projects usually ship as COPYING.LESSER: the LGPL-3.0 text alone, which askalono
    # scores ~0.3 against its LGPL-3.0 template (that template carries the GPL-3.0 as well).
    lesser = license_text("LGPL-3.0-only")
    alone = make_repo(
        {
            "COPYING": license_text("GPL-3.0-only"),
            "COPYING.LESSER": lesser[: lesser.find("GNU GENERAL PUBLIC LICENSE")],
        }
    )
    assert detect(alone).effective == ("LGPL-3.0-only",)


def test_monorepo_package_under_a_non_approved_license_warns_with_both_sides(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "LICENSE": MIT,
            "package.json": '{"name": "root", "license": "MIT"}',
            "packages/db/package.json": '{"name": "db", "license": "SSPL-1.0"}',
            "packages/db/LICENSE": license_text("SSPL-1.0"),
            "packages/ui/package.json": '{"name": "ui", "license": "MIT"}',
        }
    )
    facts = detect(root)
    assert facts.packages == ("packages/db", "packages/ui")
    assert {(f.package, f.spdx) for f in facts.all} >= {("packages/db", "SSPL-1.0"), ("", "MIT")}
    status, summary, evidence = verdict(root)
    assert status is Status.WARN
    assert "packages/db" in summary and "SSPL-1.0" in summary
    assert any(e.startswith("packages/db/LICENSE:1 SSPL-1.0") for e in evidence)
    assert any(e.startswith("LICENSE:1 MIT") for e in evidence)


def test_manifest_disagreeing_with_license_text_warns_with_both_sides(make_repo: MakeRepo) -> None:
    root = make_repo({"LICENSE": APACHE, "package.json": '{\n  "name": "x",\n  "license": "MIT"\n}\n'})
    status, summary, evidence = verdict(root)
    assert status is Status.WARN
    assert "package.json" in summary and "MIT" in summary and "Apache-2.0" in summary
    assert any(e.startswith("package.json:3 MIT") for e in evidence)
    assert any(e.startswith("LICENSE:1 Apache-2.0") for e in evidence)


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ({"LICENSE": license_text("Elastic-2.0")}, "Elastic License 2.0"),
        ({"LICENSE": license_text("BUSL-1.1")}, "Business Source License"),
        ({"LICENSE": license_text("SSPL-1.0")}, "Server Side Public License"),
        ({"package.json": '{"name": "x", "license": "UNLICENSED"}'}, "proprietary"),
        ({"LICENSE": license_text("CC-BY-NC-4.0")}, "NonCommercial (NC) licenses forbid commercial use"),
        ({"LICENSE": license_text("CC-BY-ND-4.0")}, "NoDerivatives"),
    ],
)
def test_non_approved_licenses_fail_with_the_reason(
    make_repo: MakeRepo, files: dict[str, str], reason: str
) -> None:
    status, summary, _ = verdict(make_repo(files))
    assert status is Status.FAIL
    assert reason in summary


def test_commons_clause_fails_even_on_top_of_an_approved_license(make_repo: MakeRepo) -> None:
    clause = (
        '"Commons Clause" License Condition v1.0\n\nWithout limiting other conditions in the License, the '
        "grant of rights under the License will not include, and the License does not grant to you, the "
        "right to Sell the Software.\n\nSoftware: x\nLicense: Apache 2.0\nLicensor: y\n\n"
    )
    status, summary, _ = verdict(make_repo({"LICENSE": clause + APACHE}))
    assert status is Status.FAIL
    assert "Commons Clause" in summary


def test_nc_and_nd_texts_for_content_and_data(make_repo: MakeRepo) -> None:
    # The DPGA list accepts NonCommercial licenses for content (the Standard's text; a warn cites
    # the DPGA's newer guidance, see test_check_collection_license), never for data; ND never.
    root = make_repo({"LICENSE": license_text("CC-BY-NC-4.0")})
    assert verdict(root, ("content",))[0] is Status.WARN
    assert verdict(root, ("data",))[0] is Status.FAIL
    assert verdict(make_repo({"LICENSE": license_text("CC-BY-ND-4.0")}), ("content",))[0] is Status.FAIL
    ok = make_repo({"LICENSE": license_text("CC-BY-4.0")})
    status, summary, _ = verdict(ok, ("content",))
    assert status is Status.PASS and "CC-BY-4.0" in summary


def test_unknown_text_asks_for_review_with_the_closest_match(make_repo: MakeRepo) -> None:
    text = "Copyright 2024 Acme. All rights reserved. No part of this software may be copied or used.\n"
    status, _, evidence = verdict(make_repo({"LICENSE": text}))
    assert status is Status.NEEDS_REVIEW
    assert "closest:" in evidence[0]


SETUP_PY = """
import os
os.system("touch EXECUTED")  # must never run
from setuptools import setup
setup(
    name="x",
    license="GPLv3+",
    classifiers=["License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)"],
)
"""


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("package.json", '{"licenses": [{"type": "MIT"}, {"type": "Apache-2.0"}]}', "MIT OR Apache-2.0"),
        ("package.json", '{"license": {"type": "BSD-3-Clause", "url": "x"}}', "BSD-3-Clause"),
        ("pyproject.toml", '[project]\nname = "x"\nlicense = "Apache-2.0 OR MIT"\n', "Apache-2.0 OR MIT"),
        ("pyproject.toml", '[project]\nname = "x"\nlicense = {text = "Apache License 2.0"}\n', "Apache-2.0"),
        (
            "pyproject.toml",
            '[project]\nname = "x"\nclassifiers = ["License :: OSI Approved :: MIT License"]\n',
            "MIT",
        ),
        ("pyproject.toml", '[tool.poetry]\nname = "x"\nlicense = "GPL-3.0-or-later"\n', "GPL-3.0-or-later"),
        ("setup.cfg", "[metadata]\nname = x\nlicense = BSD 3-Clause\n", "BSD-3-Clause"),
        ("setup.py", SETUP_PY, "GPL-3.0-or-later"),
        (
            "pom.xml",
            "<project xmlns='http://maven.apache.org/POM/4.0.0'><licenses><license><name>The Apache Software "
            "License, Version 2.0</name></license></licenses></project>",
            "Apache-2.0",
        ),
        ("build.gradle", "pom {\n  licenses {\n    license {\n      name = 'The MIT License'\n }}}\n", "MIT"),
        ("Cargo.toml", '[package]\nname = "x"\nlicense = "Apache-2.0 WITH LLVM-exception"\n', None),
        (
            "composer.json",
            '{"license": ["LGPL-2.1-only", "GPL-3.0-or-later"]}',
            "LGPL-2.1-only OR GPL-3.0-or-later",
        ),
        ("x.gemspec", "Gem::Specification.new do |s|\n  s.license = 'MIT'\nend\n", "MIT"),
        (
            "X.csproj",
            "<Project><PropertyGroup><PackageLicenseExpression>MIT</PackageLicenseExpression></PropertyGroup>"
            "</Project>",
            "MIT",
        ),
        (
            "x.nuspec",
            '<package><metadata><license type="expression">Apache-2.0</license></metadata></package>',
            "Apache-2.0",
        ),
        ("DESCRIPTION", "Package: x\nLicense: GPL (>= 2)\n", "GPL-2.0-or-later"),
        ("DESCRIPTION", "Package: x\nLicense: MIT + file LICENSE\n", "MIT"),
        ("mix.exs", 'def project do\n  [licenses: ["Apache-2.0"]]\nend\n', "Apache-2.0"),
        ("pubspec.yaml", "name: x\nlicense: BSD-3-Clause\n", "BSD-3-Clause"),
        ("publiccode.yml", "legal:\n  license: AGPL-3.0-or-later\n", "AGPL-3.0-or-later"),
    ],
)
def test_manifest_declarations(make_repo: MakeRepo, name: str, content: str, expected: str | None) -> None:
    root = make_repo({name: content})
    declared = [f for f in detect(root).declared if f.method == "declared"]
    want = expected or "Apache-2.0 WITH LLVM-exception"
    assert want in {f.spdx for f in declared}, declared
    assert all(f.path == name and f.line for f in declared)
    assert not (root / "EXECUTED").exists()


def test_broken_manifest_is_evidence_not_a_crash(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "LICENSE": MIT,
            "pyproject.toml": "[project\nlicense = ",
            "pom.xml": "<project><licenses><license><name>Apache",
            # Broken too, but it cannot declare a license: no license text, so it is not parsed
            # for one (the dependency facts still report it).
            "mod/pom.xml": "<project><artifactId>mod",
        }
    )
    facts = detect(root)
    assert facts.effective == ("MIT",)
    assert {path for path, _ in facts.unreadable} == {"pyproject.toml", "pom.xml"}


def test_spdx_headers_are_sampled_not_read_exhaustively(make_repo: MakeRepo) -> None:
    files: dict[str, str | bytes] = {
        f"src/m{i}.py": "# SPDX-License-Identifier: MPL-2.0\nx = 1\n" for i in range(HEADER_SAMPLE * 4)
    }
    root = make_repo(files)
    snapshot = open_local(str(root))
    facts = detect_licenses(snapshot, ("software",))
    headers = [f for f in facts.declared if f.method == "header"]
    assert [f.spdx for f in headers] == ["MPL-2.0"]
    assert f"of {HEADER_SAMPLE} sampled files" in headers[0].source
    status, summary, _ = verdict(root)
    assert status is Status.WARN and "only in headers or the README" in summary


def test_readme_license_section_and_badge(make_repo: MakeRepo) -> None:
    readme = (
        "# Tool\n\n![license](https://img.shields.io/badge/license-MIT-blue.svg)\n\nDoes things.\n\n"
        "## License\n\nThis project is licensed under the GNU GPL v3 - see LICENSE.\n"
        "Docs: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/).\n\n"
        "## Contributing\n\nApache style.\n"
    )
    facts = detect(make_repo({"README.md": readme}))
    readme_ids = {(f.spdx, f.line) for f in facts.declared if f.method == "readme"}
    assert readme_ids == {("MIT", 3), ("GPL-3.0-only", 9), ("CC-BY-4.0", 10)}


@pytest.mark.parametrize(
    ("raw", "spdx"),
    [
        ("Apache 2.0", "Apache-2.0"),
        ("https://opensource.org/licenses/MIT", "MIT"),
        ("http://www.apache.org/licenses/LICENSE-2.0.txt", "Apache-2.0"),
        ("https://creativecommons.org/licenses/by-nc-sa/4.0/", "CC-BY-NC-SA-4.0"),
        ("GPL-3.0", "GPL-3.0-only"),
        ("AGPL-3.0", "AGPL-3.0-only"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0"),
        ("MIT or Apache 2.0", "MIT OR Apache-2.0"),
        ("Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"),
        ("UNLICENSED", "LicenseRef-Proprietary"),
        ("Unlicense", "Unlicense"),
        ("BSD", None),
        ("Apache Software License", None),
        ("Public Domain", None),
    ],
)
def test_names_urls_and_expressions_normalised(raw: str, spdx: str | None) -> None:
    resolved = resolve(raw)
    assert (resolved.spdx if resolved else None) == spdx


def test_expression_approval() -> None:
    assert approve("MIT OR SSPL-1.0", "software").approved
    assert not approve("MIT AND SSPL-1.0", "software").approved
    assert approve("GPL-2.0-only WITH Classpath-exception-2.0", "software").approved
    assert approve("GPL-3.0-only", "software").rule == "DPGA approved-license list (software)"
    assert approve("BlueOak-1.0.0", "software").rule == "OSI-approved (SPDX license list)"


def test_classification_cache_persists_across_runs(tmp_path: Path) -> None:
    first = LicenseClassifier(ClassificationCache(tmp_path / "c.json"))
    assert first.classify(MIT)[0] == "MIT"
    first.flush()
    second = LicenseClassifier(ClassificationCache(tmp_path / "c.json"))
    assert second.classify(MIT) == first.classify(MIT)
    assert second.calls == 0
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert LicenseClassifier(ClassificationCache(broken)).classify(MIT)[0] == "MIT"


def test_report_keeps_the_license_keys(make_repo: MakeRepo) -> None:
    entry = detect(make_repo({"LICENSE": MIT})).all[0].to_dict()
    assert {"spdx", "path", "confidence", "approved", "approved_by"} <= set(entry)
    assert entry["approval"] == {
        "software": {"approved": True, "rule": "DPGA approved-license list (software)"}
    }


def test_licenses_command_text_and_json(make_repo: MakeRepo) -> None:
    root = make_repo({"LICENSE": APACHE, "package.json": '{"license": "MIT"}'})
    runner = CliRunner()
    text = runner.invoke(app, ["licenses", str(root)])
    assert text.exit_code == 0
    assert "Effective license: MIT" in text.stdout and "LICENSE:1-" in text.stdout
    assert "Disagreements:" in text.stdout
    data = json.loads(runner.invoke(app, ["licenses", str(root), "--format", "json"]).stdout)
    assert [e["spdx"] for e in data["effective"]] == ["MIT", "Apache-2.0"]
    assert data["disagreements"][0]["finding"]["path"] == "package.json"
    missing = runner.invoke(app, ["licenses", str(root / "nope")])
    assert missing.exit_code == 2 and "Error:" in missing.stderr


def test_conventional_places_and_names(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "LICENSE": APACHE,
            ".github/LICENSE.md": APACHE,
            "docs/license.rst": "License\n=======\n\n" + APACHE,
            "LICENSE.data.md": license_text("ODbL-1.0"),
        }
    )
    facts = detect(root, ("software", "data"))
    found = {(f.path, f.spdx) for f in facts.files}
    assert found == {
        ("LICENSE", "Apache-2.0"),
        (".github/LICENSE.md", "Apache-2.0"),
        ("docs/license.rst", "Apache-2.0"),
        ("LICENSE.data.md", "ODbL-1.0"),
    }


def test_pointer_files_and_files_that_only_name_their_license(make_repo: MakeRepo) -> None:
    pointer = (
        "This software is made available under the terms of *either* of the licenses found in "
        "LICENSE.APACHE or LICENSE.BSD.\n"
    )
    root = make_repo(
        {"LICENSE": pointer, "LICENSE.APACHE": APACHE, "LICENSE.BSD": license_text("BSD-3-Clause")}
    )
    facts = detect(root)
    assert [f.path for f in facts.files] == ["LICENSE.APACHE", "LICENSE.BSD"]
    assert "LICENSE" in facts.candidates
    named = detect(make_repo({"LICENSE": "SPDX-License-Identifier: EUPL-1.2\n"}))
    assert [(f.spdx, f.how) for f in named.files] == [
        ("EUPL-1.2", "license named in the file (SPDX expression)")
    ]
    assert detect(make_repo({"COPYING": "MIT License\n"})).effective == ("MIT",)


def test_license_text_the_manifest_does_not_declare_warns(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "LICENSE": MIT + "\n\n------------------------------------\n\n" + license_text("GPL-3.0-only"),
            "pyproject.toml": '[project]\nname = "x"\nlicense = "MIT"\n',
        }
    )
    status, summary, evidence = verdict(root)
    assert status is Status.WARN
    assert "GPL-3.0-only" in summary and "do not declare" in summary
    assert any(e.startswith("pyproject.toml:3 MIT") for e in evidence)


def test_readme_holding_the_license_text(make_repo: MakeRepo) -> None:
    readme = "# Tool\n\nDoes things.\n\n## License\n\n" + MIT + "\n## Contact\n\nmail us\n"
    facts = detect(make_repo({"README.md": readme}))
    texts = [f for f in facts.declared if f.how == "license text in the README"]
    assert [(f.spdx, f.line) for f in texts] == [("MIT", 6)]


def test_package_folders_are_capped_with_a_note(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    from dpgcheck.facts.licenses import detect as module

    monkeypatch.setattr(module, "MAX_PACKAGES", 2)
    files: dict[str, str | bytes] = {"LICENSE": MIT}
    files.update({f"packages/p{i}/package.json": '{"license": "MIT"}' for i in range(4)})
    facts = detect(make_repo(files))
    assert facts.packages == ("packages/p0", "packages/p1")
    assert facts.notes and "4 package folders" in facts.notes[0]


@pytest.mark.parametrize(
    ("sentence", "spdx"),
    [
        ("This project is licensed under the MIT License - see the LICENSE file for details.", "MIT"),
        ("Distributed under the terms of the Apache License, Version 2.0 (see LICENSE).", "Apache-2.0"),
        ("Released under the GNU General Public License v3 or later.", "GPL-3.0-or-later"),
        (
            "It is published under a Creative Commons Attribution-NonCommercial 4.0 International License.",
            "CC-BY-NC-4.0",
        ),
        ("This work is licensed under the BSD license, see LICENSE.", None),
    ],
)
def test_readme_license_sentences(make_repo: MakeRepo, sentence: str, spdx: str | None) -> None:
    facts = detect(make_repo({"README.md": f"# X\n\n## License\n\n{sentence}\n"}))
    assert [f.spdx for f in facts.declared if f.method == "readme"] == ([spdx] if spdx else [])


def test_long_third_party_notice_files_classify_their_first_parts(make_repo: MakeRepo) -> None:
    separator = "\n\n----------------------------------------\n\n"
    bundled = separator.join([MIT] + [license_text("BSD-2-Clause")] * 10)
    facts = detect(make_repo({"LICENSE": bundled}))
    assert {f.spdx for f in facts.files} == {"MIT", "BSD-2-Clause"}
    assert facts.files[0].spdx == "MIT" and facts.files[0].line == 1
    assert all("only the first 8 of 11 parts" in f.note for f in facts.files)


def test_license_block_banner_and_docs_page_naming_the_license(make_repo: MakeRepo) -> None:
    certifi_like = (
        "This package contains a modified version of ca-bundle.crt, a bundle of X.509 certificates of\n"
        "public Certificate Authorities extracted from Mozilla's root certificates file (certdata.txt),\n"
        "in PEM format, usable with curl or an Apache+mod_ssl webserver for client authentication.\n\n"
        "***** BEGIN LICENSE BLOCK *****\n"
        "This Source Code Form is subject to the terms of the Mozilla Public License,\n"
        "v. 2.0. If a copy of the MPL was not distributed with this file, You can obtain\n"
        "one at http://mozilla.org/MPL/2.0/.\n\n"
        "***** END LICENSE BLOCK *****\n"
    )
    docs = (
        "# License and Credits\n\n*x* is licensed under the [MIT](https://choosealicense.com/licenses/mit/) "
        "license.\n\nIt is written and maintained by many people, kindly supported by sponsors, and "
        "inspired by other projects whose ideas and names we gratefully acknowledge here in full.\n"
    )
    facts = detect(make_repo({"LICENSE": certifi_like, "docs/license.md": docs}))
    assert [(f.path, f.spdx, f.line) for f in facts.files] == [
        ("LICENSE", "MPL-2.0", 5),
        ("docs/license.md", "MIT", 3),
    ]


def test_a_data_license_file_licenses_the_data(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "LICENSE": MIT,
            "LICENSE.data.md": license_text("ODbL-1.0"),
            "package.json": '{"license": "MIT"}',
        }
    )
    data_file = next(f for f in detect(root).files if f.path == "LICENSE.data.md")
    assert data_file.scope == "data" and set(data_file.approval) == {"data"} and data_file.approved
    assert verdict(root)[0] is Status.PASS
    status, summary, _ = verdict(root, ("software", "data"))
    assert status is Status.PASS and "MIT" in summary and "ODbL-1.0" in summary
    cc_nc = make_repo({"LICENSE": MIT, "LICENSE-DATA": license_text("CC-BY-NC-4.0")})
    status, summary, _ = verdict(cc_nc, ("software", "data"))
    assert status is Status.FAIL and "NonCommercial" in summary


def test_imprecise_manifest_value_is_evidence_not_a_warning(make_repo: MakeRepo) -> None:
    root = make_repo({"LICENSE": license_text("BSD-3-Clause"), "setup.cfg": "[metadata]\nlicense = BSD\n"})
    status, _, evidence = verdict(root)
    assert status is Status.PASS
    assert any(e.startswith("setup.cfg:2 unrecognised") and "'BSD'" in e for e in evidence)
    status, summary, _ = verdict(make_repo({"LICENSE": MIT, "LICENSE-EXTRA": "Some words we wrote.\n" * 30}))
    assert status is Status.WARN and "unrecognised" in summary


def test_node_style_notice_file_fenced_with_triple_quotes(make_repo: MakeRepo) -> None:
    text = (
        'Tool is licensed for use as follows:\n\n"""\n' + MIT + '"""\n\n'
        "The externally maintained libraries used by Tool are:\n\n"
        "- lib, located at deps/lib, is licensed as follows:\n"
        '  """\n' + license_text("BSD-3-Clause") + '  """\n'
    )
    assert [f.spdx for f in detect(make_repo({"LICENSE": text})).files] == ["MIT", "BSD-3-Clause"]


def test_spdx_tag_inside_prose_is_not_a_header(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "LICENSE": MIT,
            "src/a.py": '"""Reads tags such as ("SPDX-License-Identifier: GPL-3.0") from files."""\n',
            "src/b.c": "/* SPDX-License-Identifier: MIT */\nint x;\n",
        }
    )
    headers = [(f.path, f.spdx) for f in detect(root).declared if f.method == "header"]
    assert headers == [("src/b.c", "MIT")]


def test_npm_inits_default_isc_does_not_disagree_with_the_license_text(tmp_path: Path) -> None:
    from dpgcheck.sources.local import open_local
    from tests.conftest import license_text

    # CKAN's root package.json (front-end tooling) keeps npm init's "ISC" with an empty author.
    (tmp_path / "LICENSE").write_text(license_text("MIT"))
    (tmp_path / "package.json").write_text(
        '{"name": "x", "version": "1.0.0", "author": "", "license": "ISC"}\n'
    )
    facts = detect_licenses(open_local(str(tmp_path)), ("software",))
    assert not facts.disagreements
    assert any("npm init's default" in note for note in facts.notes)
    # With an author, ISC is a choice: the disagreement stands.
    (tmp_path / "package.json").write_text('{"name": "x", "author": "Ann", "license": "ISC"}\n')
    assert detect_licenses(open_local(str(tmp_path)), ("software",)).disagreements


def test_a_portions_license_further_down_the_file_does_not_disagree_with_the_manifest(tmp_path: Path) -> None:
    from dpgcheck.sources.local import open_local
    from tests.conftest import license_text

    # CKAN's LICENSE.txt: the AGPL notice, then a WebHelpers portion under BSD; setup.cfg says AGPL.
    notice = (
        "CKAN - Data Catalogue Software\nCopyright (c) 2006-2023 Open Knowledge Foundation\n\n"
        "This program is free software: you can redistribute it and/or modify\n"
        "it under the terms of the GNU Affero General Public License as\n"
        "published by the Free Software Foundation, either version 3 of the\n"
        "License, or (at your option) any later version.\n\n"
        "This program is distributed in the hope that it will be useful,\n"
        "but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
        "MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\n"
        "GNU Affero General Public License for more details.\n\n"
        "You should have received a copy of the GNU Affero General Public License\n"
        "along with this program.  If not, see <http://www.gnu.org/licenses/>.\n\n"
    )
    (tmp_path / "LICENSE.txt").write_text(
        notice + "Note\n====\n\nParts of WebHelpers:\n\n" + license_text("BSD-3-Clause")
    )
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\nlicense = AGPL-3.0-or-later\n")
    facts = detect_licenses(open_local(str(tmp_path)), ("software",))
    assert {"AGPL-3.0-or-later", "BSD-3-Clause"} <= {f.spdx for f in facts.files}
    assert not facts.disagreements, facts.disagreements
    assert list(facts.effective) == ["AGPL-3.0-or-later"]  # the portion's BSD is not the project's
    portion = next(f for f in facts.files if f.spdx == "BSD-3-Clause")
    assert portion.note.startswith("the license of a portion")
