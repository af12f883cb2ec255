"""policysite notify under real operations (issue 11): two runs at once, a mail program that hangs
or fails, a preview before sending, a Maildir it cannot write; with real notify processes, msmtp
and a real SMTP server on loopback (aiosmtpd)."""
import email
import email.policy
import os
import pathlib
import re
import shutil
import signal
import sqlite3
import subprocess
import time

import pytest

from conftest import policysite_binary
from notify_site import TOKEN_KEY, make_site, msmtp_home, run
from smtp_sink import SmtpSink
from test_notify import MSMTP, USERS, received

MANY = "email,name\r\n" + "".join(f"user{i}@example.com,User {i}\r\n" for i in range(60))
EVERYONE = [f"user{i}@example.com" for i in range(60)]


def start(site: pathlib.Path, *args: str, env: dict) -> subprocess.Popen:
    environment = dict(os.environ, POLICYSITE_TOKEN_KEY=TOKEN_KEY, **env)
    return subprocess.Popen([str(policysite_binary()), "notify", "--root", str(site), *args], env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def slow_sendmail(folder: pathlib.Path) -> pathlib.Path:
    """msmtp after a pause, so that a run of 60 messages lasts seconds and two runs overlap."""
    script = folder / "slow-sendmail"
    script.write_text(f'#!/bin/sh\nsleep 0.1\nexec {MSMTP} "$@"\n')
    script.chmod(0o755)
    return script


def running(command_line: str) -> bool:
    """Whether a process with this command line (arguments NUL-separated) runs."""
    for entry in pathlib.Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "cmdline").read_bytes().decode(errors="replace") == command_line:
                return True
        except OSError:
            pass
    return False


def status_row(site: pathlib.Path) -> list[str]:
    return run(site, "notify", "--status").stdout.split("\n")[1].split()


def test_two_runs_at_once_one_sends_and_the_other_says_who_holds_the_ledger(tmp_path):
    site = make_site(tmp_path / "site", MANY)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sendmail = slow_sendmail(tmp_path)
    with SmtpSink(inbox) as sink:
        home = msmtp_home(tmp_path / "home", sink.port)
        runs = [start(site, "--sendmail", str(sendmail), "--parallel", "2", env=home) for _ in range(2)]
        # The two are started together; the one that loses stops at once, while the other sends.
        deadline = time.time() + 60
        while all(r.poll() is None for r in runs) and time.time() < deadline:
            time.sleep(0.02)
        loser = next(r for r in runs if r.poll() is not None)
        winner = next(r for r in runs if r is not loser)
        assert winner.poll() is None, "the other run is still sending"
        # Reading is not locked out: --status and --dry-run work while the run sends.
        assert status_row(site)[:2] == ["privacy/2", "60"]
        assert "privacy/2: would send" in run(site, "notify", "--dry-run").stdout
        assert winner.poll() is None, "status and dry-run ran beside the sending run"
        loser_err = loser.communicate(timeout=60)[1]
        winner_out, winner_err = winner.communicate(timeout=120)
    assert winner.returncode == 0, winner_err
    assert loser.returncode != 0
    assert f"is held by policysite notify, process {winner.pid}, since " in loser_err
    assert "wait for it, or pass --wait" in loser_err
    recipients = sorted(r[0] for r, _ in received(inbox))
    assert recipients == sorted(EVERYONE), "every recipient got exactly one message"
    assert status_row(site) == ["privacy/2", "60", "60", "0", "0", "0"]


def test_two_runs_at_once_with_wait_both_succeed_and_nobody_gets_two(tmp_path):
    site = make_site(tmp_path / "site", MANY)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sendmail = slow_sendmail(tmp_path)
    with SmtpSink(inbox) as sink:
        home = msmtp_home(tmp_path / "home", sink.port)
        runs = [start(site, "--sendmail", str(sendmail), "--parallel", "2", "--wait", env=home) for _ in range(2)]
        results = [r.communicate(timeout=180) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], results
    waited = [err for _, err in results if "Waiting for policysite notify, process " in err]
    assert len(waited) == 1, "one of them waited for the other"
    recipients = sorted(r[0] for r, _ in received(inbox))
    assert recipients == sorted(EVERYONE), "every recipient got exactly one message"
    assert status_row(site) == ["privacy/2", "60", "60", "0", "0", "0"]


