"""Open defaults for hosted services in configuration (DPG-4), and the pre-filter before them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dpgcheck.facts.dependencies.signals import (
    ASCII_PATTERNS,
    FAMILY_LITERALS,
    FAMILY_PATTERNS,
    find_open_signals,
)
from dpgcheck.sources.local import open_local

# Lines each family's pattern must find: the pre-filter may never hide one of them.
MATCHING = {
    "object-storage": [
        "MINIO_ROOT_USER=minio",
        "s3.endpoint-url: http://localhost:9000",
        "AWS_S3_ENDPOINT_URL=http://minio:9000",
        "aws-s3-endpointOverride=http://localhost:9000",
        "forcePathStyle: true",
        "path-style-access: true",
        'storage_backend = "local"',
        "  store: 'filesystem'",
        "provider: disk",
        "backend=file_system",
        "DEFAULT_FILE_STORAGE = 'django.core.files.storage.FileSystemStorage'",
    ],
    "mail": [
        "SMTP_HOST=mail.example.org",
        "EMAIL_BACKEND = 'django.core.mail.backends.smtp'",
        "spring.mail.host: localhost",
        "MAIL_HOST=localhost",
        "mail.smtp.auth=true",
    ],
    "sms": ["SMS_PROVIDER=kannel", "sms-gateway: http://localhost:13013", "protocol: SMPP"],
}


@pytest.mark.parametrize(("family", "line"), [(f, line) for f, lines in MATCHING.items() for line in lines])
def test_every_line_the_pattern_finds_passes_the_prefilter(family: str, line: str) -> None:
    assert FAMILY_PATTERNS[family].search(line), line
    assert any(literal in line.lower() for literal in FAMILY_LITERALS[family])


@pytest.mark.parametrize("family", sorted(MATCHING))
def test_a_configuration_file_shows_the_family_open_default(tmp_path: Path, family: str) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.py").write_text("DEBUG = False\n\n" + MATCHING[family][0] + "\n")
    (tmp_path / "app.properties").write_text("server.port=8080\n")  # no literal: skipped
    signals = find_open_signals(open_local(str(tmp_path)), [family])
    assert [(s.path, s.line) for s in signals[family]] == [("config/settings.py", 3)]


def test_only_lines_holding_a_literal_are_searched_and_the_first_match_is_cited(tmp_path: Path) -> None:
    text = (
        "# The storage layer is pluggable.\n"  # a literal, no match
        "storage\n= local\n"  # key and value on two lines: not one configuration line
        "server.port=8080\n"
        "İstanbul region\n"  # lower() lengthens İ: lines are still counted on the text
        "filestore.provider=minio\n"
        "minio.url=http://localhost:9000\n"
    )
    (tmp_path / "application.properties").write_text(text, encoding="utf-8")
    signals = find_open_signals(open_local(str(tmp_path)), ["object-storage"])
    assert [(s.path, s.line, s.text) for s in signals["object-storage"]] == [
        ("application.properties", 6, "filestore.provider=minio")
    ]


def test_configuration_without_the_family_gives_no_signal(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text("CACHE = 'redis://localhost'\n" * 1000)
    assert find_open_signals(open_local(str(tmp_path)), ["mail", "sms"]) == {}


def test_every_manifest_name_survives_the_extension_prefilter(tmp_path: Path) -> None:
    from dpgcheck.facts.dependencies import manifest_paths

    manifests = [
        "pom.xml",
        "mix.exs",
        "DESCRIPTION",
        "requirements-dev.txt",
        "requirements/base.in",
        "app.dockerfile",
        "Dockerfile.prod",
        "docker-compose.prod.yml",
        "compose.yaml",
        "chart/values-prod.yaml",
        "src/App/App.csproj",
        "packages.config",
        "build.gradle.kts",
    ]
    for name in [*manifests, "src/Main.java", "web/app.ts", "README.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")
    found = manifest_paths(open_local(str(tmp_path)))
    assert set(manifests) <= set(found)
    assert not {"src/Main.java", "web/app.ts", "README.md"} & set(found)


def test_configuration_names_by_word_and_extension() -> None:
    from dpgcheck.facts.dependencies.signals import _is_config

    assert _is_config("storageconfig.java") and _is_config("application.yml") and _is_config(".env.example")
    assert not _is_config("usercontroller.java") and not _is_config("config.png")


# Pieces of matching lines in other letter cases, and the separators where ASCII and Unicode
# classes could differ (\x1c-\x1f are Unicode white space, \x0b is both).
PIECES = [
    "MinIO", "S3-ENDPOINT-URL", "aws-s3-endpointX", "Force_Path_Style", "path-style-access", "Storage",
    "STORE",
    "provider", "Backend", "FileSystemStorage", "File_System", "LOCAL", "disk", "SMTP_Host", "mail.SMTP.auth",
    "Spring.Mail.Host", "SMS_gateway", "smpp", '"', "'", " ", "\t", "\x1c", "\x1f", "\x0b", ":", "=", "\n",
    "_", "-", ".", "x", "9",
]  # fmt: skip


@pytest.mark.parametrize("family", sorted(FAMILY_PATTERNS))
def test_ascii_twin_finds_the_same_span_in_the_lower_cased_text(family: str) -> None:
    rng = random.Random(family)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 10)))
        match, twin = FAMILY_PATTERNS[family].search(text), ASCII_PATTERNS[family].search(text.lower())
        assert (match and match.span()) == (twin and twin.span()), repr(text)
        found += match is not None
    assert found > 100  # the pieces do make matches: the comparison is not vacuous


def test_a_non_ascii_file_is_searched_with_the_unicode_pattern(tmp_path: Path) -> None:
    # "\u017f" (long s) matches "s" only under Unicode case folding, which the twin lacks.
    (tmp_path / "settings.py").write_text(
        "# d\u00e9faut\nSMTP_HO\u017fT=mail.example.org\n", encoding="utf-8"
    )
    signals = find_open_signals(open_local(str(tmp_path)), ["mail"])
    assert [(s.path, s.line) for s in signals["mail"]] == [("settings.py", 2)]
