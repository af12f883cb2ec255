"""Notice emails of a site built in four languages (issue 15), end to end: `build` writes the
notice of a new version translated into German and Arabic but not French, and `notify --preview`
writes each reader's email, read back with Python's email package. Each email is in the reader's
language, with the policy's title from `policy.yml` in it, the sections its own language's changes
page names, and links under that language's folder."""
import json
import pathlib
import re

from notify_site import preview, run

BASE_URL = "https://policies.example.com/"

CONFIG = """title: Example Policies
organization: Example GmbH
base_url: https://policies.example.com/
languages: [en, de, ar, fr]
users: users.csv
email:
  from: Legal <legal@example.com>
  unsubscribe_mailto: unsubscribe@example.com
"""

# The titles differ from the translations' headings, so that what carries them is policy.yml.
POLICY = """title:
  en: Privacy Policy
  de: Datenschutzhinweise
  ar: بيان الخصوصية
"""

USERS = (
    "email,name,locale\r\n"
    "english@example.com,Emma,en-US\r\n"
    "german@example.com,Dora,de\r\n"
    "austrian@example.com,Anton,de-AT\r\n"
    "arabic@example.com,Amal,ar-EG\r\n"
    "french@example.com,Fleur,fr\r\n"
    "japanese@example.com,Jun,ja\r\n"
)


def version(front: str, body: str) -> str:
    return f"---\n{front}---\n{body}"


FIRST = {
    "1.0.md": version('version: "1.0"\neffective: 2020-01-01\n',
                      "# Privacy Policy\n\n## What we collect\n\nYour email address.\n"),
    "1.0.de.md": version("", "# Datenschutzerklärung\n\n## Was wir erheben\n\nIhre E-Mail-Adresse.\n"),
    "1.0.ar.md": version("", "# سياسة الخصوصية\n\n## ما نجمعه\n\nعنوان بريدك الإلكتروني.\n"),
    "1.0.fr.md": version("", "# Politique de confidentialité\n\n## Ce que nous collectons\n\nVotre adresse électronique.\n"),
}

# 1.1 adds a section; it has no French translation, so French readers get the default language.
SECOND = {
    "1.1.md": version('version: "1.1"\neffective: 2021-03-01\npublished: 2021-01-15\nsummary: Adds cookies.\n',
                      "# Privacy Policy\n\n## What we collect\n\nYour email address.\n\n## Cookies\n\nOne, to keep you signed in.\n"),
    "1.1.de.md": version("summary: Fügt Cookies hinzu.\n",
                         "# Datenschutzerklärung\n\n## Was wir erheben\n\nIhre E-Mail-Adresse.\n\n"
                         "## Cookie-Dateien\n\nEine, damit Sie angemeldet bleiben.\n"),
    "1.1.ar.md": version("summary: يضيف ملفات تعريف الارتباط.\n",
                         "# سياسة الخصوصية\n\n## ما نجمعه\n\nعنوان بريدك الإلكتروني.\n\n"
                         "## ملفات تعريف الارتباط\n\nملف واحد لإبقائك مسجلًا.\n"),
}


def make_site(root: pathlib.Path) -> pathlib.Path:
    policy = root / "policies" / "privacy"
    policy.mkdir(parents=True)
    (root / "policysite.yml").write_text(CONFIG, encoding="utf-8")
    (root / "users.csv").write_text(USERS, encoding="utf-8", newline="")
    (policy / "policy.yml").write_text(POLICY, encoding="utf-8")
    for name, text in FIRST.items():
        (policy / name).write_text(text, encoding="utf-8")
    run(root, "build", "--as-of", "2020-06-01")
    for name, text in SECOND.items():
        (policy / name).write_text(text, encoding="utf-8")
    run(root, "build", "--as-of", "2021-01-20")
    return root


def links(text: str) -> list:
    return re.findall(r"https://[^\s<>]+", text)


def test_each_reader_gets_the_notice_in_their_language_from_a_real_build(tmp_path):
    root = make_site(tmp_path / "site")
    notice = json.loads((root / "outbox" / "privacy" / "1.1" / "notice.json").read_text())
    assert [t["language"] for t in notice["translations"]] == ["en", "de", "ar"]
    assert notice["counts"]["by_language"] == {"ar": 1, "de": 2, "en": 3}
    german_notice = notice["translations"][1]
    assert german_notice["policy_title"] == "Datenschutzhinweise"
    assert [s["title"] for s in german_notice["changes"]["sections_added"]] == ["Cookie-Dateien"]

    _, messages = preview(root, tmp_path / "preview")
    assert len(messages) == 6

    for address in ("german@example.com", "austrian@example.com"):
        message, text, html = messages[address]
        assert message["Subject"] == "Datenschutzhinweise: Version 1.1 gilt ab dem 1. März 2021"
        assert text.startswith("Guten Tag ")
        assert "Example GmbH hat Version 1.1 der Datenschutzhinweise veröffentlicht" in text
        assert "Was sich ändert: Fügt Cookies hinzu." in text
        # The section as the German changes page names it, and a link into that page.
        assert "- Neu: Cookie-Dateien <https://policies.example.com/de/privacy/versions/1.1/changes/#" in text
        assert "Cookies <" not in text
        assert '<html lang="de">' in html
        assert links(text) and all(link.startswith(BASE_URL + "de/") for link in links(text))

    message, text, html = messages["arabic@example.com"]
    assert message["Subject"].startswith("بيان الخصوصية: يسري الإصدار 1.1")
    assert '<html lang="ar" dir="rtl">' in html
    assert "ملفات تعريف الارتباط <https://policies.example.com/ar/privacy/versions/1.1/changes/#" in text
    assert all(link.startswith(BASE_URL + "ar/") for link in links(text))

    # French has no translation of 1.1, Japanese is not a site language: both get English.
    for address, name in (("french@example.com", "Fleur"), ("japanese@example.com", "Jun"), ("english@example.com", "Emma")):
        message, text, html = messages[address]
        assert message["Subject"] == "Privacy Policy: version 1.1 takes effect on March 1, 2021"
        assert text.startswith(f"Dear {name},\n") and '<html lang="en">' in html
        assert "- Added: Cookies <https://policies.example.com/privacy/versions/1.1/changes/#cookies>" in text
        assert all(link.startswith(BASE_URL + "privacy/") for link in links(text))


def test_the_pages_carry_the_policy_title_of_their_language(tmp_path):
    root = make_site(tmp_path / "site")
    german = (root / "site" / "de" / "privacy" / "versions" / "index.html").read_text()
    assert "Datenschutzhinweise" in german
    english = (root / "site" / "privacy" / "versions" / "index.html").read_text()
    assert "Privacy Policy" in english and "Datenschutzhinweise" not in english


def test_a_policy_title_for_a_language_the_site_lacks_is_an_error_at_its_line(tmp_path):
    root = tmp_path / "site"
    policy = root / "policies" / "privacy"
    policy.mkdir(parents=True)
    (root / "policysite.yml").write_text("title: T\nbase_url: https://example.com/\nlanguages: [en, de]\n")
    (policy / "policy.yml").write_text("title:\n  en: Privacy\n  it: Privacy italiana\n")
    (policy / "1.0.md").write_text(FIRST["1.0.md"])
    result = run(root, "build", "--as-of", "2020-06-01", check=False)
    assert result.returncode != 0
    assert "policies/privacy/policy.yml:3: error: 'title' has a text for 'it', which is not in 'languages'" in result.stderr
    assert not (root / "site").exists()
