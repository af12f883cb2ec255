"""policysite notify against the real thing: msmtp (Debian's sendmail-compatible client) hands
each message to a real SMTP server on loopback (aiosmtpd), and Python's email parser reads what
arrived (SPEC section 5)."""
import base64
import email
import email.policy
import hashlib
import hmac
import os
import re
import pathlib
import signal
import sqlite3
import subprocess
import time

import pytest

from conftest import policysite_binary
from notify_site import TOKEN_KEY, make_site, msmtp_home, run
from smtp_sink import SmtpSink

MSMTP = "/usr/bin/msmtp"

USERS = (
    "email,name,locale,notify\r\n"
    "ada@example.com,Ada Lovelace,en-GB,\r\n"
    "zoe@example.com,Zoë Ünïcødé-Søren,fr-FR,\r\n"
    'quote@example.com,"O\'Brien, ""The Boss""",,\r\n'
    '"crlf@example.com","Eve\r\nBcc: victim@example.com",,\r\n'
    "noname@example.com,,,\r\n"
    "grace@example.com,Grace Hopper,,all\r\n"
)


def received(folder: pathlib.Path) -> list[tuple[list[str], bytes]]:
    """(envelope recipients, raw bytes) of every message the sink kept."""
    messages = []
    for envelope in sorted(folder.glob("*.envelope")):
        lines = envelope.read_text().split("\n")
        messages.append((lines[1:-1], envelope.with_suffix(".eml").read_bytes()))
    return messages


def verify_token(token: str):
    def decode(part):
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    subject, category, mac = (decode(p) for p in token.split("."))
    expected = hmac.new(TOKEN_KEY.encode(), b"policysite-unsubscribe-v1\0" + category + b"\0" + subject, hashlib.sha256).digest()
    return (subject.decode(), category.decode()) if hmac.compare_digest(mac, expected) else None


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path / "site", USERS)


