"""The screening questions (DPG-6 to DPG-9C) and the scale of the solution.

Whether the product holds non-personal data, personal data or user content, and whether its
users interact, are the project's declarations: they come from the manifest or are left to the
project, with what the repository shows (APIs, export code, a privacy page, a security policy,
a code of conduct and its contact) offered as evidence.
"""

from __future__ import annotations

from dpgcheck.application.context import DraftContext, unique_links
from dpgcheck.application.model import Answer, Link

_PII = ("doNoHarm", "dataPrivacySecurity")
_CONTENT = ("doNoHarm", "inappropriateIllegalContent")
_HARASSMENT = ("doNoHarm", "protectionFromHarassment")
# The sentences the registry's entries store for the form's options (its wording, which the
# registry reader reads back); "collected and stored" stands for the older "collects or stores".
PII_SENTENCES = {
    ("No", "No"): "PII data is NOT collected NOT stored and NOT distributed.",
    ("Yes", "No"): "PII data is collected and stored but NOT distributed.",
    ("Yes", "Yes"): "PII data is collected and stored and distributed.",
}
PII_OPTIONS = {
    "No": "PII data can NOT be collected NOT stored and NOT distributed.",
    "Yes": "one of the three options in which PII data can be collected",
}
CONTENT_OPTIONS = {
    "No": "Content is NOT collected NOT stored and NOT distributed.",  # the registry's wording too
    "Yes": "one of the three options in which content is collected",
}


def screening_answers(ctx: DraftContext) -> list[Answer]:
    """DPG-6, 7, 8, 9A, 9B, 9C and the scale questions, in the form's order."""
    return [
        *_non_pii(ctx),
        *_privacy(ctx),
        *_standards(ctx),
        *_pii(ctx),
        *_content(ctx),
        *_harassment(ctx),
        *_scale(ctx),
    ]


def _yes_no(ctx: DraftContext, question: str, keys: tuple[str, ...], todo: str, hint: str = "") -> Answer:
    declared = ctx.declared_text(*keys)
    if declared:
        return ctx.from_manifest(question, keys, declared, declared)
    return ctx.must_answer(question, todo + hint)


def _non_pii(ctx: DraftContext) -> list[Answer]:
    extraction = ctx.facts.extraction
    found = extraction.all if extraction is not None else ()
    links = unique_links([ctx.links.link(f.path, f.line, f"{f.path} ({f.what})") for f in found])
    hint = " The repository has data export or API code (see the next answer)." if found else ""
    collects = _yes_no(
        ctx,
        "collects_non_pii",
        ("NonPII", "collectsNonPII"),
        "Yes or No: does the product collect, use or generate non-personal data or content?",
        hint,
    )
    keys = ("NonPII", "nonPIIAccessMechanism")
    declared = ctx.declared_text(*keys)
    if declared:
        mechanism = ctx.from_manifest("non_pii_mechanism", keys, declared, declared, links)
    elif found:
        text = "; ".join(dict.fromkeys(f"{f.what} ({f.path})" for f in found[:6]))
        mechanism = ctx.found(
            "non_pii_mechanism",
            text,
            text,
            links,
            todo="Describe in words how data is exported or imported in these open formats.",
        )
    else:
        mechanism = ctx.must_answer(
            "non_pii_mechanism",
            "How non-personal data is exported or imported in an open format (CSV, JSON, an API); "
            "dpgcheck found no API description or export code.",
        )
    return [collects, mechanism]


def _privacy(ctx: DraftContext) -> list[Answer]:
    privacy = ctx.facts.privacy
    keys = ("privacy", "privacyComplianceList")
    declared = ctx.declared(*keys)
    laws_declared = [
        str(law).strip()
        for law in (declared if isinstance(declared, list) else [declared] if declared else [])
    ]
    law_links = unique_links([ctx.links.link(p.path, p.line) for p in privacy.laws])
    if laws_declared:
        laws = ctx.from_manifest("privacy_laws", keys, ", ".join(laws_declared), laws_declared, law_links)
    elif privacy.laws:
        names = list(dict.fromkeys(p.text for p in privacy.laws))
        laws = ctx.found(
            "privacy_laws",
            ", ".join(names),
            names,
            law_links,
            todo="These are the laws the repository names; add any other law that applies.",
        )
    else:
        laws = ctx.must_answer(
            "privacy_laws",
            "The privacy and other laws the product complies with (e.g. the data protection law of "
            "the countries it runs in); no file names one, and dpgcheck does not guess laws.",
        )
    policy_keys = (*_PII, "privacyPolicyURL")
    policy = ctx.declared_text(*policy_keys)
    files = [
        ctx.links.link(f.path, label=f"{f.path} (privacy policy)") for f in ctx.facts.policies.all("privacy")
    ]
    pages = [
        Link(p.url, p.url) if p.url else ctx.links.link(p.path, p.line, f"{p.path}:{p.line} (privacy page)")
        for p in privacy.pages
    ]
    if policy:
        url = ctx.location(policy)
        links = unique_links([Link(url, "privacyPolicyURL"), *files, *pages])
        evidence = ctx.from_manifest("privacy_evidence", policy_keys, url, [url], links)
    elif files or pages:
        links = unique_links(files + pages)
        urls = [link.url for link in links]
        evidence = ctx.found("privacy_evidence", ", ".join(urls), urls, links)
    else:
        evidence = ctx.must_answer(
            "privacy_evidence",
            "A link to the privacy policy or terms of service; dpgcheck found no privacy policy.",
        )
    return [laws, evidence]


