"""policysite notify --smtp against real servers on loopback: aiosmtpd with STARTTLS, implicit
TLS and AUTH PLAIN/LOGIN (certificates made by openssl in the test's temporary folder), and a
scripted server (smtp_scripted.py) that answers 421, 4xx and 5xx on purpose, drops the
connection mid-DATA, never answers, or sends a 1 MB line."""
import os
import pathlib
import signal
import sqlite3
import ssl
import subprocess
import time

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from conftest import policysite_binary
from notify_site import TOKEN_KEY, make_site, run
from smtp_scripted import ScriptedServer
from test_notify import USERS

EVERYONE = ["ada@example.com", "zoe@example.com", "quote@example.com", "crlf@example.com",
            "noname@example.com", "grace@example.com"]
SECRET = "pa55-w0rd-not-for-logs"
CREDENTIALS = {"POLICYSITE_SMTP_USER": "notifier", "POLICYSITE_SMTP_PASSWORD": SECRET}


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path / "site", USERS)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    """A private CA, a server certificate for localhost and one for another name, both signed by it."""
    folder = tmp_path_factory.mktemp("tls")

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=policysite test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    for name in ("localhost", "other.example"):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={name}")
        (folder / f"{name}.ext").write_text(f"subjectAltName=DNS:{name}\nextendedKeyUsage=serverAuth\n")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext")
    return folder


def server_context(certificates: pathlib.Path, name: str = "localhost") -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates / f"{name}.pem", certificates / f"{name}.key")
    return context


class Keeper:
    """Keeps what aiosmtpd accepts: per recipient, how many messages; and whether each came over TLS
    and after AUTH."""

    def __init__(self):
        self.accepted = {}
        self.sessions = []

    async def handle_DATA(self, server, session, envelope):
        for recipient in envelope.rcpt_tos:
            self.accepted[recipient] = self.accepted.get(recipient, 0) + 1
        self.sessions.append((session.ssl is not None, session.authenticated, envelope.mail_from))
        return "250 2.0.0 queued"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"notifier" and auth_data.password == SECRET.encode()
    # handled=False: aiosmtpd itself answers 535 to a failure (with True it answers nothing).
    return AuthResult(success=ok, handled=False)


def aiosmtpd(certificates, implicit=False, exclude=(), name="localhost", starttls=True):
    keeper = Keeper()
    # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; over implicit TLS it must be off
    # (policysite itself never sends a password without TLS: test_a_password_is_not_sent_without_tls).
    parameters = dict(authenticator=authenticator, auth_require_tls=not implicit, auth_exclude_mechanism=list(exclude))
    if starttls and not implicit:
        parameters.update(tls_context=server_context(certificates, name), require_starttls=True)
    controller = Controller(keeper, hostname="127.0.0.1", port=0 or free_port(), server_hostname="localhost",
                            ssl_context=server_context(certificates, name) if implicit else None, **parameters)
    return keeper, controller


def free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def states(site: pathlib.Path) -> dict[str, str]:
    with sqlite3.connect(site / "outbox" / "ledger.sqlite") as db:
        return dict(db.execute("SELECT email, state FROM delivery"))


def notify(site, *args, env=None, check=False):
    return run(site, "notify", *args, env=env, check=check)


def assert_no_secret(result):
    assert SECRET not in result.stderr + result.stderr


def test_starttls_and_auth_plain_send_each_message_once(site, certificates):
    keeper, controller = aiosmtpd(certificates)
    controller.start()
    try:
        url = f"smtp://localhost:{controller.port}?tls=required&ca={certificates / 'ca.pem'}"
        first = notify(site, "--smtp", url, env=CREDENTIALS)
        assert first.returncode == 0, first.stderr
        assert_no_secret(first)
        assert keeper.accepted == {address: 1 for address in EVERYONE}
        assert all(tls and authenticated for tls, authenticated, _ in keeper.sessions)
        assert {sender for *_, sender in keeper.sessions} == {"privacy@example.com"}
        assert set(states(site).values()) == {"sent"}
        second = notify(site, "--smtp", url, env=CREDENTIALS)
        assert second.returncode == 0 and keeper.accepted == {address: 1 for address in EVERYONE}
    finally:
        controller.stop()


