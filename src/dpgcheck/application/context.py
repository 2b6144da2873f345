"""What every part of the draft reads: the facts, the manifest, the links, and small helpers.

The helpers make the three kinds of answer the same way everywhere, so an answer never says it
was found without a file and line, nor declared without the manifest key it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec

from dpgcheck.application.links import Permalinks
from dpgcheck.application.model import MANIFEST, MUST_ANSWER, REPOSITORY, Answer, Link, Question
from dpgcheck.facts import Facts
from dpgcheck.facts.manifest.claims import is_empty_answer
from dpgcheck.facts.manifest.model import Manifest, is_todo


class DraftContext(msgspec.Struct, frozen=True):
    """The inputs of one draft (all data: drafting does no I/O)."""

    facts: Facts
    links: Permalinks
    questions: Mapping[str, Question]
    sdg_labels: Mapping[int, str] = msgspec.field(default_factory=dict)
    folder_name: str = ""

    @property
    def manifest(self) -> Manifest | None:
        """The evidence manifest (dpg.yaml, or the registry entry given with --manifest)."""
        return self.facts.manifest

    @property
    def manifest_name(self) -> str:
        """How an answer names the manifest: ``dpg.yaml``, or the entry's file name."""
        return Path(self.manifest.path).name if self.manifest is not None else "dpg.yaml"

    def declared(self, *keys: str | int) -> Any:
        """A manifest value, or None when absent, empty or a TODO placeholder."""
        value = self.manifest.get(*keys) if self.manifest is not None else None
        if isinstance(value, str) and (is_todo(value) or is_empty_answer(value)):
            return None
        if isinstance(value, list):
            value = [item for item in value if not (isinstance(item, str) and is_todo(item))]
            return value or None
        return value

    def declared_text(self, *keys: str | int) -> str | None:
        """A manifest answer as one text (a list joined with commas)."""
        value = self.declared(*keys)
        if isinstance(value, list):
            items = [str(item).strip() for item in value if isinstance(item, str | int | float)]
            return ", ".join(item for item in items if item) or None
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, str | int | float):
            return str(value).strip() or None
        return None

    def where(self, *keys: str | int) -> str:
        """``dpg.yaml:12``: the manifest line a declared answer was read from."""
        assert self.manifest is not None
        line = self.manifest.line(*keys)
        name = Path(self.manifest.file_of(*keys)).name
        return f"{name}:{line}" if line else name

    def location(self, value: str) -> str:
        """A location a manifest gives, as a permanent link when it names a repository file."""
        return self.links.location(value, self.facts.repository_urls)

    def from_manifest(
        self,
        question_id: str,
        keys: tuple[str | int, ...],
        text: str,
        value: Any,
        links: tuple[Link, ...] = (),
        todo: str | None = None,
    ) -> Answer:
        """An answer the manifest declares, citing its line."""
        return Answer(self.questions[question_id], MANIFEST, text, links, self.where(*keys), todo, value)

    def found(
        self,
        question_id: str,
        text: str,
        value: Any,
        links: tuple[Link, ...],
        todo: str | None = None,
    ) -> Answer:
        """An answer found in the repository; ``links`` carry the file and line."""
        where = ", ".join(link.label for link in links[:3]) or None
        return Answer(self.questions[question_id], REPOSITORY, text, links, where, todo, value)

    def must_answer(self, question_id: str, todo: str, links: tuple[Link, ...] = ()) -> Answer:
        """A question only the project can answer: ``todo`` says what to write and why."""
        return Answer(self.questions[question_id], MUST_ANSWER, "", links, None, todo, None)


def unique_links(links: list[Link]) -> tuple[Link, ...]:
    """The links without repeats (the same URL cited twice for the same thing), in order.

    Without a remote two findings in one file share a URL (the path): their labels differ,
    and both are kept."""
    seen: dict[tuple[str, str], Link] = {}
    urls: set[str] = set()
    for link in links:
        if link.url in urls and link.label in (
            link.url,
            "code of conduct",
            "copyrightURL",
            "privacyPolicyURL",
        ):
            continue  # a declared link already cited under another label
        urls.add(link.url)
        seen.setdefault((link.url, link.label), link)
    return tuple(seen.values())