def _standards(ctx: DraftContext) -> list[Answer]:
    facts = ctx.facts.standards
    detected = [
        (s.name, ctx.links.link(s.telltales[0][0], s.telltales[0][1], f"{s.name}: {s.telltales[0][0]}"))
        for s in facts.standards
        if s.telltales
    ] + [(n.name, ctx.links.link(n.path, n.line, f"{n.name}: {n.path}:{n.line}")) for n in facts.named]
    keys = ("standards", "standardsList")
    declared = ctx.declared(*keys)
    listed = [
        str(s).strip() for s in (declared if isinstance(declared, list) else [declared] if declared else [])
    ]
    support = ctx.declared("standards", "evidenceStandardSupport")
    given = [
        ctx.location(str(s)) for s in (support if isinstance(support, list) else [support] if support else [])
    ]
    links = unique_links([Link(url, url) for url in given] + [link for _, link in detected])
    if listed:
        standards = ctx.from_manifest("open_standards", keys, ", ".join(listed), listed, links)
    elif detected:
        names = list(dict.fromkeys(name for name, _ in detected))
        standards = ctx.found(
            "open_standards",
            ", ".join(names),
            names,
            links,
            todo="Link a validator or test suite where one shows adherence.",
        )
    else:
        standards = ctx.must_answer(
            "open_standards", "The open standards the product implements, with links that show it."
        )
    practices = [p for p in facts.practices if p.paths]
    practice_links = unique_links(
        [ctx.links.link(p.paths[0], label=f"{p.name}: {p.paths[0]}") for p in practices]
    )
    keys = ("standards", "bestPracticesList")
    declared = ctx.declared(*keys)
    listed = [
        str(s).strip() for s in (declared if isinstance(declared, list) else [declared] if declared else [])
    ]
    if listed:
        best = ctx.from_manifest("best_practices", keys, ", ".join(listed), listed, practice_links)
    elif practices:
        names = [p.name for p in practices]
        best = ctx.found("best_practices", ", ".join(names), names, practice_links)
    else:
        best = ctx.must_answer(
            "best_practices",
            "The best practices and principles followed (e.g. the Principles for Digital Development).",
        )
    return [standards, best]


def _pii(ctx: DraftContext) -> list[Answer]:
    keys = (*_PII, "collectsPII")
    declared = ctx.declared_text(*keys)
    if declared:
        option = PII_OPTIONS.get(declared)
        todo = f"In the form choose “{option}”" if option else None
        shares = ctx.declared_text(*_PII, "thirdPartyDataSharing")
        # With sharing declared too, the registry's own sentence records both answers.
        sentence = PII_SENTENCES.get((declared, shares or ""), declared)
        collects = ctx.from_manifest("collects_pii", keys, declared, sentence, todo=todo)
    else:
        collects = ctx.must_answer(
            "collects_pii",
            "Which of the form's four options: can PII be collected, stored, distributed? Only the "
            "project knows what its deployments hold.",
        )
    types = _listed(
        ctx,
        "pii_types",
        (*_PII, "typesOfDataCollected"),
        "The kinds of personal data (name, e-mail…), if any.",
    )
    security = ctx.facts.policies.all("security")
    links = unique_links(
        [ctx.links.link(f.path, label=f"{f.path} (security policy)") for f in security]
        + [
            ctx.links.link(p.path, p.line, f"{p.path}:{p.line} ({p.text})")
            for p in ctx.facts.privacy.safeguards
        ]
    )
    keys = (*_PII, "privacySecurityDescription")
    declared = ctx.declared_text(*keys)
    if declared:
        protection = ctx.from_manifest("pii_protection", keys, declared, declared, links)
    elif links:
        text = "See " + ", ".join(link.label for link in links)
        protection = ctx.found(
            "pii_protection",
            text,
            text,
            links,
            todo="Describe how personal data is protected (access control, encryption, retention).",
        )
    else:
        protection = ctx.must_answer(
            "pii_protection",
            "How personal data is protected, if any is held; no security policy was found (add SECURITY.md).",
        )
    return [collects, types, protection]


