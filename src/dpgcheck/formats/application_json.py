"""The application draft as JSON: a registry entry (the application platform's current shape).

The object is the entry itself, so ``dpgcheck check --manifest draft.json`` reads it back like
any registry entry; where each answer came from rides along under ``dpgcheck``.
"""

from __future__ import annotations

import json

from dpgcheck.application.model import Application


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
    return json.dumps(entry, indent=2, ensure_ascii=False) + "\n"
