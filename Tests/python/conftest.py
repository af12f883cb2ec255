"""Builds the repository's sample site with the policysite binary that `swift test` built, once
per test session, into temporary folders, for checks with real parsers."""
import os
import pathlib
import shutil
import subprocess

import pytest

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
# Debian's Chromium, which the browser tests drive through Playwright.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def policysite_binary() -> pathlib.Path:
    if "POLICYSITE_BIN" in os.environ:
        return pathlib.Path(os.environ["POLICYSITE_BIN"])
    bin_dir = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPOSITORY, check=True,
                             capture_output=True, text=True).stdout.strip()
    return pathlib.Path(bin_dir) / "policysite"


def sample_copy(folder: pathlib.Path) -> pathlib.Path:
    """A copy of the sample site's sources, so that a build's lock and outbox stay out of the repository."""
    shutil.copytree(REPOSITORY / "policies", folder / "policies")
    for name in ("policysite.yml", "policysite.lock", "users.csv"):
        shutil.copy(REPOSITORY / name, folder / name)
    return folder


def build(output: pathlib.Path, as_of: str, root: pathlib.Path) -> pathlib.Path:
    result = subprocess.run([str(policysite_binary()), "build", "--root", str(root), "--output", str(output),
                             "--as-of", as_of], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return output


# 2010-08-01: Plimus 1.5 is published and upcoming; 2026-11-22: everything is in effect.
@pytest.fixture(scope="session", params=["2010-08-01", "2026-11-22"])
def site(request, tmp_path_factory) -> pathlib.Path:
    root = sample_copy(tmp_path_factory.mktemp("sample"))
    return build(root / "site", request.param, root)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one test module."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()
