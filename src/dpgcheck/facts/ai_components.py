"""The parts of an AI system where AI projects keep them: model (weights), code, training data.

Read once per snapshot (``collect_ai_components``), for the ``aimodel`` asset type: Hugging Face
model and dataset cards (README front matter), Model Openness Framework files, weights files
(and whether Git LFS stores them, from ``.gitattributes``: weights are never read), training and
inference scripts and notebooks, datasheets and data cards, data folders, and the statements
that say a part is not released or whether the training data holds personal information.
Nothing here judges: DPG-2/4/5/9A do (checks/_license_ai.py and friends).
"""

from __future__ import annotations

import fnmatch
import re
from functools import cache
from itertools import islice

import msgspec

from dpgcheck.catalog import data_file
from dpgcheck.facts.ai_cards import Card, MofComponent, Stated, card_of, mof_components
from dpgcheck.facts.licenses.mentions import named_licenses
from dpgcheck.facts.licenses.names import resolve_name, resolve_url
from dpgcheck.facts.project_paths import file_name, file_suffix, foreign_folders
from dpgcheck.sources.snapshot import Snapshot

WEIGHT_SUFFIXES = frozenset(
    {".safetensors", ".onnx", ".gguf", ".ggml", ".pt", ".pth", ".h5", ".hdf5", ".keras", ".ckpt", ".tflite"}
    | {".joblib", ".sav", ".mlmodel", ".pte"}
)
"""Files that hold trained parameters wherever they are."""
FOLDER_WEIGHT_SUFFIXES = frozenset({".bin", ".pkl", ".pickle", ".pb", ".npz", ".params"})
"""Files that hold parameters only inside a model folder (a .bin or .pkl elsewhere is anything)."""
_MODEL_FOLDER = re.compile(
    r"(?:^|/)(?:models?|weights|checkpoints?|ckpts?|saved_models?|pretrained)(?:/|$)|model", re.I
)
_MODEL_NAME = re.compile(r"model|weights|checkpoint|classifier|clf|svm|svc|regressor|encoder", re.I)
CODE_NAME = re.compile(r"train|finetun|fine_tun|fine-tun|infer|predict|evaluat|model", re.I)
_NOT_CODE = frozenset({"models.py", "model_admin.py", "models_test.py"})
"""Names that say model but mean a web framework's database models (Django's models.py)."""
CODE_SUFFIXES = frozenset({".py", ".ipynb", ".r", ".jl", ".sh"})
DATA_SUFFIXES = frozenset({".csv", ".tsv", ".jsonl", ".parquet", ".arrow", ".tfrecord", ".npy", ".xlsx"})
_DATA_FOLDER = re.compile(r"(?:^|/)(?:data|datasets?|training[_-]?data|corpus)(?:/|$)", re.I)
CARD_NAMES = {
    "model_card.md": "model",
    "modelcard.md": "model",
    "model-card.md": "model",
    "dataset_card.md": "dataset",
    "datasetcard.md": "dataset",
    "dataset-card.md": "dataset",
    "data_card.md": "dataset",
    "datacard.md": "dataset",
    "data-card.md": "dataset",
    "datasheet.md": "dataset",
    "data_sheet.md": "dataset",
}
MOF_NAMES = frozenset(
    {"mof.yaml", "mof.yml", "model_openness.yaml", "model_openness.yml", "model-openness.yaml"}
)
MAX_CARDS = 12
MAX_LISTED = 20
_CLOSED_SUBJECT = (
    r"(?:model\s+)?(?:weights|checkpoints?|parameters)|training\s+data|(?:training\s+)?data\s*sets?|corpus|"
    r"(?:the\s+)?data\s+(?:used|we\s+used|used\s+for\s+training|the\s+model\s+was\s+trained\s+on)"
)
CLOSED_SUBJECT = re.compile(rf"\b(?P<what>{_CLOSED_SUBJECT})\b[^.\n]*$", re.I)
CLOSED_VERB = re.compile(
    r"\b(?:(?:is|are|will)\s+not\s+(?:be\s+)?(?:publicly\s+|openly\s+)?"
    r"(?:released|available|shared|published|distributed|made\s+(?:publicly\s+)?available)|cannot\s+be\s+(?:shared|released|"
    r"published|distributed)|(?:is|are)\s+(?:proprietary|confidential|private)|(?:only\s+)?available\s+(?:up)?on\s+request)",
    re.I,
)
# The verb is found first and its subject looked for in the 80 characters before it: one short
# window per verb, where a subject-first pattern tried a gap at every subject (slow on hostile
# lines of "weights weights …").
"""A card saying a part is not released ("the training data is not publicly available")."""
PII_STATEMENT = re.compile(
    r"personal(?:ly)?[\s-]+identifiable|\bPII\b|personal\s+(?:and\s+sensitive\s+)?(?:information|data)|"
    r"sensitive\s+(?:personal\s+)?(?:information|data)|anonymi[sz]|pseudonymi[sz]|de-?identif",
    re.I,
)


