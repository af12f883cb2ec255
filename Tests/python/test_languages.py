"""A site in three languages (English, German, Arabic), with a missing translation and a late
one, built by the policysite binary and read as browsers, feed readers and crawlers read it."""
import hashlib
import http.server
import json
import pathlib
import subprocess
import threading

import feedparser
import html5lib
import pytest
from lxml import etree

from conftest import policysite_binary

BASE_URL = "https://policies.example.com/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SCHEMA = pathlib.Path(__file__).with_name("sitemap-0.9.xsd")
XHTML_LINK_SCHEMA = pathlib.Path(__file__).with_name("sitemap-xhtml-link.xsd")

CONFIG = """title: Example Policies
base_url: https://policies.example.com/
languages: [en, de, ar]
"""

ORIGINALS = {
    "1.0.md": """---
version: "1.0"
effective: 2020-01-01
title: Privacy Policy
summary: The first version.
---
# Privacy Policy

## What we collect

We collect your email address.

## Your rights

You may ask us to delete it.
""",
    "1.1.md": """---
version: "1.1"
effective: 2021-03-01
published: 2021-01-15
title: Privacy Policy
summary: Adds cookies.
---
# Privacy Policy

## What we collect

We collect your email address and a cookie.

## Your rights

You may ask us to delete them.
""",
}

GERMAN = {
    "1.0.de.md": """---
title: Datenschutzerklärung
summary: Die erste Fassung.
effective: 2020-01-01
---
# Datenschutzerklärung

## Was wir erheben

Wir erheben Ihre E-Mail-Adresse.

## Ihre Rechte

Sie können die Löschung verlangen.
""",
    "1.1.de.md": """---
title: Datenschutzerklärung
summary: Fügt Cookies hinzu.
---
# Datenschutzerklärung

## Was wir erheben

Wir erheben Ihre E-Mail-Adresse und ein Cookie.

## Ihre Rechte

Sie können die Löschung verlangen.
""",
}

# Added after the first build: a late translation. 1.1 has none in Arabic: a missing one.
ARABIC = """---
title: سياسة الخصوصية
---
# سياسة الخصوصية

## ما نجمعه

نجمع عنوان بريدك الإلكتروني.
"""


def run(root, *arguments):
    return subprocess.run([str(policysite_binary()), *arguments, "--root", str(root)], capture_output=True, text=True)


def make_site(root: pathlib.Path):
    (root / "policies" / "privacy").mkdir(parents=True)
    (root / "policysite.yml").write_text(CONFIG)
    for name, text in {**ORIGINALS, **GERMAN}.items():
        (root / "policies" / "privacy" / name).write_text(text)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("languages"))
    first = run(root, "build", "--as-of", "2021-02-01")
    assert first.returncode == 0, first.stderr
    (root / "policies" / "privacy" / "1.0.ar.md").write_text(ARABIC)
    second = run(root, "build", "--as-of", "2021-04-01")
    assert second.returncode == 0, second.stderr
    return root, first, second


def parse_html(path):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(path.read_bytes(), transport_encoding="utf-8")


def test_missing_translation_is_a_warning_naming_the_file(built):
    _, first, second = built
    assert "policies/privacy/1.1.md" in second.stderr and "1.1.ar.md" in second.stderr
    assert "warning" in second.stderr


def test_every_page_in_every_language_parses_and_says_its_language(built):
    site = built[0] / "site"
    expected = {"": ("en", None), "de": ("de", None), "ar": ("ar", "rtl")}
    for prefix, (language, direction) in expected.items():
        folder = site / prefix if prefix else site
        found = [page for page in folder.rglob("index.html") if prefix or page.relative_to(site).parts[0] not in ("de", "ar")]
        assert len(found) >= 6, prefix
        for page in found:
            document = parse_html(page)
            html = document if document.tag == "html" else document.find(".//html")
            root = document.getroot() if hasattr(document, "getroot") else document
            assert root.get("lang") == language, page
            assert root.get("dir") == direction, page
            alternates = {link.get("hreflang"): link.get("href") for link in root.iter("link") if link.get("hreflang")}
            assert set(alternates) == {"en", "de", "ar", "x-default"}, page
            folder_path = page.parent.relative_to(site).as_posix()
            own = "" if folder_path == "." else folder_path + "/"
            assert alternates[language] == BASE_URL + own, page


