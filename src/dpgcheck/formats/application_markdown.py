"""The application draft as Markdown: each question of the form, in order, ready to paste.

Every answer says where it came from (found in the repository, from dpg.yaml, or you must
answer), with its evidence links; an unanswered question says what to write and why. Texts
from the repository are HTML-escaped so a file cannot add markup of its own.
"""

from __future__ import annotations

import html

from dpgcheck.application.model import MANIFEST, MUST_ANSWER, REPOSITORY, Answer, Application
from dpgcheck.display import clean_terminal

SECTION_TITLES = {
    "general": "General information",
    "DPG-1": "1. SDG Relevance",
    "DPG-2": "2. Open Licensing",
    "DPG-3": "3. Clear Ownership",
    "DPG-4": "4. Platform Independence",
    "DPG-5": "5. Documentation",
    "DPG-6": "6. Mechanism for Extracting Data",
    "DPG-7": "7. Privacy & Applicable Laws",
    "DPG-8": "8. Standards & Best Practices",
    "DPG-9A": "9A. Data Privacy & Security",
    "DPG-9B": "9B. Inappropriate, Misleading & Illegal Content",
    "DPG-9C": "9C. Protection from Harassment",
    "scale": "Scale of Solution",
}


def render_application_markdown(application: Application) -> str:
    """The draft as a Markdown document."""
    counts = application.counts()
    name = application.answer("name").text or "(name to answer)"
    manifest = _manifest_name(application)
    lines = [
        f"# DPG application draft: {_text(name)}",
        "",
        f"Drafted by dpgcheck from `{_code(application.target)}`"
        + (f" at commit `{application.revision}`" if application.revision else "")
        + f", for the DPG Standard {application.standard_version} application form.",
        f"{counts[REPOSITORY]} answers found in the repository, {counts[MANIFEST]} from {manifest}, "
        f"{counts[MUST_ANSWER]} for you to answer.",
    ]
    if application.notes:
        lines += ["", "Before you apply, fix what `dpgcheck check` failed:", ""]
        lines += [f"- {_text(note)}" for note in application.notes]
    section = None
    for answer in application.answers:
        if answer.question.section != section:
            section = answer.question.section
            lines += ["", f"## {SECTION_TITLES.get(section, section)}"]
        lines += ["", *_answer(answer, manifest)]
    # No terminal control sequence from a repository's text reaches the reader's terminal.
    return clean_terminal("\n".join(lines)) + "\n"


def _answer(answer: Answer, manifest: str) -> list[str]:
    lines = [f"### {_text(answer.question.question)}", ""]
    if answer.question.help:
        lines += [f"> {_text(answer.question.help)}", ""]
    if answer.source == MUST_ANSWER:
        lines.append(f"**You must answer:** {_text(answer.todo or '')}")
    else:
        origin = "found in the repository" if answer.source == REPOSITORY else f"from {manifest}"
        where = f" ({_code_span(answer.where)})" if answer.where else ""
        lines.append(f"**Answer** — {origin}{where}:")
        lines.append("")
        lines += [f"    {line}" if line.strip() else "" for line in answer.text.splitlines()]
        if answer.todo:
            lines += ["", f"**Still to do:** {_text(answer.todo)}"]
    if answer.links:
        lines += ["", "Evidence:", ""]
        lines += [f"- [{_text(link.label)}]({_url(link.url)})" for link in answer.links]
    return lines


def _manifest_name(application: Application) -> str:
    if application.manifest is None:
        return "dpg.yaml"
    return application.manifest.replace("\\", "/").rsplit("/", 1)[-1]


def _text(value: str) -> str:
    return html.escape(" ".join(value.split()), quote=False).replace("[", "\\[").replace("]", "\\]")


def _code(value: str) -> str:
    return value.replace("`", "'")


def _code_span(value: str) -> str:
    return f"`{_code(value)}`"


def _url(value: str) -> str:
    # A link target ends at a space or a parenthesis: encode those, nothing else.
    return value.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