class Located(msgspec.Struct, frozen=True):
    """A file found for a part, with what it is."""

    path: str
    detail: str
    line: int | None = None


class AiComponents(msgspec.Struct, frozen=True):
    """What the repository shows of each part of an AI system (empty: nothing found)."""

    cards: tuple[Card, ...] = ()
    mof: tuple[MofComponent, ...] = ()
    mof_files: tuple[str, ...] = ()
    weights: tuple[Located, ...] = ()
    code: tuple[Located, ...] = ()
    data: tuple[Located, ...] = ()
    closed: tuple[tuple[str, Stated], ...] = ()  # (part, the statement saying it is not released)
    pii: tuple[Stated, ...] = ()  # statements about personal information in cards and the README
    searched: tuple[str, ...] = ()  # the card and MOF files read
    # (part, license) a sentence states for one part: "the model weights are released under MIT"
    stated_licenses: tuple[tuple[str, Stated], ...] = ()
    # (part or "", the opening lines) of license texts that match no known license, for the
    # use-restricted model licenses (Llama, OpenRAIL) a LICENSE or LICENSE-MODEL file holds
    license_titles: tuple[tuple[str, Stated], ...] = ()

    @property
    def found(self) -> bool:
        """Whether anything of an AI system was found."""
        return bool(self.cards or self.mof or self.weights or self.code or self.data)

    def model_cards(self) -> tuple[Card, ...]:
        """The model cards (a dataset card's license is not the model's)."""
        return tuple(card for card in self.cards if card.kind == "model")

    def dataset_cards(self) -> tuple[Card, ...]:
        """The dataset cards and datasheets."""
        return tuple(card for card in self.cards if card.kind == "dataset")


