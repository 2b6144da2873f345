"""Draft the application: every question of the form answered from the facts, as data.

``draft_application`` is a pure function of the facts (with their manifest), the report and
where links point: it reads no file. Declarations (SDGs, laws, PII, content, harassment) come
from the manifest or are left to the project; what the files show (licenses, owner, documents,
standards, policies) is cited by file and line. This module answers the general questions and
indicators 1 to 5; ``draft_screening`` the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dpgcheck.application.context import DraftContext, unique_links
from dpgcheck.application.draft_screening import screening_answers
from dpgcheck.application.entry import registry_entry
from dpgcheck.application.links import Permalinks
from dpgcheck.application.model import Answer, Application, Link, Question
from dpgcheck.application.ownership import ownership_answers
from dpgcheck.application.platform import platform_answers
from dpgcheck.facts import Facts
from dpgcheck.model import Report

CATEGORY_NAMES = {
    "software": "Open Software",
    "content": "Open Content",
    "data": "Open Data",
    "aimodel": "Open AI Model",
    "standard": "Open Standard",
}
# The DPGA's checklist for AI systems is usually met by a model card or a datasheet.
_MODEL_CARD = re.compile(r"^(model[-_ ]?card|datasheet)s?\b.*\.(md|pdf|html|txt)$", re.IGNORECASE)
_SDG_NUMBER = re.compile(r"\bSDG[\s-]?(\d{1,2})\b", re.IGNORECASE)


def draft_application(
    facts: Facts,
    report: Report,
    links: Permalinks,
    questions: tuple[Question, ...],
    sdg_labels: Mapping[int, str],
    folder_name: str = "",
) -> Application:
    """The draft of the application for the repository ``facts`` describe."""
    context = DraftContext(facts, links, {q.id: q for q in questions}, sdg_labels, folder_name)
    answers: dict[str, Answer] = {}
    for answer in (
        *_general(context),
        *_sdgs(context),
        *_licenses(context),
        *ownership_answers(context),
        *platform_answers(context),
        _documentation(context),
        *screening_answers(context),
    ):
        answers[answer.question.id] = answer
    ordered = tuple(answers[q.id] for q in questions if q.id in answers)
    missing = [q.id for q in questions if q.id not in answers]
    if missing:  # every question is answered, if only by "you must answer"
        raise ValueError(f"no answer drafted for {', '.join(missing)}")
    notes = tuple(
        f"dpgcheck check: {result.id} {result.status.value}: {result.summary}"
        for result in report.results
        if result.status.value in ("fail", "error")
    )
    manifest = facts.manifest.path if facts.manifest is not None else None
    return Application(
        target=report.target.location,
        revision=report.target.revision,
        standard_version=report.standard_version,
        manifest=manifest,
        answers=ordered,
        entry=registry_entry(ordered, facts.manifest, context),
        notes=notes,
    )


def _general(ctx: DraftContext) -> list[Answer]:
    facts, host, publiccode = ctx.facts, ctx.facts.host, ctx.facts.publiccode
    out: list[Answer] = []
    name = ctx.declared_text("name")
    if name:
        out.append(ctx.from_manifest("name", ("name",), name, name))
    elif publiccode is not None and publiccode.name:
        out.append(ctx.found("name", publiccode.name, publiccode.name, (ctx.links.link(publiccode.path),)))
    else:
        hint = f" (the folder is named {ctx.folder_name!r})" if ctx.folder_name else ""
        out.append(ctx.must_answer("name", f"The product's full name{hint}; no name is declared."))
    aliases = ctx.declared("aliases")
    if aliases:
        items = [str(a) for a in (aliases if isinstance(aliases, list) else [aliases])]
        out.append(ctx.from_manifest("aliases", ("aliases",), ", ".join(items), items))
    else:
        out.append(ctx.must_answer("aliases", "Acronyms or other names, if any; leave blank if none."))
    out.append(_categories(ctx))
    description = ctx.declared_text("description")
    if description:
        out.append(ctx.from_manifest("description", ("description",), description, description))
    elif publiccode is not None and publiccode.description:
        text = publiccode.description
        out.append(ctx.found("description", text, text, (ctx.links.link(publiccode.path),)))
    elif host is not None and host.description:
        out.append(ctx.found("description", host.description, host.description, (Link(host.url, "host"),)))
    else:
        out.append(ctx.must_answer("description", "One tweet-length sentence on what the product does."))
    website = ctx.declared_text("website")
    if website:
        out.append(ctx.from_manifest("website", ("website",), website, website))
    elif host is not None and host.homepage:
        out.append(ctx.found("website", host.homepage, host.homepage, (Link(host.url, "host"),)))
    else:
        out.append(ctx.must_answer("website", "The product's web page; no website is declared."))
    contact = ctx.declared_text("organizations", 0, "contact_email")
    hint = f" ({ctx.manifest_name} names {contact} as the contact)" if contact else ""
    out.append(
        ctx.must_answer(
            "alternate_email",
            f"An address other than the one you register with{hint}; a repository cannot say which.",
        )
    )
    out.append(_repositories(ctx, facts))
    return out


def _categories(ctx: DraftContext) -> Answer:
    declared = ctx.declared("type")
    types = [str(t) for t in (declared if isinstance(declared, list) else [declared] if declared else [])]
    names = [CATEGORY_NAMES[t] for t in types if t in CATEGORY_NAMES]
    if names:
        return ctx.from_manifest("categories", ("type",), ", ".join(names), names)
    checked = ", ".join(CATEGORY_NAMES.get(t, t) for t in ctx.facts.asset_types)
    return ctx.must_answer(
        "categories",
        f"Open Software, Open Content, Open Data and/or Open AI Model; dpgcheck checked it as {checked}, "
        "but nothing declares it (`type` in dpg.yaml).",
    )


def _repositories(ctx: DraftContext, facts: Facts) -> Answer:
    declared = ctx.declared("repositories")
    urls = [
        str(r["url"]).strip()
        for r in (declared if isinstance(declared, list) else [])
        if isinstance(r, dict) and isinstance(r.get("url"), str) and r["url"].strip()
    ]
    if urls:
        return ctx.from_manifest("repositories", ("repositories",), ", ".join(urls), urls)
    found = ctx.links.base or (facts.host.url if facts.host is not None else None)
    if found:
        label = "the git remote" if ctx.links.base else "host"
        return ctx.found("repositories", found, [found], (Link(found, label),))
    return ctx.must_answer("repositories", "The public URL of the repository; no git remote is set.")


def _sdgs(ctx: DraftContext) -> list[Answer]:
    goals = ctx.declared("SDGs")
    items = [(i, g) for i, g in enumerate(goals if isinstance(goals, list) else []) if isinstance(g, dict)]
    numbered = [(i, g, n) for i, g in items if (n := _number(g.get("SDGNumber"))) is not None]
    if numbered:
        labels = [ctx.sdg_labels.get(n, f"SDG{n}") for _, _, n in numbered]
        sdgs = ctx.from_manifest("sdgs", ("SDGs",), ", ".join(labels), labels)
        texts = [_relevance(g) for _, g, _ in numbered]
        evidence = tuple(
            Link(str(g["evidenceURL"]).strip(), "evidenceURL")
            for _, g, _ in numbered
            if isinstance(g.get("evidenceURL"), str) and g["evidenceURL"].strip()
        )
        if any(texts):
            shown = "\n".join(f"{label}: {text}" for label, text in zip(labels, texts, strict=True) if text)
            if len(set(texts)) == 1:  # one text for every goal (as registry entries often hold)
                shown = texts[0]
            todo = None if all(texts) else "Say how the product advances each goal that has no text yet."
            relevance = ctx.from_manifest("sdg_relevance", ("SDGs",), shown, texts, evidence, todo)
        else:
            relevance = ctx.must_answer(
                "sdg_relevance", "For each goal, a sentence or two linking the product to its targets."
            )
        return [sdgs, relevance]
    mentions = ctx.facts.sdg_mentions
    named = [
        (int(match.group(1)), mention)
        for mention in mentions
        for match in _SDG_NUMBER.finditer(mention.text)
        if 1 <= int(match.group(1)) <= 17 and mention.path
    ]
    if named:
        numbers = list(dict.fromkeys(n for n, _ in named))
        labels = [ctx.sdg_labels.get(n, f"SDG{n}") for n in numbers]
        links = unique_links([ctx.links.link(str(m.path), m.line) for _, m in named])
        sdgs = ctx.found(
            "sdgs",
            ", ".join(labels),
            labels,
            links,
            todo="The README names these goals; keep those MOST relevant to the product.",
        )
    else:
        seen = unique_links([ctx.links.link(m.path, m.line) for m in mentions if m.path])
        sdgs = ctx.must_answer(
            "sdgs",
            "The goals the product is MOST relevant to (https://sdgs.un.org/goals); nothing in the "
            "repository names one, and dpgcheck does not choose goals for a project.",
            seen,
        )
    relevance = ctx.must_answer(
        "sdg_relevance", "For each goal, a sentence or two linking the product to the goal's targets."
    )
    return [sdgs, relevance]


def _number(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if 1 <= number <= 17 else None


def _relevance(goal: Mapping[str, Any]) -> str:
    text = goal.get("evidenceText")
    return text.strip() if isinstance(text, str) and not text.strip().startswith("TODO") else ""


def _licenses(ctx: DraftContext) -> list[Answer]:
    facts = ctx.facts
    detected = [f for f in facts.licenses.files if f.spdx and not f.package] or [
        f for f in facts.licenses.declared if f.spdx and not f.package
    ]
    declared = ctx.declared("license")
    entries = [e for e in (declared if isinstance(declared, list) else []) if isinstance(e, dict)]
    spdx = [str(e.get("spdx")).strip() for e in entries if str(e.get("spdx") or "").strip()]
    if spdx:
        evidence: list[list[str]] = []
        for entry in entries:
            if not str(entry.get("spdx") or "").strip():
                continue
            url = entry.get("licenseURL")
            given = [ctx.location(url)] if isinstance(url, str) and url.strip() else []
            same = [ctx.links.url(f.path, f.line) for f in detected if f.spdx == str(entry["spdx"]).strip()]
            # The declared link and the detected file are often the same file: cite it once.
            bases = {url.split("#", 1)[0] for url in given}
            evidence.append(list(dict.fromkeys(given + [u for u in same if u.split("#", 1)[0] not in bases])))
        links = unique_links(
            [Link(url, spdx_id) for spdx_id, urls in zip(spdx, evidence, strict=True) for url in urls]
        )
        return [
            ctx.from_manifest("licenses", ("license",), ", ".join(spdx), spdx, todo=_unapproved(detected)),
            ctx.from_manifest("license_evidence", ("license",), _joined_links(links), evidence, links),
        ]
    if detected:
        ids = list(dict.fromkeys(str(f.spdx) for f in detected))
        per_id = [[ctx.links.url(f.path, f.line) for f in detected if f.spdx == i] for i in ids]
        links = unique_links([ctx.links.link(f.path, f.line) for f in detected])
        return [
            ctx.found("licenses", ", ".join(ids), ids, links, todo=_unapproved(detected)),
            ctx.found("license_evidence", _joined_links(links), per_id, links),
        ]
    todo = "Add a LICENSE file with an approved open license; dpgcheck found none."
    return [ctx.must_answer("licenses", todo), ctx.must_answer("license_evidence", todo)]


def _unapproved(detected: list[Any]) -> str | None:
    refused = [str(f.spdx) for f in detected if f.approval and not f.approved]
    if not refused:
        return None
    return (
        f"{', '.join(dict.fromkeys(refused))} is not on the DPGA's approved list for this asset type: "
        "the application cannot be approved with it."
    )


def _joined_links(links: tuple[Link, ...]) -> str:
    return ", ".join(link.url for link in links)


def _documentation(ctx: DraftContext) -> Answer:
    facts = ctx.facts
    per_type: dict[str, list[Link]] = {}
    software: list[Link] = []
    if facts.docs.readme is not None:
        software.append(ctx.links.link(facts.docs.readme.path, label=f"{facts.docs.readme.path} (README)"))
    software += [
        ctx.links.link(f"{name}/", label=f"{name}/ ({count} documents)")
        for name, count in facts.docs.docs_dirs
    ]
    software += [
        ctx.links.link(path, line, f"{path}:{line} ({what})") for path, line, what in facts.docs.guides
    ]
    software += [
        ctx.links.link(path, label=f"{path} (documentation site)") for path in facts.docs.site_configs
    ]
    if facts.extraction is not None:
        software += [
            ctx.links.link(f.path, f.line, f"{f.path} ({f.what})") for f in facts.extraction.api_documents
        ]
    for asset in facts.asset_types:
        links = list(software)
        if asset == "data":
            links += [ctx.links.link(path, label=f"{path} (data dictionary)") for path in facts.data_docs]
        if asset == "aimodel":
            cards = sorted(path for path in facts.files.paths if _MODEL_CARD.search(path.rsplit("/", 1)[-1]))
            links += [ctx.links.link(path, label=f"{path} (model card)") for path in cards[:3]]
        per_type[asset] = list(unique_links(links))
    found = unique_links([link for links in per_type.values() for link in links])
    shown = "\n".join(
        f"{CATEGORY_NAMES.get(asset, asset)}: " + ", ".join(link.url for link in links)
        for asset, links in per_type.items()
        if links
    )
    keys = ("documentation", "documentationURL")
    declared = ctx.declared(*keys)
    given = [
        str(item) for item in (declared if isinstance(declared, list) else [declared] if declared else [])
    ]
    if given:
        urls = list(dict.fromkeys(ctx.location(item) for item in given))
        cited = unique_links([Link(url, url) for url in urls] + list(found))
        return ctx.from_manifest("documentation", keys, ", ".join(urls), urls, cited)
    if found:
        return ctx.found("documentation", shown, [link.url for link in found], found)
    return ctx.must_answer(
        "documentation",
        "Links to the documentation (install, architecture, user guide); "
        "dpgcheck found no README or docs folder.",
    )