def _listed(ctx: DraftContext, question: str, keys: tuple[str, ...], todo: str) -> Answer:
    value = ctx.declared(*keys)
    items = [str(v).strip() for v in (value if isinstance(value, list) else [value] if value else [])]
    if items:
        return ctx.from_manifest(question, keys, ", ".join(items), items)
    return ctx.must_answer(question, todo)


def _content(ctx: DraftContext) -> list[Answer]:
    keys = (*_CONTENT, "collectStoreDistribute")
    declared = ctx.declared_text(*keys)
    if declared:
        option = CONTENT_OPTIONS.get(declared)
        todo = f"In the form choose “{option}”" if option else None
        sentence = CONTENT_OPTIONS["No"] if declared == "No" else declared
        collects = ctx.from_manifest("collects_content", keys, declared, sentence, todo=todo)
    else:
        collects = ctx.must_answer(
            "collects_content", "Which of the form's four options: is content collected, stored, distributed?"
        )
    types = _listed(
        ctx, "content_types", (*_CONTENT, "type"), "The kinds of content (text, images…), if any."
    )
    keys = (*_CONTENT, "illegalContentDetectionMechanism")
    declared = ctx.declared_text(*keys)
    policy_files = ctx.facts.policy_paths.get("content_policy", [])
    if declared:
        policy = ctx.from_manifest("content_policy", keys, declared, declared)
    elif policy_files:
        links = unique_links(
            [ctx.links.link(path, label=f"{path} (content policy)") for path in policy_files]
        )
        urls = [link.url for link in links]
        policy = ctx.found(
            "content_policy",
            ", ".join(urls),
            urls,
            links,
            todo="Summarise in the form how the policy cited identifies, moderates, reports and "
            "removes inappropriate or illegal content, and how fast.",
        )
    else:
        policy = ctx.must_answer(
            "content_policy",
            "If content is held: how inappropriate or illegal content is identified, moderated, "
            "reported and removed, and how fast; no file dpgcheck reads describes it.",
        )
    return [collects, types, policy]


def _harassment(ctx: DraftContext) -> list[Answer]:
    interaction = _yes_no(
        ctx,
        "user_interaction",
        (*_HARASSMENT, "userInteraction"),
        "Yes or No: do users or contributors interact (comments, messages, issues)?",
        " A code of conduct is in the repository (see the next answer)." if ctx.facts.conduct.files else "",
    )
    conduct = ctx.facts.conduct
    codes = [ctx.links.link(path, label=f"{path} (code of conduct)") for path in conduct.files]
    contacts = [
        ctx.links.link(c.path, c.line, f"{c.path}:{c.line} (contact: {c.value})") for c in conduct.contacts
    ]
    declared_code = ctx.declared_text(*_HARASSMENT, "codeOfConductURL")
    code_url = ctx.location(declared_code) if declared_code else (codes[0].url if codes else None)
    links = unique_links(([Link(code_url, "code of conduct")] if code_url else []) + codes + contacts)
    parts = []
    if code_url:
        parts.append(f"Code of conduct: {code_url}")
    if conduct.contacts:
        parts.append("Report harassment to: " + ", ".join(dict.fromkeys(c.value for c in conduct.contacts)))
    keys = (*_HARASSMENT, "harassmentProtectionSteps")
    steps = ctx.declared_text(*keys)
    if steps:
        text = "\n".join([steps, *parts])
        protection = ctx.from_manifest("harassment_protection", keys, text, text, links)
    elif declared_code and code_url:
        text = "\n".join(parts)
        protection = ctx.from_manifest(
            "harassment_protection",
            (*_HARASSMENT, "codeOfConductURL"),
            text,
            text,
            links,
            todo="Add how underage users are kept safe, if the product has any.",
        )
    elif parts:
        text = "\n".join(parts)
        protection = ctx.found(
            "harassment_protection",
            text,
            text,
            links,
            todo="Add how underage users are kept safe, if the product has any.",
        )
    else:
        protection = ctx.must_answer(
            "harassment_protection",
            "If users interact: the code of conduct, how to report abuse and to whom, and how "
            "underage users are kept safe; no code of conduct was found.",
        )
    return [interaction, protection]


def _scale(ctx: DraftContext) -> list[Answer]:
    return [
        _listed(
            ctx,
            "deployment_countries",
            ("locations", "deploymentCountries"),
            "The countries it is deployed in.",
        ),
        ctx.must_answer("adopters", "Organisations or governments that use it, and at what scale."),
        ctx.must_answer("multilingual", "Whether it is built to support several languages or regions."),
        ctx.must_answer("languages", "The languages it is available in."),
        ctx.must_answer("programs", "Programmes it took part in (from the form's list), if any."),
        ctx.must_answer("highlights", "Links to posts, use cases, demos or videos, if any."),
    ]
