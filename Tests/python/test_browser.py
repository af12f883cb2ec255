"""End to end: the sample site, built and published with policysite publish, served by nginx on
loopback with the server block deploy/nginx-policysite.conf (see docs/publishing.md), and read by
headless Chromium (Debian's, driven by Playwright): pages, console, links, content types, cache
headers, screenshots, and the print stylesheet in a PDF."""
import os
import pathlib
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import CHROMIUM, REPOSITORY, policysite_binary, sample_copy

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PAGES = {
    "index": "/",
    "policy": "/plimus/",
    "history": "/plimus/versions/",
    "version": "/plimus/versions/1.4/",
    "changes": "/plimus/versions/1.5/changes/",
}

pytestmark = pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(NGINX)), reason="needs chromium and nginx (scripts/setup)")


def free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The published sample site behind nginx: its base URL."""
    work = tmp_path_factory.mktemp("browser")
    root = sample_copy(work / "sample")
    binary = str(policysite_binary())
    # As of 2010-08-01 the site has an upcoming version to show; publishing a site built as of
    # another day than today has to be asked for.
    for command in (["build", "--as-of", "2010-08-01"], ["publish", str(work / "www"), "--allow-as-of"]):
        result = subprocess.run([binary, *command, "--root", str(root)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    port = free_port()
    server = (REPOSITORY / "deploy" / "nginx-policysite.conf").read_text()
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("root /var/www/policies;", f"root {work / 'www'};")
    (work / "logs").mkdir()
    config = work / "nginx.conf"
    config.write_text(f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {work / 'nginx.pid'};
error_log {work / 'logs' / 'error.log'};
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work / 'logs'};
    proxy_temp_path {work / 'logs'};
    fastcgi_temp_path {work / 'logs'};
    uwsgi_temp_path {work / 'logs'};
    scgi_temp_path {work / 'logs'};
{server}
}}
""")
    nginx = subprocess.Popen([NGINX, "-c", str(config), "-p", str(work), "-g", "daemon off;"], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    nginx.terminate()
    nginx.wait()


def fetch(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize("name", PAGES)
def test_each_page_loads_without_console_errors(served, browser, name, tmp_path_factory):
    page = browser.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    response = page.goto(served + PAGES[name], wait_until="networkidle")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert problems == []
    shots = pathlib.Path(os.environ.get("POLICYSITE_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    image = page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert image.startswith(b"\x89PNG") and len(image) > 10_000
    # The stylesheet applied: the body font is the theme's, not the browser's default.
    assert "serif" in page.evaluate("getComputedStyle(document.body).fontFamily").lower()
    page.close()


def test_no_internal_link_is_broken_over_http(served):
    seen, queue, checked = set(), ["/"], 0
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        status, headers, body = fetch(served + path)
        assert status == 200, path
        checked += 1
        if not headers.get("Content-Type", "").startswith("text/html"):
            continue
        html = body.decode("utf-8")
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        for link in re.findall(r'\b(?:href|src)="([^"]+)"', html):
            url = urllib.parse.urlsplit(urllib.parse.urljoin(served + path, link.replace("&amp;", "&")))
            if url.netloc != urllib.parse.urlsplit(served).netloc:
                continue
            if url.path == path and url.fragment:
                assert url.fragment in ids, f"{path}: #{url.fragment}"
            queue.append(url.path)
    assert checked >= 15


def test_content_types_cache_headers_and_the_404_page(served):
    expectations = {
        "/": ("text/html", "max-age=300"),
        "/plimus/versions/1.4/": ("text/html", "max-age=31536000"),
        "/feed.xml": ("application/atom+xml", "max-age=300"),
        "/plimus/feed.xml": ("application/atom+xml", "max-age=300"),
        "/policies.json": ("application/json", "max-age=300"),
        "/sitemap.xml": ("xml", None),
        "/assets/style.css": ("text/css", "max-age=86400"),
    }
    for path, (content_type, cache) in expectations.items():
        status, headers, _ = fetch(served + path)
        assert status == 200, path
        assert content_type in headers["Content-Type"], path
        if cache:
            assert cache in headers.get("Cache-Control", ""), path
    status, headers, body = fetch(served + "/plimus/versions/9.9/")
    assert status == 404 and b"Page not found" in body
    # The 404 page links from the site root, so it works at any depth.
    assert b'href="/assets/style.css"' in body


def test_the_print_stylesheet_prints_a_version(served, browser, tmp_path):
    page = browser.new_page()
    page.goto(served + PAGES["version"], wait_until="networkidle")
    page.emulate_media(media="print")
    assert page.locator(".permalink").is_visible(), "the permanent address is printed"
    assert not page.locator(".site-header nav").is_visible(), "navigation is not printed"
    pdf = page.pdf(path=str(tmp_path / "version.pdf"), format="A4")
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5_000
    page.emulate_media(media="screen")
    assert not page.locator(".permalink").is_visible()
    page.close()
