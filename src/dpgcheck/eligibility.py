"""Eligibility notes: what a reviewer should know about the kind of solution, never a verdict.

The DPGA's DPG Wiki ("0. General Information") lists generic libraries, plugins, packages and
frameworks, and developer tools, among the software it does not recognise on their own (it
accepts user-facing scripts, libraries or packages), and recognition "applies solely to the core
solution that applied" (the Wiki's home page): a fork is judged on what it adds. A repository
only suggests either, so the facts' signs (``dpgcheck.facts.eligibility``) become notes shown
with the report, citing the evidence and the DPGA's text.
"""

from __future__ import annotations

from collections.abc import Sequence

from dpgcheck.facts.eligibility import APP_SEARCHED, FORK, LIBRARY, EligibilitySign
from dpgcheck.model import EligibilityNote, Evidence

LIBRARY_SOURCE = "https://github.com/DPGAlliance/dpg-resources/wiki/0.-General-Information"
FORK_SOURCE = "https://github.com/DPGAlliance/dpg-resources/wiki"

LIBRARY_NOTE = (
    "The repository looks like a library or package with no application of its own: the DPGA does "
    "not recognise generic libraries, plugins, packages or frameworks, nor developer tools, on their "
    "own (user-facing libraries and packages are accepted). A reviewer judges whether this one is "
    "user-facing; if it serves an application, that application may be what should apply."
)
FORK_NOTE = (
    "The repository may be a fork: the DPGA recognises only the core solution that applies, so a "
    "fork must show what it adds to the project it was forked from (say so in the README or the "
    "application)."
)


def eligibility_notes(signs: Sequence[EligibilitySign]) -> tuple[EligibilityNote, ...]:
    """One note per kind of sign found, citing every sign of that kind."""
    notes = []
    for kind, text, source in ((LIBRARY, LIBRARY_NOTE, LIBRARY_SOURCE), (FORK, FORK_NOTE, FORK_SOURCE)):
        found = [sign for sign in signs if sign.kind == kind]
        if not found:
            continue
        evidence = [
            Evidence(
                kind="file" if sign.path else "metadata", detail=sign.detail, path=sign.path, line=sign.line
            )
            for sign in found
        ]
        if kind == LIBRARY:
            evidence.append(
                Evidence(kind="metadata", detail=f"no application entry point found: searched {APP_SEARCHED}")
            )
        notes.append(EligibilityNote(kind, text, tuple(evidence), source))
    return tuple(notes)
