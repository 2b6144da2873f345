"""How a code of conduct's reports reach someone (DPG-9C), and where the project links one.

An enforcement contact is an e-mail address (also written ``info AT example DOT org``), a
contact or reporting URL, or a named channel ("report it to the moderators on Slack #conduct").
The Contributor Covenant's ``[INSERT CONTACT METHOD]`` is a placeholder, not a contact.
Links to a code of conduct hosted elsewhere (the organisation's ``.github`` repository, its
website) count from the README and the contributing guide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import msgspec

from dpgcheck.facts.policies import PLACEHOLDER_CONTACT
from dpgcheck.facts.text import EMAIL_RE, URL_RE
from dpgcheck.sources.snapshot import Snapshot

EMAIL = "e-mail"
OBFUSCATED = "e-mail (obfuscated)"
CONTACT_URL = "contact URL"
CHANNEL = "channel"

_MAX_LINE = 1000
_EXAMPLE_DOMAINS = ("@example.com", "@example.org", "@domain.com")
# ``info AT example DOT org``, ``info [at] example [dot] org``, ``info(at)example.org``; a bare
# lower-case "at" is English ("reach us at example.org"), not an address.
_AT = r"(?:\s+AT\s+|\s*[\[(<{]\s*(?i:at)\s*[\])>}]\s*)"
_DOT_WORD = r"(?:\s+DOT\s+|\s*[\[(<{]\s*(?i:dot)\s*[\])>}]\s*|\.)"
_OBFUSCATED = re.compile(rf"([\w.+-]{{1,64}}){_AT}([\w-]{{1,63}}(?:{_DOT_WORD}[\w-]{{1,63}}){{1,4}})")
_DOT = re.compile(_DOT_WORD)
# A link to the full code of conduct is not a contact: "conduct" is not among these words.
_CONTACT_URL = re.compile(r"(?i)contact|report|abuse|incident|safeguard|mailto:|/support|forms?\b|typeform")
_TEMPLATE_URL = re.compile(r"(?i)contributor-covenant\.org|citizencodeofconduct|opensource\.guide")
_REPORT_WORDS = re.compile(r"(?i)\b(?:report|contact|reach|notify|e-?mail|message|write to)\w*")
_CHANNEL = re.compile(
    r"(?i)\b(?:slack|discord|matrix|gitter|zulip|mattermost|irc|discourse|forum|mailing list|"
    r"telegram|moderators?|code of conduct committee|conduct committee|community managers?)\b"
)
CONDUCT_LINK = re.compile(r"(?i)code[-_ ]?of[-_ ]?conduct|/conduct\b|/coc\b|contributor-covenant")


class ConductContact(msgspec.Struct, frozen=True):
    """One way to report to the people who enforce a code of conduct."""

    path: str
    line: int
    kind: str  # EMAIL, OBFUSCATED, CONTACT_URL or CHANNEL
    value: str


class ConductLink(msgspec.Struct, frozen=True):
    """A link to a code of conduct from the README or the contributing guide."""

    path: str
    line: int
    url: str


class ConductFacts(msgspec.Struct, frozen=True):
    """Contacts found in the code-of-conduct files, and links to codes of conduct."""

    contacts: tuple[ConductContact, ...] = ()
    placeholders: tuple[ConductContact, ...] = ()
    links: tuple[ConductLink, ...] = ()
    files: tuple[str, ...] = ()  # the code-of-conduct files read


def contacts_in(path: str, text: str) -> tuple[list[ConductContact], list[ConductContact]]:
    """(contacts, placeholders) of one code of conduct."""
    contacts: list[ConductContact] = []
    placeholders: list[ConductContact] = []
    previous = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > _MAX_LINE:
            continue
        # "may be reported … at\n info AT example DOT org": the words may end the line before.
        asks_to_report = bool(_REPORT_WORDS.search(line) or _REPORT_WORDS.search(previous))
        previous = line
        placeholder = PLACEHOLDER_CONTACT.search(line)
        if placeholder:
            placeholders.append(ConductContact(path, number, "placeholder", placeholder.group(0)))
            continue
        emails = [e for e in EMAIL_RE.findall(line) if not e.lower().endswith(_EXAMPLE_DOMAINS)]
        contacts += [ConductContact(path, number, EMAIL, e) for e in emails]
        if not emails and asks_to_report and (obfuscated := _OBFUSCATED.search(line)):
            domain = _DOT.sub(".", obfuscated.group(2))
            if "." in domain:
                contacts.append(ConductContact(path, number, OBFUSCATED, f"{obfuscated.group(1)}@{domain}"))
        for url in URL_RE.findall(line):
            if _CONTACT_URL.search(url) and not _TEMPLATE_URL.search(url):
                contacts.append(ConductContact(path, number, CONTACT_URL, url.rstrip(".,;)")))
        if not emails and _REPORT_WORDS.search(line) and _CHANNEL.search(line):
            contacts.append(ConductContact(path, number, CHANNEL, line.strip()[:160]))
    return contacts, placeholders


def conduct_links(path: str, text: str) -> list[ConductLink]:
    """Links whose address names a code of conduct, in ``text`` (README, contributing guide)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > _MAX_LINE or not CONDUCT_LINK.search(line):
            continue
        found += [
            ConductLink(path, number, url.rstrip(".,;)"))
            for url in URL_RE.findall(line)
            if CONDUCT_LINK.search(url)
        ]
    return found


def read_conduct(
    snapshot: Snapshot, conduct_files: Iterable[str], linking_files: Iterable[str]
) -> ConductFacts:
    """Contacts of every code-of-conduct file; code-of-conduct links of the linking files."""
    contacts: list[ConductContact] = []
    placeholders: list[ConductContact] = []
    read: list[str] = []
    for path in conduct_files:
        text = snapshot.read_text(path)
        if text is None:
            continue
        read.append(path)
        found, unfilled = contacts_in(path, text)
        contacts += found[:10]
        placeholders += unfilled[:5]
    links: list[ConductLink] = []
    for path in dict.fromkeys(linking_files):
        text = snapshot.read_text(path)
        if text:
            links += conduct_links(path, text)[:3]
    return ConductFacts(tuple(contacts), tuple(placeholders), tuple(links), tuple(read))
