"""The platform-independence questions (DPG-4): core technologies, closed components, alternatives.

The core technologies are those the facts name (languages by file count, frameworks and databases
from run-time dependencies and service images), else the manifests' ecosystems and dependencies; the
closed components are those the catalog knows as closed. When the manifest answers whether
closed components are used, its answer stands and decides whether the alternatives are asked:
components dpgcheck detects are cited with a to-do, never put in the project's mouth.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from dpgcheck.application.context import DraftContext, unique_links
from dpgcheck.application.model import Answer, Link

_LANGUAGES = {
    "npm": "JavaScript/TypeScript (Node.js)",
    "pypi": "Python",
    "maven": "Java (Maven)",
    "gradle": "Java/Kotlin (Gradle)",
    "rubygems": "Ruby",
    "nuget": ".NET",
    "go": "Go",
    "cargo": "Rust",
    "composer": "PHP",
    "pub": "Dart/Flutter",
    "hex": "Elixir",
    "container": "containers (Docker)",
}
CORE_SHOWN = 12


def platform_answers(ctx: DraftContext) -> list[Answer]:
    """Core technologies, closed components, and their open alternatives."""
    deps = ctx.facts.dependencies
    runtime = deps.runtime()
    out: list[Answer] = []
    if ctx.facts.technologies:
        out.append(_core_technologies(ctx))
    elif runtime:
        ecosystems = list(dict.fromkeys(d.ecosystem for d in runtime))
        # A scope's packages are one framework (``@angular/core``, ``@angular/forms``…).
        scopes = Counter(d.name.split("/", 1)[0] for d in runtime if d.name.startswith("@"))
        names = list(dict.fromkeys(_family(d.name, scopes) for d in runtime))[:CORE_SHOWN]
        text = (
            "; ".join(_LANGUAGES.get(e, e) for e in ecosystems) + ". Main dependencies: " + ", ".join(names)
        )
        links = unique_links([ctx.links.link(path) for path in deps.manifests])
        out.append(
            ctx.found(
                "core_technologies",
                text,
                text,
                links,
                todo="Keep the core ones (language, framework, database) and add any database or "
                "service the manifests do not list.",
            )
        )
    else:
        out.append(
            ctx.must_answer(
                "core_technologies",
                "The languages, frameworks and databases needed to install and run the product; "
                "dpgcheck read no dependency manifest.",
            )
        )
    declared = ctx.declared_text("platformIndependence", "mandatoryDepsCreateMoreRestrictions")
    closed = deps.closed
    closed_links = unique_links(
        [
            ctx.links.link(
                c.dependency.path,
                c.dependency.line,
                f"{c.dependency.name} ({c.dependency.path}:{c.dependency.line})"
                if c.dependency.line
                else f"{c.dependency.name} ({c.dependency.path})",
            )
            for c in closed
        ]
    )
    if declared:
        out.append(
            ctx.from_manifest(
                "closed_components",
                ("platformIndependence", "mandatoryDepsCreateMoreRestrictions"),
                declared,
                declared,
                closed_links,
                todo=_contradicted(declared, closed),
            )
        )
    elif closed:
        closed_names = ", ".join(dict.fromkeys(c.dependency.name for c in closed))
        out.append(
            ctx.found(
                "closed_components",
                f"Yes: {closed_names}",
                "Yes",
                closed_links,
                todo="Confirm they are mandatory; answer No if each is optional.",
            )
        )
    else:
        out.append(
            ctx.must_answer(
                "closed_components",
                f"Yes or No; dpgcheck found no closed component among the {len(deps.dependencies)} "
                "dependencies it read, so No is likely, but only the project knows its services.",
            )
        )
    out.append(_alternatives(ctx, closed_links))
    return out


def _contradicted(declared: str, closed: tuple[Any, ...]) -> str | None:
    if declared.lower() != "no" or not closed:
        return None
    names = ", ".join(dict.fromkeys(f"{c.dependency.name} ({c.dependency.path})" for c in closed))
    return (
        f"dpgcheck found closed components among the dependencies: {names}; "
        "answer Yes unless each is optional."
    )


def _core_technologies(ctx: DraftContext) -> Answer:
    """Languages, frameworks and databases, grouped by kind, each with where it was found.

    A small repository may have too few files for a language to count: the languages are then
    those of the ecosystems its run-time dependencies come from."""
    technologies = ctx.facts.technologies
    by_kind: dict[str, list[str]] = {}
    if not any(tech.kind == "language" for tech in technologies):
        ecosystems = dict.fromkeys(d.ecosystem for d in ctx.facts.dependencies.runtime())
        by_kind["language"] = [_LANGUAGES.get(e, e) for e in ecosystems if e != "container"]
    for tech in technologies:
        by_kind.setdefault(tech.kind, []).append(tech.name)
    text = "; ".join(f"{kind}: {', '.join(dict.fromkeys(names))}" for kind, names in by_kind.items() if names)
    links = unique_links(
        [ctx.links.link(t.path, t.line, f"{t.name}: {t.detail}") for t in technologies if t.path]
    )
    return ctx.found(
        "core_technologies",
        text,
        text,
        links,
        todo="Keep the core ones and add any database or service the repository does not show.",
    )


def _family(name: str, scopes: Counter[str]) -> str:
    scope = name.split("/", 1)[0]
    return f"{scope}/*" if name.startswith("@") and "/" in name and scopes[scope] > 1 else name


def _alternatives(ctx: DraftContext, closed_links: tuple[Link, ...]) -> Answer:
    keys = ("platformIndependence", "pltIndependenceDesc")
    declared = ctx.declared_text(*keys)
    if declared:
        return ctx.from_manifest("open_alternatives", keys, declared, declared, closed_links)
    closed = ctx.facts.dependencies.closed
    lines = [
        f"{c.dependency.name}: " + (", ".join(c.alternatives) or "no known open alternative") for c in closed
    ]
    text = "; ".join(dict.fromkeys(lines))
    answered = ctx.declared_text("platformIndependence", "mandatoryDepsCreateMoreRestrictions")
    if not closed or answered:
        # The manifest answered the question above: its answer decides whether this one is asked.
        known = f" Known open alternatives to what dpgcheck found: {text}." if closed else ""
        return ctx.must_answer(
            "open_alternatives", "Leave blank if the answer above is No." + known, closed_links
        )
    return ctx.found(
        "open_alternatives",
        text,
        text,
        closed_links,
        todo="Show how each closed component is replaced by its open alternative with configuration only.",
    )
