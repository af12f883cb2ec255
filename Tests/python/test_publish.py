"""policysite publish: releases, the atomic link swap, rollback, refusals, and rsync over a
remote shell."""
import os
import pathlib
import subprocess
import threading
import time

import pytest

from conftest import policysite_binary, sample_copy


# Today, for publish, is the day of SOURCE_DATE_EPOCH: the day the fixture builds as of.
TODAY = {**os.environ, "SOURCE_DATE_EPOCH": "1795348800"}  # 2026-11-22


def run(root, *args, check=True):
    result = subprocess.run([str(policysite_binary()), *args, "--root", str(root)], capture_output=True, text=True, env=TODAY)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def built(tmp_path):
    root = sample_copy(tmp_path / "sample")
    run(root, "build", "--as-of", "2026-11-22")
    return root


def releases(www: pathlib.Path) -> list[str]:
    return sorted(p.name for p in www.parent.joinpath(www.name + ".releases").iterdir() if not p.name.startswith("."))


def test_publish_makes_a_release_and_points_the_link_at_it(built, tmp_path):
    www = tmp_path / "www"
    out = run(built, "publish", str(www)).stdout
    assert www.is_symlink() and not os.path.isabs(os.readlink(www))
    assert releases(www) == [os.readlink(www).split("/")[-1]]
    assert f"now serves release {releases(www)[0]}" in out
    assert (www / "index.html").read_bytes() == (built / "site" / "index.html").read_bytes()
    assert sorted(p.relative_to(www).as_posix() for p in www.rglob("*")) == sorted(p.relative_to(built / "site").as_posix() for p in (built / "site").rglob("*"))


def test_old_releases_are_pruned_and_rollback_goes_back_one(built, tmp_path):
    www = tmp_path / "www"
    for _ in range(4):
        run(built, "publish", str(www), "--keep", "3")
    kept = releases(www)
    assert len(kept) == 3 and os.readlink(www).endswith(kept[-1])
    run(built, "publish", str(www), "--rollback")
    assert os.readlink(www).endswith(kept[-2])
    run(built, "publish", str(www), "--rollback")
    assert os.readlink(www).endswith(kept[-3])
    failed = run(built, "publish", str(www), "--rollback", check=False)
    assert failed.returncode == 1 and "no earlier release" in failed.stderr


def test_readers_never_see_half_a_site(built, tmp_path):
    www = tmp_path / "www"
    run(built, "publish", str(www))
    misses, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            try:
                assert (www / "plimus" / "versions" / "1.4" / "index.html").read_bytes().endswith(b"</html>\n")
            except (OSError, AssertionError) as error:
                misses.append(repr(error))

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(5):
        run(built, "publish", str(www), "--keep", "10")
    stop.set()
    reader.join()
    assert misses == []


def test_publish_refuses_a_stale_or_failed_build_and_a_real_folder(built, tmp_path):
    www = tmp_path / "www"
    (built / "policies" / "plimus" / "policy.yml").write_text("title: Plimus, edited\n")
    stale = run(built, "publish", str(www), check=False)
    assert stale.returncode == 1 and "older than its sources" in stale.stderr and not www.exists()
    (built / "policies" / "plimus" / "9.md").write_text("---\nversion: 9\neffective: 2030-02-30\n---\n# x\n")
    assert run(built, "build", check=False).returncode == 1
    failed = run(built, "publish", str(www), check=False)
    assert failed.returncode == 1 and "the last build failed" in failed.stderr and not www.exists()
    (built / "policies" / "plimus" / "9.md").unlink()
    run(built, "build", "--as-of", "2026-11-22")
    real = tmp_path / "real"
    real.mkdir()
    refused = run(built, "publish", str(real), check=False)
    assert refused.returncode == 1 and "not the link publish makes" in refused.stderr


def test_a_remote_destination_goes_through_rsync_and_the_remote_shell(built, tmp_path):
    # A remote shell that runs the command here, as ssh would on the host: rsync and the link
    # swap run for real, through it.
    rsh = tmp_path / "local-rsh"
    rsh.write_text('#!/bin/sh\nwhile [ "$1" = -l ] || [ "$1" = -p ]; do shift 2; done\nshift\nexec sh -c "$*"\n')
    rsh.chmod(0o755)
    www = tmp_path / "remote" / "www"
    run(built, "publish", f"deploy@example-host:{www}", "--rsh", str(rsh))
    time.sleep(1.1)
    run(built, "publish", f"deploy@example-host:{www}", "--rsh", str(rsh))
    assert www.is_symlink() and len(releases(www)) == 2
    assert (www / "index.html").read_bytes() == (built / "site" / "index.html").read_bytes()
    run(built, "publish", f"deploy@example-host:{www}", "--rsh", str(rsh), "--rollback")
    assert os.readlink(www).endswith(releases(www)[0])
    bad = run(built, "publish", "deploy@example-host:relative/path", "--rsh", str(rsh), check=False)
    assert bad.returncode == 1 and "host:/absolute/path" in bad.stderr


