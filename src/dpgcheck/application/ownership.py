"""The ownership questions (DPG-3): who owns the product, the evidence, the owner's type and seat.

The owner is the one the manifest (or publiccode.yml) names, else the holder of the copyright
notices found in the files. Organisation type and country come from the owner profile (dpg.yaml
``clearOwnership.ownerOrganisationType`` / ``ownerCountry``, publiccode.yml, CITATION.cff, a README
sentence), each cited; a contributor agreement found is the evidence for redistribution rights.
"""

from __future__ import annotations

from dpgcheck.application.context import DraftContext, unique_links
from dpgcheck.application.model import Answer, Link
from dpgcheck.facts.manifest.claims import owner_names
from dpgcheck.facts.owner_profile import COUNTRY, OWNER_TYPE, OwnerStatement


def ownership_answers(ctx: DraftContext) -> list[Answer]:
    """Owner, evidence of ownership, organisation type, country, and the two rights questions."""
    notices = [n for n in ctx.facts.copyright_notices if n.holder and not n.placeholder]
    notice_links = unique_links([ctx.links.link(n.path, n.line) for n in notices])
    out: list[Answer] = []
    named = owner_names(ctx.manifest, None)
    publiccode = ctx.facts.publiccode
    if named:
        names = list(dict.fromkeys(name for name, _ in named))
        index = _owner_index(ctx)
        out.append(
            ctx.from_manifest("owner", ("organizations", index), ", ".join(names), names, notice_links)
        )
    elif publiccode is not None and publiccode.owners:
        names = list(dict.fromkeys(owner for owner, _ in publiccode.owners))
        out.append(ctx.found("owner", ", ".join(names), names, (ctx.links.link(publiccode.path),)))
    elif notices:
        names = list(dict.fromkeys(str(n.holder) for n in notices))
        out.append(ctx.found("owner", ", ".join(names), names, notice_links))
    else:
        out.append(
            ctx.must_answer(
                "owner",
                "The organisation (or the people) that own the product; no copyright notice names a holder.",
            )
        )
    out.append(_evidence(ctx, notice_links))
    out.append(
        _stated(
            ctx,
            "owner_type",
            OWNER_TYPE,
            "The kind of organisation that owns it (as the form lists them); no file dpgcheck reads "
            "states it (dpg.yaml `clearOwnership.ownerOrganisationType` would).",
        )
    )
    out.append(
        _stated(
            ctx,
            "owner_country",
            COUNTRY,
            "The country where the owner is legally registered; no file dpgcheck reads states it "
            "(dpg.yaml `clearOwnership.ownerCountry` would).",
        )
    )
    out.append(
        ctx.must_answer(
            "owns_everything",
            "Yes if the owner holds the copyright of all the code, content and data; No if parts "
            "are third-party (then answer the next question).",
            notice_links,
        )
    )
    out.append(_redistribution(ctx))
    return out


def _owner_index(ctx: DraftContext) -> int:
    organizations = ctx.declared("organizations")
    for index, org in enumerate(organizations if isinstance(organizations, list) else []):
        if isinstance(org, dict) and str(org.get("org_type", "")).lower() == "owner":
            return index
    return 0


def _evidence(ctx: DraftContext, notice_links: tuple[Link, ...]) -> Answer:
    keys = ("clearOwnership", "copyrightURL")
    declared = ctx.declared_text(*keys)
    if declared:
        url = ctx.location(declared)
        links = unique_links([Link(url, "copyrightURL"), *notice_links])
        return ctx.from_manifest(
            "ownership_evidence", keys, ", ".join(link.url for link in links), [url], links
        )
    if notice_links:
        urls = [link.url for link in notice_links]
        return ctx.found("ownership_evidence", ", ".join(urls), urls, notice_links)
    return ctx.must_answer(
        "ownership_evidence",
        "A link to where ownership is stated (a copyright notice in LICENSE or NOTICE, a web page).",
    )


def _profile(ctx: DraftContext) -> tuple[tuple[OwnerStatement, ...], tuple[OwnerStatement, ...]]:
    profile = ctx.facts.owner_profile
    return (profile.statements, profile.agreements) if profile is not None else ((), ())


_WHAT = {OWNER_TYPE: "type", COUNTRY: "seat"}


def _stated(ctx: DraftContext, question_id: str, field: str, todo: str) -> Answer:
    """The owner's type or country as the repository states it (first statement, cited)."""
    statements = [s for s in _profile(ctx)[0] if s.field == field]
    if not statements:
        return ctx.must_answer(question_id, todo)
    first = statements[0]
    links = unique_links(
        [ctx.links.link(s.path, s.line, f"{s.source}: {s.value}") for s in statements if s.path]
    )
    return ctx.found(
        question_id,
        first.value,
        first.value,
        links,
        todo=f"Stated in {first.source}; check it is the owner's legal {_WHAT[field]}.",
    )


def _redistribution(ctx: DraftContext) -> Answer:
    """Only asked when the owner does not hold all the rights: a contributor agreement is its evidence."""
    agreements = [a for a in _profile(ctx)[1] if a.path]
    todo = (
        "Only if the answer above is No: the licenses or agreements (e.g. a Contributor License "
        "Agreement) that let you redistribute the parts you do not own."
    )
    if not agreements:
        return ctx.must_answer("redistribution_right", todo)
    links = unique_links([ctx.links.link(a.path or "", a.line, f"{a.source}: {a.value}") for a in agreements])
    text = "; ".join(dict.fromkeys(a.value for a in agreements))
    return ctx.found("redistribution_right", text, text, links, todo=todo)
