"""Privacy evidence in real shapes: registry free text, application pages, safeguard sections,
reporting links, and manifest claims (schemeless URLs, N/A, moved paths)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dpgcheck.checks._privacy import collects_pii, laws, policy_urls, safeguards
from dpgcheck.checks.dpg9a_privacy_security import reporting_channel
from dpgcheck.facts import FileIndex
from dpgcheck.facts.manifest.claims import clean_url, is_empty_answer, is_schemeless_url, parse_location
from dpgcheck.facts.manifest.model import Manifest
from dpgcheck.facts.policies import PolicyFile
from dpgcheck.facts.privacy import collect_privacy, section_safeguards
from dpgcheck.sources.local import open_local

# The shape of a current DPGA registry entry (verbatim style: sentences, \r\n, lists of dicts).
REGISTRY: dict[str, Any] = {
    "dataPrivacySecurity": {
        "collectsPII": "PII data is collected and stored but NOT distributed.",
        "dataPrivacySecurity": "Data is encrypted at rest and access is role-based.",
    },
    "privacy": [
        {
            "privacyCompliance": "General Data Protection Law - LGPD (Federal Law 13.709/2018)",
            "privacyComplianceURL": 'Evidence on the "Terms of use" page: https://qd.example.org/privacidade',
        }
    ],
}


def test_registry_free_text_gives_policy_laws_pii_and_safeguards() -> None:
    manifest = Manifest("entry.json", REGISTRY)
    assert [url for _, url in policy_urls(manifest)] == ["https://qd.example.org/privacidade"]
    assert [law for _, law in laws(manifest)] == ["Data Protection Law"]
    assert collects_pii(manifest) == ("yes", ("dataPrivacySecurity", "collectsPII"))
    assert [said.keys for said in safeguards(manifest)] == [("dataPrivacySecurity", "dataPrivacySecurity")]


def test_registry_no_pii_sentence_and_empty_answers() -> None:
    manifest = Manifest(
        "entry.json",
        {
            "dataPrivacySecurity": {
                "collectsPII": "PII data is NOT collected NOT stored and NOT distributed."
            },
            "privacy": [{"privacyCompliance": "n/a", "privacyComplianceURL": "N/A"}],
        },
    )
    assert collects_pii(manifest) == ("no", ("dataPrivacySecurity", "collectsPII"))
    assert policy_urls(manifest) == [] and laws(manifest) == []


def test_markdown_around_urls_is_stripped() -> None:
    assert clean_url("<https://x.org/privacy>") == "https://x.org/privacy"
    assert clean_url("[policy](https://x.org/privacy)") == "https://x.org/privacy"
    assert clean_url("**https://x.org/privacy**.") == "https://x.org/privacy"
    policy = PolicyFile(
        "security", "SECURITY.md", True, urls=((4, "https://x.atlassian.net/servicedesk/portal/4**"),)
    )
    assert reporting_channel(policy) == (4, "https://x.atlassian.net/servicedesk/portal/4")
    docs_only = PolicyFile("security", "SECURITY.md", True, urls=((2, "https://docs.x.org/versions"),))
    assert reporting_channel(docs_only) is None


def test_schemeless_urls_empty_answers_and_moved_paths() -> None:
    files = FileIndex(frozenset({"LICENSE.md", "docs/index.md", "README.md"}), frozenset({"docs"}))
    assert is_schemeless_url("docs.example.org") and is_schemeless_url("www.x.org/privacy")
    assert not is_schemeless_url("LICENSE.md") and not is_schemeless_url("docs/index.md")
    url = parse_location("docs.example.org/guide", ("k",), files, ())
    assert url is not None and (url.url, url.path, url.exists) == (
        "https://docs.example.org/guide",
        None,
        None,
    )
    assert all(is_empty_answer(text) for text in ("N/A", "n/a", "-", "none", " None. "))
    assert parse_location("N/A", ("k",), files, ()) is None
    moved = parse_location("LICENSE", ("k",), files, ())
    assert moved is not None and moved.stale and not moved.missing and moved.moved_to == "LICENSE.md"
    gone = parse_location("CONDUCT.md", ("k",), files, ())
    assert gone is not None and gone.missing
    blob = parse_location(
        "https://github.com/o/r/blob/main/docs/index.md", ("k",), files, ("https://github.com/o/r",)
    )
    assert blob is not None and (blob.path, blob.exists) == ("docs/index.md", True)


def test_section_safeguards_needs_a_data_section_or_two_named_safeguards() -> None:
    data = "# Guide\n\n## Data protection\n\nPersonal data is encrypted at rest.\n\n## Other\n\nx\n"
    assert section_safeguards("d.md", data) is not None
    reporting = "# Security\n\nSend an encrypted e-mail to sec@x.org, see https://x.org.\n"
    assert section_safeguards("SECURITY.md", reporting, reporting_file=True) is None
    assert section_safeguards("d.md", reporting) is None  # one safeguard word under "Security"
    synonyms = "## Security settings\n\nEnable two-factor (2FA) login.\n"
    assert section_safeguards("d.md", synonyms) is None


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tmp_path


def test_application_pages_locale_strings_and_laws_are_found(tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        {
            "README.md": "# App\n\nWe comply with the GDPR.\n",
            "src/views/PrivacyPolicy.ejs": "<main>\n<h1>Privacy policy</h1>\n</main>\n",
            "src/views/PrivacyPolicy.spec.ts": "it('renders the privacy page')\n",
            "node_modules/lib/privacy.html": "<p>privacy</p>\n",
            "app/res/values/strings.xml": '<s name="privacy_link">https://x.org/privacy-policy</s>\n',
            "docs/security.md": "# Security\n\n## Data protection\n\nAccess control per role.\n",
        },
    )
    snapshot = open_local(str(repo))
    facts = collect_privacy(snapshot, "README.md", (), (), ("docs",))
    assert [(p.path, p.line) for p in facts.pages] == [
        ("src/views/PrivacyPolicy.ejs", 2),
        ("app/res/values/strings.xml", 1),
    ]
    assert facts.pages[1].url == "https://x.org/privacy-policy"
    assert [(p.path, p.line, p.text) for p in facts.laws] == [("README.md", 3, "GDPR")]
    assert [(p.path, p.line) for p in facts.safeguards] == [("docs/security.md", 3)]


def test_pages_of_equal_rank_are_shown_in_path_order(tmp_path: Path) -> None:
    # Templates first, then shorter paths; equal ones in path order, whatever the extension
    # index they come from (.vue, .html, .tsx, .py are looked up separately).
    repo = _repo(
        tmp_path,
        {
            "z/Privacy.vue": "<p>privacy</p>\n",
            "0/privacy.py": "# privacy\n",
            "b/privacy.ejs": "<p>privacy</p>\n",
            "a/Privacy.tsx": "// privacy\n",
        },
    )
    facts = collect_privacy(open_local(str(repo)), None, (), (), ())
    assert [p.path for p in facts.pages] == ["a/Privacy.tsx", "b/privacy.ejs", "z/Privacy.vue"]


def test_nothing_found_in_an_unrelated_repository(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"README.md": "# Tool\n\nA calculator.\n", "src/main.py": "print(1)\n"})
    facts = collect_privacy(open_local(str(repo)), "README.md", (), (), ())
    assert (facts.pages, facts.laws, facts.safeguards) == ((), (), ())
    assert facts.searched
