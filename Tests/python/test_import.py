"""`policysite import` run as a user runs it: the notes it prints line by line, exit statuses,
inputs that are not documents, a version file never overwritten, and a FIFO never waited on."""
import os
import pathlib
import subprocess

from conftest import REPOSITORY, policysite_binary

SEEDS = REPOSITORY / "Tests" / "PolicySiteTests" / "Fixtures" / "seeds"


def run(root: pathlib.Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(policysite_binary()), "import", "--root", str(root), *arguments],
                          capture_output=True, text=True, timeout=60)


def site(tmp_path: pathlib.Path) -> pathlib.Path:
    (tmp_path / "policysite.yml").write_text("title: Test\nbase_url: https://example.com/\n")
    return tmp_path


def test_the_plimus_seed_imports_with_each_guess_on_its_line(tmp_path):
    root = site(tmp_path)
    result = run(root, str(SEEDS / "plimus-1.4.txt"), "--policy", "plimus", "--published", "2010-01-30")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    seed = str(SEEDS / "plimus-1.4.txt")
    assert f"{seed}:5: version 1.4, from \"(Ver. 1.4 Date: March 1, 2010)\"" in lines
    assert f"{seed}:50: repaired mojibake 'Â\u00a0' to a no-break space" in lines
    assert any(line.startswith(f"{seed}:1: removed the web archive's preamble") for line in lines)
    assert any(line.startswith("Wrote ") and line.endswith("policies/plimus/1.4.md: version 1.4, effective 2010-03-01, published 2010-01-30")
               for line in lines)
    build = subprocess.run([str(policysite_binary()), "build", "--root", str(root), "--as-of", "2024-01-01"],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr


def test_an_undated_document_fails_with_what_to_do_and_writes_nothing(tmp_path):
    root = site(tmp_path)
    result = run(root, str(SEEDS / "planet-mirror-2001.txt"), "--policy", "planet-mirror")
    assert result.returncode == 1
    assert "error: found no date" in result.stderr and "--effective 2001-12-01" in result.stderr
    assert "1 error; nothing was changed" in result.stderr
    assert not (root / "policies").exists()


def test_inputs_that_are_not_documents_are_refused_together(tmp_path):
    root = site(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run(root, str(fifo), str(folder), str(binary), str(empty), str(tmp_path / "missing.txt"), "--policy", "privacy")
    assert result.returncode == 1
    assert "5 errors; nothing was changed" in result.stderr
    assert "named pipe (FIFO)" in result.stderr and "a folder" in result.stderr and "NUL byte" in result.stderr
    assert "empty" in result.stderr and "check its name" in result.stderr


def test_a_version_file_is_never_overwritten_and_a_bad_name_refused(tmp_path):
    root = site(tmp_path)
    document = tmp_path / "terms.txt"
    document.write_text("Terms of Service\n\nEffective date: 2024-03-01\n\nBe nice.\n")
    assert run(root, str(document), "--policy", "terms").returncode == 0
    written = root / "policies" / "terms" / "2024-03-01.md"
    before = written.read_bytes()
    again = run(root, str(document), "--policy", "terms")
    assert again.returncode == 1 and "never" in again.stderr
    assert written.read_bytes() == before
    bad = run(root, str(document), "--policy", "../escape")
    assert bad.returncode != 0 and "lower-case letters" in bad.stderr
    assert not (tmp_path.parent / "escape").exists()


def test_a_dry_run_prints_and_writes_nothing(tmp_path):
    root = site(tmp_path)
    result = run(root, str(SEEDS / "planet-mirror-2001.txt"), "--policy", "planet-mirror",
                 "--effective", "2001-06-01", "--version", "2001-06", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Would write " in result.stdout and "policies/planet-mirror/2001-06.md: version 2001-06" in result.stdout
    assert not (root / "policies").exists()


def test_a_git_history_imports_one_version_per_day(tmp_path):
    (tmp_path / "site").mkdir()
    root = site(tmp_path / "site")
    repository = tmp_path / "repo"
    repository.mkdir()

    def git(*arguments, date=None):
        environment = dict(os.environ, GIT_AUTHOR_DATE=date or "", GIT_COMMITTER_DATE=date or "")
        subprocess.run(["git", "-C", str(repository), "-c", "user.name=T", "-c", "user.email=t@example.com",
                        "-c", "commit.gpgsign=false", *arguments], check=True, capture_output=True, env=environment)

    git("init", "-q")
    for date, text in [("2020-02-01T10:00:00+00:00", "Privacy Policy\n\nWe keep names.\n"),
                       ("2020-05-01T09:00:00+00:00", "Privacy Policy\n\nWe keep names and emails.\n"),
                       ("2020-05-01T17:00:00+00:00", "Privacy Policy\n\nWe keep names and email addresses.\n")]:
        (repository / "privacy.txt").write_text(text)
        git("add", "privacy.txt")
        git("commit", "-q", "-m", "edit", date=date)
    missing_path = subprocess.run([str(policysite_binary()), "import", "--root", str(root), "--git", str(repository),
                                   "--policy", "privacy"], capture_output=True, text=True)
    assert missing_path.returncode == 64 and "--git needs --path" in missing_path.stderr
    result = run(root, "--git", str(repository), "--path", "privacy.txt", "--policy", "privacy",
                 "--notice-waived", "Imported from the policy's history.")
    assert result.returncode == 0, result.stderr
    assert "3 commits changed privacy.txt, on 2 days" in result.stdout
    assert sorted(path.name for path in (root / "policies" / "privacy").iterdir()) == ["2020-02-01.md", "2020-05-01.md"]
    later = (root / "policies" / "privacy" / "2020-05-01.md").read_text()
    assert "email addresses" in later and 'notice_waived: "Imported from the policy\'s history."' in later
    build = subprocess.run([str(policysite_binary()), "build", "--root", str(root), "--as-of", "2024-01-01"],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
