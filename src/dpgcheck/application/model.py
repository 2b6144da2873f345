"""The application draft as data: each question of the DPGA's form with its answer and source.

An answer comes from one of three places, and says which: ``repository`` (found in the
repository's files, cited by file and line), ``manifest`` (declared in dpg.yaml or the registry
entry given with ``--manifest``) or ``you-must-answer`` (nothing states it: ``todo`` says what
to write and why). dpgcheck never fills a declaration in itself: no SDG, law or policy that the
sources do not state.
"""

from __future__ import annotations

from typing import Any

import msgspec

REPOSITORY = "repository"
MANIFEST = "manifest"
MUST_ANSWER = "you-must-answer"
SOURCES = (REPOSITORY, MANIFEST, MUST_ANSWER)


class Question(msgspec.Struct, frozen=True):
    """One question of the form, quoted from the Standard's questionnaire."""

    id: str
    section: str  # "general", an indicator id ("DPG-2"), or "scale"
    question: str
    help: str
    field: str | None  # where a registry entry records the answer (None: it records none)


class Link(msgspec.Struct, frozen=True):
    """One piece of evidence: a permanent URL (or a repository path) and what it shows."""

    url: str
    label: str  # ``LICENSE:1``, ``dpg.yaml:12``, or what the link is


class Answer(msgspec.Struct, frozen=True):
    """The draft's answer to one question.

    ``text`` is what to paste into the form ("" when the project must answer); ``value`` is
    the same answer as the registry entry records it (see ``application.entry``); ``where``
    names the file and line (or manifest key) it was read from.
    """

    question: Question
    source: str  # one of SOURCES
    text: str = ""
    links: tuple[Link, ...] = ()
    where: str | None = None
    todo: str | None = None  # what the project must still write, and why
    value: Any = None

    def to_dict(self) -> dict[str, Any]:
        """The draft's JSON record of this answer."""
        return {
            "id": self.question.id,
            "section": self.question.section,
            "question": self.question.question,
            "source": self.source,
            "answer": self.text,
            "evidence": [{"url": link.url, "label": link.label} for link in self.links],
            "where": self.where,
            "todo": self.todo,
        }


class Application(msgspec.Struct, frozen=True):
    """The whole draft: the answers in the form's order, and the entry they make."""

    target: str
    revision: str | None
    standard_version: str
    manifest: str | None  # the manifest the declarations came from, if any
    answers: tuple[Answer, ...]
    entry: dict[str, Any] = msgspec.field(default_factory=dict)  # the registry's entry shape
    notes: tuple[str, ...] = ()

    def answer(self, question_id: str) -> Answer:
        """The answer to one question, by its id."""
        for answer in self.answers:
            if answer.question.id == question_id:
                return answer
        raise KeyError(question_id)

    def counts(self) -> dict[str, int]:
        """How many answers came from each source."""
        counts = dict.fromkeys(SOURCES, 0)
        for answer in self.answers:
            counts[answer.source] += 1
        return counts
