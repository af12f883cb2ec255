"""The built sample site, read as browsers, feed readers and crawlers read it."""
import hashlib
import json
import pathlib
import re
import urllib.parse

import feedparser
import html5lib
from lxml import etree

from conftest import REPOSITORY

SCHEMA = pathlib.Path(__file__).with_name("sitemap-0.9.xsd")
ATOM = "{http://www.w3.org/2005/Atom}"
BASE_URL = "https://policies.example.com/"


def pages(site):
    return sorted(site.rglob("*.html"))


def parse_html(path):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(path.read_bytes(), transport_encoding="utf-8")


def test_every_page_is_well_formed_html(site):
    found = pages(site)
    assert len(found) >= 12
    for page in found:
        document = parse_html(page)  # strict: any parse error raises
        ids = [element.get("id") for element in document.iter() if element.get("id")]
        assert len(ids) == len(set(ids)), f"duplicate ids in {page}"
        assert len(document.findall(".//h1")) == 1, f"{page} has one h1"
        assert document.find(".//main") is not None
        # Marks never stand where only list items or table parts may (strict parsing allows it).
        for container in (element for element in document.iter() if element.tag in ("ul", "ol", "table", "thead", "tbody", "tr")):
            for child in container:
                assert child.tag not in ("ins", "del"), f"{page}: <{child.tag}> directly in <{container.tag}>"


def test_no_internal_link_is_broken(site):
    for page in pages(site):
        document = parse_html(page)
        for element in document.iter():
            for attribute in ("href", "src"):
                link = element.get(attribute)
                if not link or re.match(r"^[a-z]+:", link):
                    continue
                url = urllib.parse.urlsplit(link)
                if url.path.startswith("/"):  # the 404 page links from the site root (base_url's path is /)
                    target = (site / url.path.lstrip("/")).resolve()
                else:
                    target = (page.parent / url.path).resolve() if url.path else page
                if target.is_dir():
                    target = target / "index.html"
                assert target.exists(), f"{page}: {link}"
                if url.fragment and target.suffix == ".html":
                    ids = {e.get("id") for e in parse_html(target).iter()}
                    assert url.fragment in ids, f"{page}: {link}"


def published_versions(site):
    return json.loads((site / "policies.json").read_text())


def test_feeds_parse_as_atom(site):
    record = published_versions(site)
    feeds = [site / "feed.xml"] + [site / policy["id"] / "feed.xml" for policy in record["policies"]]
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
        assert feed.version == "atom10"
        root = etree.parse(str(path)).getroot()
        for required in ("id", "title", "updated", "author"):
            assert root.find(ATOM + required) is not None, f"{path} has {required}"
        for entry in feed.entries:
            assert entry.id.startswith("tag:policies.example.com,")
            assert entry.link.startswith(BASE_URL)
            assert entry.summary
    every = feedparser.parse((site / "feed.xml").read_bytes())
    published = sum(len(policy["versions"]) for policy in record["policies"])
    assert len(every.entries) == published
    ids = [entry.id for entry in every.entries]
    assert len(ids) == len(set(ids))
    days = [entry.updated for entry in every.entries]
    assert days == sorted(days, reverse=True)


def test_feeds_list_upcoming_versions_and_not_scheduled_ones(site):
    record = published_versions(site)
    plimus = feedparser.parse((site / "plimus" / "feed.xml").read_bytes())
    labels = {entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in plimus.entries}
    if record["as_of"] == "2010-08-01":
        assert labels == {"1.3", "1.4", "1.5"}, "1.5 is upcoming and listed"
        assert "Takes effect on September 1, 2010" in plimus.entries[0].summary
    entry_14 = next(entry for entry in plimus.entries if entry.link.endswith("/1.4/"))
    assert entry_14.id == "tag:policies.example.com,2010-01-30:/plimus/versions/1.4/"
    assert entry_14.updated.startswith("2010-01-30")
    assert any(link.rel == "related" and link.href.endswith("/1.4/changes/") for link in entry_14.links)


def test_sitemap_is_valid_and_lists_every_page(site):
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    sitemap = etree.parse(str(site / "sitemap.xml"))
    schema.assertValid(sitemap)
    locations = {element.text for element in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    on_disk = {page_url(site, page) for page in pages(site)}
    assert locations == on_disk


def page_url(site, page):
    folder = page.relative_to(site).parent.as_posix()
    return BASE_URL if folder == "." else f"{BASE_URL}{folder}/"


def body_of(source: pathlib.Path) -> bytes:
    data = source.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = data.split(b"\n")
    assert lines[0].rstrip(b"\r ") == b"---"
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip(b"\r \t") in (b"---", b"..."):
            return b"\n".join(lines[number + 1:])
    raise AssertionError(f"{source}: front matter never closed")


def test_policies_json_hashes_match_the_sources(site):
    record = published_versions(site)
    assert record["schema_version"] == 1
    checked = 0
    for policy in record["policies"]:
        sources = {}
        for path in (REPOSITORY / "policies" / policy["id"]).glob("*.md"):
            label = re.search(r'^version:\s*"?([^"\n]+)"?\s*$', path.read_text(), re.M).group(1)
            sources[label] = path
        for version in policy["versions"]:
            expected = hashlib.sha256(body_of(sources[version["version"]])).hexdigest()
            assert version["sha256"] == expected, version["version"]
            assert version["url"] == f"{BASE_URL}{policy['id']}/versions/{version['segment']}/"
            assert set(version) >= {"version", "segment", "published", "effective", "status", "material",
                                    "summary", "sha256", "url", "changes_url", "changes"}
            checked += 1
    assert checked >= 4
