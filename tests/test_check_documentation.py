"""DPG-5: documentation — a real README with setup instructions, docs folders or sites."""

from __future__ import annotations

import os

from dpgcheck.model import Status
from tests.checkutil import evidence_at, run_check

CHECK = "documentation"
PROSE = " ".join(["The registry keeps vaccination records for community health workers."] * 8)


def test_readme_with_installation_section_passes_citing_the_heading(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = f"# Registry\n\n{PROSE}\n\n## Installation\n\nRun `make install`.\n\n## Usage\n\nOpen it.\n"
    outcome = run_check(make_repo({"README.md": readme}), CHECK)
    assert outcome.status is Status.PASS
    assert "Installation" in outcome.summary
    assert evidence_at(outcome, "README.md", 5) == "setup section: Installation"
    assert evidence_at(outcome, "README.md", 9) == "setup section: Usage"


def test_lower_case_rst_readme_with_underlined_headings(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = f"Registry\n========\n\n{PROSE}\n\nGetting started\n---------------\n\npip install registry\n"
    outcome = run_check(make_repo({"readme.rst": readme}), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "readme.rst", 6) == "setup section: Getting started"


def test_stub_readme_without_other_docs_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    # Absence is not proof: the documentation may live on a website the README does not name.
    outcome = run_check(make_repo({"README.md": "# registry\n\nTODO\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "stub" in outcome.summary
    assert "README of 2 words" in evidence_at(outcome, "README.md", 1)


def test_no_readme_with_docs_folder_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"docs/README.md": f"# Docs\n\n{PROSE}\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.summary == "No readable README; documentation found elsewhere"
    assert outcome.evidence[0].detail == "no README at the repository root"
    assert evidence_at(outcome, "docs", None).startswith("documentation folder with 1 document")


def test_docs_folder_and_documentation_site_count(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = f"# Registry\n\n{PROSE}\n\nRead the manual at https://registry.readthedocs.io/en/latest/.\n"
    repo = make_repo(
        {"README.md": readme, "docs/index.md": "# Manual\n", "docs/setup/install.rst": "Install\n"}
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "docs") == "documentation folder with 2 document(s)"
    link = next(e for e in outcome.evidence if e.kind == "url")
    assert (link.path, link.line, link.url) == ("README.md", 5, "https://registry.readthedocs.io/en/latest/")


def test_readme_without_setup_and_without_docs_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(make_repo({"README.md": f"# Registry\n\n{PROSE}\n\n## Team\n\nUs.\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.remediation and "Installation" in outcome.remediation


def test_documentation_url_declared_in_the_manifest(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "README.md": "# Registry\n\nShort.\n",
            "dpg.yaml": "documentation:\n  documentationURL: https://docs.example.org/\n",
        }
    )
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.NEEDS_REVIEW  # a stub README; the site is cited for the reviewer
    assert any(e.url == "https://docs.example.org/" for e in outcome.evidence)


def test_latin1_readme_is_read(make_repo) -> None:  # type: ignore[no-untyped-def]
    text = f"# Registre de santé\n\n{PROSE}\n\n## Installation\n\nExécutez make.\n"
    outcome = run_check(make_repo({"README.md": text.encode("latin-1")}), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "README.md", 5) == "setup section: Installation"


def test_unreadable_readme_is_evidence_not_a_crash(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"LICENSE": "x"})
    os.mkfifo(repo / "README.md")
    outcome = run_check(repo, CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "not a regular file" in evidence_at(outcome, "README.md")


def test_html_heavy_readme_counts_prose_not_markup(make_repo) -> None:  # type: ignore[no-untyped-def]
    banner = '<p align="center"><img src="logo.png" alt="logo" width="200"/></p>\n' * 30
    outcome = run_check(make_repo({"README.md": f"{banner}\n# Tool\n\nHi.\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "stub" in outcome.summary


def test_supporting_the_development_is_not_a_setup_section(make_repo) -> None:  # type: ignore[no-untyped-def]
    heading = "Supporting the Development of Django\n====================\n"
    readme = f"Django\n======\n\n{PROSE}\n\n{heading}\nDonate.\n"
    outcome = run_check(make_repo({"README.rst": readme}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    development = f"# Tool\n\n{PROSE}\n\n## Development\n\nRun `make dev`.\n"
    assert run_check(make_repo({"README.md": development}), CHECK).status is Status.PASS


def test_monorepo_documentation_package_counts(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "README.md": f"# Platform\n\n{PROSE}\n",
        "apps/docs/intro.mdx": "# Intro\n",
        "apps/docs/install.mdx": "# Install\n",
        "src/docs/helper.py": "x = 1\n",
        "tests/docs/sample.md": "# fixture\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "apps/docs") == "documentation folder with 2 document(s)"
    assert not any(e.path in ("src/docs", "tests/docs") for e in outcome.evidence)


def test_data_needs_fields_collection_and_interpretation(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = f"# Facility list\n\n{PROSE}\n\n## Usage\n\nDownload data/facilities.csv.\n"
    bare = make_repo({"README.md": readme, "data/facilities.csv": "id,name\n1,a\n"})
    assert run_check(bare, CHECK).status is Status.PASS  # as software: fine
    outcome = run_check(bare, CHECK, asset_types=("data",))
    assert outcome.status is Status.NEEDS_REVIEW
    assert "without field descriptions or how the data was collected" in outcome.summary
    assert "(how to interpret it found)" in outcome.summary
    assert (
        outcome.remediation
        and "datapackage.json" in outcome.remediation
        and "Methodology" in outcome.remediation
    )
    assert "Limitations" not in outcome.remediation  # what is there is not asked for
    described = make_repo(
        {
            "README.md": readme + f"\n## Methodology\n\n{PROSE}\n",
            "data/facilities.csv": "x\n",
            "data/datapackage.json": "{}",
        }
    )
    outcome = run_check(described, CHECK, asset_types=("software", "data"))
    assert outcome.status is Status.PASS
    assert "data dictionary or schema" in evidence_at(outcome, "data/datapackage.json")
    assert "Methodology" in evidence_at(outcome, "README.md", 9)


def test_setup_document_at_the_root_counts(make_repo) -> None:  # type: ignore[no-untyped-def]
    guide = f"# Setting up\n\n{PROSE}\n\n## Prerequisites\n\nJava 17.\n"
    files = {
        "README.md": f"# App\n\n{PROSE}\n\n## What's new\n\nThings.\n",
        "SETTING_UP_ENVIRONMENT.md": guide,
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "SETTING_UP_ENVIRONMENT.md", 1).startswith("setup document")


def test_docs_site_config_and_renamed_docs_folder(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "README.md": f"# App\n\n{PROSE}\n",
        "docs-website/docusaurus.config.js": "module.exports = {};\n",
        "docs-website/docs/intro.md": "# Intro\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS
    assert evidence_at(outcome, "docs-website/docusaurus.config.js") == "documentation-site source"
    assert evidence_at(outcome, "docs-website").startswith("documentation folder with 1 document")


def test_product_website_and_news_are_not_documentation(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "README.md": f"# App\n\n{PROSE}\n\n## Installation\n\nTODO\n",
        "website/index.html": "<html></html>\n",
        "docs/CHANGELOG.md": "# 1.0\n",
        "NEWS.md": f"# News\n\n{PROSE}\n\n## Deploy day\n\nWe deployed.\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert not any(e.path in ("website", "docs", "NEWS.md") for e in outcome.evidence)


def test_data_readme_describing_fields_counts(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = f"# Data\n\n{PROSE}\n\n## Installation\n\nDownload.\n\n## Fields\n\n| field | meaning |\n"
    outcome = run_check(make_repo({"README.md": readme}), CHECK, asset_types=("data",))
    assert outcome.status is Status.NEEDS_REVIEW
    assert evidence_at(outcome, "README.md", 9) == "data documentation (field descriptions): section: Fields"
    readme += f"\n## Data sources\n\n{PROSE}\n\n## Limitations\n\n{PROSE}\n"
    outcome = run_check(make_repo({"README.md": readme}), CHECK, asset_types=("data",))
    assert outcome.status is Status.PASS
    assert "Data sources" in evidence_at(outcome, "README.md", 13)
    assert "Limitations" in evidence_at(outcome, "README.md", 17)


def test_data_only_asset_documented_by_its_interpretation(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = f"# Data\n\n{PROSE}\n\n## How to interpret the data\n\n{PROSE}\n"
    outcome = run_check(make_repo({"README.md": readme}), CHECK, asset_types=("data",))
    assert outcome.status is Status.NEEDS_REVIEW
    assert "How to interpret the data" in evidence_at(outcome, "README.md", 5)
    software = run_check(make_repo({"README.md": readme}), CHECK)
    assert software.status is Status.NEEDS_REVIEW
