"""The output folder under real operations (issue 11, case 13 and the build lock): builds killed
with SIGKILL at random moments always leave a whole site and the next build removes what they
left; two real builds at once; serve's preview folder on SIGINT, SIGTERM and SIGKILL."""
import hashlib
import os
import pathlib
import random
import signal
import subprocess
import time

import pytest

from conftest import policysite_binary


def big_site(root: pathlib.Path, policies=2, versions=12) -> pathlib.Path:
    """A site whose build takes long enough to be killed in the middle of it."""
    (root / "policies").mkdir(parents=True)
    (root / "policysite.yml").write_text("title: Big\nbase_url: https://example.com/\n")
    for p in range(policies):
        folder = root / "policies" / f"policy{p}"
        folder.mkdir()
        (folder / "policy.yml").write_text(f"title: Policy {p}\n")
        for v in range(1, versions + 1):
            sections = "\n\n".join(
                f"## Section {s}\n\n" + " ".join(f"Clause {s}.{w} of version {v if (s + w) % 7 == v % 7 else 1}." for w in range(60))
                for s in range(20))
            (folder / f"{v}.md").write_text(f"---\nversion: \"{v}\"\neffective: {1990 + v}-01-01\nmaterial: false\n---\n# Policy {p}\n\n{sections}\n")
    return root


def build(root, *args):
    return subprocess.run([str(policysite_binary()), "build", "--root", str(root), "--as-of", "2026-01-01", *args],
                          capture_output=True, text=True)


def tree(folder: pathlib.Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def leftovers(root: pathlib.Path) -> list:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site.policysite-"))


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    root = big_site(tmp_path_factory.mktemp("big"))
    started = time.monotonic()
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root, tree(root / "site"), time.monotonic() - started


def test_a_build_killed_at_any_moment_leaves_a_whole_site_and_the_next_build_cleans_up(big):
    root, whole, seconds = big
    random.seed(11)
    killed_with_leftovers = 0
    for _ in range(10):
        # --no-cache: a full build every time, as long as the first (a warm one would end before the kill).
        process = subprocess.Popen([str(policysite_binary()), "build", "--root", str(root), "--as-of", "2026-01-01", "--no-cache"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0.02, seconds * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert (root / "site").is_dir(), "a killed build left no site"
        assert tree(root / "site") == whole, "a killed build left half a site"
        killed_with_leftovers += bool(leftovers(root))
    assert killed_with_leftovers > 0, "no kill landed during a build; the test proves nothing"
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert leftovers(root) == [], "the next build removes what killed builds left"
    assert tree(root / "site") == whole


def test_a_second_build_at_the_same_time_says_which_process_holds_the_lock(tmp_path):
    # A site whose build lasts about a second, well beyond a second build's start.
    root = big_site(tmp_path / "site", policies=8)
    first = subprocess.Popen([str(policysite_binary()), "build", "--root", str(root), "--as-of", "2026-01-01"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = root / ".policysite" / "build.lock"
    deadline = time.time() + 20
    while time.time() < deadline and not (lock.exists() and lock.read_text().startswith(f"{first.pid} ")):
        time.sleep(0.005)
    second = build(root)
    first_out, first_err = first.communicate(timeout=120)
    assert first.returncode == 0, first_err
    assert second.returncode == 1
    assert f"another build of this site is running (process {first.pid}, since " in second.stderr
    assert "wait until it has finished, then build again" in second.stderr
    # The kernel released the lock with the first build; a build killed while holding it frees it too.
    assert build(root).returncode == 0
    killed = subprocess.Popen([str(policysite_binary()), "build", "--root", str(root), "--as-of", "2026-01-01"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while time.time() < deadline and not lock.read_text().startswith(f"{killed.pid} "):
        time.sleep(0.005)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert build(root).returncode == 0


def previews(tmp: pathlib.Path) -> list:
    return sorted(p.name for p in tmp.iterdir() if p.name.startswith("policysite-preview-"))


def serve(root, tmp, port):
    process = subprocess.Popen([str(policysite_binary()), "serve", "--root", str(root), "--port", str(port), "--as-of", "2010-08-01"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(tmp)})
    deadline = time.time() + 60
    while time.time() < deadline:
        mine = [name for name in previews(tmp) if name.startswith(f"policysite-preview-{process.pid}-")]
        if mine and (tmp / mine[0] / "site" / "index.html").exists():
            return process, mine[0]
        time.sleep(0.05)
    process.kill()
    raise AssertionError("serve did not build its preview")


@pytest.mark.parametrize("number,status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_serve_removes_its_preview_folder_on_sigint_and_sigterm(tmp_path, number, status):
    from conftest import sample_copy
    from test_browser import free_port
    root = sample_copy(tmp_path / "sample")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    process, folder = serve(root, tmp, free_port())
    assert (tmp / folder).stat().st_mode & 0o777 == 0o700
    process.send_signal(number)
    assert process.wait(timeout=10) == status
    assert previews(tmp) == []


def test_the_next_serve_removes_the_folder_of_a_killed_one(tmp_path):
    from conftest import sample_copy
    from test_browser import free_port
    root = sample_copy(tmp_path / "sample")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    killed, folder = serve(root, tmp, free_port())
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert previews(tmp) == [folder]
    second, mine = serve(root, tmp, free_port())
    assert previews(tmp) == [mine]
    second.terminate()
    second.wait(timeout=10)
    assert previews(tmp) == []


def test_a_full_disk_is_one_error_and_leaves_the_site_as_it_was(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        root = big_site(tmp_path / "site", policies=1, versions=4)
        (root / "policies" / "policy0" / "4.md").unlink()
        output = disk / "out"
        assert build(root, "--output", str(output)).returncode == 0
        before = tree(output)
        big_site(tmp_path / "more", policies=3, versions=12)
        for folder in (tmp_path / "more" / "policies").iterdir():
            if folder.name != "policy0":
                folder.rename(root / "policies" / folder.name)
        (tmp_path / "more" / "policies" / "policy0" / "4.md").rename(root / "policies" / "policy0" / "4.md")
        full = build(root, "--output", str(output))
        assert full.returncode == 1
        errors = [line for line in full.stderr.splitlines() if ": error: " in line]
        assert len(errors) == 1, full.stderr
        assert errors[0].startswith(f"{output}: error: cannot write ") and "free some space" in errors[0]
        assert tree(output) == before, "the previous site stays whole"
        assert not [p for p in disk.iterdir() if p.name.startswith(".out.policysite-")], "no staging folder is left on the full disk"
    finally:
        subprocess.run(["umount", str(disk)], check=True)