def collect_ai_components(
    snapshot: Snapshot, readme_path: str | None, unknown_licenses: tuple[str, ...] = ()
) -> AiComponents:
    """The AI system parts ``snapshot`` shows (see the module docstring).

    ``unknown_licenses``: license files whose text matched no known license; their opening
    lines are kept (a model license names itself there).
    """
    foreign = foreign_folders(snapshot)
    own = [p for p in snapshot.paths if p.rpartition("/")[0] not in foreign]
    lfs = _lfs_patterns(snapshot)
    weights: list[Located] = []
    code: list[Located] = []
    data: list[Located] = []
    card_paths: dict[str, str] = {}
    mof_paths: list[str] = []
    for path in own:
        name = file_name(path).lower()
        suffix = file_suffix(path).lower()
        if suffix in WEIGHT_SUFFIXES or (
            suffix in FOLDER_WEIGHT_SUFFIXES
            and (_MODEL_FOLDER.search(path.rpartition("/")[0]) or _MODEL_NAME.search(name))
        ):
            if len(weights) < MAX_LISTED:
                stored = "stored in Git LFS" if _matches(lfs, path) else "in the repository"
                weights.append(Located(path, f"weights file ({suffix[1:]}), {stored}"))
        elif suffix in CODE_SUFFIXES and (
            suffix == ".ipynb" or (CODE_NAME.search(name) and name not in _NOT_CODE)
        ):
            if len(code) < MAX_LISTED:
                what = "notebook" if suffix == ".ipynb" else "training/inference script"
                code.append(Located(path, what))
        elif suffix in DATA_SUFFIXES and _DATA_FOLDER.search(path) and len(data) < MAX_LISTED:
            data.append(Located(path, "data file in a data folder"))
        if name in CARD_NAMES or name.startswith("datasheet"):
            card_paths[path] = CARD_NAMES.get(name, "dataset")
        elif name in MOF_NAMES:
            mof_paths.append(path)
    # README files with card front matter: the root one and those of model / data folders.
    for path in sorted(snapshot.find_names(["README.md"])):
        if path.rpartition("/")[0] not in foreign and (path == readme_path or path.count("/") <= 2):
            card_paths.setdefault(path, "")
    cards: list[Card] = []
    closed: list[tuple[str, Stated]] = []
    pii: list[Stated] = []
    stated: list[tuple[str, Stated]] = []
    searched: list[str] = []
    for path, hint in list(card_paths.items())[: MAX_CARDS * 2]:
        text = snapshot.read_text(path)
        if text is None:
            continue
        card = card_of(path, text, hint)
        if card is None and path != readme_path:
            continue
        searched.append(path)
        if card is not None and len(cards) < MAX_CARDS:
            cards.append(card)
        closed += _closed_statements(path, text)
        pii += _statements(path, text, PII_STATEMENT)
        stated += _part_licenses(path, text)
    mof: list[MofComponent] = []
    for path in mof_paths[:3]:
        text = snapshot.read_text(path)
        if text is not None:
            searched.append(path)
            mof += mof_components(path, text)
    return AiComponents(
        cards=tuple(cards),
        mof=tuple(mof),
        mof_files=tuple(mof_paths[:3]),
        weights=tuple(weights),
        code=tuple(code),
        data=tuple(data),
        closed=tuple(closed[:10]),
        pii=tuple(pii[:10]),
        searched=tuple(searched),
        stated_licenses=tuple(stated[:10]),
        license_titles=tuple(_titles(snapshot, unknown_licenses)),
    )


_PART_WORDS = (
    ("model", re.compile(r"weights|checkpoints?|parameters|\bmodels?\b", re.I)),
    ("data", re.compile(r"\bdata(?:sets?)?\b|corpus|corpora", re.I)),
    ("code", re.compile(r"\bcode\b|source", re.I)),
)


_LINK_TARGET = re.compile(r"\]\((https?://[^)\s]{1,300})\)")


def _license_of(raw: str, kind: str) -> str | None:
    """A sentence's license name as an SPDX id, or as written when it names a use-restricted
    model license (catalog ``use_restricted``); None for anything else ("the terms above")."""
    if kind == "url":
        return None  # links are read from the line itself, with their Markdown text stripped
    if kind != "name" or len(raw) < 3 or raw.lower() in _NOT_NAMES:
        return None
    resolved = resolve_name(raw)
    if resolved is not None:
        return resolved
    return raw if any(re.search(pattern, raw.lower()) for pattern in restricted_patterns()) else None


@cache
def restricted_patterns() -> tuple[str, ...]:
    """The catalog's patterns of use-restricted model licenses (indicators/data/ai-systems.yaml)."""
    rules = data_file("ai-systems.yaml")
    entries = rules.get("use_restricted") if isinstance(rules, dict) else None
    return tuple(str(e.get("pattern")) for e in entries or [] if isinstance(e, dict) and e.get("pattern"))


_MARKDOWN_LINK = re.compile(r"\[([^\]\n]{1,200})\]\([^)\n]{0,500}\)")
_NOT_NAMES = frozenset({"the", "this", "its", "their", "same", "license", "licence", "terms", "following"})


def _part_licenses(path: str, text: str) -> list[tuple[str, Stated]]:
    """Sentences licensing a part: "Whisper's code and model weights are released under MIT"."""
    found: list[tuple[str, Stated]] = []
    tried = 0
    for number, line in enumerate(_lines(text), start=1):
        if len(line) > MAX_LINE or " under " not in line:
            continue
        tried += 1
        if tried > 200:
            break
        parts = [part for part, words in _PART_WORDS if words.search(line)]
        if not parts:
            continue
        # "[CreativeML Open RAIL++-M License](LICENSE-MODEL)": the link's text names the license.
        plain = _MARKDOWN_LINK.sub(r"\1", line)
        for declaration in named_licenses(path, plain, "sentence", number - 1):
            value = _license_of(declaration.raw, declaration.kind)
            if value is not None:
                found += [(part, Stated(value, path, number)) for part in parts]
        for url in _LINK_TARGET.findall(line):
            resolved = resolve_url(url)
            if resolved is not None:
                found += [(part, Stated(resolved, path, number)) for part in parts]
        if len(found) >= 10:
            break
    return found