def test_publish_refuses_a_site_changed_after_the_build(built, tmp_path):
    www = tmp_path / "www"
    site = built / "site"
    page = site / "plimus" / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- edited -->")
    (site / "feed.xml").unlink()
    (site / "sitemap.xml").unlink()
    (site / "extra.html").write_text("<p>not built</p>")
    refused = run(built, "publish", str(www), check=False)
    assert refused.returncode == 1 and not www.exists()
    assert "the site is not as built: files were changed after the build: 1 changed (plimus/index.html); " \
           "2 deleted (feed.xml, sitemap.xml); 1 added (extra.html); publish sends only the site as built: build again, then publish" in refused.stderr
    run(built, "build", "--as-of", "2026-11-22")
    run(built, "publish", str(www))
    assert (www / "feed.xml").exists() and not (www / "extra.html").exists()


def test_publish_refuses_a_site_built_as_of_another_day_unless_allowed(built, tmp_path):
    www = tmp_path / "www"
    run(built, "build", "--as-of", "2026-11-21")
    refused = run(built, "publish", str(www), check=False)
    assert refused.returncode == 1 and not www.exists()
    assert "the site was built as of 2026-11-21, not today (2026-11-22)" in refused.stderr and "--allow-as-of" in refused.stderr
    run(built, "publish", str(www), "--allow-as-of")
    assert (www / "index.html").exists()


def test_publish_removes_what_killed_publishes_left(built, tmp_path):
    www = tmp_path / "www"
    run(built, "publish", str(www))
    ended = subprocess.Popen(["true"])
    ended.wait()
    incoming = www.parent / "www.releases" / f".incoming-{ended.pid}-20261122T000000Z"
    incoming.mkdir()
    (incoming / "index.html").write_text("half")
    link = www.parent / f".www.link-{ended.pid}"
    link.symlink_to("www.releases/nothing")
    time.sleep(1.1)
    run(built, "publish", str(www))
    assert not incoming.exists() and not os.path.lexists(link)
    assert not [p for p in (www.parent / "www.releases").iterdir() if p.name.startswith(".")]


def test_a_remote_publish_removes_incoming_copies_that_killed_publishes_left(built, tmp_path):
    rsh = tmp_path / "local-rsh"
    rsh.write_text('#!/bin/sh\nwhile [ "$1" = -l ] || [ "$1" = -p ]; do shift 2; done\nshift\nexec sh -c "$*"\n')
    rsh.chmod(0o755)
    www = tmp_path / "remote" / "www"
    run(built, "publish", f"deploy@example-host:{www}", "--rsh", str(rsh))
    stale = www.parent / "www.releases" / ".20261121T000000Z.incoming"
    stale.mkdir()
    (stale / "index.html").write_text("half")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    time.sleep(1.1)
    run(built, "publish", f"deploy@example-host:{www}", "--rsh", str(rsh))
    assert not stale.exists()


def test_release_names_are_never_reused_and_sort_in_the_order_made(built, tmp_path):
    www = tmp_path / "www"
    made = []
    for _ in range(5):  # within a second or two, pruning down to two
        run(built, "publish", str(www), "--keep", "2")
        made.append(os.readlink(www).split("/")[-1])
    assert len(set(made)) == 5, made
    assert made == sorted(made), made
    assert run(built, "publish", str(www), "--rollback").returncode == 0
    assert os.readlink(www).split("/")[-1] == made[-2]


def test_publish_refuses_a_destination_inside_the_built_site(built, tmp_path):
    failed = run(built, "publish", str(built / "site" / "www"), check=False)
    assert failed.returncode == 1
    assert "lies inside the built site" in failed.stderr
    assert not (built / "site" / "www.releases").exists()
    assert run(built, "publish", str(tmp_path / "www")).returncode == 0


def test_publish_refuses_an_empty_folder_added_after_the_build(built, tmp_path):
    (built / "site" / "emptydir").mkdir()
    failed = run(built, "publish", str(tmp_path / "www"), check=False)
    assert failed.returncode == 1
    assert "added (emptydir)" in failed.stderr
