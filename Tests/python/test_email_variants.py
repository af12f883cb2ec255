"""Each recipient's email variant, end to end: the language of their `locale` (issue 15) and the
version their email compares from, the users file's `accepted` column (issue 16 section 4). The
messages are written by `notify --preview` and read by Python's email package."""
import json
import pathlib

from notify_site import preview, run

CONFIG = """title: Example
base_url: https://policies.example.com/
users: users.csv
email:
  from: Legal <legal@example.com>
  unsubscribe_mailto: unsubscribe@example.com
"""

BODY_13 = "# Privacy\n\n## Data\n\nWe keep little.\n"
BODY_14 = BODY_13 + "\n## Cookies\n\nNone at all.\n"
BODY_15 = "# Privacy\n\n## Data\n\nWe keep very little.\n\n## Cookies\n\nNone at all.\n\n## Retention\n\nThirty days.\n"

USERS = (
    "email,name,locale,accepted\r\n"
    "thirteen@example.com,Tess,en-GB,privacy=1.3\r\n"
    "plain@example.com,Paul,,\r\n"
    "german@example.com,Dora,de,\r\n"
    "austrian@example.com,Anton,de-AT,privacy=1.3\r\n"
    "japanese@example.com,Jun,ja,\r\n"
    "broken@example.com,Bea,,privacy:1.3\r\n"
)


def version(label: str, effective: str, published: str, body: str, summary: str = "") -> str:
    extra = f"summary: {summary}\n" if summary else ""
    return f'---\nversion: "{label}"\neffective: {effective}\npublished: {published}\n{extra}---\n{body}'


def make_site(root: pathlib.Path) -> pathlib.Path:
    policy = root / "policies" / "privacy"
    policy.mkdir(parents=True)
    (root / "policysite.yml").write_text(CONFIG, encoding="utf-8")
    (root / "users.csv").write_text(USERS, encoding="utf-8", newline="")
    (policy / "1.3.md").write_text(version("1.3", "2024-01-01", "2023-12-01", BODY_13), encoding="utf-8")
    (policy / "1.4.md").write_text(version("1.4", "2024-02-01", "2024-01-01", BODY_14), encoding="utf-8")
    run(root, "build", "--as-of", "2024-02-15")
    (policy / "1.5.md").write_text(version("1.5", "2024-05-01", "2024-03-01", BODY_15, "We keep it shorter."), encoding="utf-8")
    result = run(root, "build", "--as-of", "2024-03-02")
    assert "users.csv:7: warning: 'accepted' must be policy=version pairs" in result.stderr + result.stdout
    return root


def add_german(notice_folder: pathlib.Path):
    """The German translation of 1.5, as a site with `languages: [en, de]` records it."""
    path = notice_folder / "notice.json"
    notice = json.loads(path.read_text())
    base = "https://policies.example.com/de/privacy/versions/1.5/"
    starting = [dict(version, changes_url=base + f"changes/{version['segment']}/") for version in notice["starting_versions"]]
    notice["translations"].append({"language": "de", "policy_title": "Datenschutzerklärung", "title": "Datenschutzerklärung",
                                   "summary": "Wir fassen uns kürzer.", "version_url": base, "changes_url": base + "changes/",
                                   "changes": notice["changes"], "starting_versions": starting})
    path.write_text(json.dumps(notice, indent=2, sort_keys=True))


def test_each_email_is_in_its_readers_language_and_from_their_starting_version(tmp_path):
    root = make_site(tmp_path / "site")
    folder = root / "outbox" / "privacy" / "1.5"
    notice = json.loads((folder / "notice.json").read_text())
    assert notice["counts"]["by_starting_version"] == {"1.3": 2, "1.4": 4}
    assert notice["counts"]["by_language"] == {"en": 6}
    assert [s["version"] for s in notice["starting_versions"]] == ["1.3"]
    assert (folder / "recipients.csv").read_bytes().decode().startswith("email,name,locale,unsubscribe_url\r\n")
    assert (folder / "starting-versions.csv").read_bytes().decode().split("\r\n") == ["starting_version", "1.3", "1.4", "1.4", "1.3", "1.4", "1.4", ""]
    add_german(folder)
    output, messages = preview(root, tmp_path / "preview")
    assert "privacy/1.5: by language: de 2, en 4; compared from: 1.3 2, 1.4 4" in output
    assert len(messages) == 6

    for address in ("german@example.com", "austrian@example.com"):
        message, text, html = messages[address]
        assert message["Subject"] == "Datenschutzerklärung: Version 1.5 gilt ab dem 1. Mai 2024"
        assert text.startswith("Guten Tag ")
        assert "Was sich ändert: Wir fassen uns kürzer." in text
        assert "Die neue Version lesen: https://policies.example.com/de/privacy/versions/1.5/\n" in text
        assert '<html lang="de">' in html
        links = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith(("Die neue Version", "Alle Änderungen"))]
        assert links and all(link.startswith("https://policies.example.com/de/") for link in links)
    # The Austrian last accepted 1.3: German, and compared from 1.3, on the German comparison page.
    _, austrian, _ = messages["austrian@example.com"]
    assert "Zuletzt haben Sie Version 1.3 akzeptiert." in austrian
    assert "Alle Änderungen markiert ansehen: https://policies.example.com/de/privacy/versions/1.5/changes/1.3/" in austrian

    # Japanese: no translation, so the default language and its links.
    message, text, html = messages["japanese@example.com"]
    assert message["Subject"] == "Privacy: version 1.5 takes effect on May 1, 2024"
    assert text.startswith("Dear Jun,\n") and '<html lang="en">' in html
    assert "Read the new version: https://policies.example.com/privacy/versions/1.5/\n" in text

    # From 1.3: the sections and counts of 1.3 to 1.5, and the changes/1.3/ page.
    _, text, html = messages["thirteen@example.com"]
    assert "You last accepted version 1.3." in text
    assert "- Added: Cookies <https://policies.example.com/privacy/versions/1.5/changes/1.3/#cookies>" in text
    assert "- Added: Retention <https://policies.example.com/privacy/versions/1.5/changes/1.3/#retention>" in text
    assert "See every change, marked: https://policies.example.com/privacy/versions/1.5/changes/1.3/\n" in text
    assert (root / "site" / "privacy" / "versions" / "1.5" / "changes" / "1.3" / "index.html").is_file()

    # No `accepted`, and a cell that cannot be read: the previous version, as before.
    for address in ("plain@example.com", "broken@example.com"):
        _, text, _ = messages[address]
        assert "You last accepted" not in text and "Cookies" not in text
        assert "- Added: Retention <https://policies.example.com/privacy/versions/1.5/changes/#retention>" in text
        assert "See every change, marked: https://policies.example.com/privacy/versions/1.5/changes/\n" in text

    status = run(root, "notify", "--status").stdout
    assert status.splitlines()[1].split() == ["privacy/1.5", "6", "0", "0", "0", "6"]
    assert "privacy/1.5: by language: en 6; compared from: 1.3 2, 1.4 4" in status
