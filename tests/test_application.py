"""``dpgcheck application``: the draft of the DPGA form, its sources, links and round trip.

Golden drafts live in tests/golden/application/*.md|json; after an intended change regenerate
them with ``DPGCHECK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_application.py``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dpgcheck.api import CheckOptions, draft_application
from dpgcheck.application.claims import manifest_claims
from dpgcheck.application.model import MANIFEST, MUST_ANSWER, REPOSITORY, Application
from dpgcheck.application.questions import load_questions
from dpgcheck.cli.app import app
from dpgcheck.facts.manifest.claims import repository_urls
from dpgcheck.facts.manifest.model import Manifest
from dpgcheck.facts.manifest.parse import load_manifest_file
from dpgcheck.formats.application_json import render_application_json
from dpgcheck.formats.application_markdown import render_application_markdown
from dpgcheck.sources import SourceOptions, open_target
from tests.conftest import EXAMPLES, git, license_text, write_tree
from tests.servers import bare_repo, serve

GOLDEN = Path(__file__).parent / "golden" / "application"
UPDATE = os.environ.get("DPGCHECK_UPDATE_GOLDEN") == "1"
OFFLINE = CheckOptions(source=SourceOptions(offline=True))
REGISTRY = Path(__file__).parent / "data" / "registry-app"
# Declarations only the project can make: never answered from the files alone.
DECLARATIONS = (
    "sdgs",
    "sdg_relevance",
    "privacy_laws",
    "collects_pii",
    "collects_content",
    "user_interaction",
    "collects_non_pii",
    "owner_type",
    "owner_country",
)


def draft(target: Path, manifest: str | None = None) -> Application:
    options = CheckOptions(manifest_path=manifest, source=SourceOptions(offline=True))
    return draft_application(str(target), options, use_config=False)


def clone_with_remote(source: Path, dest: Path, remote: str) -> str:
    """``source`` copied into a new git repository whose origin is ``remote``; its commit."""
    shutil.copytree(source, dest)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "initial")
    git(dest, "remote", "add", "origin", remote)
    return git(dest, "rev-parse", "HEAD").strip()


def claims_of(manifest: Manifest, target: Path) -> dict[str, object]:
    snapshot = open_target(str(target))
    return manifest_claims(manifest, snapshot, repository_urls(manifest, snapshot, None))


# --- the questions --------------------------------------------------------------------------


def test_every_question_of_the_form_is_in_the_catalog_in_order() -> None:
    questions, labels = load_questions()
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids)) == 41
    assert ids[0] == "name" and ids[-1] == "highlights"
    sections = list(dict.fromkeys(q.section for q in questions))
    assert sections == [
        "general",
        *(f"DPG-{n}" for n in range(1, 9)),
        "DPG-9A",
        "DPG-9B",
        "DPG-9C",
        "scale",
    ]
    text = Path("/work/shared/data/dpg-standard-1.1.7/standard-questions.md")
    if text.is_file():  # the questions are quoted, word for word
        form = text.read_text(encoding="utf-8")
        for question in questions:
            assert question.question.rstrip("*:") in form, question.id
    assert labels[16] == "SDG16: Peace, Justice and Strong Institutions"


# --- golden drafts of the examples ----------------------------------------------------------


@pytest.mark.parametrize("name", ["passing", "failing"])
def test_golden_drafts_of_the_examples(name: str, tmp_path: Path) -> None:
    target = tmp_path / name
    shutil.copytree(EXAMPLES / name, target)  # outside git: links are repository paths
    application = draft(target)
    for suffix, text in (
        ("md", render_application_markdown(application)),
        ("json", render_application_json(application)),
    ):
        text = text.replace(str(target), f"/checkout/examples/{name}")
        golden = GOLDEN / f"{name}.{suffix}"
        if UPDATE:
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text(encoding="utf-8"), f"{golden.name} changed"


def test_the_passing_example_answers_from_its_manifest_and_files(tmp_path: Path) -> None:
    target = tmp_path / "passing"
    shutil.copytree(EXAMPLES / "passing", target)
    application = draft(target)
    licenses = application.answer("licenses")
    assert licenses.source == MANIFEST and licenses.value == ["Apache-2.0"]
    assert licenses.where == "dpg.yaml:11"
    core = application.answer("core_technologies")
    assert core.source == REPOSITORY and "Python" in core.text
    assert [link.url for link in core.links] == ["requirements.txt"]
    conduct = application.answer("harassment_protection")
    assert "conduct@health.example.org" in conduct.text
    assert application.answer("owner_country").source == MUST_ANSWER


# --- a repository without a manifest --------------------------------------------------------


def test_without_a_manifest_every_declaration_is_yours_to_answer(tmp_path: Path) -> None:
    target = write_tree(
        tmp_path / "bare",
        {
            "README.md": "# Tool\n\nIt helps with SDG 4 (Quality Education).\n",
            "LICENSE": license_text("MIT").replace("<year> <copyright holders>", "2024 Tool Team"),
            "CODE_OF_CONDUCT.md": "# Code of conduct\n\nReport to conduct@tool.example.org\n",
        },
    )
    application = draft(target)
    assert application.manifest is None
    for question in DECLARATIONS:
        answer = application.answer(question)
        if question == "sdgs":
            # The README names a goal: cited where it is, and the project still chooses.
            assert answer.source == REPOSITORY and answer.value == ["SDG4: Quality Education"]
            assert answer.links[0].url == "README.md#L3" or answer.links[0].label == "README.md:3"
            continue
        assert answer.source == MUST_ANSWER, question
        assert answer.todo and not answer.text
    assert not any(a.source == MANIFEST for a in application.answers)
    licenses = application.answer("licenses")
    assert licenses.source == REPOSITORY and licenses.value == ["MIT"]
    assert application.answer("owner").value == ["Tool Team"]
    assert application.entry["sdgs"][0]["relevance"] == ""  # never invented
    assert application.entry["privacy"] == []


def test_without_any_mention_no_goal_is_chosen(tmp_path: Path) -> None:
    target = write_tree(tmp_path / "plain", {"README.md": "# Tool\n\nA tool.\n"})
    application = draft(target)
    assert application.answer("sdgs").source == MUST_ANSWER
    assert application.entry["sdgs"] == []
    assert application.answer("licenses").source == MUST_ANSWER


# --- permanent links ------------------------------------------------------------------------


def test_a_local_clone_links_through_its_remote_without_credentials(tmp_path: Path) -> None:
    target = tmp_path / "clone"
    commit = clone_with_remote(EXAMPLES / "passing", target, "https://user:tok@github.com/o/r.git")
    application = draft(target)
    text = render_application_json(application) + render_application_markdown(application)
    assert "tok" not in text and "user:" not in text
    base = f"https://github.com/o/r/blob/{commit}/"
    licenses = application.entry["openlicenses"][0]["openLicenseEvidenceURLs"]
    # The manifest's link into its repository at a branch becomes the checked commit's, and
    # the detected license file (the same file) is not cited twice.
    assert licenses == f"{base}LICENSE"
    assert application.answer("core_technologies").links[0].url == f"{base}requirements.txt#L3"
    assert application.entry["repositories"][0]["url"] == "https://github.com/example/openclinic"


def test_a_sub_folder_of_a_clone_links_to_its_path_in_the_repository(tmp_path: Path) -> None:
    top = tmp_path / "mono"
    write_tree(top, {"README.md": "# Mono\n"})
    shutil.copytree(EXAMPLES / "passing", top / "apps" / "clinic")
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "initial")
    git(top, "remote", "add", "origin", "git@gitlab.com:o/mono.git")
    commit = git(top, "rev-parse", "HEAD").strip()
    application = draft(top / "apps" / "clinic")
    links = [link.url for link in application.answer("core_technologies").links]
    assert links == [f"https://gitlab.com/o/mono/-/blob/{commit}/apps/clinic/requirements.txt#L3"]


def test_a_remote_target_links_to_the_checked_commit(tmp_path: Path) -> None:
    bare = tmp_path / "srv" / "tool.git"
    files: dict[str, str | bytes] = {
        "README.md": "# Tool\n\nDocs.\n",
        "LICENSE": license_text("MIT").replace("<year> <copyright holders>", "2024 Tool Team"),
    }
    commit = bare_repo(tmp_path / "work", bare, files)
    with serve(lambda *_: None, git_root=bare.parent) as server:
        url = server.url.replace("http://", "http://user:s3cret@") + "/tool.git"
        options = CheckOptions(source=SourceOptions(cache_dir=str(tmp_path / "cache"), offline=False))
        application = draft_application(url, options, use_config=False)
    assert application.revision == commit
    licenses = application.answer("licenses")
    assert licenses.links[0].url == f"{server.url}/tool/blob/{commit}/LICENSE#L1"
    assert "s3cret" not in render_application_json(application)


# --- the round trip -------------------------------------------------------------------------


def test_a_draft_read_back_claims_what_dpg_yaml_claims(tmp_path: Path) -> None:
    target = tmp_path / "clone"
    clone_with_remote(EXAMPLES / "passing", target, "https://github.com/example/openclinic.git")
    application = draft(target)
    written = tmp_path / "draft.json"
    written.write_text(render_application_json(application), encoding="utf-8")
    original = claims_of(load_manifest_file(str(target / "dpg.yaml")), target)
    read_back = claims_of(load_manifest_file(str(written)), target)
    assert read_back == original
    # Not vacuous: the claims hold the example's answers.
    assert original["licenses"] == ["Apache-2.0"] and original["SDGs"] == [3]
    assert original["privacyPolicyURL"] == ["PRIVACY.md"]
    assert original["codeOfConductURL"] == ["CODE_OF_CONDUCT.md"]
    assert "README.md" in original["documentationURL"]  # type: ignore[operator]
    assert original["collectsPII"] == "Yes" and original["privacyComplianceList"]


def test_the_round_trip_fails_when_the_draft_says_otherwise(tmp_path: Path) -> None:
    target = tmp_path / "clone"
    clone_with_remote(EXAMPLES / "passing", target, "https://github.com/example/openclinic.git")
    entry = json.loads(render_application_json(draft(target)))
    entry["dataPrivacySecurity"]["collectsPII"] = "PII data is NOT collected NOT stored and NOT distributed."
    written = tmp_path / "draft.json"
    written.write_text(json.dumps(entry), encoding="utf-8")
    original = claims_of(load_manifest_file(str(target / "dpg.yaml")), target)
    assert claims_of(load_manifest_file(str(written)), target)["collectsPII"] != original["collectsPII"]


@pytest.mark.parametrize("entry", sorted(p.name for p in REGISTRY.glob("*.json")))
def test_a_draft_from_a_registry_entry_claims_what_the_entry_claims(entry: str, tmp_path: Path) -> None:
    target = write_tree(tmp_path / "repo", {"README.md": "# Project\n"})
    source = str(REGISTRY / entry)
    application = draft(target, manifest=source)
    assert application.answer("licenses").source == MANIFEST
    written = tmp_path / "draft.json"
    written.write_text(render_application_json(application), encoding="utf-8")
    original = claims_of(load_manifest_file(source), target)
    assert claims_of(load_manifest_file(str(written)), target) == original
    assert original["licenses"]  # not vacuous


# --- the command ----------------------------------------------------------------------------


def test_the_command_writes_markdown_and_json(tmp_path: Path) -> None:
    target = tmp_path / "passing"
    shutil.copytree(EXAMPLES / "passing", target)
    runner = CliRunner()
    out = tmp_path / "draft.json"
    result = runner.invoke(app, ["application", str(target), "--offline", "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["openlicenses"][0]["openLicense"] == "Apache-2.0"
    result = runner.invoke(app, ["application", str(target), "--offline"])
    assert result.exit_code == 0
    assert "### Which open license(s) is/are used by your solution?" in result.output
    assert "**You must answer:**" in result.output


def test_the_command_reports_a_bad_target_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["application", str(tmp_path / "missing"), "--offline"])
    assert result.exit_code == 2
    assert "Error: Path not found" in result.output and "Traceback" not in result.output


def test_a_passing_check_ends_with_the_application_as_next_step(tmp_path: Path) -> None:
    from dpgcheck.api import Policy, RunOptions, check
    from dpgcheck.formats import RenderOptions, get_renderer

    rendered = {}
    for name in ("passing", "failing"):
        target = tmp_path / name
        shutil.copytree(EXAMPLES / name, target)
        report = check(str(target), RunOptions(OFFLINE, Policy(use_config=False))).report
        rendered[name] = get_renderer("text")(report, RenderOptions(width=200))
    assert rendered["passing"].rstrip().endswith(f"`dpgcheck application {tmp_path / 'passing'}`.")
    assert "Next step" not in rendered["failing"]


def test_a_declared_no_beside_detected_closed_components_is_flagged_not_overridden(tmp_path: Path) -> None:
    target = tmp_path / "failing"
    shutil.copytree(EXAMPLES / "failing", target)
    with (target / "dpg.yaml").open("a", encoding="utf-8") as file:
        file.write('platformIndependence:\n  mandatoryDepsCreateMoreRestrictions: "No"\n')
    application = draft(target)
    closed = application.answer("closed_components")
    assert closed.source == MANIFEST and closed.value == "No"  # the project's answer stands
    assert closed.todo and "firebase (package.json)" in closed.todo
    alternatives = application.answer("open_alternatives")
    assert alternatives.source == MUST_ANSWER and alternatives.todo and "Supabase" in alternatives.todo
    assert application.entry["platformIndependence"] == {
        "isPlatformIndependent": "No",
        "openAlternatives": [],
    }


def test_repository_texts_cannot_drive_the_terminal_or_break_the_json(tmp_path: Path) -> None:
    target = write_tree(
        tmp_path / "hostile",
        {
            "README.md": "# Tool\n\nIt serves SDG 4 \x1b]0;owned\x07 and \x9b31m red.\n",
            "LICENSE": license_text("MIT").replace("<year> <copyright holders>", "2024 Evil\x1b[2J Team"),
            "publiccode.yml": "publiccodeYmlVersion: '0.2'\nname: \"Tool\\e[31m\"\n",
        },
    )
    application = draft(target)
    raw = repr([(a.text, [link.label for link in a.links]) for a in application.answers])
    assert "\\x1b" in raw or "\\x9b" in raw  # the draft holds them; the renderers must not pass them on
    markdown = render_application_markdown(application)
    text = render_application_json(application)
    for rendered in (markdown, text):
        assert "\x1b" not in rendered and "\x9b" not in rendered and "\x07" not in rendered
    entry = json.loads(text)  # still valid JSON, the texts kept as escapes
    assert entry["dpgcheck"]["answers"][0]["id"] == "name"


def test_documentation_is_linked_per_asset_type(tmp_path: Path) -> None:
    target = write_tree(
        tmp_path / "ai",
        {
            "README.md": "# Model\n\nInstall with pip.\n",
            "MODEL_CARD.md": "# Model card\n",
            "data/datapackage.json": '{"name": "x", "resources": []}',
        },
    )
    options = CheckOptions(asset_types=("aimodel", "data"), source=SourceOptions(offline=True))
    answer = draft_application(str(target), options, use_config=False).answer("documentation")
    assert answer.source == REPOSITORY
    lines = answer.text.splitlines()
    assert lines[0].startswith("Open AI Model: ") and "MODEL_CARD.md" in lines[0]
    assert "datapackage.json" not in lines[0]
    assert lines[1].startswith("Open Data: ") and "data/datapackage.json" in lines[1]


def test_owner_country_agreement_and_core_technologies_come_from_the_facts(tmp_path: Path) -> None:
    target = write_tree(
        tmp_path / "owned",
        {
            "README.md": "# Tool\n\nA tool.\n",
            "CITATION.cff": "cff-version: 1.2.0\ntitle: Tool\nauthors:\n  - name: Acme\n    country: KE\n",
            "CONTRIBUTING.md": "# Contributing\n\nSign our Contributor License Agreement (CLA) first.\n",
            "requirements.txt": "django==5.0\n",
            "app.py": "import django\n",
        },
    )
    application = draft(target)
    country = application.answer("owner_country")
    assert country.source == REPOSITORY and country.value == "Kenya"
    assert country.links[0].label.startswith("CITATION.cff")
    assert application.answer("owner_type").source == MUST_ANSWER  # nothing states it
    rights = application.answer("redistribution_right")
    assert rights.source == REPOSITORY
    assert rights.links[0].url.startswith("CONTRIBUTING.md")
    core = application.answer("core_technologies")
    assert core.source == REPOSITORY
    assert "language: Python" in core.text and "framework: Django" in core.text
    assert core.links[0].url.startswith("requirements.txt")


def test_a_content_policy_in_the_repository_answers_the_content_policy_question(tmp_path: Path) -> None:
    target = write_tree(
        tmp_path / "forum",
        {
            "README.md": "# Forum\n\nA forum.\n",
            "docs/moderation.md": "# Moderation\n\nReported posts are reviewed within 24 hours.\n",
        },
    )
    answer = draft(target).answer("content_policy")
    assert answer.source == REPOSITORY
    assert [link.url for link in answer.links] == ["docs/moderation.md"]
    assert answer.todo and "how fast" in answer.todo
