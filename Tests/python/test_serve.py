"""policysite serve: a preview on 127.0.0.1 that rebuilds on change, shows errors in the terminal
and on the page, keeps the last good site, and records nothing."""
import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import policysite_binary, sample_copy
from test_browser import CHROMIUM, free_port


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def wait_for(condition, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.fixture
def serving(tmp_path):
    root = sample_copy(tmp_path / "sample")
    lock = (root / "policysite.lock").read_bytes()
    port = free_port()
    process = subprocess.Popen([str(policysite_binary()), "serve", "--root", str(root), "--port", str(port), "--as-of", "2010-08-01"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"

    def status():
        try:
            return json.loads(get(base + "/__policysite/status")[2])
        except (OSError, ValueError):
            return None

    wait_for(status)
    yield root, base, status
    process.terminate()
    output = process.communicate(timeout=10)[0]
    assert "Serving on http://127.0.0.1:" in output
    assert (root / "policysite.lock").read_bytes() == lock, "a preview records nothing"
    assert not (root / "outbox").exists() and not (root / ".policysite").exists() and not (root / "site").exists()


def test_serves_the_site_with_its_404_page(serving):
    _, base, _ = serving
    status, headers, body = get(base + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and "__policysite/status" in body
    assert get(base + "/plimus/versions/1.4/")[0] == 200
    assert get(base + "/feed.xml")[1]["Content-Type"] == "application/atom+xml"
    status, _, body = get(base + "/no/such/page/")
    assert status == 404 and "Page not found" in body
    assert get(base + "/plimus/versions/1.4")[0] == 200  # redirected to the folder


def test_rebuilds_on_change_and_keeps_the_last_good_site_on_error(serving):
    root, base, status = serving
    first = status()["generation"]
    (root / "policies" / "plimus" / "policy.yml").write_text("title: Plimus Privacy Policy, renamed\n")
    wait_for(lambda: status()["generation"] > first)
    assert "Plimus Privacy Policy, renamed" in get(base + "/")[2]

    (root / "policies" / "plimus" / "9.md").write_text("---\nversion: 9\neffective: 2030-02-30\n---\n# x\n")
    errors = wait_for(lambda: status()["errors"])
    assert any("plimus/9.md:3: error: 'effective' 2030-02-30 is not a real date" in e for e in errors), errors
    assert "Plimus Privacy Policy, renamed" in get(base + "/")[2], "the last good site stays served"

    (root / "policies" / "plimus" / "9.md").unlink()
    wait_for(lambda: not status()["errors"])


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs chromium")
def test_open_pages_reload_and_show_errors(serving):
    from playwright.sync_api import sync_playwright
    root, base, status = serving
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(base + "/plimus/")
        # With nothing changed, the page stays as it is: no reload on the script's first polls.
        page.evaluate("window.policysiteMarker = 1")
        page.wait_for_timeout(2500)
        assert page.evaluate("window.policysiteMarker") == 1, "the page reloaded with no build"
        (root / "policies" / "plimus" / "9.md").write_text("---\nversion: 9\neffective: 2030-02-30\n---\n# x\n")
        page.wait_for_selector("#policysite-errors", timeout=30_000)
        assert "not a real date" in page.inner_text("#policysite-errors")
        (root / "policies" / "plimus" / "9.md").unlink()
        (root / "policies" / "plimus" / "policy.yml").write_text("title: Plimus, reloaded\n")
        page.wait_for_function("document.title.includes('Plimus, reloaded')", timeout=30_000)
        assert page.locator("#policysite-errors").count() == 0
        browser.close()