def test_one_message_per_recipient_parsed_by_a_real_server(site, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with SmtpSink(inbox) as sink:
        result = run(site, "notify", "--sendmail", MSMTP, env=msmtp_home(tmp_path / "home", sink.port))
    assert "privacy/2" in result.stdout
    messages = received(inbox)
    assert sorted(r[0] for r, _ in messages) == sorted(
        ["ada@example.com", "zoe@example.com", "quote@example.com", "crlf@example.com", "noname@example.com", "grace@example.com"])
    ids = set()
    for (recipient,), raw in messages:
        assert b"\n" not in raw.replace(b"\r\n", b""), "every line ends in CRLF"
        lines = raw.split(b"\r\n")
        assert max(len(line) for line in lines) <= 998, "no line passes RFC 5322's limit"
        # Within 78 characters, but for a URI that may not be broken (the unsubscribe link).
        assert all(len(line) <= 78 or re.fullmatch(rb"(List-Unsubscribe: | )<https://\S+>,?", line) for line in lines)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert not message.defects
        assert message["To"].addresses[0].addr_spec == recipient
        assert message["From"].addresses[0].display_name == "Équipe « Confidentialité »"
        assert message["From"].addresses[0].addr_spec == "privacy@example.com"
        assert message["Reply-To"].addresses[0].display_name == 'Legal "Team"'
        assert message["Subject"] == "Politique de confidentialité: version 2 takes effect on April 15, 2024"
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["Date"].datetime.utcoffset().total_seconds() == 0
        assert message["Message-ID"].endswith("@example.com>")
        ids.add(message["Message-ID"])
        assert message.get_content_type() == "multipart/alternative"
        text, html = message.get_payload()
        assert text.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
        assert text["Content-Transfer-Encoding"] == "quoted-printable"
        body = text.get_content()
        assert "version 2 of its Politique de confidentialité, which replaces version 1" in body
        assert "Added: Conservation <https://policies.example.com/privacy/versions/2/changes/#conservation>" in body
        assert "https://policies.example.com/privacy/versions/2/changes/" in html.get_content()
        # No header came from a user's data: the name with CR/LF stayed one display name.
        assert message.get_all("Bcc") is None
        unsubscribe = message["List-Unsubscribe"]
        assert "<mailto:unsubscribe@example.com?subject=unsubscribe>" in unsubscribe
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        token = unsubscribe.split("?t=")[1].split(">")[0]
        assert verify_token(token) == ("email:" + recipient, "privacy")
        names = {"zoe@example.com": "Zoë Ünïcødé-Søren", "quote@example.com": "O'Brien, \"The Boss\"",
                 "crlf@example.com": "Eve Bcc: victim@example.com", "noname@example.com": ""}
        if recipient in names:
            assert message["To"].addresses[0].display_name == names[recipient]
    assert len(ids) == len(messages), "one Message-ID per recipient"


def test_a_second_run_sends_nothing(site, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with SmtpSink(inbox) as sink:
        home = msmtp_home(tmp_path / "home", sink.port)
        run(site, "notify", "--sendmail", MSMTP, env=home)
        first = len(received(inbox))
        run(site, "notify", "--sendmail", MSMTP, env=home)
    assert first == 6 and len(received(inbox)) == 6
    status = run(site, "notify", "--status").stdout.split("\n")[1].split()
    assert status == ["privacy/2", "6", "6", "0", "0", "0"]


def test_dry_run_sends_nothing_and_changes_nothing(site, tmp_path):
    before = sorted(p.name for p in (site / "outbox").iterdir())
    result = run(site, "notify", "--dry-run", "--sendmail", "/nonexistent")
    assert "privacy/2: would send 6 of 6 messages" in result.stdout
    assert sorted(p.name for p in (site / "outbox").iterdir()) == before, "no ledger was created"


def test_a_deferred_message_is_sent_on_the_next_run(site, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # A sendmail that defers Grace's message the first time (exit 75), and hands the rest to msmtp.
    flaky = tmp_path / "flaky-sendmail"
    flaky.write_text(f"""#!/usr/bin/env python3
import os, pathlib, sys
marker = pathlib.Path({str(tmp_path / "deferred-once")!r})
if sys.argv[-1] == "grace@example.com" and not marker.exists():
    marker.write_text("deferred")
    sys.stdin.buffer.read()
    print("mail queue full", file=sys.stderr)
    sys.exit(75)
os.execv({MSMTP!r}, [{MSMTP!r}] + sys.argv[1:])
""")
    flaky.chmod(0o755)
    with SmtpSink(inbox) as sink:
        home = msmtp_home(tmp_path / "home", sink.port)
        first = run(site, "notify", "--sendmail", str(flaky), env=home)
        assert first.stdout.split("\n")[1].split() == ["privacy/2", "6", "5", "1", "0", "0"]
        assert "grace@example.com" not in [r[0] for r, _ in received(inbox)]
        second = run(site, "notify", "--sendmail", str(flaky), env=home)
    assert second.stdout.split("\n")[1].split() == ["privacy/2", "6", "6", "0", "0", "0"]
    assert sorted(r[0] for r, _ in received(inbox)).count("grace@example.com") == 1
    assert len(received(inbox)) == 6


def test_a_failing_sendmail_is_reported(site, tmp_path):
    failing = tmp_path / "failing-sendmail"
    failing.write_text("#!/bin/sh\ncat >/dev/null\necho 'relay access denied' >&2\nexit 67\n")
    failing.chmod(0o755)
    result = run(site, "notify", "--sendmail", str(failing), check=False)
    assert result.returncode == 1
    assert "privacy/2: recipients.csv line 2: failed: failing-sendmail exited with 67: relay access denied" in result.stderr
    assert result.stdout.split("\n")[1].split() == ["privacy/2", "6", "0", "0", "6", "0"]


def test_maildir_gets_every_message_whole(site, tmp_path):
    maildir = tmp_path / "Maildir"
    run(site, "notify", "--maildir", str(maildir))
    files = sorted((maildir / "new").iterdir())
    assert len(files) == 6 and not list((maildir / "tmp").iterdir())
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message.get_content_type() == "multipart/alternative" and not message.defects


def test_a_killed_run_loses_nothing_and_repeats_only_what_was_in_flight(tmp_path):
    count = 10_000
    users = "email,name\r\n" + "".join(f"user{i}@example.com,User {i}\r\n" for i in range(count))
    site = make_site(tmp_path / "site", users)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    parallel = 8
    with SmtpSink(inbox) as sink:
        home = msmtp_home(tmp_path / "home", sink.port)
        environment = dict(os.environ, **home)
        process = subprocess.Popen([str(policysite_binary()), "notify", "--root", str(site), "--sendmail", MSMTP,
                                    "--parallel", str(parallel)], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 600
        while sink.keeper.received < count // 3 and time.time() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait()
        time.sleep(2)  # msmtp processes already started finish their hand-off
        ledger = sqlite3.connect(site / "outbox" / "ledger.sqlite")
        in_flight = ledger.execute("SELECT count(*) FROM delivery WHERE state = 'in-flight'").fetchone()[0]
        ledger.close()
        assert 0 < sink.keeper.received < count
        assert in_flight <= parallel
        run(site, "notify", "--sendmail", MSMTP, "--parallel", str(parallel), env=home)
    recipients = [r[0] for r, _ in received(inbox)]
    assert set(recipients) == {f"user{i}@example.com" for i in range(count)}, "every recipient got the notice"
    duplicates = len(recipients) - len(set(recipients))
    assert duplicates <= in_flight, f"{duplicates} sent twice, {in_flight} were in flight"
    ids = {}
    for (recipient,), raw in received(inbox):
        message_id = email.message_from_bytes(raw, policy=email.policy.default)["Message-ID"]
        assert ids.setdefault(recipient, message_id) == message_id, "a message sent again keeps its Message-ID"


def test_a_broken_mail_program_stops_the_run_and_failed_messages_can_be_retried(tmp_path):
    users = "email\r\n" + "".join(f"user{i}@example.com\r\n" for i in range(25))
    site = make_site(tmp_path / "site", users)
    broken = tmp_path / "broken-sendmail"
    broken.write_text("#!/bin/sh\ncat >/dev/null\necho 'sendmail: cannot connect to the relay' >&2\nexit 78\n")
    broken.chmod(0o755)
    result = run(site, "notify", "--sendmail", str(broken), "--parallel", "1", check=False)
    assert result.returncode == 1
    assert "stopped after 20 failed messages in a row; the rest stay pending" in result.stderr
    assert run(site, "notify", "--status").stdout.split("\n")[1].split() == ["privacy/2", "25", "0", "0", "20", "5"]
    maildir = tmp_path / "Maildir"
    run(site, "notify", "--maildir", str(maildir), "--retry-failed")
    assert len(list((maildir / "new").iterdir())) == 25
    assert run(site, "notify", "--status").stdout.split("\n")[1].split() == ["privacy/2", "25", "25", "0", "0", "0"]