def test_auth_login_when_plain_is_not_offered_over_implicit_tls(site, certificates):
    keeper, controller = aiosmtpd(certificates, implicit=True, exclude=["PLAIN"])
    controller.start()
    try:
        result = notify(site, "--smtp", f"smtps://localhost:{controller.port}?ca={certificates / 'ca.pem'}", "--connections", "3", env=CREDENTIALS)
        assert result.returncode == 0, result.stderr
        assert_no_secret(result)
        assert keeper.accepted == {address: 1 for address in EVERYONE}
        # aiosmtpd's session.ssl tells only of STARTTLS; the port speaks nothing but TLS.
        assert all(authenticated for _, authenticated, _ in keeper.sessions)
    finally:
        controller.stop()


def test_a_wrong_password_stops_the_run_and_sends_nothing(site, certificates):
    keeper, controller = aiosmtpd(certificates)
    controller.start()
    try:
        result = notify(site, "--smtp", f"smtp://localhost:{controller.port}?ca={certificates / 'ca.pem'}",
                        env={"POLICYSITE_SMTP_USER": "notifier", "POLICYSITE_SMTP_PASSWORD": "wrong-" + SECRET})
        assert result.returncode != 0
        assert "refused the user name and password" in result.stderr + result.stderr
        assert SECRET not in result.stderr + result.stderr
        assert keeper.accepted == {}
        assert set(states(site).values()) == {"pending"}
    finally:
        controller.stop()


def test_an_untrusted_certificate_stops_the_run_before_any_message(site, certificates):
    keeper, controller = aiosmtpd(certificates)
    controller.start()
    try:
        result = notify(site, "--smtp", f"smtp://localhost:{controller.port}")
        assert result.returncode != 0
        assert "certificate could not be verified" in result.stderr, result.stdout + result.stderr
        assert keeper.accepted == {} and set(states(site).values()) == {"pending"}
    finally:
        controller.stop()


def test_a_certificate_for_another_name_is_refused(site, certificates):
    keeper, controller = aiosmtpd(certificates, implicit=True, name="other.example")
    controller.start()
    try:
        result = notify(site, "--smtp", f"smtps://localhost:{controller.port}?ca={certificates / 'ca.pem'}")
        assert result.returncode != 0
        assert "certificate" in result.stderr and "localhost" in result.stderr, result.stdout + result.stderr
        assert keeper.accepted == {}
    finally:
        controller.stop()


def test_tls_required_and_not_offered_sends_nothing(site):
    with ScriptedServer() as server:
        result = notify(site, "--smtp", f"smtp://127.0.0.1:{server.port}?tls=required")
        assert result.returncode != 0 and "does not offer STARTTLS" in result.stderr, result.stderr
        assert not server.accepted


def test_a_reply_injected_after_the_starttls_reply_is_refused(site):
    """STARTTLS command injection (CVE-2011-0411 and kin): what arrives in clear after the 220 to
    STARTTLS would be read as the first replies inside TLS; the client closes instead."""
    with ScriptedServer(starttls_bytes=b"220 2.0.0 ready\r\n250-injected\r\n250 PIPELINING\r\n") as server:
        result = notify(site, "--smtp", f"smtp://127.0.0.1:{server.port}", "--timeout", "3")
        assert result.returncode != 0 and "sent more after its reply to STARTTLS" in result.stderr, result.stderr
        assert not server.accepted
        assert set(states(site).values()) == {"pending"}


def test_a_password_is_not_sent_without_tls(site):
    with ScriptedServer() as server:
        result = notify(site, "--smtp", f"smtp://127.0.0.1:{server.port}", env=CREDENTIALS)
        assert result.returncode != 0 and "not sent unencrypted" in result.stderr, result.stderr
        assert not server.accepted


def test_a_credential_in_the_url_is_refused_and_not_repeated(site):
    result = notify(site, "--smtp", f"smtp://notifier:{SECRET}@localhost:2525")
    assert result.returncode != 0
    assert "POLICYSITE_SMTP_PASSWORD" in result.stderr
    assert_no_secret(result)


@pytest.mark.parametrize("others", [["--sendmail", "/usr/bin/msmtp"], ["--maildir", "mail"], ["--dry-run"], ["--parallel", "3"]])
def test_smtp_with_another_way_to_send_is_refused(site, others):
    result = notify(site, "--smtp", "smtp://localhost:2525", *others)
    assert result.returncode == 64
    assert "choose one way to send" in result.stderr


