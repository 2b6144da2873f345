"""Path helpers the facts share: the same answers as pathlib, and what counts as foreign code."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from dpgcheck.facts.licenses.files import package_dirs
from dpgcheck.facts.project_paths import file_name, file_suffix, foreign_folders, in_foreign_dir
from dpgcheck.model import Target
from dpgcheck.sources.snapshot import Snapshot

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


TREE = [
    "README.md", "src/main.py", "a/vendor/b/c/x.py", "a/vendor/y.py", "a/Vendor2/z.py",
    "TEST-infra/ci/deep/run.sh", "contrib/{{cookiecutter.name}}/pkg/setup.py", "contrib/setup.py",
    "x/tests_e2e/a/b/c/d/e/f.js", "latest/attest/one.py", "a/b/c/d/e/f/g/h.txt",
    "pkg/node_modules/m/package.json", "pkg/package.json", "srv/Thing.csproj", "deep/a/b/c/d/pom.xml",
    "docs/pkg/package.json", "spec/sub/pom.xml",
]  # fmt: skip


def test_foreign_folders_agree_with_in_foreign_dir_for_nested_folders() -> None:
    # foreign_folders decides each folder from its parent: every folder below a foreign one
    # (however deep) is foreign, exactly the folders in_foreign_dir says so of.
    snapshot = Snapshot(Path("."), TREE, Target(kind="local", location=".", revision=None))
    expected = {path.rpartition("/")[0] for path in TREE if in_foreign_dir(path)}
    assert foreign_folders(snapshot) == expected
    assert "a/vendor/b/c" in expected and "a/vendor" in expected and "a/Vendor2" not in expected
    assert "contrib/{{cookiecutter.name}}/pkg" in expected and "TEST-infra/ci/deep" in expected
    assert "latest/attest" not in expected


def test_package_dirs_are_own_manifest_folders_outermost_first() -> None:
    snapshot = Snapshot(Path("."), TREE, Target(kind="local", location=".", revision=None))
    assert package_dirs(snapshot) == ["contrib", "pkg", "srv"]


def _names_snapshot(paths: list[str]) -> Snapshot:
    return Snapshot(Path("/nonexistent"), paths, Target(kind="local", location="/nonexistent"))


def test_names_holding_finds_each_distinct_name_once_even_with_a_line_break_in_one() -> None:
    from dpgcheck.facts.project_paths import names_holding, non_ascii_names

    paths = [
        "web/PrivacyPolicy.tsx",
        "app/privacy/index.html",
        "b/PrivacyPolicy.tsx",
        "README.md",
        "x/GDPR.md",
    ]
    assert sorted(names_holding(_names_snapshot(paths), ("privacy", "gdpr"))) == [
        "gdpr.md",
        "privacypolicy.tsx",
    ]
    assert non_ascii_names(_names_snapshot(paths)) == []
    # git can track a name holding a line break: the one-string search cannot, each name is tested.
    odd = [*paths, "docs/privacy\nnotes.md", "é/Datenschutz.vue"]
    assert sorted(names_holding(_names_snapshot(odd), ("privacy", "datenschutz"))) == [
        "datenschutz.vue",
        "privacy\nnotes.md",
        "privacypolicy.tsx",
    ]
    assert non_ascii_names(_names_snapshot(["é/ü.TXT", "a.py"])) == ["ü.txt"]
