"""Every page on a phone (390 px) and a desktop (1280 px), light and dark, in headless Chromium
(Debian's, driven by Playwright): nothing scrolls sideways, every text is at WCAG AA contrast on
its background (computed from the styles the browser applied), the contents links land on their
headings, the section links show on hover and focus, and the navigation marks the page it is on.
The same for the notice email. Pages of the sample site and of a site made to be hard to lay out
(screens_site.py). Screenshots of each kind of page go to POLICYSITE_SCREENSHOTS when it is set."""
import email
import email.policy
import functools
import http.server
import os
import pathlib
import threading

import pytest

from conftest import CHROMIUM, sample_copy
from notify_site import run
import screens_site

WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}
SCHEMES = ("light", "dark")

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs chromium (scripts/setup)")

# Each text node's colour against the background it sits on: the element's own background, else
# the nearest ancestor's, alpha-blended down to the page. Text that is not drawn (no box, hidden,
# transparent) is skipped. Large text (24 px, or 18.66 px bold) needs 3:1, other text 4.5:1.
CONTRAST = """() => {
  const parse = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, bottom) => ({r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
                                  b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const background = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let colour = {r: 255, g: 255, b: 255, a: 1};
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const drawn = (element) => {
    if (element.getClientRects().length === 0) return false;
    for (let e = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
      if (style.clip === 'rect(0px, 0px, 0px, 0px)') return false;
    }
    return true;
  };
  const failures = [];
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const element = node.parentElement;
    if (!drawn(element)) continue;
    const style = getComputedStyle(element);
    const back = background(element);
    const fore = over(parse(style.color), back);
    const [light, dark] = [luminance(fore), luminance(back)].sort((x, y) => y - x);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
    checked += 1;
    if (ratio < needed) failures.push(`${element.tagName.toLowerCase()}.${element.className} "${node.textContent.trim().slice(0, 40)}": ${ratio.toFixed(2)} < ${needed} (${style.color} on ${JSON.stringify(back)})`);
  }
  return {checked, failures};
}"""

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter((e) => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5) && !e.closest('.visually-hidden, .skip-link, pre, .ps-text table, .redline table');
  }).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)}`);
  return {scrollWidth: document.documentElement.scrollWidth, width, wide};
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: pathlib.Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def page_paths(site: pathlib.Path) -> list[str]:
    folders = (p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return sorted("/" if folder == "." else f"/{folder}/" for folder in folders) + ["/404.html"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The sample site as of 2010-08-01 (Plimus 1.5 upcoming) and the hard site, each served on
    loopback: name -> (base URL, output folder, site root)."""
    work = tmp_path_factory.mktemp("screens")
    sample = sample_copy(work / "sample")
    run(sample, "build", "--as-of", "2010-08-01")
    hard = screens_site.make_site(work / "hard")
    servers, found = [], {}
    for name, root in (("sample", sample), ("hard", hard)):
        server = serve(root / "site")
        servers.append(server)
        found[name] = (f"http://127.0.0.1:{server.server_address[1]}", root / "site", root)
    yield found
    for server in servers:
        server.shutdown()


def new_page(browser, width: str, scheme: str):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme, device_scale_factor=1)
    return context, context.new_page()


def screenshots_folder() -> pathlib.Path | None:
    folder = os.environ.get("POLICYSITE_SCREENSHOTS")
    if not folder:
        return None
    path = pathlib.Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["sample", "hard"])
def test_every_page_fits_and_reads_at_aa_contrast(sites, browser, name, width, scheme):
    base, site, _ = sites[name]
    paths = page_paths(site)
    assert len(paths) >= (14 if name == "sample" else 12)
    context, page = new_page(browser, width, scheme)
    problems = []
    for path in paths:
        response = page.goto(base + path, wait_until="load")
        assert response.status == 200, path
        overflow = page.evaluate(OVERFLOW)
        if overflow["scrollWidth"] > overflow["width"] or overflow["wide"]:
            problems.append(f"{path}: {overflow['scrollWidth']} px wide in {overflow['width']}: {overflow['wide']}")
        contrast = page.evaluate(CONTRAST)
        assert contrast["checked"] > 5, path
        problems += [f"{path}: {failure}" for failure in contrast["failures"]]
    context.close()
    assert problems == []


def test_the_checks_can_fail(sites, browser):
    """The overflow and contrast checks see a page that scrolls sideways and grey on grey."""
    context, page = new_page(browser, "phone", "light")
    page.set_content('<body style="margin:0"><p style="width:600px;color:#999;background:#aaa">wide, faint</p></body>')
    assert page.evaluate(OVERFLOW)["scrollWidth"] > 390
    assert page.evaluate(CONTRAST)["failures"]
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_contents_links_land_on_their_headings(sites, browser, width):
    context, page = new_page(browser, width, "light")
    landed = 0
    for name in ("sample", "hard"):
        base, site, _ = sites[name]
        for path in page_paths(site):
            if "/changes/" in path or path.count("/") < 2:
                continue
            page.goto(base + path, wait_until="load")
            links = page.locator(".ps-contents a")
            for index in range(links.count()):
                link = links.nth(index)
                target = link.get_attribute("href")
                link.click()
                state = page.evaluate("""(id) => {
                  const heading = document.getElementById(id);
                  const box = heading.getBoundingClientRect();
                  return {hash: decodeURIComponent(location.hash), tag: heading.tagName, top: box.top,
                          visible: box.top >= -1 && box.bottom <= innerHeight + 1,
                          atBottom: scrollY + innerHeight >= document.documentElement.scrollHeight - 2,
                          target: heading.matches(':target')}
                }""", target[1:])
                assert state["hash"] == target and state["target"], (path, target, state)
                assert state["tag"] in ("H2", "H3", "H4"), (path, target, state)
                # At the top of the window, or as near as the end of the page lets it come.
                assert state["visible"] and (state["top"] < 40 or state["atBottom"]), (path, target, state)
                landed += 1
    context.close()
    assert landed >= 20


def test_contents_beside_the_text_on_a_desktop_and_above_it_on_a_phone(sites, browser):
    base, _, _ = sites["sample"]
    for width in WIDTHS:
        context, page = new_page(browser, width, "light")
        page.goto(base + "/plimus/versions/1.4/", wait_until="load")
        contents = page.locator(".ps-contents").bounding_box()
        text = page.locator(".ps-text").bounding_box()
        if width == "desktop":
            assert contents["x"] >= text["x"] + text["width"], "beside the text"
            page.mouse.wheel(0, 2000)
            page.wait_for_timeout(100)
            assert 0 <= page.locator(".ps-contents").bounding_box()["y"] < 100, "stays in view"
        else:
            assert contents["y"] + contents["height"] <= text["y"], "above the text"
        context.close()


def test_section_links_show_on_hover_and_focus(sites, browser):
    base, _, _ = sites["hard"]
    context, page = new_page(browser, "desktop", "light")
    page.goto(base + "/terms-of-service-for-customers-in-the-european-economic-area/versions/2024-05/", wait_until="load")
    headings = page.locator(".ps-text :is(h2, h3)")
    assert headings.count() >= 5
    # The marker: the "#" after the heading's text, or the whole link after a heading that holds a link.
    marker = """(a) => {
      if (!a.classList.contains('ps-section-link-after')) return getComputedStyle(a, '::after').visibility;
      return getComputedStyle(a).opacity === '0' ? 'hidden' : 'visible';
    }"""
    for index in range(headings.count()):
        heading = headings.nth(index)
        link = heading.locator("a.ps-section-link")
        assert link.count() == 1
        assert link.get_attribute("href") == "#" + heading.get_attribute("id")
        page.mouse.move(0, 0)
        assert link.evaluate(marker) == "hidden"
        heading.hover()
        assert link.evaluate(marker) == "visible"
    # A heading that holds a link gets its own link after it, reached by the keyboard.
    after = page.locator(".ps-section-link-after")
    assert after.count() == 1
    page.mouse.move(0, 0)
    page.locator("#ps-contents-heading").click()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ps-section-link-after')"):
            break
    assert after.evaluate(marker) == "visible"
    context.close()


def test_navigation_marks_the_page_it_is_on(sites, browser):
    base, _, _ = sites["sample"]
    context, page = new_page(browser, "desktop", "light")
    expected = {"/": "Sample Policies", "/plimus/": "Plimus Privacy Policy", "/plimus/versions/": "Version history",
                "/plimus/versions/1.4/": None}
    for path, current in expected.items():
        page.goto(base + path, wait_until="load")
        marked = page.locator("header [aria-current='page']")
        if current is None:
            assert marked.count() == 0
        else:
            assert marked.count() == 1 and marked.inner_text() == current, path
            assert page.evaluate("(a) => new URL(a.href).pathname", marked.element_handle()) == path
    context.close()


def test_old_versions_say_which_they_are(sites, browser):
    base, _, _ = sites["sample"]
    context, page = new_page(browser, "phone", "light")
    page.goto(base + "/plimus/versions/1.3/", wait_until="load")
    assert page.locator("h1").inner_text() == "Plimus Privacy Policy, version 1.3"
    page.goto(base + "/plimus/", wait_until="load")
    assert page.locator("h1").inner_text() == "Plimus Privacy Policy"
    # The current page names the version of each note: the upcoming one's and its own.
    banner = page.locator(".banner-upcoming").inner_text()
    assert "version 1.5 takes effect" in banner and "replaces version 1.4" in banner
    assert page.locator(".version-summary").inner_text().startswith("What changed in version 1.4 since version 1.3:")
    context.close()


def test_labels_do_not_break_inside(sites, browser):
    """A label that fits on a line is on one line, on a phone too ("2024-05" broke at its hyphen)."""
    for name, path in (("sample", "/planet-mirror/versions/"), ("hard", "/terms-of-service-for-customers-in-the-european-economic-area/versions/")):
        base, _, _ = sites[name]
        for width in WIDTHS:
            context, page = new_page(browser, width, "light")
            page.goto(base + path, wait_until="load")
            labels = page.locator(".ps-label")
            assert labels.count() >= 2
            for index in range(labels.count()):
                label = labels.nth(index)
                lines = label.evaluate("(e) => { const r = document.createRange(); r.selectNodeContents(e); return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size; }")
                fits = label.evaluate("(e) => { const s = document.createElement('span'); s.style.whiteSpace = 'nowrap'; s.textContent = e.textContent; e.parentElement.append(s); const w = s.getBoundingClientRect().width; s.remove(); return w <= e.parentElement.getBoundingClientRect().width; }")
                if fits:
                    assert lines == 1, (name, width, label.inner_text())
            context.close()


def test_history_is_a_table_on_a_desktop_and_cards_on_a_phone(sites, browser):
    base, _, _ = sites["sample"]
    for width, display in (("desktop", "table-row"), ("phone", "block")):
        context, page = new_page(browser, width, "light")
        page.goto(base + "/plimus/versions/", wait_until="load")
        assert page.locator("table.history tbody tr").first.evaluate("(e) => getComputedStyle(e).display") == display
        hidden = page.locator("table.history thead").evaluate("(e) => getComputedStyle(e).clip")
        assert (hidden == "rect(0px, 0px, 0px, 0px)") == (width == "phone"), "the column headings go on a phone"
        context.close()


def test_the_notice_email_fits_and_names_the_organization(sites, browser, tmp_path):
    _, _, root = sites["hard"]
    run(root, "notify", "--preview", str(tmp_path / "mail"))
    messages = sorted((tmp_path / "mail").glob("*.eml"))
    assert messages
    for file in messages:
        message = email.message_from_bytes(file.read_bytes(), policy=email.policy.default)
        html = message.get_body(("html",)).get_content()
        text = message.get_body(("plain",)).get_content()
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        for part in (html, text):
            assert "Example Widgets International Holdings, Incorporated has published" in part
            assert "Example Widgets — Legal has published" not in part
        for width in WIDTHS:
            for scheme in SCHEMES:
                context, page = new_page(browser, width, scheme)
                page.set_content(html)
                overflow = page.evaluate(OVERFLOW)
                assert overflow["scrollWidth"] <= overflow["width"] and not overflow["wide"], (file.name, width, overflow)
                assert page.evaluate(CONTRAST)["failures"] == [], (file.name, width, scheme)
                if shots := screenshots_folder():
                    page.screenshot(path=str(shots / f"email-{width}-{scheme}.png"), full_page=True)
                context.close()


KINDS = {
    "index": ("sample", "/"),
    "policy": ("sample", "/plimus/"),
    "history": ("sample", "/plimus/versions/"),
    "version": ("sample", "/plimus/versions/1.4/"),
    "changes": ("sample", "/plimus/versions/1.5/changes/"),
    "404": ("sample", "/404.html"),
    "long-history": ("hard", "/terms-of-service-for-customers-in-the-european-economic-area/versions/"),
    "long-version": ("hard", "/terms-of-service-for-customers-in-the-european-economic-area/versions/v3.0.0-release-candidate-2/"),
}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_each_kind_of_page(sites, browser, width, scheme, tmp_path):
    shots = screenshots_folder() or tmp_path
    context, page = new_page(browser, width, scheme)
    for kind, (name, path) in KINDS.items():
        page.goto(sites[name][0] + path, wait_until="load")
        image = page.screenshot(path=str(shots / f"{kind}-{width}-{scheme}.png"), full_page=True)
        assert image.startswith(b"\x89PNG") and len(image) > 5_000
        # The scheme applied: the page's background is light or dark as asked.
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        channels = [int(c) for c in background[background.index("(") + 1:background.index(")")].split(",")[:3]]
        assert (sum(channels) > 600) == (scheme == "light"), (kind, background)
    context.close()
