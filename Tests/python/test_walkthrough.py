"""README's walkthrough, followed literally: its shell blocks, extracted from README.md (so this test
fails when the README drifts), run in order in one shell, in a temporary folder, with today set by
SOURCE_DATE_EPOCH to a day other than today; each comment that says what a command shows is
checked against what it showed. The one change: the walkthrough's two `swift build` lines are
replaced by the binary the tests use."""
import datetime
import os
import pathlib
import re
import subprocess
import time

from conftest import REPOSITORY, policysite_binary

TODAY = datetime.date(2025, 2, 14)  # SOURCE_DATE_EPOCH may set today back, never ahead
LATER = TODAY + datetime.timedelta(days=31)
BUILD_LINES = [
    "swift build -c release --product policysite",
    'export PATH="$(swift build -c release --show-bin-path):$PATH"',
]


def walkthrough_units():
    """The walkthrough's commands, in order, each with its trailing comment (or None); a here
    document is one unit with the command that opens it."""
    blocks = []
    inside, fence = False, None
    for line in (REPOSITORY / "README.md").read_text().splitlines():
        if fence is None and line.startswith("## "):
            inside = line == "## Walkthrough"
        elif line.startswith("```"):
            if fence is None:
                fence = line[3:]
                if inside and fence == "sh":
                    blocks.append([])
            else:
                fence = None
        elif inside and fence == "sh":
            blocks[-1].append(line)
    units = []
    for block in ("\n".join(lines) for lines in blocks):
        lines = block.splitlines()
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            if not line.strip():
                continue
            heredoc = re.search(r"<<'?(\w+)'?\s*$", line)
            if heredoc:
                body = [line]
                while lines[index] != heredoc.group(1):
                    body.append(lines[index])
                    index += 1
                body.append(lines[index])
                index += 1
                units.append(("\n".join(body), None))
                continue
            match = re.match(r"(.*?)\s{2,}# (.*)$", line)
            units.append((match.group(1), match.group(2)) if match else (line, None))
    return units


def read(path):
    return pathlib.Path(path).read_text()


def check_init(run):
    assert f"effective: {TODAY}" in read(run.cwd / "acme-policies/policies/privacy/1.0.md")


def check_first_build(run):
    assert (run.cwd / "site/index.html").is_file()
    assert f"as of {TODAY}" in run.out
    assert "Recorded 1 published version in policysite.lock as the baseline" in run.out
    assert '"1.0"' in read(run.cwd / "policysite.lock") or "1.0" in read(run.cwd / "policysite.lock")


def check_no_errors(run):
    assert "No errors." in run.out


def check_today(run):
    assert run.today == str(TODAY)


def check_preview(run):
    assert f"Preview as of {LATER} (a day after today, {TODAY}): nothing recorded, no notices written." in run.out
    site = run.cwd / "site/privacy"
    assert 'status-current">In effect' in read(site / "versions/1.1/index.html")
    assert 'status-superseded">Superseded' in read(site / "versions/1.0/index.html")
    assert not (run.cwd / "outbox/privacy/1.1").exists()


def check_today_build(run):
    assert "Recorded 1 published version as new in policysite.lock." in run.out
    assert "Notice for privacy 1.1: 2 to tell, 1 skipped" in run.out
    index = read(run.cwd / "site/index.html")
    assert "banner-upcoming" in index and re.search(r'version (<span class="ps-label">)?1\.1(</span>)? takes effect', index)
    assert 'status-upcoming">Upcoming' in read(run.cwd / "site/privacy/versions/1.1/index.html")
    assert (run.cwd / "site/privacy/versions/1.1/changes/index.html").is_file()
    assert (run.cwd / "outbox/privacy/1.1/notice.json").is_file()


def check_recipients(run):
    rows = run.out.splitlines()[1:]
    assert [row.split(",")[0] for row in rows] == ["ada@example.com", "grace@example.com"]


def check_skipped(run):
    rows = run.out.splitlines()[1:]
    assert len(rows) == 1 and "alan@example.com" in rows[0] and rows[0].endswith(",opted-out")


def check_unchanged(run):
    assert "No new version: policysite.lock is unchanged." in run.out
    assert "Notice for" not in run.out


def check_dry_run(run):
    assert "privacy/1.1: would send 2 of 2 messages (0 already sent)" in run.out


def maildir(run):
    return sorted((run.cwd / "../mail/new").iterdir())


def check_two_messages(run):
    messages = maildir(run)
    assert len(run.out.split()) == 2 and len(messages) == 2
    for message in messages:
        text = message.read_text()
        assert "text/plain" in text and "text/html" in text