def test_4xx_defers_5xx_fails_421_and_a_drop_mid_data_are_sent_again_once(site):
    """ada: 452 at RCPT (deferred); zoe: 550 at RCPT (failed); quote: 421 at DATA on the first
    connection that meets her; crlf: connection dropped in the middle of her content, the first
    time; grace: 451 after her content (deferred). Everyone else once."""
    met = {}

    def script(stage, recipient, connection):
        key = (stage, recipient)
        met[key] = met.get(key, 0) + 1
        if stage == "rcpt" and recipient == "ada@example.com":
            return "452 4.2.2 mailbox full"
        if stage == "rcpt" and recipient == "zoe@example.com":
            return "550 5.1.1 zoe@example.com: no such user"
        if stage == "data" and recipient == "quote@example.com" and met[key] == 1:
            return "421 4.3.2 shutting down"
        if stage == "mid-content" and recipient == "crlf@example.com" and met[key] == 1:
            return "drop"
        if stage == "content" and recipient == "grace@example.com":
            return "451 4.3.0 try again later"
        return None

    with ScriptedServer(script) as server:
        result = notify(site, "--smtp", f"smtp://127.0.0.1:{server.port}", "--connections", "1")
        assert result.returncode == 1, result.stdout + result.stderr  # zoe failed
        assert dict(server.accepted) == {"quote@example.com": 1, "crlf@example.com": 1, "noname@example.com": 1}
        assert states(site) == {"ada@example.com": "deferred", "zoe@example.com": "failed", "quote@example.com": "sent",
                                "crlf@example.com": "sent", "noname@example.com": "sent", "grace@example.com": "deferred"}
        # By list line, never the address, even where the server's reply held it.
        assert "no such user" in result.stderr and "zoe@example.com" not in result.stderr + result.stderr
        assert server.connections == 3  # the first, after the 421, after the drop: reused otherwise
    with ScriptedServer() as server:
        again = notify(site, "--smtp", f"smtp://127.0.0.1:{server.port}")
        assert again.returncode == 1  # zoe is still failed
        assert dict(server.accepted) == {"ada@example.com": 1, "grace@example.com": 1}
        assert set(server.rcpt_seen) == {"ada@example.com", "grace@example.com"}


def test_repeated_deferrals_wait_out_their_backoff(site):
    def script(stage, recipient, connection):
        return "450 4.2.1 greylisted" if stage == "rcpt" and recipient == "ada@example.com" else None

    with ScriptedServer(script) as server:
        url = f"smtp://127.0.0.1:{server.port}"
        notify(site, "--smtp", url)
        notify(site, "--smtp", url)  # the second deferral: one minute's wait
        assert server.rcpt_seen["ada@example.com"] == 2
        third = notify(site, "--smtp", url)
        assert server.rcpt_seen["ada@example.com"] == 2, "tried again before its next attempt"
        assert "1 deferred message waits until" in third.stderr, third.stderr
    with sqlite3.connect(site / "outbox" / "ledger.sqlite") as db:
        (next_attempt,) = db.execute("SELECT next_attempt_at FROM delivery WHERE email = 'ada@example.com'").fetchone()
    assert next_attempt > time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def test_a_server_that_never_answers_times_out_and_sends_nothing(site):
    with ScriptedServer(lambda stage, recipient, connection: "silence" if stage == "greeting" else None) as server:
        start = time.monotonic()
        result = notify(site, "--smtp", f"smtp://127.0.0.1:{server.port}", "--timeout", "1")
        assert time.monotonic() - start < 20
        assert result.returncode != 0 and "did not answer within 1 second" in result.stderr, result.stderr
        assert set(states(site).values()) == {"pending"}


def test_a_server_silent_after_the_content_defers_the_message(site):
    def script(stage, recipient, connection):
        return "silence" if stage == "content" and recipient == "ada@example.com" else None

    with ScriptedServer(script) as server:
        result = notify(site, "--smtp", f"smtp://127.0.0.1:{server.port}", "--timeout", "1", "--connections", "1")
        assert states(site)["ada@example.com"] == "deferred", result.stdout + result.stderr
        assert sum(server.accepted.values()) == 5