def test_a_killed_holder_leaves_no_stale_lock(site_six, tmp_path):
    hung = tmp_path / "hung"
    hang = tmp_path / "hang-sendmail"
    hang.write_text(f"#!/bin/sh\necho $$ >{hung}\nexec sleep 1000\n")
    hang.chmod(0o755)
    holder = start(site_six, "--sendmail", str(hang), "--parallel", "1", env={})
    try:
        deadline = time.time() + 30
        while not (hung.exists() and hung.read_text()) and time.time() < deadline:
            time.sleep(0.02)
        assert (site_six / "outbox" / "ledger.lock").read_text().split()[0] == str(holder.pid)
    finally:
        holder.kill()
        holder.wait()
        if hung.exists() and hung.read_text().strip():
            os.kill(int(hung.read_text()), 9)  # the hung mail program outlives notify's kill -9
    maildir = tmp_path / "Maildir"
    run(site_six, "notify", "--maildir", str(maildir))
    assert len(list((maildir / "new").iterdir())) == 6


def test_the_mail_program_runs_with_a_clean_signal_mask(site_six, tmp_path):
    report = tmp_path / "signals"
    sendmail = tmp_path / "report-sendmail"
    sendmail.write_text(f"#!/bin/sh\ncat >/dev/null\ngrep -E '^Sig(Blk|Ign):' /proc/self/status >>{report}\n")
    sendmail.chmod(0o755)

    def as_a_supervisor_would_start_it():
        # notify started with signals blocked and ignored (nohup ignores HUP; some supervisors
        # block or ignore TERM): none of that may reach the mail program, or its timeouts and
        # our TERM do nothing.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGINT, signal.SIGTERM})
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)

    result = subprocess.run([str(policysite_binary()), "notify", "--root", str(site_six), "--sendmail", str(sendmail)],
                            env=dict(os.environ, POLICYSITE_TOKEN_KEY=TOKEN_KEY), capture_output=True, text=True,
                            preexec_fn=as_a_supervisor_would_start_it, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in report.read_text().split("\n")[:-1]]
    assert len(lines) == 12
    for name, mask in lines:
        if name == "SigBlk:":
            assert int(mask, 16) == 0, f"blocked: {mask}"
        else:
            # Signals 1 to 31 at their defaults (glibc itself keeps its internal 32 and 33 ignored).
            assert int(mask, 16) & 0x7FFFFFFF == 0, f"ignored: {mask}"


