"""Path helpers the facts share: the same answers as pathlib, and what counts as foreign code."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from dpgcheck.facts.project_paths import file_name, file_suffix, in_foreign_dir

NAMES = [
    "LICENSE", "a/b/README.md", ".bashrc", "dir/.eslintrc.json", "archive.tar.gz", "trailing.",
    "a.b/c", "x/..", "noext/Makefile", "é/ü.TXT", "a/.b.", "...", "a/b.c.d", "pkg/setup.py",
]  # fmt: skip


@pytest.mark.parametrize("path", NAMES)
def test_name_and_suffix_agree_with_pathlib(path: str) -> None:
    assert file_name(path) == PurePosixPath(path).name
    assert file_suffix(path) == PurePosixPath(path).suffix


def test_foreign_dirs_are_matched_by_folder_not_by_file_name() -> None:
    assert in_foreign_dir("vendor/lib/a.go")
    assert in_foreign_dir("src/Tests/fixture.json")
    assert not in_foreign_dir("src/tests")  # a file named "tests" is not a folder
    assert not in_foreign_dir("src/main.go")


def test_test_folders_by_prefix_and_template_folders_are_not_the_projects() -> None:
    # CKAN: test-infrastructure/docker-compose.yml and a cookiecutter template's package.
    assert in_foreign_dir("test-infrastructure/docker-compose.yml")
    assert in_foreign_dir("tests_e2e/package.json")
    assert in_foreign_dir("contrib/cookiecutter/ckan_extension/{{cookiecutter.project}}/LICENSE")
    assert not in_foreign_dir("testing-guide.md")
    assert not in_foreign_dir("attestation/service.py")  # "test" inside a word is not a prefix
    assert not in_foreign_dir("latest-release/notes.md")
