"""DPG-2 through the check function: statuses and where the evidence points.

License classification itself is tested where it lives; these tests pin what DPG-2 reports on
hand-made repositories and on unreadable license files.
"""

from __future__ import annotations

import json

from dpgcheck.model import Status
from tests.checkutil import evidence_at, run_check
from tests.conftest import license_text

CHECK = "open_license"


def test_approved_license_text_passes_with_file_and_line(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE": license_text("MIT")}), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "LICENSE", 1).startswith("MIT:")


def test_license_only_in_license_md(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE.md": license_text("Apache-2.0")}), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "LICENSE.md", 1).startswith("Apache-2.0:")


def test_no_license_is_needs_review_saying_what_was_searched(make_repo) -> None:  # type: ignore[no-untyped-def]
    # Absence is not proof: the license may be published outside the repository.
    outcome = run_check(make_repo({"README.md": "# x\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.evidence[0].kind == "metadata"
    assert "looked for license files" in outcome.evidence[0].detail
    assert outcome.remediation is not None and "dpg.yaml" in outcome.remediation


def test_non_open_license_fails(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE": license_text("SSPL-1.0")}), CHECK)
    assert outcome.status is Status.FAIL
    assert "SSPL-1.0" in outcome.summary


def test_declared_license_disagreeing_with_the_text_warns(make_repo) -> None:  # type: ignore[no-untyped-def]
    package = json.dumps({"name": "x", "license": "MIT"}, indent=2)
    outcome = run_check(make_repo({"LICENSE": license_text("Apache-2.0"), "package.json": package}), CHECK)
    assert outcome.status is Status.WARN
    assert evidence_at(outcome, "package.json", 3).startswith("MIT: declared")


def test_binary_license_file_is_evidence(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE": b"\x89PNG\r\n\x1a\n\x00\x00"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW  # unreadable is not proof of a closed license
    assert "binary file" in evidence_at(outcome, "LICENSE")


# Issue 13: patterns of recognised DPGs (each with its negative).

GPL_NOTICE = """Foo - a tool
Copyright (C) 2020 Acme

This program is free software: you can redistribute it and/or modify
it under the terms of the GNU General Public License as published by
the Free Software Foundation, either version 3 of the License, or
(at your option) any later version.

This program is distributed in the hope that it will be useful,
but WITHOUT ANY WARRANTY; without even the implied warranty of
MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
GNU General Public License for more details.

You should have received a copy of the GNU General Public License
along with this program.  If not, see <https://www.gnu.org/licenses/>.
"""


def test_r_mit_stub_completes_the_description_declaration(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "DESCRIPTION": "Package: x\nVersion: 1.0\nLicense: MIT + file LICENSE\n",
        "LICENSE": "YEAR: 2020\nCOPYRIGHT HOLDER: Acme Inc\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "DESCRIPTION", 3).startswith("MIT:")
    assert all(item.path != "LICENSE" for item in outcome.evidence)


def test_a_stub_alone_is_no_license(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE": "YEAR: 2020\nCOPYRIGHT HOLDER: Acme Inc\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.summary == "No license found in the repository"


def test_header_templates_and_copyright_files_are_not_unknown_licenses(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "LICENSE": license_text("MIT"),
        "LICENSE-HEADER": "Copyright (C) $YEAR Acme\nLicensed under the Apache License 2.0.\n",
        "APACHE_LICENSETEXT.md": "Licensed to the ASF under one or more contributor license agreements.\n"
        * 5,
        "COPYRIGHT": "Copyright (c) 2020-2023 Acme Foundation and contributors.\nAll rights reserved.\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS, outcome.evidence
    assert {item.path for item in outcome.evidence} == {"LICENSE"}


def test_an_unknown_second_license_text_still_warns(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {"LICENSE": license_text("MIT"), "LICENSE-EXTRA": "You may use this only on Tuesdays.\n" * 10}
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.WARN
    assert "closest:" in evidence_at(outcome, "LICENSE-EXTRA")


def test_gnu_notice_or_any_later_version_is_or_later(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"COPYING": GPL_NOTICE}), CHECK)
    assert outcome.status is Status.PASS
    assert outcome.summary.startswith("GPL-3.0-or-later")


def test_gnu_notice_without_later_version_stays_only(make_repo) -> None:  # type: ignore[no-untyped-def]
    notice = GPL_NOTICE.replace(", or\n(at your option) any later version", "")
    notice = notice.replace("either version 3", "version 3")
    outcome = run_check(make_repo({"COPYING": notice}), CHECK)
    assert outcome.summary.startswith("GPL-3.0-only"), outcome.summary


def test_full_gpl_text_is_not_read_as_or_later(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE": license_text("GPL-3.0-only")}), CHECK)
    assert outcome.summary.startswith("GPL-3.0-only")
    assert "cannot tell -only from -or-later" in evidence_at(outcome, "LICENSE")


MIT_NO_COMMERCE = license_text("MIT").replace(
    "following conditions:",
    "following conditions:\n\nCommercial use of the Software requires prior written permission of the "
    "authors, and the Software may not be used by any military organisation.",
)


def test_modified_license_is_unknown_with_its_closest_match(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE": MIT_NO_COMMERCE}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    detail = evidence_at(outcome, "LICENSE", 1)
    assert "closest: MIT, " in detail and " %" in detail
    assert "restriction" in detail


def test_bsd_endorsement_clause_is_not_a_restriction(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE": license_text("BSD-3-Clause")}), CHECK)
    assert outcome.status is Status.PASS


def test_bundled_non_commercial_assets_warn_naming_their_folder(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "LICENSE": license_text("MIT"),
        "assets/symbols/LICENSE.txt": license_text("CC-BY-NC-4.0"),
        "assets/symbols/a.svg": "<svg/>",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.WARN
    assert "assets/symbols" in outcome.summary


def test_bundled_custom_non_commercial_text_warns(make_repo) -> None:  # type: ignore[no-untyped-def]
    custom = "These symbols are free for personal and non-commercial use only. Do not resell them.\n" * 4
    files = {"LICENSE": license_text("MIT"), "static/icons/LICENSE": custom}
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.WARN
    assert "static/icons" in outcome.summary


def test_bundled_open_assets_do_not_warn(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {"LICENSE": license_text("MIT"), "assets/fonts/OFL.txt": license_text("OFL-1.1")}
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS


def test_bundled_non_commercial_assets_in_content_warn(make_repo) -> None:  # type: ignore[no-untyped-def]
    # Part of the collection under NC: the Standard's text accepts it, the DPGA's newer guidance
    # (1.1.7, fully open collections) does not, so it warns by default (test_check_collection_license).
    files = {
        "LICENSE": license_text("CC-BY-4.0"),
        "assets/symbols/LICENSE.txt": license_text("CC-BY-NC-4.0"),
    }
    outcome = run_check(make_repo(files), CHECK, ("content",))
    assert outcome.status is Status.WARN
    assert "CC-BY-NC-4.0 (1 of 1 part(s) read) forbids commercial use" in outcome.summary


def test_file_named_after_a_license_licenses_the_content(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {"LICENSE": license_text("MIT"), "CC BY-SA 4.0.md": license_text("CC-BY-SA-4.0")}
    outcome = run_check(make_repo(files), CHECK, ("software", "content"))
    assert outcome.status is Status.PASS, outcome.summary
    assert evidence_at(outcome, "CC BY-SA 4.0.md").startswith("CC-BY-SA-4.0")


def test_software_license_alone_on_content_asks_for_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"LICENSE": license_text("MIT")}), CHECK, ("software", "content"))
    assert outcome.status is Status.NEEDS_REVIEW
    assert "content" in outcome.summary and "software" not in outcome.summary.split("found")[0]


def test_ordinary_file_names_are_not_license_names(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"Fair.md": license_text("MIT")}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.summary == "No license found in the repository"


def test_short_license_file_naming_a_licence(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Except where otherwise noted, the content of this project is released under a "
        "Creative Commons Attribution 4.0 Licence.\n"
    )
    outcome = run_check(make_repo({"LICENSE": text}), CHECK, ("content",))
    assert outcome.status is Status.PASS, outcome.summary
    assert outcome.summary.startswith("CC-BY-4.0")


def test_readme_licenses_heading_is_read(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = "# P\n\n## Licenses\n\nThis project is licensed under the MIT License.\n"
    outcome = run_check(make_repo({"README.md": readme}), CHECK)
    assert outcome.status is Status.WARN
    assert evidence_at(outcome, "README.md").startswith("MIT:")


def test_gnu_notice_followed_by_a_library_list_names_its_license(make_repo) -> None:  # type: ignore[no-untyped-def]
    notice = GPL_NOTICE.replace(
        "GNU General Public License as published by\nthe Free Software Foundation",
        "[GNU Affero General Public License](https://www.gnu.org/licenses/agpl-3.0.html) as published by\n"
        "the [Free Software Foundation](http://www.fsf.org/)",
    )
    libraries = "\n# Other Libraries\n\n" + "".join(
        f"* [lib{i}](https://example.org/{i}/LICENSE)\n" for i in range(15)
    )
    outcome = run_check(make_repo({"LICENSE.md": notice + libraries}), CHECK)
    assert outcome.status is Status.PASS, outcome.evidence
    assert outcome.summary.startswith("AGPL-3.0-or-later")
    assert "GNU license notice" in evidence_at(outcome, "LICENSE.md", 1)


# A registry entry or dpg.yaml often declares a license per part (code MIT, content CC-BY-4.0):
# one declared license found in the repository makes the others "kept elsewhere", not a fail.


def test_a_second_declared_license_not_shipped_is_cited_not_failed(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = "license:\n  - spdx: MIT\n  - spdx: CC-BY-4.0\n"
    outcome = run_check(make_repo({"LICENSE": license_text("MIT"), "dpg.yaml": manifest}), CHECK)
    assert outcome.status is Status.PASS
    assert "declares CC-BY-4.0, which the repository does not ship" in evidence_at(outcome, "dpg.yaml", 3)


def test_no_declared_license_shipped_is_a_contradiction(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = "license:\n  - spdx: LGPL-3.0-only\n"
    outcome = run_check(make_repo({"LICENSE": license_text("MIT"), "dpg.yaml": manifest}), CHECK)
    assert outcome.status is Status.FAIL
    assert "contradicted by the repository (MIT)" in outcome.summary
