"""Folders whose own README says they are development tools, not part of the deployed product.

DIGIT's ``core-services/xstate-chatbot/react-app/README.md`` says: "It should be used only on a
developer's local machine when developing any new chat flow." The commercial UI library that
folder's package.json requires proves nothing about what the product needs at run time (DPG-4);
the check leaves it to a reviewer and cites the statement. Only the folders of manifests that
require a closed component are read, and only their own README: a root README describing the
whole project is not about one of its folders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dpgcheck.facts.dependencies.model import DevelopmentOnly
from dpgcheck.facts.project_paths import file_name
from dpgcheck.sources.snapshot import Snapshot

MAX_README_READ = 64 * 1024

_DEVELOPMENT_ONLY = re.compile(
    r"""\bnot\s+(?:meant|intended|designed|suitable|to\s+be\s+used)\s+(?:for|in)\s+production\b
    | \b(?:for|only\s+for)\s+(?:local\s+)?development\s+(?:only|purposes\s+only|use\s+only)\b
    | \b(?:used|run|use)\s+only\s+(?:on|in)\s+(?:a\s+|your\s+)?(?:developer'?s?|local)\s+
        (?:local\s+)?(?:machine|environment)\b
    | \bonly\s+(?:on|in)\s+(?:a\s+|your\s+)?developer'?s\s+(?:local\s+)?machine\b""",
    re.IGNORECASE | re.VERBOSE,
)


def development_only_folders(snapshot: Snapshot, folders: Iterable[str]) -> tuple[DevelopmentOnly, ...]:
    """The statements, in ``folders`` (not the root) whose README says they are for development only."""
    found: list[DevelopmentOnly] = []
    for folder in sorted({folder for folder in folders if folder}):
        for path in snapshot.children(folder):
            if not file_name(path).lower().startswith("readme"):
                continue
            statement = _statement(snapshot.read_text(path, MAX_README_READ) or "")
            if statement is not None:
                found.append(DevelopmentOnly(folder, path, *statement))
                break
    return tuple(found)


def _statement(text: str) -> tuple[int, str] | None:
    # Sentences wrap in Markdown: search the text, then cite the line the match starts on.
    match = _DEVELOPMENT_ONLY.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.start())
    return line, text[start : end if end >= 0 else len(text)].strip()[:200]