def test_a_hung_mail_program_is_ended_and_its_message_deferred(site_six, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # Hangs on Grace's message, deaf to TERM (so only KILL ends it); sends the others through msmtp.
    hanging = tmp_path / "hanging-sendmail"
    hanging.write_text(f"""#!/bin/sh
if [ "$5" = grace@example.com ]; then
    trap '' TERM
    sleep 1013
    exit 0
fi
exec {MSMTP} "$@"
""")
    hanging.chmod(0o755)
    with SmtpSink(inbox) as sink:
        home = msmtp_home(tmp_path / "home", sink.port)
        began = time.time()
        first = run(site_six, "notify", "--sendmail", str(hanging), "--timeout", "1", env=home)
        assert time.time() - began < 20, "the run did not wait for the hung program"
        assert first.stdout.split("\n")[1].split() == ["privacy/2", "6", "5", "1", "0", "0"]
        assert "grace@example.com" not in [r[0] for r, _ in received(inbox)]
        ledger = sqlite3.connect(site_six / "outbox" / "ledger.sqlite")
        state, detail = ledger.execute("SELECT state, detail FROM delivery WHERE email = 'grace@example.com'").fetchone()
        ledger.close()
        assert state == "deferred"
        assert "hanging-sendmail did not finish within 1 second (--timeout) and was ended" in detail
        assert not running("sleep\01013\0"), "its process group was ended, the sleep it started too"
        run(site_six, "notify", "--sendmail", MSMTP, env=home)
    recipients = [r[0] for r, _ in received(inbox)]
    assert sorted(recipients) == sorted(["ada@example.com", "zoe@example.com", "quote@example.com", "crlf@example.com",
                                         "noname@example.com", "grace@example.com"])
    assert status_row(site_six) == ["privacy/2", "6", "6", "0", "0", "0"]


@pytest.mark.parametrize("value", ["0", "65", "100000", "-3"])
def test_parallel_is_1_to_64(site_six, tmp_path, value):
    result = run(site_six, "notify", "--maildir", str(tmp_path / "Maildir"), f"--parallel={value}", check=False)
    assert result.returncode != 0
    assert "--parallel must be from 1 to 64" in result.stderr
    assert not (site_six / "outbox" / "ledger.sqlite").exists()


def test_parallel_64_is_accepted(site_six, tmp_path):
    run(site_six, "notify", "--maildir", str(tmp_path / "Maildir"), "--parallel", "64")
    assert len(list((tmp_path / "Maildir" / "new").iterdir())) == 6


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf"])
def test_timeout_must_be_more_than_zero(site_six, value):
    result = run(site_six, "notify", "--dry-run", f"--timeout={value}", check=False)
    assert result.returncode != 0
    assert "--timeout must be a number of seconds more than 0" in result.stderr


def test_no_address_reaches_the_terminal(site_six, tmp_path):
    # A mail program that names the recipient in its complaint, as many do.
    failing = tmp_path / "failing-sendmail"
    failing.write_text('#!/bin/sh\ncat >/dev/null\necho "recipient address <$5> rejected: relay access denied" >&2\nexit 67\n')
    failing.chmod(0o755)
    result = run(site_six, "notify", "--sendmail", str(failing), check=False)
    assert result.returncode == 1
    assert "privacy/2: recipients.csv line 2: failed: failing-sendmail exited with 67: recipient address <recipient> rejected" in result.stderr
    status = run(site_six, "notify", "--status", check=False)
    for output in (result.stdout, result.stderr, status.stdout, status.stderr):
        assert "@" not in output, output
    assert "privacy/2: recipients.csv line 6: failed:" in status.stderr


# notify --preview


@pytest.fixture
def site_six(tmp_path):
    return make_site(tmp_path / "site", USERS)


def without_date(raw: bytes) -> bytes:
    return re.sub(rb"^Date: [^\r]*\r\n", b"", raw, flags=re.M)


def test_preview_writes_the_exact_messages_and_touches_no_ledger(site_six, tmp_path):
    preview = tmp_path / "preview" / "notices"
    result = run(site_six, "notify", "--preview", str(preview))
    assert "privacy/2: wrote 6 messages into" in result.stdout
    files = sorted(p.name for p in preview.iterdir())
    assert files == [f"privacy-2-{line}.eml" for line in range(2, 8)], "named by list line, nothing personal"
    parsed = {}
    for name in files:
        raw = (preview / name).read_bytes()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert not message.defects and message.get_content_type() == "multipart/alternative"
        parsed[message["To"].addresses[0].addr_spec] = raw
    assert len(parsed) == 6
    outbox = sorted(p.name for p in (site_six / "outbox").iterdir())
    assert "ledger.sqlite" not in outbox and "ledger.lock" not in outbox, "no ledger made, no lock taken"
    # A real run afterwards still sends everything, and sends what the preview showed.
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with SmtpSink(inbox) as sink:
        run(site_six, "notify", "--sendmail", MSMTP, env=msmtp_home(tmp_path / "home", sink.port))
    sent = received(inbox)
    assert len(sent) == 6
    for (recipient,), raw in sent:
        assert without_date(raw) == without_date(parsed[recipient])


def test_preview_limit_and_refusals(site_six, tmp_path):
    preview = tmp_path / "preview"
    run(site_six, "notify", "--preview", str(preview), "--limit", "2")
    assert sorted(p.name for p in preview.iterdir()) == ["privacy-2-2.eml", "privacy-2-3.eml"]
    again = run(site_six, "notify", "--preview", str(preview), check=False)
    assert again.returncode != 0 and "the folder is not empty" in again.stderr
    assert len(list(preview.iterdir())) == 2, "nothing overwritten or added"
    for conflict in (["--dry-run"], ["--maildir", str(tmp_path / "m")], ["--sendmail", MSMTP]):
        result = run(site_six, "notify", "--preview", str(tmp_path / "other"), *conflict, check=False)
        assert result.returncode != 0 and f"--preview writes the messages into a folder and sends nothing; leave out {conflict[0]}" in result.stderr
    limit_alone = run(site_six, "notify", "--dry-run", "--limit", "2", check=False)
    assert limit_alone.returncode != 0 and "--limit goes with --preview" in limit_alone.stderr
    assert not (site_six / "outbox" / "ledger.sqlite").exists()


# A Maildir notify cannot write into.


def test_a_maildir_under_a_file_says_what_is_wrong(site_six, tmp_path):
    blocker = tmp_path / "mail"
    blocker.write_text("not a folder\n")
    result = run(site_six, "notify", "--maildir", str(blocker / "Maildir"), check=False)
    assert result.returncode != 0
    assert (f"{blocker / 'Maildir'}: error: cannot make this Maildir: a part of the path is a file, not a folder; "
            "choose a folder notify can write to") in result.stderr
    assert "Fix the mail program" not in result.stderr and "Domain" not in result.stderr
    assert not (site_six / "outbox" / "ledger.sqlite").exists(), "no message was tried"


def test_a_read_only_maildir_says_what_is_wrong(site_six, tmp_path):
    maildir = tmp_path / "Maildir"
    for sub in ("tmp", "new", "cur"):
        (maildir / sub).mkdir(parents=True)
    # The tests run as root, whom permissions do not stop; the immutable attribute does.
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(maildir / "tmp"), str(maildir / "new")],
                                                    capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        result = run(site_six, "notify", "--maildir", str(maildir), check=False)
    finally:
        subprocess.run(["chattr", "-i", str(maildir / "tmp"), str(maildir / "new")], check=True)
    assert result.returncode != 0
    assert f"{maildir}: error: cannot write into this Maildir: permission denied; choose a folder notify can write to" in result.stderr
    assert "Fix the mail program" not in result.stderr
    assert status_row(site_six) == ["privacy/2", "6", "0", "0", "0", "6"], "every message still pending"


