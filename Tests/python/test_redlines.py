"""The changes pages read as a reader and a checker would: every page of what changed (from the
version before, and from each earlier version to the current and the upcoming one) resolves to
both of its versions, and its changes-only view shows every change of its whole text."""
import copy
import json
import re

from test_published_site import parse_html

def text(element):
    """An element's text, as a reader sees it: runs of white space as one space."""
    return " ".join("".join(element.itertext()).split())


def classes(element):
    return set((element.get("class") or "").split())


def remove(parent, child):
    """Takes `child` out of `parent`, keeping the text that follows it."""
    index = list(parent).index(child)
    if child.tail:
        if index > 0:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def unwrap(parent, child):
    """Replaces `child` with its content."""
    index = list(parent).index(child)
    children = list(child)
    lead = child.text or ""
    if index > 0:
        parent[index - 1].tail = (parent[index - 1].tail or "") + lead
    else:
        parent.text = (parent.text or "") + lead
    if children:
        children[-1].tail = (children[-1].tail or "") + (child.tail or "")
    elif index > 0:
        parent[index - 1].tail += child.tail or ""
    else:
        parent.text += child.tail or ""
    parent.remove(child)
    for offset, grandchild in enumerate(children):
        parent.insert(index + offset, grandchild)


def resolved(section, keep):
    """The redline's text with every change accepted (keep="ins") or rejected (keep="del")."""
    section = copy.deepcopy(section)
    drop = "del" if keep == "ins" else "ins"
    while True:
        pairs = [(parent, child) for parent in section.iter() for child in parent if child.tag in ("ins", "del")]
        if not pairs:
            return text(section)
        parent, child = pairs[0]
        (remove if child.tag == drop else unwrap)(parent, child)


def version_text(site, policy, segment):
    """A version's text on its own page: its title (without the version the page adds to it) and
    the text itself (`div.ps-text`), leaving out the notes about the version and the contents."""
    article = parse_html(site / policy / "versions" / segment / "index.html").find(".//article")
    title = copy.deepcopy(article.find(".//h1"))
    for parent in list(title.iter()):
        for child in list(parent):
            if "ps-title-version" in classes(child):
                remove(parent, child)
    body = next(element for element in article.iter("div") if "ps-text" in classes(element))
    return " ".join(part for part in (text(title), text(body)) if part)


def changes_pages(site):
    """(page, policy, newer, older) for every page of what changed."""
    record = json.loads((site / "policies.json").read_text())
    found = []
    for policy in record["policies"]:
        segments = [version["url"].rstrip("/").rsplit("/", 1)[-1] for version in policy["versions"]]
        for older, newer in zip(segments, segments[1:]):
            found.append((site / policy["id"] / "versions" / newer / "changes" / "index.html", policy["id"], newer, older))
        for page in sorted((site / policy["id"] / "versions").glob("*/changes/*/index.html")):
            found.append((page, policy["id"], page.parents[2].name, page.parent.name))
    return found


def redline_and_view(page):
    document = parse_html(page)
    full = document.find(".//section[@id='ps-redline']")
    view = document.find(".//section[@id='ps-changes-only']")
    assert full is not None, page
    return full, view


def test_every_changes_page_resolves_to_both_versions(site):
    pages = changes_pages(site)
    assert sum(1 for page in pages if page[0].parent.name != "changes") >= 3, "pages from earlier versions are built"
    for page, policy, newer, older in pages:
        assert page.exists(), page
        full, _ = redline_and_view(page)
        heading = full.find("h2")
        full.remove(heading)  # "The whole text with its changes"
        assert resolved(full, keep="ins") == version_text(site, policy, newer), f"{page}: accepting every change"
        assert resolved(full, keep="del") == version_text(site, policy, older), f"{page}: rejecting every change"


def test_the_changes_only_view_shows_every_change(site):
    for page, _, _, _ in changes_pages(site):
        full, view = redline_and_view(page)
        assert view is not None, f"{page}: the sample's versions all differ"
        marks = lambda section: [(mark.tag, text(mark)) for mark in section.iter() if mark.tag in ("ins", "del")]
        assert marks(view) == marks(full), page
        assert marks(full), page
        changes = [element for element in view.iter() if "ps-change" in classes(element)]
        ids = [change.get("id") for change in changes]
        assert ids == [f"ps:change-{number}" for number in range(1, len(changes) + 1)]
        for number, change in enumerate(changes, start=1):
            links = {a.text: a.get("href") for a in change.iter("a") if "ps-change-nav" in classes(next(change.iter("p")))}
            assert (links.get("Previous change") == f"#ps:change-{number - 1}") == (number > 1), page
            assert (links.get("Next change") == f"#ps:change-{number + 1}") == (number < len(changes)), page
        # Folded: the view is shorter than the whole text, and says how much it left out.
        assert len(text(view)) < len(text(full)), page
        assert any(re.fullmatch(r"\d+ unchanged paragraphs? not shown", text(p)) for p in view.iter("p")), page


def test_the_history_links_to_what_changed_since_each_version(site):
    record = json.loads((site / "policies.json").read_text())
    for policy in record["policies"]:
        history = parse_html(site / policy["id"] / "versions" / "index.html")
        links = [a.get("href") for a in history.iter("a") if "compare" in classes(a)]
        current = [v for v in policy["versions"] if v["status"] == "current"]
        upcoming = [v for v in policy["versions"] if v["status"] == "upcoming"]
        expected = 0
        for target in current + upcoming:
            expected += [v["url"] for v in policy["versions"]].index(target["url"])
        assert len(links) == expected, policy["id"]
        for link in links:
            assert (site / policy["id"] / "versions" / link.replace(f"../../{policy['id']}/versions/", "") / "index.html").exists(), link
