"""AI systems (aimodel, DPG Standard 1.1.7 #193): each part found, licensed and judged.

Small model repositories: a Hugging Face model card, weights (one an LFS pointer), training
code, a dataset card; open and closed variants of each part.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dpgcheck.facts.ai_cards import card_of, mof_components
from dpgcheck.model import Status
from tests.checkutil import evidence_at, run_check

AI = ("aimodel",)
MIT = "MIT License\n\nCopyright (c) 2024 Clinic AI\n\n" + (
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and "
    'associated documentation files (the "Software"), to deal in the Software without restriction, '
    "including without limitation the rights to use, copy, modify, merge, publish, distribute, "
    "sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is "
    "furnished to do so, subject to the following conditions:\n\nThe above copyright notice and this "
    "permission notice shall be included in all copies or substantial portions of the Software.\n\n"
    'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT '
    "NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND "
    "NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, "
    "DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT "
    "OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n"
)
LFS_POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
)
BODY = (
    "\n# Malaria triage model\n\nClassifies blood-smear images.\n\n"
    "## Intended uses\n\nTriage support in rural clinics.\n\n"
    "## Training data\n\nSmears collected by the ministry's labs.\n\n"
    "## Evaluation results\n\nAccuracy 0.93 on the held-out set.\n\n"
    "## Limitations and bias\n\nNot validated on children.\n\n"
    "## Installation\n\n    pip install -r requirements.txt\n"
)
DATASET_CARD = (
    "---\nlicense: cc-by-4.0\ntask_categories: [image-classification]\n---\n# Smears\n\n"
    "## Personal and Sensitive Information\n\n"
    "The images contain no personal information; patient ids were removed.\n"
)


def card(front: str, body: str = BODY) -> str:
    """A model card: YAML front matter and a Markdown body."""
    return f"---\n{front}---{body}"


def model_repo(**overrides: str | None) -> dict[str, str]:
    """An open AI system: weights in Git LFS, training code, a dataset card, all open."""
    files: dict[str, str | None] = {
        "README.md": card(
            "license: apache-2.0\ndatasets:\n  - clinic/smears\npipeline_tag: image-classification\n"
        ),
        "LICENSE": MIT,
        ".gitattributes": "*.safetensors filter=lfs diff=lfs merge=lfs -text\n",
        "model.safetensors": LFS_POINTER,
        "train.py": "import torch\n",
        "requirements.txt": "torch==2.3.0\n",
        "data/README.md": DATASET_CARD,
        "data/train.csv": "image,label\n",
    }
    files.update(overrides)
    return {path: text for path, text in files.items() if text is not None}


def check(make_repo: Any, files: dict[str, str], name: str = "open_license") -> Any:
    root: Path = make_repo(files)
    return run_check(root, name, AI)


def test_an_open_ai_system_passes_naming_each_part(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = check(make_repo, model_repo())
    assert outcome.status is Status.PASS, outcome
    assert "model (weights): Apache-2.0" in outcome.summary
    assert "code (training and inference): MIT" in outcome.summary
    assert "training data: CC-BY-4.0" in outcome.summary
    assert "stored in Git LFS" in evidence_at(outcome, "model.safetensors")
    assert evidence_at(outcome, "README.md", 2).endswith("apache-2.0")
    assert "cc-by-4.0" in evidence_at(outcome, "data/README.md", 2)


def test_a_use_restricted_model_license_fails_naming_the_part(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = check(make_repo, model_repo(**{"README.md": card("license: openrail\n")}))
    assert outcome.status is Status.FAIL
    assert "model (weights): openrail: OpenRAIL" in outcome.summary
    assert "licenses.ai" in outcome.summary
    llama = check(
        make_repo,
        model_repo(**{"README.md": card("license: other\nlicense_name: llama3\nlicense_link: LICENSE\n")}),
    )
    assert llama.status is Status.FAIL and "Llama community license" in llama.summary


def test_a_non_commercial_dataset_fails_naming_the_data(make_repo) -> None:  # type: ignore[no-untyped-def]
    nc = DATASET_CARD.replace("cc-by-4.0", "cc-by-nc-4.0")
    outcome = check(make_repo, model_repo(**{"data/README.md": nc}))
    assert outcome.status is Status.FAIL
    assert "training data: CC-BY-NC-4.0" in outcome.summary
    assert "model (weights): Apache-2.0" in outcome.summary  # the open parts are still named


def test_code_under_a_content_license_fails(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = model_repo(LICENSE=None, **{"README.md": card("license: cc-by-nd-4.0\n")})
    outcome = check(make_repo, files)
    assert outcome.status is Status.FAIL
    assert "NoDerivatives" in outcome.summary


def test_data_declared_not_released_fails_citing_the_card(make_repo) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace(
        "Smears collected by the ministry's labs.",
        "The training data is not publicly available because it holds patient records.",
    )
    files = model_repo(**{"README.md": card("license: apache-2.0\n", body), "data/README.md": None})
    files.pop("data/train.csv")
    outcome = check(make_repo, files)
    assert outcome.status is Status.FAIL
    assert "training data: declared not released" in outcome.summary
    line = 1 + card("license: apache-2.0\n", body).splitlines().index(
        "The training data is not publicly available because it holds patient records."
    )
    assert "not released" in evidence_at(outcome, "README.md", line)
    assert outcome.remediation and "navigating-alignment" in outcome.remediation


def test_missing_parts_need_review_saying_where_they_were_looked_for(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = check(make_repo, {"README.md": "# A model\n", "LICENSE": MIT})
    assert outcome.status is Status.NEEDS_REVIEW
    assert "model (weights): not found" in outcome.summary
    assert "training data: not found" in outcome.summary
    details = " ".join(e.detail for e in outcome.evidence)
    assert "*.safetensors" in details and "dpg.yaml `aiSystem.trainingData`" in details
    assert outcome.remediation and "aiSystem.model" in outcome.remediation


def test_parts_stated_in_dpg_yaml_are_judged(make_repo) -> None:  # type: ignore[no-untyped-def]
    manifest = (
        "type: [aimodel]\naiSystem:\n  model:\n    url: https://huggingface.co/clinic/triage\n"
        "    license: Apache-2.0\n  trainingData:\n    url: https://data.example.org/smears\n"
        "    license: ODbL-1.0\n"
    )
    files = {"README.md": "# A model\n", "LICENSE": MIT, "train.py": "x = 1\n", "dpg.yaml": manifest}
    outcome = check(make_repo, files)
    assert outcome.status is Status.PASS, outcome
    assert "training data: ODbL-1.0" in outcome.summary
    assert "ODbL-1.0" in evidence_at(outcome, "dpg.yaml", 8)


def test_datasets_named_without_a_license_need_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = model_repo(**{"data/README.md": None})
    files.pop("data/train.csv")
    outcome = check(make_repo, files)
    assert outcome.status is Status.NEEDS_REVIEW
    assert "training data: found, license not stated" in outcome.summary
    assert "clinic/smears" in evidence_at(outcome, "README.md", 3)


def test_a_mof_file_licenses_each_component(make_repo) -> None:  # type: ignore[no-untyped-def]
    mof = (
        "framework:\n  name: Model Openness Framework\nrelease:\n  components:\n"
        "    - name: Model parameters (Final)\n      license: Apache-2.0\n"
        "    - name: Training, validation and testing code\n      license: MIT\n"
        "    - name: Datasets\n      license: CC-BY-NC-ND-4.0\n"
    )
    outcome = check(make_repo, {"README.md": "# m\n", "MOF.yaml": mof})
    assert outcome.status is Status.FAIL
    assert "training data: CC-BY-NC-ND-4.0" in outcome.summary
    assert "CC-BY-NC-ND-4.0" in evidence_at(outcome, "MOF.yaml", 9)


def test_documentation_checklist(make_repo) -> None:  # type: ignore[no-untyped-def]
    outcome = check(make_repo, model_repo(), "documentation")
    assert outcome.status is Status.PASS, outcome
    assert "Limitations and bias" in evidence_at(outcome, "README.md", containing="limitations")
    thin_docs = check(
        make_repo,
        model_repo(**{"README.md": card("license: mit\n", "\n# M\n\n## Training data\n")}),
        "documentation",
    )
    assert thin_docs.status is Status.NEEDS_REVIEW
    assert "intended use, evaluation, limitations" in thin_docs.summary


def test_platform_lists_model_and_data_dependencies(make_repo) -> None:  # type: ignore[no-untyped-def]
    front = "license: apache-2.0\nbase_model: google-bert/bert-base-uncased\ndatasets: [clinic/smears]\n"
    outcome = check(make_repo, model_repo(**{"README.md": card(front)}), "platform_independence")
    assert outcome.status is Status.PASS
    assert "base model google-bert/bert-base-uncased" in evidence_at(outcome, "README.md", 3)
    assert "dataset clinic/smears" in evidence_at(outcome, "README.md", 4)
    closed = card("license: apache-2.0\nbase_model: meta-llama/Meta-Llama-3-8B\n")
    restricted = check(make_repo, model_repo(**{"README.md": closed}), "platform_independence")
    assert restricted.status is Status.FAIL
    assert "meta-llama/Meta-Llama-3-8B" in restricted.summary


def test_privacy_asks_whether_the_training_data_includes_pii(make_repo) -> None:  # type: ignore[no-untyped-def]
    said = check(make_repo, model_repo(), "data_privacy_security")
    assert "no personal information" in evidence_at(said, "data/README.md", 9)
    silent = check(make_repo, model_repo(**{"data/README.md": None}), "data_privacy_security")
    assert silent.status is Status.NEEDS_REVIEW
    assert "training data includes personal information (PII) is not stated" in silent.summary
    assert silent.remediation and "Personal and Sensitive Information" in silent.remediation


def test_software_checks_ignore_ai_parts(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(model_repo(**{"README.md": card("license: openrail\n")}))
    assert "AI system" not in run_check(root, "open_license").summary


def test_card_readers_survive_bad_front_matter() -> None:
    assert card_of("README.md", "---\nlicense: [unclosed\n---\n# x\n") is None
    model = card_of("MODEL_CARD.md", "# no front matter\n## Limitations\n", "model")
    assert model is not None and model.license is None and model.sections[1].text == "Limitations"
    assert mof_components("MOF.yaml", "- : [\n") == ()
    assert mof_components("MOF.yaml", "components: 3\n") == ()


def test_a_sentence_licensing_the_weights_is_read(make_repo) -> None:  # type: ignore[no-untyped-def]
    readme = (
        "# Speech model\n\n## License\n\nThe code and model weights are released under the MIT License.\n"
    )
    files = {"README.md": readme, "LICENSE": MIT, "model.py": "x = 1\n", "MODEL_CARD.md": "# Card\n"}
    outcome = check(make_repo, files)
    assert "model (weights): MIT" in outcome.summary
    assert evidence_at(outcome, "README.md", 5, "model (weights)")
    assert outcome.status is Status.NEEDS_REVIEW and "training data: not found" in outcome.summary


def test_a_model_license_file_with_use_restrictions_fails(make_repo) -> None:  # type: ignore[no-untyped-def]
    rail = (
        "CreativeML Open RAIL++-M License\ndated November 24, 2022\n\nSection I: PREAMBLE\n\n"
        + "You agree not to use the Model for the restricted uses in Attachment A.\n" * 30
    )
    readme = (
        "# Diffusion\n\n## License\n\nThe weights are released under the "
        "[CreativeML Open RAIL++-M License](LICENSE-MODEL).\n"
    )
    files = {"README.md": readme, "LICENSE": MIT, "LICENSE-MODEL": rail, "modelcard.md": "# m\n"}
    outcome = check(make_repo, files)
    assert outcome.status is Status.FAIL
    assert "model (weights): CreativeML Open RAIL++-M License: OpenRAIL" in outcome.summary
    llama = (
        "META LLAMA 3 COMMUNITY LICENSE AGREEMENT\n\n"
        + "You will not use the Llama Materials to harm.\n" * 30
    )
    closed = check(make_repo, {"README.md": "# Llama\n", "LICENSE": llama, "MODEL_CARD.md": "# Card\n"})
    assert closed.status is Status.FAIL
    assert "the license text in LICENSE: Llama community license" in closed.summary


def test_training_data_with_pii_against_a_no_pii_declaration_needs_review(make_repo) -> None:  # type: ignore[no-untyped-def]
    holds = DATASET_CARD.replace(
        "The images contain no personal information; patient ids were removed.",
        "The records include personal information such as names and ages.",
    )
    manifest = "doNoHarm:\n  dataPrivacySecurity:\n    collectsPII: 'No'\n"
    files = model_repo(**{"data/README.md": holds, "dpg.yaml": manifest})
    outcome = check(make_repo, files, "data_privacy_security")
    assert outcome.status is Status.NEEDS_REVIEW
    assert "training data holds personal information" in outcome.summary
    assert "names and ages" in evidence_at(outcome, "data/README.md", 9)
    declared_clean = check(make_repo, model_repo(**{"dpg.yaml": manifest}), "data_privacy_security")
    assert declared_clean.status is Status.NOT_APPLICABLE


def test_release_statements_and_privacy_promises_are_told_apart() -> None:
    from dpgcheck.facts.ai_components import _closed_statements

    closed = [
        "The training data is not publicly available because it holds patient records.",
        "Model weights will not be released.",
        "The dataset is proprietary.",
        "The data used for training cannot be shared due to privacy regulations.",
    ]
    promises = [
        "Your data will not be shared with third parties.",
        "User data is not shared with anyone.",
        "The weights are available on Hugging Face.",
        "This data is not available offline.",
    ]
    assert [bool(_closed_statements("README.md", t)) for t in closed] == [True] * 4
    assert [bool(_closed_statements("README.md", t)) for t in promises] == [False] * 4
    assert _closed_statements("README.md", closed[1])[0][0] == "model"


def test_a_license_file_named_for_a_part_licenses_that_part(make_repo) -> None:  # type: ignore[no-untyped-def]
    nc = (Path(__file__).parent / "data" / "license-corpus" / "plain" / "CC-BY-NC-4.0.txt").read_text()
    files = model_repo(**{"data/README.md": None, "DATA_LICENSE": nc})
    outcome = check(make_repo, files)
    assert outcome.status is Status.FAIL
    assert "training data: CC-BY-NC-4.0: NonCommercial" in outcome.summary
    assert "license file" in evidence_at(outcome, "DATA_LICENSE", containing="training data")


def test_a_license_link_in_a_sentence_licenses_the_part(make_repo) -> None:  # type: ignore[no-untyped-def]
    sentence = (
        "\nFine-tuned checkpoints are licensed under the Non-Commercial Creative Commons license "
        "([CC BY-NC-SA-4.0](https://creativecommons.org/licenses/by-nc-sa/4.0/)).\n"
    )
    files = model_repo(**{"README.md": card("license: apache-2.0\n", BODY + sentence)})
    outcome = check(make_repo, files)
    assert outcome.status is Status.FAIL
    assert "model (weights): CC-BY-NC-SA-4.0" in outcome.summary


def test_hostile_cards_are_scanned_in_bounded_work(tmp_path: Path) -> None:
    import subprocess
    import sys

    lines = ["weights " * 120 + "not", "is not released " * 60, "model under " * 80, "personal " * 110]
    text = "---\nlicense: mit\n---\n" + "".join((line + "\n") * 400 for line in lines)
    for name in ("README.md", "MODEL_CARD.md", "datasheet.md", "data/README.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    code = (
        "import sys\nfrom dpgcheck.sources.local import open_local\n"
        "from dpgcheck.facts.ai_components import collect_ai_components, SCANNED_CHARS\n"
        "ai = collect_ai_components(open_local(sys.argv[1]), 'README.md')\n"
        "print(len(ai.cards), len(ai.closed), len(ai.pii))\n"
    )
    # A guard, not a timing: each card's scan is bounded (SCANNED_CHARS, MAX_LINE, a few verbs a line).
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60, check=True
    )
    cards, closed, pii = (int(x) for x in done.stdout.split())
    assert cards == 4 and closed <= 10 and pii <= 10
