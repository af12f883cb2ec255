"""A private Postfix instance on loopback (Debian's postfix), for the relay tests and bench/relay.sh.

It has its own configuration, queue and data folders under FOLDER, listens only on
127.0.0.1:PORT, takes mail for any domain from loopback clients, and hands every message to
Postfix's `discard` transport, which drops it and logs it as delivered. Everything Postfix logs
goes to FOLDER/maillog (`maillog_file`), which is what the tests and the benchmark count:

    cleanup: QUEUEID: message-id=<...>        one per message Postfix accepted into its queue
    discard: QUEUEID: to=<...>, ... status=sent   one per recipient it delivered

It refuses refused@example.com (550) and defers later@example.com (450) at RCPT.

The system's own Postfix (/etc/postfix) is not used, configured or started. Postfix's master
process must start as root (it refuses otherwise; its daemons then run as the `postfix` user), so
`PostfixRelay.available()` says why it cannot run where it cannot.

    python3 Tests/python/postfix_relay.py start --folder DIR [--port N] [--cgroup DIR]   prints the port
    python3 Tests/python/postfix_relay.py stop --folder DIR
    python3 Tests/python/postfix_relay.py count --folder DIR              accepted / delivered

(`--cgroup` starts Postfix inside that cgroup v1 folder, such as one made under
/sys/fs/cgroup/cpuacct, so that its `cpuacct.usage` counts the CPU time of all of Postfix's
processes: bench/relay.sh divides it by the messages) or use PostfixRelay in-process as a context
manager. `sendmail_wrapper()` writes a program that
runs Postfix's sendmail with `-C` this instance's configuration (notify --sendmail runs a program
with no arguments of its own).
"""
import argparse
import collections
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import time

POSTFIX = "/usr/sbin/postfix"
SENDMAIL = "/usr/sbin/sendmail"
POSTCONF = "/usr/sbin/postconf"

# Only the services a relay that discards needs; no chroot (the queue folder is not laid out for one).
MASTER_CF = """\
{listen} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""

MAIN_CF = """\
compatibility_level = 3.6
config_directory = {folder}/etc
queue_directory = {folder}/spool
data_directory = {folder}/data
maillog_file = {folder}/maillog
maillog_file_prefixes = {folder}
syslog_name = postfix-policysite-relay
myhostname = relay.policysite.test
mydomain = policysite.test
myorigin = $myhostname
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
# Two addresses the relay answers as a real one would a bad or a full mailbox: for the tests of
# a refusal and a deferral pipelined with the message.
smtpd_recipient_restrictions = check_recipient_access inline:{{ {{ refused@example.com = 550 5.1.1 no such user }}, {{ later@example.com = 450 4.2.0 mailbox busy, try later }} }}, permit_mynetworks, reject
relay_domains =
local_transport = discard:local
default_transport = discard:relay
relay_transport = discard:relay
alias_maps =
alias_database =
local_recipient_maps =
biff = no
smtputf8_enable = yes
disable_dns_lookups = yes
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
message_size_limit = 10240000
# A relay that takes a million messages: no pause when arrivals outrun deliveries, and room for
# the connections of several workers.
in_flow_delay = 0
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
smtpd_client_message_rate_limit = 0
default_process_limit = 100
max_use = 100000
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostfixRelay:
    """A private Postfix in `folder`, listening on 127.0.0.1:`port`, discarding what it accepts."""

    def __init__(self, folder: pathlib.Path, port: int | None = None, cgroup: pathlib.Path | None = None):
        self.folder = pathlib.Path(folder).resolve()
        self.cgroup = cgroup
        self.port = port or free_port()
        self.config = self.folder / "etc"
        self.maillog = self.folder / "maillog"

    @staticmethod
    def available() -> str | None:
        """None when a private Postfix can be started here, else why not."""
        if not os.path.exists(POSTFIX):
            return "Postfix is not installed (scripts/setup installs it)"
        if os.geteuid() != 0:
            return "Postfix's master process must start as root"
        return None

    def start(self) -> "PostfixRelay":
        self.folder.mkdir(parents=True, exist_ok=True)
        # The postfix user's daemons reach the queue through this folder.
        os.chmod(self.folder, 0o755)
        self.config.mkdir(exist_ok=True)
        # Postfix's start lays out the queue inside `spool`; the data folder is the postfix user's.
        (self.folder / "spool").mkdir(exist_ok=True)
        (self.folder / "data").mkdir(exist_ok=True)
        shutil.chown(self.folder / "data", "postfix")
        (self.config / "main.cf").write_text(MAIN_CF.format(folder=self.folder))
        (self.config / "master.cf").write_text(MASTER_CF.format(listen=f"127.0.0.1:{self.port}"))
        self.maillog.touch()
        env = dict(os.environ, MAIL_CONFIG=str(self.config))
        # Postfix's master, and every daemon it starts, inherit the cgroup of this process.
        preexec = (lambda: (pathlib.Path(self.cgroup) / "cgroup.procs").write_text(str(os.getpid()))) if self.cgroup else None
        result = subprocess.run([POSTFIX, "-c", str(self.config), "start"], capture_output=True, text=True, env=env,
                                preexec_fn=preexec)
        if result.returncode != 0:
            hint = ("; the postfix user must be able to enter every folder above it (make it under /tmp)"
                    if "Permission denied" in self.log_text() else "")
            raise RuntimeError(f"postfix did not start in {self.folder}{hint}: {result.stdout}{result.stderr}{self.log_text()[-2000:]}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
                    if connection.recv(512).startswith(b"220"):
                        return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"postfix did not answer on port {self.port}: {self.log_text()[-2000:]}")

    def stop(self) -> None:
        subprocess.run([POSTFIX, "-c", str(self.config), "stop"], capture_output=True, text=True)
        pid_file = self.folder / "spool" / "pid" / "master.pid"
        deadline = time.monotonic() + 15
        while pid_file.exists() and time.monotonic() < deadline:
            try:
                os.kill(int(pid_file.read_text().split()[0]), 0)
            except (OSError, ValueError, IndexError):
                break
            time.sleep(0.1)

    def flush(self, expected: int, timeout: float = 120) -> None:
        """Waits until `expected` recipients have been delivered (discarded), or timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.counts().delivered >= expected:
                return
            time.sleep(0.2)

    def log_text(self) -> str:
        try:
            return self.maillog.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def counts(self) -> "Counts":
        return Counts.of(self.log_text())

    def sendmail_wrapper(self, path: pathlib.Path) -> pathlib.Path:
        """A program that runs Postfix's sendmail on this instance (`-C` its configuration)."""
        path.write_text(f'#!/bin/sh\nexec {SENDMAIL} -C "{self.config}" "$@"\n')
        path.chmod(0o755)
        return path

    def __enter__(self) -> "PostfixRelay":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


