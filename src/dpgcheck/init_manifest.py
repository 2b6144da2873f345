"""``dpgcheck init``: draft a ``dpg.yaml`` from what dpgcheck detected in a repository.

What the files show (license, owner, repository, documentation, policies, standards, closed
dependencies) is filled in; what only the project can answer (SDGs, PII, content, harassment,
laws) is a ``TODO`` placeholder with a comment saying what to write. The manifest loader never
takes a TODO as an answer, so ``dpgcheck check`` on a fresh draft shows those indicators as
needs-review until someone answers them.

The YAML is written by hand, not dumped, so it can carry the comments; every value goes
through ``json.dumps``, which is valid YAML and keeps ``"Yes"`` a string, not a boolean.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import msgspec

from dpgcheck.errors import InputError
from dpgcheck.facts import Facts
from dpgcheck.facts.collect import collect_facts
from dpgcheck.facts.manifest.model import MANIFEST_NAMES
from dpgcheck.init_description import project_description
from dpgcheck.sources import SourceOptions, open_target
from dpgcheck.sources.gitremote import remote_url
from dpgcheck.sources.snapshot import Snapshot


class Draft(msgspec.Struct, frozen=True):
    """A drafted manifest and how many TODOs it leaves to the project."""

    text: str
    todos: int
    existing: tuple[str, ...]  # manifests already at the repository root
    remote: bool = False  # drafted from a remote repository: printed, there is no folder to write to


def _q(value: str) -> str:
    """``value`` as a double-quoted YAML scalar that reads back as exactly ``value``.

    json.dumps escapes quotes, backslashes and C0 controls (a newline in a folder name cannot
    start a new key); what JSON leaves alone but YAML would fold or refuse (NEL, the Unicode
    line and paragraph separators, C1 controls, lone surrogates from undecodable file names)
    is escaped too. Both escape forms are valid YAML.
    """
    return "".join(
        char if char.isprintable() else _escape(char) for char in json.dumps(value, ensure_ascii=False)
    )


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _one_line(text: str) -> str:
    """Text for a comment: anything that could end the comment line (or is not printable)
    escaped, so a file or dependency name cannot add YAML of its own."""
    return "".join(char if char.isprintable() else _escape(char) for char in text)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.todos = 0

    def comment(self, text: str, indent: int = 0) -> None:
        self.lines.append(" " * indent + f"# {_one_line(text)}")

    def raw(self, text: str) -> None:
        self.lines.append(text)

    def value(self, key: str, value: str, indent: int = 0, note: str | None = None) -> None:
        suffix = f"  # {_one_line(note)}" if note else ""
        self.lines.append(" " * indent + f"{key}: {_q(value)}{suffix}")

    def todo(self, key: str, what: str, indent: int = 0) -> None:
        self.todos += 1
        self.lines.append(" " * indent + f"{key}: {_q('TODO: ' + what)}")

    def items(self, key: str, values: list[str], indent: int = 0) -> None:
        self.lines.append(" " * indent + f"{key}:")
        self.lines.extend(" " * (indent + 2) + f"- {_q(v)}" for v in values)


def draft_manifest(path: str, source: SourceOptions | None = None) -> Draft:
    """Draft a dpg.yaml for the repository at ``path`` (nothing is written here); a remote
    repository is fetched with ``source``."""
    snapshot = open_target(path, source)
    facts = collect_facts(snapshot)  # not the existing manifest: the draft is from the repository
    repo = remote_url(snapshot.root)
    existing = tuple(name for name in MANIFEST_NAMES if os.path.lexists(snapshot.root / name))
    out = _Writer()
    out.comment("Evidence manifest for the Digital Public Goods Standard, drafted by `dpgcheck init`.")
    out.comment("Field names are the DPGA registry's. Replace every TODO with the project's answer;")
    out.comment("`dpgcheck check` treats a TODO as unanswered (needs-review) and verifies the rest")
    out.comment("against the repository. `dpgcheck schema manifest` lists every field.")
    _nomination(out, facts, repo, snapshot)
    _screening(out, facts)
    remote = snapshot.target.kind != "local"
    return Draft("\n".join(out.lines) + "\n", out.todos, () if remote else existing, remote)


def _nomination(out: _Writer, facts: Facts, repo: str | None, snapshot: Snapshot) -> None:
    publiccode = facts.publiccode
    name = (publiccode.name if publiccode else None) or snapshot.root.name
    out.value("name", name)
    stated = project_description(snapshot)
    if publiccode and publiccode.description:
        out.value("description", publiccode.description, note="from publiccode.yml")
    elif stated:
        out.value("description", stated[0], note=f"from {stated[1]}")
    else:
        out.todo("description", "one line on what the product is and does")
    out.todo("website", "the product's website (or delete this line)")
    out.raw("type: [software]  # software, data, content, standard, aimodel")
    licenses = [f for f in facts.licenses.files if f.spdx] or [f for f in facts.licenses.declared if f.spdx]
    out.raw("license:")
    if licenses:
        for finding in licenses:
            out.raw(f"  - spdx: {_q(str(finding.spdx))}")
            out.raw(
                f"    licenseURL: {_q(_blob(repo, finding.path))}  # detected in {_one_line(finding.path)}"
            )
    else:
        out.comment("dpgcheck found no license: add a LICENSE file with an approved license.", 2)
        out.todo("  - spdx", "the SPDX id of the license, e.g. Apache-2.0")
        out.todo("    licenseURL", "the license text, a path in the repository or a URL")
    out.raw("repositories:")
    if repo:
        out.raw(f"  - name: main\n    url: {_q(repo)}  # from the git remote")
    else:
        out.raw("  - name: main")
        out.todo("    url", "the public repository URL")
    out.raw("organizations:")
    holders = list(dict.fromkeys(n.holder for n in facts.copyright_notices if n.holder))
    if holders:
        notice = next(n for n in facts.copyright_notices if n.holder)
        out.raw(f"  - name: {_q(holders[0])}  # from {_one_line(notice.path)}:{notice.line}")
    else:
        out.todo("  - name", "the organisation that owns the project")
    out.raw("    org_type: owner")
    out.comment("Each goal the product advances, with how (evidenceText) and/or a link (evidenceURL);")
    out.comment("the 17 goals: https://sdgs.un.org/goals")
    out.raw("SDGs:")
    out.todo("  - SDGNumber", "a goal number from 1 to 17")
    out.todo("    evidenceText", "how the product advances this goal")
    out.todo("    evidenceURL", "a link that shows it (or delete this line)")


def _owner_profile(out: _Writer, facts: Facts) -> None:
    """The owner's organisation type and country where the repository states them; otherwise a
    comment, not a TODO: the form asks them, the Standard does not make them a condition."""
    profile = facts.owner_profile
    stated = {s.field: s for s in (profile.statements if profile else ()) if s.field in ("type", "country")}
    for field, key in (("type", "ownerOrganisationType"), ("country", "ownerCountry")):
        statement = stated.get(field)
        if statement is not None:
            where = (
                f"{statement.path}:{statement.line}"
                if statement.path and statement.line
                else statement.source
            )
            value = statement.value.split(" (", 1)[0] if field == "type" else statement.value
            out.value(key, value, 2, note=f"from {where}")
    if len(stated) < 2:
        out.comment(
            "ownerOrganisationType (non-profit, government, academic, private sector, multilateral) and "
            "ownerCountry (where the owner is registered): the application form asks both.",
            2,
        )


def _screening(out: _Writer, facts: Facts) -> None:
    notice = next((n for n in facts.copyright_notices if n.holder), None)
    out.raw("clearOwnership:")
    if notice:
        out.value("isOwnershipExplicit", "Yes", 2)
        out.value("copyrightURL", notice.path, 2, note=f"copyright notice at line {notice.line}")
    else:
        out.comment("No copyright notice naming a holder was found (LICENSE, NOTICE, README).", 2)
        out.todo("isOwnershipExplicit", "Yes once a copyright notice names the owner", 2)
        out.todo("copyrightURL", "where ownership is stated", 2)
    _owner_profile(out, facts)
    _platform(out, facts)
    out.raw("documentation:")
    docs = ([facts.docs.readme.path] if facts.docs.readme else []) + [
        f"{name}/" for name, _ in facts.docs.docs_dirs
    ]
    if docs:
        out.value("isDocumentationAvailable", "Yes", 2)
        out.items("documentationURL", docs, 2)
    else:
        out.todo("isDocumentationAvailable", "Yes or No", 2)
        out.todo("documentationURL", "paths in the repository or URLs of the documentation", 2)
    apis = [s for s in facts.standards.standards if s.name in ("OpenAPI", "GraphQL")]
    out.raw("NonPII:")
    if apis:
        where = ", ".join(f"{s.name} ({s.telltales[0][0]})" for s in apis)
        out.comment(f"API descriptions found: {where}", 2)
    out.todo("collectsNonPII", "Yes or No: does it collect, use or generate non-personal data or content?", 2)
    out.todo("nonPIIAccessMechanism", "how that data is exported/imported in an open format", 2)
    out.raw("privacy:")
    out.todo("isPrivacyCompliant", "Yes, No or Unknown", 2)
    out.todo("privacyComplianceList", "the privacy laws that apply, e.g. GDPR", 2)
    out.raw("standards:")
    standards = [s.name for s in facts.standards.standards]
    practices = [p.name for p in facts.standards.practices if p.paths]
    if standards:
        out.value("supportStandards", "Yes", 2, note="detected in the repository")
        out.items("standardsList", standards, 2)
    else:
        out.todo("supportStandards", "Yes or No", 2)
        out.todo("standardsList", "the open standards the product uses", 2)
    if practices:
        out.value("implementBestPractices", "Yes", 2)
        out.items("bestPracticesList", practices, 2)
    else:
        out.todo("implementBestPractices", "Yes or No", 2)
    _do_no_harm(out, facts)


def _platform(out: _Writer, facts: Facts) -> None:
    closed = facts.dependencies.closed
    out.raw("platformIndependence:")
    if not closed:
        out.comment(
            f"No closed dependency among the {len(facts.dependencies.dependencies)} dpgcheck read; confirm.",
            2,
        )
        out.value("mandatoryDepsCreateMoreRestrictions", "No", 2)
        out.value("isSoftwarePltIndependent", "Yes", 2)
        return
    out.comment("Closed or proprietary dependencies found (name the open alternative to each):", 2)
    for c in closed:
        where = f"{c.dependency.path}:{c.dependency.line}" if c.dependency.line else c.dependency.path
        hint = ", ".join(c.alternatives) or "none listed"
        out.comment(f"  {c.dependency.name} ({where}); known open alternatives: {hint}", 2)
    out.todo("mandatoryDepsCreateMoreRestrictions", "Yes if these dependencies are mandatory", 2)
    out.todo("isSoftwarePltIndependent", "Yes if open alternatives can replace them", 2)
    names = ", ".join(sorted({c.dependency.name for c in closed}))
    out.todo("pltIndependenceDesc", f"for each of {names}: the open alternative and how it swaps in", 2)


def _do_no_harm(out: _Writer, facts: Facts) -> None:
    out.raw("doNoHarm:")
    out.raw("  dataPrivacySecurity:")
    out.todo("collectsPII", "Yes or No: does it collect, store or distribute personal data?", 4)
    out.todo("typesOfDataCollected", "the kinds of personal data (or delete if none)", 4)
    security = facts.policies.all("security")
    if security:
        out.comment(f"Security policy found: {security[0].path}", 4)
    else:
        out.comment("No SECURITY policy found: add SECURITY.md with a way to report vulnerabilities.", 4)
    out.todo("privacySecurityDescription", "how personal data is protected (access, encryption…)", 4)
    privacy = facts.policies.all("privacy")
    if privacy:
        out.value("privacyPolicyURL", privacy[0].path, 4)
    else:
        out.todo("privacyPolicyURL", "the privacy policy, a path in the repository or a URL", 4)
    out.raw("  inappropriateIllegalContent:")
    out.todo("collectStoreDistribute", "Yes or No: does it collect, store or distribute user content?", 4)
    out.todo("illegalContentDetection", "Yes or No (if it does)", 4)
    out.todo("illegalContentDetectionMechanism", "how illegal content is detected, moderated, removed", 4)
    out.raw("  protectionFromHarassment:")
    out.todo("userInteraction", "Yes or No: do users interact with each other?", 4)
    codes = facts.policies.all("code_of_conduct")
    if codes:
        out.value("codeOfConductURL", codes[0].path, 4)
    else:
        out.comment("No code of conduct found: add CODE_OF_CONDUCT.md with an enforcement contact.", 4)
    out.todo("harassmentProtectionSteps", "how users are protected from abuse and harassment", 4)


def write_draft(folder: str, text: str, name: str = "dpg.yaml") -> Path:
    """Write ``text`` as ``folder/dpg.yaml`` (or ``name``) without ever writing through a link.

    A repository may hold ``dpg.yaml`` as a symbolic link (dangling or not) to a file outside
    it: that is refused, never followed. The draft goes to a new temporary file in the folder
    (O_EXCL, so no existing file or link is opened) and is renamed over ``dpg.yaml``: a rename
    replaces the name, not what a link there would point at.
    """
    target = Path(folder).expanduser() / name
    if target.is_symlink():
        raise InputError(
            f"{target} is a symbolic link: dpgcheck init does not write through links",
            "Remove the link (or replace it with a regular file) and run init again.",
        )
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".dpg.yaml.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
            os.chmod(temporary, 0o644)  # mkstemp makes it private; a manifest is a project file
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputError(
            f"Cannot write {target}: {exc.strerror or exc}", "Check the folder's permissions."
        ) from exc
    return target


def _blob(repo: str | None, path: str) -> str:
    # A link into the project's own repository is verified against the file index by `check`.
    if repo and any(host in repo for host in ("github.com", "gitlab.")):
        separator = "/-/blob/HEAD/" if "gitlab." in repo else "/blob/HEAD/"
        return repo + separator + path
    return path
