"""DPG-4's core technologies: languages, frameworks and databases read from small repositories."""

from __future__ import annotations

import json
from pathlib import Path

from dpgcheck.api import CheckOptions, Policy, RunOptions, check
from dpgcheck.catalog import data_file
from dpgcheck.facts.dependencies import read_dependencies
from dpgcheck.facts.technologies import MAX_LANGUAGES, MAX_PER_KIND, detect_technologies
from dpgcheck.model import INFO, Status
from dpgcheck.sources.local import open_local
from tests.checkutil import run_check


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _technologies(root: Path) -> list[tuple[str, str, str | None, int | None]]:
    snapshot = open_local(str(root))
    deps = read_dependencies(snapshot, [])
    found = detect_technologies(snapshot, deps.dependencies, data_file("technologies.yaml"))
    return [(t.kind, t.name, t.path, t.line) for t in found]


DJANGO_APP = {
    "requirements.txt": "django==4.2\npsycopg2-binary==2.9\ncelery\n",
    "requirements-dev.txt": "flask\n",  # dev only: not a core technology
    "docker-compose.yml": "services:\n  db:\n    image: postgres:15\n  cache:\n    image: redis:6.2\n",
    "frontend/package.json": json.dumps({"dependencies": {"react": "18"}, "devDependencies": {"vue": "3"}}),
    **{f"app/m{n}.py": "x = 1\n" for n in range(8)},
    **{f"frontend/src/c{n}.tsx": "export {}\n" for n in range(3)},
    **{f"tests/t{n}.rb": "" for n in range(20)},  # test folders are not the solution's languages
    "scripts/one.sh": "echo\n",
}


def test_languages_frameworks_and_databases_of_a_web_application(tmp_path: Path) -> None:
    found = _technologies(_write(tmp_path, DJANGO_APP))
    assert found == [
        ("language", "Python", None, None),
        ("language", "TypeScript", None, None),
        ("framework", "Django", "requirements.txt", 1),
        ("framework", "React", "frontend/package.json", 1),
        ("database", "PostgreSQL", "docker-compose.yml", 3),
        ("database", "Redis", "docker-compose.yml", 5),
    ]


def test_the_same_repository_gives_the_same_list(tmp_path: Path) -> None:
    root = _write(tmp_path, DJANGO_APP)
    assert _technologies(root) == _technologies(root)


def test_a_minor_language_below_a_tenth_of_the_files_is_not_core(tmp_path: Path) -> None:
    files = {f"src/m{n}.java": "class A {}\n" for n in range(40)}
    files.update({f"src/k{n}.kt": "" for n in range(3)})
    assert [name for kind, name, *_ in _technologies(_write(tmp_path, files))] == ["Java"]


def test_the_list_is_bounded(tmp_path: Path) -> None:
    extensions = ["py", "js", "go", "rs", "rb", "php", "java", "c"]
    files = {f"src/{ext}/f{n}.{ext}": "" for ext in extensions for n in range(10)}
    deps = {
        name: "1"
        for name in ["pg", "mysql", "mongodb", "redis", "sqlite3", "nano", "pouchdb", "neo4j-driver"]
    }
    files["package.json"] = json.dumps({"dependencies": deps})
    found = _technologies(_write(tmp_path, files))
    assert sum(1 for kind, *_ in found if kind == "language") == MAX_LANGUAGES
    assert sum(1 for kind, *_ in found if kind == "database") == MAX_PER_KIND


def test_maven_group_patterns_and_service_images_from_a_registry(tmp_path: Path) -> None:
    pom = (
        "<project><dependencies><dependency><groupId>org.springframework.boot</groupId>"
        "<artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>\n"
    )
    compose = "services:\n  search:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.1\n"
    found = _technologies(_write(tmp_path, {"pom.xml": pom, "compose.yaml": compose}))
    assert ("framework", "Spring Boot") in [(k, n) for k, n, *_ in found]
    assert ("database", "Elasticsearch") in [(k, n) for k, n, *_ in found]


def test_nothing_recognisable_gives_no_technologies(tmp_path: Path) -> None:
    assert _technologies(_write(tmp_path, {"README.md": "# Data\n", "data/a.csv": "a\n1\n"})) == []


def test_dpg4_lists_them_as_information_that_never_changes_the_verdict(tmp_path: Path) -> None:
    root = _write(tmp_path, DJANGO_APP)
    outcome = run_check(root, "platform_independence")
    assert outcome.status is Status.PASS
    info = [item for item in outcome.evidence if item.kind == INFO]
    assert [item.detail for item in info][:3] == [
        "core technology (language): Python — 8 files (.py)",
        "core technology (language): TypeScript — 3 files (.tsx)",
        "core technology (framework): Django — pypi dependency django",
    ]
    assert (info[2].path, info[2].line) == ("requirements.txt", 1)
    # Without any manifest the verdict is the same needs-review, with the languages as information.
    bare = _write(tmp_path / "bare", {f"m{n}.py": "" for n in range(3)})
    outcome = run_check(bare, "platform_independence")
    assert outcome.status is Status.NEEDS_REVIEW
    assert [item.detail for item in outcome.evidence if item.kind == INFO] == [
        "core technology (language): Python — 3 files (.py)"
    ]


def test_reports_show_the_core_technologies(tmp_path: Path) -> None:
    from dpgcheck.formats import RenderOptions, get_renderer

    report = check(
        str(_write(tmp_path, DJANGO_APP)), RunOptions(CheckOptions(), Policy(use_config=False))
    ).report
    assert report.facts is not None
    assert [t.name for t in report.facts.technologies] == [
        "Python",
        "TypeScript",
        "Django",
        "React",
        "PostgreSQL",
        "Redis",
    ]
    data = report.to_dict()
    assert data["facts"]["technologies"][2] == {
        "name": "Django",
        "kind": "framework",
        "detail": "pypi dependency django",
        "path": "requirements.txt",
        "line": 1,
    }
    line = "Python, TypeScript (languages); Django, React (frameworks); PostgreSQL, Redis (databases)"
    text = get_renderer("text")(report, RenderOptions(color=False, width=200))
    markdown = get_renderer("markdown")(report, RenderOptions())
    assert f"Core technologies: {line}" in text
    assert f"**Core technologies:** {line}" in markdown
