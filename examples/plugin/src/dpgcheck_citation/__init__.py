"""Example dpgcheck plugin: the EXT-CITATION indicator (citation metadata in CITATION.cff).

The check is one :class:`dpgcheck.checks.Check` unit, declared the way dpgcheck's own are
(``dpgcheck/checks/dpg*.py``): the file it reads, the links it relies on and the manifest
section it reads. dpgcheck then does the rest: reads the file into ``facts.texts``, turns a
pass into a warn when the project's website is a dead link, and into needs-review while the
manifest's ``website`` is still a TODO placeholder.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from dpgcheck.checks import Check, CheckContext
from dpgcheck.model import CheckOutcome, Evidence, Status
from dpgcheck.plugins import Plugin

if TYPE_CHECKING:
    from dpgcheck.facts import Facts

CITATION_FILE = "CITATION.cff"
_FIELD = re.compile(r"^(title|authors)\s*:", re.MULTILINE)


def check_citation(facts: Facts, context: CheckContext) -> CheckOutcome:
    """Pass on a CITATION.cff with a title and authors; fail without one."""
    if CITATION_FILE not in facts.texts:  # the file is not in the repository
        return CheckOutcome(
            Status.FAIL,
            "No CITATION.cff at the repository root",
            (Evidence(kind="metadata", detail="looked for CITATION.cff at the root"),),
        )
    text = facts.texts[CITATION_FILE]
    if text is None:
        reason = facts.files.skipped.get(CITATION_FILE, "unreadable")
        return CheckOutcome(
            Status.NEEDS_REVIEW,
            "CITATION.cff could not be read",
            (Evidence(kind="file", path=CITATION_FILE, detail=f"not read: {reason}"),),
        )
    found = {m.group(1): text.count("\n", 0, m.start()) + 1 for m in _FIELD.finditer(text)}
    evidence = tuple(
        Evidence(kind="file", path=CITATION_FILE, line=line, detail=f"`{name}` given")
        for name, line in sorted(found.items(), key=lambda item: item[1])
    )
    missing = [name for name in ("title", "authors") if name not in found]
    if missing:
        return CheckOutcome(
            Status.FAIL,
            f"CITATION.cff lacks {', '.join(missing)}",
            evidence or (Evidence(kind="file", path=CITATION_FILE, detail="no title and no authors"),),
        )
    return CheckOutcome(Status.PASS, "CITATION.cff names a title and authors", evidence)


CHECK = Check(
    "citation_metadata",
    check_citation,
    reads=(CITATION_FILE,),  # its text is in facts.texts
    link_roles=("homepage",),  # a dead project website (dpg.yaml `website`) turns a pass into a warn
    manifest_keys=(("website",),),  # a TODO left there turns a pass into needs-review
)


def plugin() -> Plugin:
    """The entry point dpgcheck calls: this plugin's indicator files and checks."""
    folder = Path(str(resources.files(__name__) / "indicators"))
    return Plugin(
        name="dpgcheck-citation",
        indicator_files=sorted(folder.glob("*.yaml")),
        checks=[CHECK],
    )