_MESSAGE_ID = re.compile(r"postfix-policysite-relay/cleanup\[\d+\]: ([0-9A-F]+): message-id=(<[^>]*>)")
_DELIVERED = re.compile(r"postfix-policysite-relay/discard\[\d+\]: ([0-9A-F]+): to=<([^>]*)>.* status=sent ")


class Counts:
    """What Postfix's log says it accepted (per Message-ID) and delivered (per recipient)."""

    def __init__(self, accepted: collections.Counter, delivered_to: collections.Counter, recipients_of: dict):
        # Message-ID -> times accepted into the queue.
        self.accepted = accepted
        # recipient address -> times delivered.
        self.delivered_to = delivered_to
        # Message-ID -> recipients it was delivered to.
        self.recipients_of = recipients_of

    @property
    def delivered(self) -> int:
        return sum(self.delivered_to.values())

    @staticmethod
    def of(log: str) -> "Counts":
        message_ids = {}
        accepted = collections.Counter()
        delivered_to = collections.Counter()
        recipients_of = collections.defaultdict(list)
        for line in log.splitlines():
            if (match := _MESSAGE_ID.search(line)):
                message_ids[match.group(1)] = match.group(2)
                accepted[match.group(2)] += 1
            elif (match := _DELIVERED.search(line)):
                delivered_to[match.group(2)] += 1
                recipients_of[message_ids.get(match.group(1), "?")].append(match.group(2))
        return Counts(accepted, delivered_to, dict(recipients_of))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop", "count"])
    parser.add_argument("--folder", required=True, type=pathlib.Path)
    parser.add_argument("--port", type=int)
    parser.add_argument("--cgroup", type=pathlib.Path)
    args = parser.parse_args()
    relay = PostfixRelay(args.folder, args.port, args.cgroup)
    if args.action == "start":
        why = PostfixRelay.available()
        if why:
            print(why, file=sys.stderr)
            return 1
        if args.folder.exists():
            shutil.rmtree(args.folder)
        relay.start()
        print(relay.port)
    elif args.action == "stop":
        relay.stop()
    else:
        counts = relay.counts()
        twice = sum(1 for n in counts.accepted.values() if n > 1)
        print(f"accepted {sum(counts.accepted.values())} messages ({len(counts.accepted)} Message-IDs, "
              f"{twice} accepted more than once); delivered {counts.delivered} "
              f"({len(counts.delivered_to)} recipients)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
