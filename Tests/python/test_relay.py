"""policysite notify into a real relay: Debian's Postfix, a private instance on loopback
(postfix_relay.py) that discards what it accepts and logs it. What Postfix's log says it accepted,
counted by Message-ID, must be each recipient's message exactly once: through `notify --smtp`,
through Postfix's own sendmail (`-C` the instance's configuration), and across a `notify --smtp`
killed with SIGKILL in the middle and run again (then at most its connections' messages twice)."""
import os
import pathlib
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time

import pytest

from conftest import policysite_binary
from notify_site import TOKEN_KEY, make_site, run
from postfix_relay import Counts, PostfixRelay

# Postfix's master process starts only as root; scripts/test runs as root in CI. A missing Postfix
# is a failure, not a skip: scripts/setup installs it, and a skip would hide that it did not.
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="Postfix's master process must start as root")


@pytest.fixture(scope="module")
def relay():
    """One Postfix for the module (it takes seconds to start); each test counts the log it adds.
    Its folder is made in /tmp itself, not in pytest's private one: Postfix's daemons run as the
    postfix user, who must be able to enter every folder above it."""
    why = PostfixRelay.available()
    assert why is None, why
    folder = pathlib.Path(tempfile.mkdtemp(prefix="policysite-postfix-"))
    try:
        with PostfixRelay(folder) as started:
            yield started
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def users(count: int) -> str:
    return "email,name,locale\r\n" + "".join(f"user{n}@example.com,User Nümber {n},\r\n" for n in range(count))


def ledger(site) -> dict[str, tuple[str, str]]:
    """email -> (state, Message-ID) as the ledger has them."""
    with sqlite3.connect(site / "outbox" / "ledger.sqlite") as db:
        return {email: (state, message_id) for email, state, message_id in db.execute("SELECT email, state, message_id FROM delivery")}


def sent_count(site) -> int:
    # Read-only, and not before notify made it: connecting would create an empty file, which
    # notify rightly refuses as a ledger that lost its record.
    path = site / "outbox" / "ledger.sqlite"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as db:
            return db.execute("SELECT count(*) FROM delivery WHERE state = 'sent'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not made yet


def relayed_since(relay: PostfixRelay, offset: int, expected: int) -> Counts:
    """What Postfix logged after `offset`, once it has delivered `expected` recipients and every
    message it accepted (a message accepted twice would show as one delivery more)."""
    deadline = time.monotonic() + 120
    while True:
        counts = Counts.of(relay.log_text()[offset:])
        if (counts.delivered >= expected and counts.delivered == sum(counts.accepted.values())) or time.monotonic() > deadline:
            return counts
        time.sleep(0.2)


def assert_each_once(site, counts: Counts, addresses: list[str]) -> None:
    rows = ledger(site)
    assert {email for email, (state, _) in rows.items() if state == "sent"} == set(addresses)
    # Each message that the ledger says was handed off is accepted once, and delivered to its recipient only.
    assert counts.accepted == {message_id: 1 for _, message_id in rows.values()}
    assert counts.recipients_of == {message_id: [email] for email, (_, message_id) in rows.items()}
    assert counts.delivered_to == {address: 1 for address in addresses}


def test_smtp_into_postfix_each_recipient_accepted_once(relay, tmp_path):
    site = make_site(tmp_path / "site", users(40))
    offset = len(relay.log_text())
    run(site, "notify", "--smtp", f"smtp://127.0.0.1:{relay.port}", "--connections", "3")
    addresses = [f"user{n}@example.com" for n in range(40)]
    assert_each_once(site, relayed_since(relay, offset, 40), addresses)
    # A second run hands nothing to the relay.
    run(site, "notify", "--smtp", f"smtp://127.0.0.1:{relay.port}")
    time.sleep(1)
    assert sum(Counts.of(relay.log_text()[offset:]).accepted.values()) == 40


def test_a_refused_and_a_deferred_recipient_among_pipelined_messages(relay, tmp_path):
    site = make_site(tmp_path / "site", users(6) + "refused@example.com,Refused,\r\nlater@example.com,Later,\r\n")
    offset = len(relay.log_text())
    result = run(site, "notify", "--smtp", f"smtp://127.0.0.1:{relay.port}", "--connections", "2", check=False)
    rows = ledger(site)
    assert rows["refused@example.com"][0] == "failed" and rows["later@example.com"][0] == "deferred", result.stderr
    said = result.stderr + result.stdout
    # Postfix's own words are reported, with the address it repeats taken out.
    assert "550 5.1.1" in said and "Recipient address rejected: no such user" in said and "refused@example.com" not in said
    addresses = [f"user{n}@example.com" for n in range(6)]
    counts = relayed_since(relay, offset, 6)
    assert counts.delivered_to == {address: 1 for address in addresses}
    assert sum(counts.accepted.values()) == 6
    # The connection goes on after each: every other recipient's message was accepted.
    assert {email for email, (state, _) in rows.items() if state == "sent"} == set(addresses)


def test_postfix_sendmail_into_the_same_relay_each_recipient_accepted_once(relay, tmp_path):
    site = make_site(tmp_path / "site", users(12))
    offset = len(relay.log_text())
    sendmail = relay.sendmail_wrapper(tmp_path / "postfix-sendmail")
    run(site, "notify", "--sendmail", str(sendmail), "--parallel", "4")
    addresses = [f"user{n}@example.com" for n in range(12)]
    assert_each_once(site, relayed_since(relay, offset, 12), addresses)


def test_a_run_killed_mid_way_loses_nobody_and_repeats_at_most_its_connections(relay, tmp_path):
    count, connections = 600, 4
    site = make_site(tmp_path / "site", users(count))
    offset = len(relay.log_text())
    environment = dict(os.environ, POLICYSITE_TOKEN_KEY=TOKEN_KEY)
    command = [str(policysite_binary()), "notify", "--root", str(site), "--smtp", f"smtp://127.0.0.1:{relay.port}",
               "--connections", str(connections)]
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    try:
        deadline = time.monotonic() + 120
        while sent_count(site) < count // 4 and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert first.poll() is None, "the run ended before it could be killed; give it more users"
        first.send_signal(signal.SIGKILL)
    finally:
        first.wait()
    assert sent_count(site) < count
    second = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert second.returncode == 0, second.stderr
    counts = relayed_since(relay, offset, count)
    addresses = [f"user{n}@example.com" for n in range(count)]
    rows = ledger(site)
    assert {state for state, _ in rows.values()} == {"sent"}
    # Nobody lost: every recipient's message reached the relay and was delivered.
    assert set(counts.delivered_to) == set(addresses)
    assert set(counts.accepted) == {message_id for _, message_id in rows.values()}
    # Repeated: only messages in flight when the run was killed, one per connection at most.
    repeated = {message_id: n for message_id, n in counts.accepted.items() if n > 1}
    assert all(n == 2 for n in repeated.values()) and len(repeated) <= connections, repeated
    assert counts.delivered == count + len(repeated)
