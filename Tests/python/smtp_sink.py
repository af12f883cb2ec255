"""A real SMTP server on loopback (aiosmtpd) that keeps every message it accepts, for the notify
tests and bench/notify.sh.

Each accepted message is written to FOLDER as <n>.eml (the bytes as received), with
<n>.envelope holding the envelope sender and recipients, one per line. Run it as

    python3 Tests/python/smtp_sink.py --port 2525 --folder /tmp/mail   (--discard keeps nothing)

or use SmtpSink in-process as a context manager.
"""
import argparse
import itertools
import pathlib
import signal
import threading

from aiosmtpd.controller import Controller


class _Keeper:
    def __init__(self, folder: pathlib.Path | None):
        self.folder = folder
        self.count = itertools.count(1)
        self.lock = threading.Lock()
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            number = next(self.count)
            self.received += 1
        if self.folder is not None:
            (self.folder / f"{number:07d}.envelope").write_text(
                "\n".join([envelope.mail_from] + list(envelope.rcpt_tos)) + "\n")
            (self.folder / f"{number:07d}.eml").write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class SmtpSink:
    """An SMTP server on 127.0.0.1 that writes what it receives into a folder."""

    def __init__(self, folder: pathlib.Path | None, port: int = 0):
        self.keeper = _Keeper(folder)
        # A fixed hostname: aiosmtpd would otherwise look up the machine's FQDN for each connection.
        self.controller = Controller(self.keeper, hostname="127.0.0.1", port=port or _free_port(),
                                     server_hostname="localhost", decode_data=False)

    @property
    def port(self) -> int:
        return self.controller.port

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def _free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=pathlib.Path)
    args = parser.parse_args()
    if args.folder:
        args.folder.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with SmtpSink(args.folder, args.port):
        print(f"listening on 127.0.0.1:{args.port}", flush=True)
        stop.wait()


if __name__ == "__main__":
    main()
