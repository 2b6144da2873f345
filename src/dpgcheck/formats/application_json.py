"""The application draft as JSON: a registry entry (the application platform's current shape).

The object is the entry itself, so ``dpgcheck check --manifest draft.json`` reads it back like
any registry entry; where each answer came from rides along under ``dpgcheck``.
"""

from __future__ import annotations

import json
import re

from dpgcheck.application.model import Application
from dpgcheck.display import escape_data

# JSON leaves DEL and the C1 controls raw; a terminal may act on them (0x9b starts a sequence).
_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def render_application_json(application: Application) -> str:
    """The draft's registry entry as indented JSON."""
    entry = dict(application.entry)
    meta = dict(entry.get("dpgcheck") or {})
    meta.update(
        {
            "target": application.target,
            "revision": application.revision,
            "standard_version": application.standard_version,
            "manifest": application.manifest,
            "sources": application.counts(),
            "notes": list(application.notes),
        }
    )
    entry["dpgcheck"] = meta
    # Texts come from the repository: a lone surrogate (an undecodable name) is escaped so the
    # draft is valid UTF-8, and a control character is written as its \u escape.
    text = json.dumps(escape_data(entry), indent=2, ensure_ascii=False)
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"