def test_translated_pages_show_the_translation_and_the_authoritative_note(built):
    site = built[0] / "site"
    page = parse_html(site / "de" / "privacy" / "versions" / "1.0" / "index.html")
    text = "".join(page.itertext())
    assert "Wir erheben Ihre E-Mail-Adresse." in text
    assert "englische" in text.lower() or "englisch" in text.lower()
    assert "1. Januar 2020" in text, "German dates"
    assert "Datenschutzerklärung" in page.find(".//h1").text


def test_a_version_without_translation_shows_the_authoritative_text_with_a_note(built):
    site = built[0] / "site"
    page = parse_html(site / "ar" / "privacy" / "versions" / "1.1" / "index.html")
    note = [p for p in page.iter("p") if p.get("class") == "ps-translation-note"]
    assert note and note[0].text
    text_div = [div for div in page.iter("div") if div.get("class") == "ps-text"][0]
    assert text_div.get("lang") == "en"
    assert "We collect your email address and a cookie." in "".join(text_div.itertext())


def test_changes_pages_compare_translation_with_translation(built):
    site = built[0] / "site"
    page = parse_html(site / "de" / "privacy" / "versions" / "1.1" / "changes" / "index.html")
    inserted = " ".join("".join(element.itertext()) for element in page.iter("ins"))
    assert "Cookie" in inserted


def test_feeds_per_language(built):
    site = built[0] / "site"
    for prefix, language in (("", "en"), ("de/", "de"), ("ar/", "ar")):
        feed = feedparser.parse((site / prefix / "feed.xml").read_bytes())
        assert not feed.bozo, prefix
        assert feed.feed.language == language
        assert len(feed.entries) == 2
        assert all(entry.link.startswith(BASE_URL + prefix + "privacy/versions/") for entry in feed.entries)
        policy_feed = feedparser.parse((site / prefix / "privacy" / "feed.xml").read_bytes())
        assert not policy_feed.bozo and len(policy_feed.entries) == 2
    german = feedparser.parse((site / "de" / "feed.xml").read_bytes())
    assert any("Datenschutzerklärung" in entry.title for entry in german.entries)


def test_sitemap_is_valid_with_alternates(built):
    site = built[0] / "site"
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    sitemap = etree.parse(str(site / "sitemap.xml"))
    schema.assertValid(sitemap)
    urls = sitemap.findall(f"{SITEMAP}url")
    locations = {url.find(f"{SITEMAP}loc").text for url in urls}
    on_disk = set()
    for page in site.rglob("index.html"):
        folder = page.parent.relative_to(site).as_posix()
        on_disk.add(BASE_URL if folder == "." else f"{BASE_URL}{folder}/")
    assert locations == on_disk
    for url in urls:
        links = url.findall(f"{XHTML}link")
        assert {link.get("hreflang") for link in links} == {"en", "de", "ar", "x-default"}
        assert url.find(f"{SITEMAP}loc").text in {link.get("href") for link in links}


def test_policies_json_lists_translations_with_urls_and_hashes(built):
    root = built[0]
    record = json.loads((root / "site" / "policies.json").read_text())
    assert record["site"]["languages"] == ["en", "de", "ar"]
    versions = {version["version"]: version for version in record["policies"][0]["versions"]}
    assert set(versions["1.0"]["translations"]) == {"de", "ar"}
    assert set(versions["1.1"]["translations"]) == {"de"}
    german = versions["1.0"]["translations"]["de"]
    assert german["url"] == BASE_URL + "de/privacy/versions/1.0/"
    body = (root / "policies" / "privacy" / "1.0.de.md").read_text().split("---\n", 2)[2]
    assert german["sha256"] == hashlib.sha256(body.encode()).hexdigest()
    assert german["title"] == "Datenschutzerklärung"


