"""The form's questions and the SDG labels, read from the catalog (``application-questions.yaml``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dpgcheck.application.model import Question
from dpgcheck.catalog import data_file
from dpgcheck.errors import CatalogError

QUESTIONS_FILE = "application-questions.yaml"


def load_questions() -> tuple[tuple[Question, ...], Mapping[int, str]]:
    """The questions in the form's order, and the goals' labels by number."""
    data: Any = data_file(QUESTIONS_FILE)
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise CatalogError(f"{QUESTIONS_FILE} holds no `questions` list")
    questions = []
    for item in data["questions"]:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in ("id", "section", "question")
        ):
            raise CatalogError(f"{QUESTIONS_FILE}: a question lacks its id, section or text: {item!r}")
        field = item.get("field")
        questions.append(
            Question(
                id=item["id"],
                section=item["section"],
                question=item["question"],
                help=str(item.get("help") or ""),
                field=str(field) if field else None,
            )
        )
    labels = data.get("sdg_labels")
    sdg_labels = {int(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}
    return tuple(questions), sdg_labels