def counting_sendmail(folder: pathlib.Path, pause: float = 0) -> tuple[pathlib.Path, pathlib.Path]:
    """A mail program that records each recipient it took in a file, after a pause."""
    delivered = folder / "delivered"
    script = folder / "counting-sendmail"
    script.write_text(f'#!/bin/sh\ncat >/dev/null\nsleep {pause}\necho "$5" >> {delivered}\n')
    script.chmod(0o755)
    return script, delivered


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_an_interrupted_run_finishes_what_is_in_flight_and_nobody_gets_two(site_six, tmp_path, signal_number):
    sendmail, delivered = counting_sendmail(tmp_path, pause=2)
    process = start(site_six, "--sendmail", str(sendmail), "--parallel", "2", env={})
    time.sleep(1)  # two hand-offs are under way
    process.send_signal(signal_number)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 128 + signal_number, errors
    assert "stopped by a signal; the messages in flight were handed off and recorded" in errors
    assert len(delivered.read_text().split()) == 2, "the two in flight finished, and nothing new started"
    run(site_six, "notify", "--sendmail", str(sendmail))
    taken = delivered.read_text().split()
    assert sorted(taken) == sorted(set(taken)) and len(taken) == 6, "a rerun sends the rest, and nobody twice"


def test_an_emptied_ledger_is_refused_not_taken_for_a_new_one(site_six, tmp_path):
    maildir = tmp_path / "Maildir"
    run(site_six, "notify", "--maildir", str(maildir))
    ledger = site_six / "outbox" / "ledger.sqlite"
    ledger.write_bytes(b"")
    for wal in ("ledger.sqlite-wal", "ledger.sqlite-shm"):
        (site_six / "outbox" / wal).unlink(missing_ok=True)
    again = run(site_six, "notify", "--maildir", str(maildir), check=False)
    assert again.returncode == 1
    assert "the file is empty, so it no longer says what was sent" in again.stderr
    assert len(list((maildir / "new").iterdir())) == 6, "nobody was sent the notice a second time"


def test_a_damaged_or_read_only_ledger_is_said_in_words(site_six, tmp_path):
    run(site_six, "notify", "--maildir", str(tmp_path / "Maildir"))
    ledger = site_six / "outbox" / "ledger.sqlite"
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(ledger)], capture_output=True).returncode == 0:
        try:
            status = run(site_six, "notify", "--status")
            assert status.stdout.split("\n")[1].split()[1:3] == ["6", "6"], "--status reads a ledger it cannot write"
        finally:
            subprocess.run(["chattr", "-i", str(ledger)], check=True)
    ledger.write_bytes(b"this is not a database, and it is long enough to be read as one" * 100)
    for wal in ("ledger.sqlite-wal", "ledger.sqlite-shm"):
        (site_six / "outbox" / wal).unlink(missing_ok=True)
    for args in (["--status"], ["--maildir", str(tmp_path / "Maildir")]):
        result = run(site_six, "notify", *args, check=False)
        assert result.returncode == 1
        assert "the file is not a SQLite database" in result.stderr
        assert "SQLite error" not in result.stderr and "executing" not in result.stderr and "PRAGMA" not in result.stderr


def test_a_folder_as_the_mail_program_is_refused_before_any_message(site_six, tmp_path):
    result = run(site_six, "notify", "--sendmail", str(tmp_path), check=False)
    assert result.returncode == 1
    assert "not an executable program" in result.stderr
    assert not (site_six / "outbox" / "ledger.sqlite").exists(), "nothing was recorded"


def test_no_name_or_other_form_of_the_address_reaches_the_terminal(tmp_path):
    users = 'email,name\r\nann@bücher.example,Ann Quietname\r\n"""carl""@example.com",Carl Hidden\r\n'
    site = make_site(tmp_path / "site", users)
    sendmail = tmp_path / "rejecting-sendmail"
    # The program knows the address in its xn-- form and reads the name from the message's To line.
    sendmail.write_text('#!/bin/sh\nto=$(grep -m1 "^To:" | tr -d "\\r")\n'
                        'echo "550 <ann@bücher.example> and $5 and ${5%%@*} at home, mailbox of $to, %40x" >&2\n'
                        'exit 67\n')
    sendmail.chmod(0o755)
    result = run(site, "notify", "--sendmail", str(sendmail), check=False)
    status = run(site, "notify", "--status")
    for output in (result.stdout + result.stderr, status.stdout + status.stderr):
        assert "recipients.csv line 2: failed:" in output
        for secret in ("@", "bücher", "xn--bcher", "ann", "Ann", "carl", "Quietname", "Hidden", "%40"):
            assert secret not in output, secret
