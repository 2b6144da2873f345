"""DPG-4: source-available service images by version, cloud SDKs judged by their service,
new ecosystems (hex, Gradle catalogs, NuGet packages.config, .NET Framework), submodules."""

from __future__ import annotations

import pytest

from dpgcheck.facts.dependencies.closed import in_ranges, version_tuple
from dpgcheck.facts.dependencies.images import split_image
from dpgcheck.model import Status
from tests.checkutil import evidence_at, run_check

CHECK = "platform_independence"


def compose(image: str) -> str:
    return f"services:\n  app:\n    build: .\n  db:\n    image: {image}\n"


@pytest.mark.parametrize(
    ("image", "closed"),
    [
        ("mongo:6", True),
        ("mongo", True),  # untagged: the newest release, SSPL
        ("docker.io/library/mongo:4.0.3", True),
        ("mongo:4.0.2", False),  # released before 16 Oct 2018: AGPL
        ("mongo:3.6.8", False),
        ("mongo:3.6", True),  # the 3.6 line's newest patch release came after the change
        ("elasticsearch:7.17.9", True),
        ("docker.elastic.co/elasticsearch/elasticsearch:7.10.2", False),
        ("elasticsearch:8.17.0", False),  # AGPL option
        ("elasticsearch:8.16.0", False),  # the first release with the AGPL option (Elastic's FAQ)
        ("docker.elastic.co/elasticsearch/elasticsearch:8.15.5", True),  # the last SSPL/ELv2-only 8.x
        ("elasticsearch:7.17.25", True),  # the 7.x line never gained the AGPL option
        ("kibana:8.16.1", False),
        ("kibana:8.15.0", True),
        ("redis:7.4-alpine", True),
        ("redis:7.2", False),
        ("redis:8.0", False),
        ("redis:7", True),
        ("redis", False),  # newest release: AGPL option
        ("postgres:16", False),
    ],
)
def test_service_images_are_judged_by_version(make_repo, image: str, closed: bool) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(
        make_repo({"requirements.txt": "flask\n", "docker-compose.yml": compose(image)}), CHECK
    )
    assert outcome.status is (Status.NEEDS_REVIEW if closed else Status.PASS), outcome
    if closed:
        detail = evidence_at(outcome, "docker-compose.yml", 5)
        assert "service" in detail and any(alt in detail for alt in ("FerretDB", "OpenSearch", "Valkey"))