def check_status(run):
    header = run.out.splitlines()[0].split()
    assert header == ["notice", "recipients", "sent", "deferred", "failed", "pending"]
    assert run.out.splitlines()[1].split() == ["privacy/1.1", "2", "2", "0", "0", "0"]


def check_sends_nothing(run):
    assert len(maildir(run)) == 2
    assert run.out.splitlines()[1].split() == ["privacy/1.1", "2", "2", "0", "0", "0"]


def check_publish(run):
    assert re.fullmatch(r"\.\./www now serves release \d{8}T\d{6}Z\.\n", run.out), run.out


def check_link(run):
    assert os.readlink(run.cwd / "../www").startswith("www.releases/")
    assert (run.cwd / "../www/privacy/versions/1.1/index.html").is_file()


CHECKS = {
    "version 1.0, in effect from today": check_init,
    "writes site/; records 1.0 in policysite.lock as the baseline": check_first_build,
    "No errors.": check_no_errors,
    "policysite's today": check_today,
    "preview: 1.1 is current; 1.0 is superseded and says so": check_preview,
    "today: 1.1 is upcoming, announced on the index; its notice is written": check_today_build,
    "Ada and Grace: one row per user to tell": check_recipients,
    "Alan, and why: he asked for no notices": check_skipped,
    "No new version: policysite.lock is unchanged.": check_unchanged,
    "privacy/1.1: would send 2 of 2 messages (0 already sent)": check_dry_run,
    "two messages, text and HTML": check_two_messages,
    "per notice: recipients, sent, deferred, failed, pending": check_status,
    "sends nothing: every message was handed off": check_sends_nothing,
    "../www now serves release <UTC time>.": check_publish,
    "a link to www.releases/<release>": check_link,
}


class Run:
    def __init__(self, log, number):
        self.out = (log / f"{number}.out").read_text()
        self.err = (log / f"{number}.err").read_text()
        self.cwd = pathlib.Path((log / f"{number}.pwd").read_text().strip())
        self.today = (log / f"{number}.today").read_text().strip()


def test_the_readme_walkthrough_is_true_when_followed(tmp_path):
    units = walkthrough_units()
    assert [command for command, _ in units[:2]] == BUILD_LINES, "the walkthrough no longer starts by building the binary"
    unchecked = {comment for _, comment in units if comment} - CHECKS.keys()
    assert not unchecked, f"README comments with no check here: {unchecked}"

    log = tmp_path / "log"
    log.mkdir()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    epoch = int(datetime.datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=datetime.timezone.utc).timestamp())
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "TMPDIR": str(scratch), "EDITOR": "true"}
    # One shell for the whole walkthrough, fed a command at a time: each command's comment is
    # checked before the next one runs.
    shell = subprocess.Popen(["bash"], stdin=subprocess.PIPE, cwd=REPOSITORY, env=environment, text=True)
    shell.stdin.write(f'set -u\nexport PATH="{policysite_binary().parent}:$PATH"\n')
    checked = 0
    try:
        for number, (command, comment) in enumerate(units[2:]):
            shell.stdin.write("{ " + command + f'\n}} >"{log}/{number}.out" 2>"{log}/{number}.err"\nstatus=$?\n'
                              f'pwd >"{log}/{number}.pwd"; printf "%s\\n" "${{today-}}" >"{log}/{number}.today"\n'
                              f'echo $status >"{log}/{number}.status.tmp"; mv "{log}/{number}.status.tmp" "{log}/{number}.status"\n')
            shell.stdin.flush()
            status = log / f"{number}.status"
            deadline = time.monotonic() + 120
            while not status.exists():
                assert time.monotonic() < deadline and shell.poll() is None, f"{command!r} did not finish"
                time.sleep(0.05)
            assert status.read_text().strip() == "0", f"{command!r} failed: {(log / f'{number}.err').read_text()}"
            run = Run(log, number)
            assert str(scratch) in str(run.cwd), f"{command!r} ran outside the scratch folder"
            if comment:
                CHECKS[comment](run)
                checked += 1
            # Nothing a command prints names a user's address, but the lists themselves.
            if not command.startswith("cat outbox"):
                for address in ("ada@example.com", "grace@example.com", "alan@example.com"):
                    assert address not in run.out + run.err, command
    finally:
        shell.stdin.close()
        shell.wait(timeout=30)
    assert checked == sum(1 for _, comment in units if comment)
    assert checked == len(CHECKS) + 1  # every check was used ("No errors." twice)
