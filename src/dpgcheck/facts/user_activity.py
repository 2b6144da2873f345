"""What the repository says users do, and the personal data it collects (issue 13).

A manifest answering "No" to "does the project handle user content / let users interact /
collect PII?" is checked against the repository: strong phrases only, each cited by file and
line. The README and the documentation are read for sentences such as "citizens can upload
photos" or "allows users to comment"; the code for collection of personal data: a data model
with an e-mail or phone field (Django models, Prisma schemas, Rails schema.rb, PHP migrations,
TypeORM entities) and sign-up or registration forms asking for an e-mail address or a phone
number. Tests, examples and vendored folders are never read. Weak hints ("user", "account",
"login") are not evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import msgspec

from dpgcheck.facts.privacy import Place
from dpgcheck.facts.project_paths import file_name, in_foreign_dir
from dpgcheck.facts.text import find_lines
from dpgcheck.sources.snapshot import Snapshot

_WHO = (
    r"(?:users?|members?|citizens?|participants?|visitors?|residents?|volunteers?|students?|"
    r"learners?|farmers?|patients?|customers?|anyone|people|the\s+public|communit(?:y|ies))"
)
_CONTENT_VERB = r"(?:publish|post|upload|submit|share|comment(?:\s+on)?|write|create\s+and\s+share)"
_CONTENT_THING = (
    r"(?:content|reports?|stories|posts?|articles?|photos?|pictures?|images?|videos?|comments?|"
    r"reviews?|messages?|media|files?|documents?|questions?|answers?|ideas?|proposals?|petitions?|"
    r"resources?|observations?|recordings?)"
)
USER_CONTENT = re.compile(
    rf"\b{_WHO}\s+(?:can|may|are\s+able\s+to|will\s+be\s+able\s+to)\s+(?:\w+\s+)?{_CONTENT_VERB}\s+"
    rf"(?:(?:their|own|new|and|or|a|an|the)\s+){{0,3}}{_CONTENT_THING}\b"
    rf"|\b(?:allows?|lets?|enables?|empowers?|allowing|enabling|letting)\s+{_WHO}\s+(?:to\s+)?"
    rf"{_CONTENT_VERB}\b"
    r"|\buser[- ]generated\s+content\b|\b(?:user|citizen|community)[- ]submitted\s+"
    r"(?:content|reports?|data|photos?|stories)\b",
    re.IGNORECASE,
)
"""A sentence saying users publish, post, upload or comment: the project handles their content."""

# Talking is with people: "users can chat with each other", "farmers can message extension
# workers"; "users can interact with the map" is not interaction between users.
_PEOPLE = (
    rf"(?:each\s+other|one\s+another|peers|others|(?:other|fellow)\s+\w+|{_WHO}|"
    r"(?:health|extension|community|field)\s+workers?|teachers?|doctors?|experts?|mentors?|"
    r"moderators?|advisors?|officials?)"
)
USER_INTERACTION = re.compile(
    rf"\b{_WHO}\s+(?:can|may|are\s+able\s+to|will\s+be\s+able\s+to)\s+(?:\w+\s+)?"
    rf"(?:(?:chat|message|talk|interact|communicate|converse|connect|collaborate)\w*\s+with\s+{_PEOPLE}\b"
    r"|(?:chat|comment\s+on|discuss|reply\s+to|message)\b)"
    rf"|\b(?:allows?|lets?|enables?|empowers?|allowing|enabling|letting)\s+{_WHO}\s+(?:to\s+)?"
    r"(?:chat|message|discuss|comment|reply)\b"
    # "messages between members" is data exchange between organisations (X-Road): only talk
    # between people counts.
    r"|\b(?:interact\w*|messag\w*|communicat\w*|chat\w*|discussions?|conversations?)\s+(?:\w+\s+){0,3}?"
    r"(?:between|among)\s+(?:users|citizens|participants|students|learners|peers|farmers|"
    r"patients|volunteers)\b",
    re.IGNORECASE,
)
"""A sentence saying users talk to each other (or comment) through the project."""

# Personal data in a data model: the field's declaration, never a mention in prose.
_DJANGO_PII = re.compile(
    r"^\s*\w+\s*=\s*(?:models\.)?(?:EmailField|PhoneNumberField)\s*\("
    r"|^\s*(?:phone|phone_number|mobile|mobile_number|msisdn|date_of_birth|national_id)\s*=\s*"
    r"(?:models\.)?\w+Field\s*\(",
)
_PRISMA_PII = re.compile(r"^\s*(?:email|phone|phoneNumber|mobile|dateOfBirth|nationalId)\s+String\b")
_RAILS_PII = re.compile(r'^\s*t\.string\s+"(?:email|phone|phone_number|mobile|national_id)"')
# PHP migrations: Laravel's ``$table->string('email')``, Phinx's ``->addColumn('email', 'string'``.
_PHP_PII = re.compile(
    r"""(?:\$table->string|->addColumn)\(\s*['"](?:email|phone|phone_number|mobile|national_id)['"]"""
)
# TypeORM / TypeScript entities: ``email: string;`` in a ``*.entity.ts`` file.
_ENTITY_PII = re.compile(r"^\s*(?:email|phone|phoneNumber|mobile|dateOfBirth|nationalId)\s*[?!]?:\s*string\b")
# A form field asking for an e-mail address or a phone number.
_FORM_PII = re.compile(
    r"<input[^>]*\b(?:type|name)\s*=\s*[\"'](?:email|tel|phone|phone_number|mobile)[\"']",
    re.IGNORECASE,
)
_SIGNUP_NAME = re.compile(r"sign[-_]?up|register|registration|enrol", re.IGNORECASE)
_FORM_EXTENSIONS = (".html", ".htm", ".jsx", ".tsx", ".vue", ".erb", ".hbs", ".php", ".svelte", ".twig")
MAX_FILES = 400  # model and form files read at most (a large tree is sampled, not read whole)
SHOWN = 3


class ActivityFacts(msgspec.Struct, frozen=True):
    """Sentences of the documentation about users' content and interaction, and places in the
    code that collect personal data; each a file and line."""

    content: tuple[Place, ...] = ()
    interaction: tuple[Place, ...] = ()
    personal_data: tuple[Place, ...] = ()


# A hypothetical or an exercise ("Consider a social media application where users can write
# posts") describes some other application, not this project.
_HYPOTHETICAL = re.compile(r"\b(?:consider|imagine|suppose|for\s+example|e\.g\.|exercise)\b", re.IGNORECASE)


def _said(text: str, pattern: re.Pattern[str], path: str) -> list[Place]:
    """The lines of ``text`` where ``pattern`` matches, hypotheticals left out."""
    found = find_lines(text, pattern, 10)
    return [Place(path, line, said) for line, said in found if not _HYPOTHETICAL.search(said)][:SHOWN]


def collect_activity(snapshot: Snapshot, documents: Sequence[str]) -> ActivityFacts:
    """Read ``documents`` (the README first, then the documentation) for users' content and
    interaction, and the project's models and sign-up forms for personal data."""
    content: list[Place] = []
    interaction: list[Place] = []
    for path in documents:
        text = snapshot.read_text(path)
        if not text:
            continue
        if len(content) < SHOWN:
            content += _said(text, USER_CONTENT, path)
        if len(interaction) < SHOWN:
            interaction += _said(text, USER_INTERACTION, path)
        if len(content) >= SHOWN and len(interaction) >= SHOWN:
            break
    return ActivityFacts(tuple(content[:SHOWN]), tuple(interaction[:SHOWN]), tuple(personal_data(snapshot)))


def personal_data(snapshot: Snapshot) -> list[Place]:
    """Where the project's code collects personal data: model fields and sign-up form inputs."""
    found: list[Place] = []
    for path, pattern in _candidates(snapshot):
        text = snapshot.read_text(path)
        if not text:
            continue
        for line, said in find_lines(text, pattern, 1):
            found.append(Place(path, line, said))
        if len(found) >= SHOWN:
            break
    return found


def _candidates(snapshot: Snapshot) -> list[tuple[str, re.Pattern[str]]]:
    """(file, what to look for) for the project's own model files and sign-up forms."""
    chosen: list[tuple[str, re.Pattern[str]]] = []
    names = snapshot.by_lower_name
    for path in names.get("models.py", []):
        chosen.append((path, _DJANGO_PII))
    for path in names.get("schema.rb", []):
        chosen.append((path, _RAILS_PII))
    for path in snapshot.by_extension.get("prisma", []):
        chosen.append((path, _PRISMA_PII))
    for folder in snapshot.file_folders:
        leaf = folder.rpartition("/")[2]
        if leaf == "models":
            chosen += [(p, _DJANGO_PII) for p in snapshot.children(folder) if p.endswith(".py")]
        elif "migrations" in folder.split("/"):
            chosen += [(p, _PHP_PII) for p in snapshot.children(folder) if p.endswith(".php")]
    chosen += [(p, _ENTITY_PII) for p in snapshot.by_extension.get("ts", []) if p.endswith(".entity.ts")]
    chosen += [(path, _FORM_PII) for path in _signup_forms(snapshot.by_lower_name.items())]
    own = [(path, pattern) for path, pattern in dict(chosen).items() if not in_foreign_dir(path)]
    return sorted(own, key=lambda item: (item[0].count("/"), item[0]))[:MAX_FILES]


def _signup_forms(names: Iterable[tuple[str, list[str]]]) -> list[str]:
    return [
        path
        for name, paths in names
        if name.endswith(_FORM_EXTENSIONS) and _SIGNUP_NAME.search(name)
        for path in paths
        if _SIGNUP_NAME.search(file_name(path))
    ]