def test_dockerfile_and_helm_service_images_count_and_an_open_fork_clears_them(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "requirements.txt": "flask\n",
        "search/Dockerfile": "FROM docker.elastic.co/elasticsearch/elasticsearch:8.11.1\n",
        "chart/values.yaml": "cache:\n  image:\n    repository: bitnami/redis\n    tag: 7.4.1\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "elasticsearch:8.11.1" in outcome.summary and "bitnami/redis:7.4.1" in outcome.summary
    declared = "platformIndependence:\n  pltIndependenceDesc: We run OpenSearch and Valkey in production.\n"
    outcome = run_check(make_repo({**files, "dpg.yaml": declared}), CHECK)
    assert outcome.status is Status.PASS
    assert "declared open alternative" in outcome.summary


def test_version_helpers() -> None:
    assert version_tuple("^2.3") == (2, 3, 10**9)
    assert version_tuple("latest") is None
    assert in_ranges((4, 0, 3), [">=4.0.3 <4.1"]) and not in_ranges((4, 0, 2), [">=4.0.3 <4.1"])
    assert split_image("quay.io/minio/minio:RELEASE.2024") == ("minio/minio", "RELEASE.2024")
    assert split_image("mongo:${MONGO_TAG:-4.0.2}") == ("mongo", "4.0.2")
    assert split_image("localhost:5000/redis") == ("redis", None)


def test_cloud_sdk_with_an_open_default_configured_passes_with_a_note(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "requirements.txt": "django\nboto3>=1.26\n",
        "app/settings.py": "import os\nSTORAGE_BACKEND = os.environ.get('STORAGE_BACKEND', 'local')\n",
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS
    assert "open default or alternative configured" in outcome.summary
    assert "STORAGE_BACKEND" in evidence_at(outcome, "app/settings.py", 2)
    # Without that configuration, the service is unclear: a reviewer judges.
    outcome = run_check(make_repo({"requirements.txt": "django\nboto3>=1.26\n"}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW


@pytest.mark.parametrize(
    ("manifest", "text"),
    [
        ("Gemfile", "source 'https://rubygems.org'\ngem 'rails'\ngem 'aws-sdk-s3'\n"),
        (
            "pom.xml",
            "<project><dependencies><dependency><groupId>com.microsoft.azure</groupId>"
            "<artifactId>azure-storage</artifactId></dependency></dependencies></project>",
        ),
    ],
)
def test_object_store_clients_of_every_ecosystem_take_the_open_store_configured(  # type: ignore[no-untyped-def]
    make_repo, manifest: str, text: str
) -> None:
    # Primero's Gemfile names aws-sdk-s3 and its config/storage.yml a MinIO service: open default.
    storage = "local:\n  service: Disk\nminio:\n  service: S3\n  endpoint: http://minio:9000\n"
    outcome = run_check(make_repo({manifest: text, "config/storage.yml": storage}), CHECK)
    assert outcome.status is Status.PASS, outcome
    assert "open default or alternative configured" in outcome.summary


def test_hosted_mail_with_smtp_configured_passes(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {"requirements.txt": "sendgrid\n", ".env.example": "SMTP_HOST=localhost\nSMTP_PORT=25\n"}
    assert run_check(make_repo(files), CHECK).status is Status.PASS


def test_commercial_library_without_alternative_fails_citing_its_line(make_repo) -> None:  # type: ignore[no-untyped-def]
    package = '{\n  "dependencies": {\n    "react": "^18",\n    "highcharts": "^11.0.0"\n  }\n}\n'
    outcome = run_check(make_repo({"package.json": package}), CHECK)
    assert outcome.status is Status.FAIL
    assert "commercial" in evidence_at(outcome, "package.json", 4)
    declared = "platformIndependence:\n  pltIndependenceDesc: Charts fall back to Apache ECharts.\n"
    assert run_check(make_repo({"package.json": package, "dpg.yaml": declared}), CHECK).status is Status.PASS
    # mapbox-gl 1.x is BSD: open.
    old = '{"dependencies": {"mapbox-gl": "^1.13.0"}}'
    assert run_check(make_repo({"package.json": old}), CHECK).status is Status.PASS


def test_proprietary_driver_beside_an_open_one_passes(make_repo) -> None:  # type: ignore[no-untyped-def]
    gradle = (
        "dependencies {\n    implementation 'com.oracle.database.jdbc:ojdbc11:23.3.0.23.09'\n"
        "    implementation 'org.postgresql:postgresql:42.7.1'\n}\n"
    )
    outcome = run_check(make_repo({"build.gradle": gradle}), CHECK)
    assert outcome.status is Status.PASS
    assert "also declares org.postgresql:postgresql" in evidence_at(outcome, "build.gradle", 3)


def test_new_ecosystems_are_read(make_repo) -> None:  # type: ignore[no-untyped-def]
    catalog = (
        '[versions]\nes = "7.17.9"\n\n[libraries]\n'
        'es-client = { module = "org.elasticsearch.client:elasticsearch-rest-high-level-client", '
        'version.ref = "es" }\nguava = "com.google.guava:guava:33.0.0-jre"\n'
    )
    outcome = run_check(make_repo({"gradle/libs.versions.toml": catalog}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "7.17.9" in evidence_at(outcome, "gradle/libs.versions.toml", 5)
    lock = '%{\n  "phoenix": {:hex, :phoenix, "1.7.10", "abc", [:mix], [], "hexpm", "def"},\n}\n'
    outcome = run_check(make_repo({"mix.lock": lock}), CHECK)
    assert outcome.status is Status.PASS and "1 dependencies" in outcome.summary
    config = (
        '<?xml version="1.0"?>\n<packages>\n'
        '  <package id="Newtonsoft.Json" version="13.0.1" targetFramework="net48" />\n</packages>\n'
    )
    outcome = run_check(make_repo({"packages.config": config}), CHECK)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "Windows only" in evidence_at(outcome, "packages.config", 3)
    csproj = '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n'
    csproj += "    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n"
    assert run_check(make_repo({"app.csproj": csproj}), CHECK).status is Status.PASS


def test_submodules_are_named_as_not_checked(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {
        "requirements.txt": "flask\n",
        ".gitmodules": '[submodule "plugins"]\n\tpath = plugins/core\n\turl = https://example.org/x.git\n',
    }
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is Status.PASS
    assert "plugins/core" in evidence_at(outcome, ".gitmodules", None, containing="not checked")


def test_data_without_manifests_is_not_applicable(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"README.md": "# Data\n", "data/x.csv": "a,b\n1,2\n"})
    outcome = run_check(repo, CHECK, asset_types=("data",))
    assert outcome.status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("version", "closed"), [("8.15.5", True), ("8.16.0", False), ("7.17.9", True), ("7.10.2", False)]
)
def test_the_elasticsearch_server_artifact_is_judged_by_the_agpl_boundary(
    make_repo, version: str, closed: bool
) -> None:  # type: ignore[no-untyped-def]
    gradle = f"dependencies {{\n    implementation 'org.elasticsearch:elasticsearch:{version}'\n}}\n"
    outcome = run_check(make_repo({"build.gradle": gradle}), CHECK)
    assert outcome.status is (Status.NEEDS_REVIEW if closed else Status.PASS), outcome
    if closed:
        assert "8.16" in evidence_at(outcome, "build.gradle", 2)  # names the open boundary


@pytest.mark.parametrize(
    ("readme", "status"),
    [
        # DIGIT's chatbot dialog designer (core-services/xstate-chatbot/react-app/README.md:3).
        (
            "# Dialog designer\n\nThis `react-app` is provided only to ease the process of dialog\n"
            "development. It should be used only on a developer's local machine.\n",
            Status.NEEDS_REVIEW,
        ),
        ("# Designer\n\nNot intended for production use.\n", Status.NEEDS_REVIEW),
        ("# Designer\n\nThe web client of the chatbot, served in production.\n", Status.FAIL),
        (None, Status.FAIL),
    ],
)
def test_a_closed_library_of_a_development_tool_folder_is_left_to_a_reviewer(
    make_repo,  # type: ignore[no-untyped-def]
    readme: str | None,
    status: Status,
) -> None:
    package = (
        '{\n  "private": true,\n  "dependencies": {\n    "@progress/kendo-react-buttons": "3.17.0"\n  }\n}\n'
    )
    files = {"package.json": '{"dependencies": {"express": "^4"}}\n', "tools/designer/package.json": package}
    if readme is not None:
        files["tools/designer/README.md"] = readme
    outcome = run_check(make_repo(files), CHECK)
    assert outcome.status is status, outcome
    assert "commercial" in evidence_at(outcome, "tools/designer/package.json", 4)
    if status is Status.NEEDS_REVIEW:
        said = next(e for e in outcome.evidence if e.path == "tools/designer/README.md")
        assert said.line in (3, 4) and "development tool" in (said.detail or "")
        assert "required only by a development tool" in (outcome.remediation or "")
    # The root README speaks for the whole project, not for a folder: a disclaimer there is no tool.
    files.pop("tools/designer/README.md", None)
    files["README.md"] = "# App\n\nNot intended for production use.\n"
    assert run_check(make_repo(files), CHECK).status is Status.FAIL
