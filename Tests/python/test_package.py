"""scripts/package: the Debian package and the tarball for people without Swift. The package is
installed with apt, its binary must need nothing from the Swift toolchain's folder, it builds the
sample site exactly as the binary under test does, and it is removed again.

Installing needs root (CI runs as root) or sudo without a password; otherwise the test is skipped.
scripts/package makes a release build, which takes long: set POLICYSITE_DIST to a folder that
scripts/package already filled to test that instead."""
import os
import pathlib
import shutil
import subprocess
import tarfile

import pytest

from conftest import REPOSITORY, build, policysite_binary, sample_copy


def privilege():
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def toolchain_folder():
    """The Swift toolchain's root (/opt/swift for /opt/swift/usr/bin/swift)."""
    swift = pathlib.Path(shutil.which("swift")).resolve()
    return swift.parents[2]


def installed(name):
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True)
    return "install ok installed" in result.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    if "POLICYSITE_DIST" in os.environ:
        return pathlib.Path(os.environ["POLICYSITE_DIST"])
    folder = tmp_path_factory.mktemp("dist")
    subprocess.run([str(REPOSITORY / "scripts" / "package"), str(folder)], check=True, cwd=REPOSITORY)
    return folder


@pytest.mark.skipif(privilege() is None, reason="installing a .deb needs root or sudo without a password")
@pytest.mark.skipif(installed("policysite"), reason="a policysite package is already installed: the test would replace and then remove it")
def test_the_deb_installs_runs_without_the_toolchain_and_builds_the_sample(dist, tmp_path):
    sudo = privilege()
    debs = sorted(dist.glob("policysite_*.deb"))
    assert len(debs) == 1, debs
    fields = subprocess.run(["dpkg-deb", "--field", str(debs[0]), "Depends"], capture_output=True, text=True, check=True).stdout
    for dependency in ("libcmark-gfm0", "libcmark-gfm-extensions0", "libmimalloc", "libsqlite3"):
        assert dependency in fields, fields

    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = subprocess.run([*sudo, "apt-get", "install", "-y", "-q", f"./{debs[0].name}"], cwd=dist, env=environment,
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stdout + install.stderr
    try:
        binary = pathlib.Path("/usr/bin/policysite")
        assert installed("policysite") and binary.is_file()
        linked = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=True).stdout
        assert str(toolchain_folder()) + "/" not in linked, linked
        assert "not found" not in linked, linked
        assert "swift" not in linked.lower(), linked

        # The installed binary builds the sample as the binary under test does, byte for byte,
        # with no Swift toolchain on its PATH.
        root = sample_copy(tmp_path / "sample")
        bare = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
        result = subprocess.run([str(binary), "build", "--root", str(root), "--output", str(tmp_path / "installed"),
                                 "--as-of", "2026-11-22"], capture_output=True, text=True, env=bare)
        assert result.returncode == 0, result.stderr
        reference_root = sample_copy(tmp_path / "reference")
        build(tmp_path / "reference-site", "2026-11-22", reference_root)
        differences = subprocess.run(["diff", "-r", str(tmp_path / "installed"), str(tmp_path / "reference-site")],
                                     capture_output=True, text=True)
        assert differences.returncode == 0, differences.stdout
    finally:
        remove = subprocess.run([*sudo, "apt-get", "remove", "-y", "-q", "policysite"], env=environment, capture_output=True, text=True)
        assert remove.returncode == 0, remove.stderr
    assert not installed("policysite") and not pathlib.Path("/usr/bin/policysite").exists()


def test_the_tarball_holds_the_binary_its_dependencies_and_the_docs(dist, tmp_path):
    tarballs = sorted(dist.glob("policysite-*-linux-*.tar.gz"))
    assert len(tarballs) == 1, tarballs
    with tarfile.open(tarballs[0]) as archive:
        names = set(archive.getnames())
        assert {"policysite/bin/policysite", "policysite/README.md", "policysite/DEPENDS", "policysite/docs/ci.md"} <= names
        assert all(member.uid == 0 and member.gid == 0 for member in archive.getmembers())
        archive.extractall(tmp_path, filter="data")
    version = subprocess.run([str(tmp_path / "policysite" / "bin" / "policysite"), "--version"], capture_output=True, text=True,
                             env={"PATH": "/usr/bin:/bin"})
    assert version.returncode == 0 and version.stdout.strip(), version.stderr
    depends = (tmp_path / "policysite" / "DEPENDS").read_text()
    assert "libcmark-gfm0" in depends and "libmimalloc" in depends and "libsqlite3" in depends