def test_the_lock_records_each_translation_and_the_late_one_on_its_own_day(built):
    lock = json.loads((built[0] / "policysite.lock").read_text())
    entry = lock["policies"]["privacy"]["1.0"]
    assert entry["translations"]["de"]["recorded"] == "2021-02-01"
    assert entry["translations"]["ar"]["recorded"] == "2021-04-01"
    assert entry["recorded"] == "2021-02-01"


def test_a_changed_recorded_translation_is_an_error_until_corrected(built, tmp_path):
    import shutil
    root = tmp_path / "copy"
    shutil.copytree(built[0], root)
    path = root / "policies" / "privacy" / "1.0.de.md"
    path.write_text(path.read_text().replace("E-Mail-Adresse.", "E-Mail-Adresse!"))
    before = (root / "policysite.lock").read_bytes()
    refused = run(root, "build", "--as-of", "2021-04-02")
    assert refused.returncode != 0
    assert "policies/privacy/1.0.de.md:" in refused.stderr and "--correct privacy/1.0" in refused.stderr
    assert (root / "policysite.lock").read_bytes() == before
    corrected = run(root, "build", "--as-of", "2021-04-02", "--correct", "privacy/1.0", "--reason", "typo")
    assert corrected.returncode == 0, corrected.stderr
    lock = json.loads((root / "policysite.lock").read_text())
    assert lock["policies"]["privacy"]["1.0"]["translations"]["de"]["corrections"][0]["reason"] == "typo"


@pytest.mark.parametrize("name, text, expected", [
    ("1.0.de.md", "---\ntitle: X\neffective: 2020-01-02\n---\nText\n", "1.0.de.md:3: error: 'effective' is 2020-01-02 here and 2020-01-01"),
    ("1.0.fr.md", "---\ntitle: X\n---\nText\n", "1.0.fr.md: error: 'fr' is not one of the site's languages"),
    ("2.0.de.md", "---\ntitle: X\n---\nText\n", "2.0.de.md: error: a translation of a version that does not exist"),
])
def test_translation_source_errors(tmp_path, name, text, expected):
    root = make_site(tmp_path)
    (root / "policies" / "privacy" / name).write_text(text)
    result = run(root, "build", "--as-of", "2021-02-01")
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr
    assert not (root / "site").exists() and not (root / "policysite.lock").exists()


def test_require_translations_makes_a_missing_one_an_error(tmp_path):
    root = make_site(tmp_path)
    (root / "policysite.yml").write_text(CONFIG + "require_translations: true\n")
    result = run(root, "build", "--as-of", "2021-02-01")
    assert result.returncode != 0
    assert "policies/privacy/1.0.md: error:" in result.stderr and "require_translations" in result.stderr


@pytest.fixture(scope="module")
def served(built):
    site = built[0] / "site"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *arguments, **keywords):
            super().__init__(*arguments, directory=str(site), **keywords)

        def log_message(self, *arguments):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_language_switcher_keeps_the_reader_on_the_same_version(served, browser):
    page = browser.new_page()
    page.goto(served + "privacy/versions/1.0/", wait_until="networkidle")
    page.click("nav.ps-languages a[hreflang=de]")
    page.wait_for_load_state("networkidle")
    assert page.url == served + "de/privacy/versions/1.0/"
    assert page.locator("html").get_attribute("lang") == "de"
    page.click("nav.ps-languages a[hreflang=ar]")
    page.wait_for_load_state("networkidle")
    assert page.url == served + "ar/privacy/versions/1.0/"
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.click("nav.ps-languages a[hreflang=en]")
    page.wait_for_load_state("networkidle")
    assert page.url == served + "privacy/versions/1.0/"
    page.close()