def test_a_one_megabyte_reply_line_is_refused(site):
    with ScriptedServer(greeting_bytes=b"220 " + b"x" * 1_000_000 + b"\r\n") as server:
        result = notify(site, "--smtp", f"smtp://127.0.0.1:{server.port}", "--timeout", "5")
        assert result.returncode != 0
        assert "longer than 4096 bytes" in result.stderr, result.stderr
        assert len(result.stderr) < 2000


def test_nothing_answers_on_the_port(site):
    result = notify(site, "--smtp", f"smtp://127.0.0.1:{free_port()}")
    assert result.returncode != 0 and "cannot connect" in result.stderr, result.stderr
    assert set(states(site).values()) == {"pending"}


def test_dot_lines_and_header_line_breaks_arrive_as_sent(site, certificates):
    """The message bytes that reach the server are the composer's: a name with CR LF stays out of
    the headers (no Bcc), and dot-stuffing is undone by the server."""
    keeper, controller = aiosmtpd(certificates, starttls=False)
    got = []

    async def handle_DATA(server, session, envelope):
        got.append(envelope.original_content or envelope.content)
        return "250 ok"

    keeper.handle_DATA = handle_DATA
    controller.start()
    try:
        result = notify(site, "--smtp", f"smtp://localhost:{controller.port}")
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        controller.stop()
    preview = site.parent / "preview"
    notify(site, "--preview", str(preview), check=True)
    expected = sorted(path.read_bytes().split(b"\r\n\r\n", 1)[1] for path in preview.glob("*.eml"))
    assert sorted(message.split(b"\r\n\r\n", 1)[1] for message in got) == expected
    assert not any(b"\nBcc:" in message.split(b"\r\n\r\n", 1)[0] for message in got)


def test_ctrl_c_finishes_the_message_in_flight_and_the_rest_go_next_run(tmp_path):
    users = "email,name\r\n" + "".join(f"user{i}@example.com,User {i}\r\n" for i in range(40))
    site = make_site(tmp_path / "site", users)

    def script(stage, recipient, connection):
        if stage == "content":
            time.sleep(0.05)
        return None

    with ScriptedServer(script) as server:
        process = subprocess.Popen([str(policysite_binary()), "notify", "--root", str(site), "--smtp", f"smtp://127.0.0.1:{server.port}"],
                                   env=dict(os.environ, POLICYSITE_TOKEN_KEY=TOKEN_KEY), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while sum(server.accepted.values()) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        assert process.returncode == 128 + signal.SIGINT, err
        sent = {address for address, state in states(site).items() if state == "sent"}
        assert sent == set(server.accepted), "marked sent exactly what the server acknowledged"
        assert 0 < len(sent) < 40
        notify(site, "--smtp", f"smtp://127.0.0.1:{server.port}", check=True)
        assert dict(server.accepted) == {f"user{i}@example.com": 1 for i in range(40)}


def test_a_ledger_from_before_the_backoff_column_keeps_working(site, tmp_path):
    """A ledger written by an older notify (schema v1: no next_attempt_at) is upgraded in place:
    what it says was sent stays sent, and a deferred row is tried."""
    def script(stage, recipient, connection):
        return "451 4.3.0 later" if stage == "rcpt" and recipient == "ada@example.com" else None

    with ScriptedServer(script) as server:
        notify(site, "--smtp", f"smtp://127.0.0.1:{server.port}")
    ledger = site / "outbox" / "ledger.sqlite"
    with sqlite3.connect(ledger) as db:
        db.execute("ALTER TABLE delivery DROP COLUMN next_attempt_at")
        db.execute("DELETE FROM grdb_migrations WHERE identifier = 'v2-next-attempt'")
    assert states(site)["ada@example.com"] == "deferred"
    status = notify(site, "--status")
    assert status.returncode == 0, status.stderr
    with ScriptedServer() as server:
        result = notify(site, "--smtp", f"smtp://127.0.0.1:{server.port}")
        assert result.returncode == 0, result.stdout + result.stderr
        assert dict(server.accepted) == {"ada@example.com": 1}
    with sqlite3.connect(ledger) as db:
        assert "next_attempt_at" in [row[1] for row in db.execute("PRAGMA table_info(delivery)")]
    assert set(states(site).values()) == {"sent"}