def part_of_file(path: str) -> str:
    """The part a license file's name restricts it to: ``LICENSE-MODEL`` → model, ``DATA_LICENSE``
    → data, "" for a plain LICENSE."""
    name = file_name(path).lower()
    if re.search(r"model|weight", name):
        return "model"
    return "data" if re.search(r"data", name) else ""


def _titles(snapshot: Snapshot, paths: tuple[str, ...]) -> list[tuple[str, Stated]]:
    """The opening lines of unrecognised license texts, with the part a file is named for."""
    found: list[tuple[str, Stated]] = []
    for path in paths[:5]:
        text = snapshot.read_text(path) or ""
        opening = [line.strip() for line in text.splitlines()[:40] if line.strip()][:4]
        if opening:
            part = part_of_file(path)
            found.append((part, Stated(" ".join(" ".join(opening).split())[:240], path, 1)))
    return found


def _lfs_patterns(snapshot: Snapshot) -> tuple[str, ...]:
    """The path patterns ``.gitattributes`` hands to Git LFS (``*.safetensors filter=lfs``)."""
    if not snapshot.exists(".gitattributes"):
        return ()
    text = snapshot.read_text(".gitattributes") or ""
    return tuple(
        line.split()[0]
        for line in text.splitlines()[:2000]
        if "filter=lfs" in line and not line.startswith("#")
    )


def _matches(patterns: tuple[str, ...], path: str) -> bool:
    name = file_name(path)
    return any(fnmatch.fnmatch(name if "/" not in p else path, p.lstrip("/")) for p in patterns)


def _lines(text: str) -> list[str]:
    """The lines a card statement may be on: a card's first SCANNED_CHARS, lines up to
    MAX_LINE characters (a card is prose; a megabyte of it is not one)."""
    return text[:SCANNED_CHARS].splitlines()


def _statements(path: str, text: str, pattern: re.Pattern[str]) -> list[Stated]:
    found: list[Stated] = []
    for number, line in enumerate(_lines(text), start=1):
        lowered = line.lower()
        if len(line) > MAX_LINE or not any(word in lowered for word in _PII_WORDS):
            continue
        if pattern.search(line):
            # A heading is a section on the topic ("section: Personal and Sensitive Information").
            kind = "section: " if line.lstrip().startswith("#") else ""
            found.append(Stated(kind + " ".join(line.strip("#>*- \t").split())[:200], path, number))
            if len(found) >= 5:
                break
    return found


SCANNED_CHARS = 256 * 1024
MAX_LINE = 1000
_PII_WORDS = ("person", "pii", "sensitive", "anonymi", "pseudonymi", "identif")
_CLOSED_WORDS = ("not", "cannot", "proprietary", "confidential", "private", "request")
_USERS_DATA = re.compile(r"\byour\b|\busers?\b|third[- ]part|personal", re.I)


def _closed_statements(path: str, text: str) -> list[tuple[str, Stated]]:
    found: list[tuple[str, Stated]] = []
    for number, line in enumerate(_lines(text), start=1):
        lowered = line.lower()
        if len(line) > MAX_LINE or not any(word in lowered for word in _CLOSED_WORDS):
            continue
        if _USERS_DATA.search(line):
            continue  # "your data will not be shared": a privacy promise, not a release statement
        match = None
        for verb in islice(CLOSED_VERB.finditer(line), 5):  # a sentence has one; a hostile line, hundreds
            match = CLOSED_SUBJECT.search(line[max(0, verb.start() - 80) : verb.start()])
            if match is not None:
                break
        if match is None:
            continue
        what = match.group("what").lower()
        part = "model" if re.search(r"weights|checkpoint|parameters", what) else "data"
        found.append((part, Stated(" ".join(line.strip("#>*- \t").split())[:200], path, number)))
        if len(found) >= 5:
            break
    return found
