"""A small SMTP server on loopback (raw asyncio, not aiosmtpd) that misbehaves on purpose, for
test_smtp.py: per recipient and per connection, a script decides each reply, or to drop the
connection, or to say nothing. It speaks just enough SMTP (EHLO with PIPELINING, MAIL, RCPT,
DATA, RSET, QUIT) and counts the messages it accepted, per recipient."""
import asyncio
import collections
import threading


class ScriptedServer:
    """`script(stage, recipient, connection)` returns None for the usual reply, a reply line such
    as "451 4.3.0 try later", "drop" to close the connection, or "silence" to answer nothing.
    Stages: "greeting", "rcpt", "data" (after DATA, before 354), "content" (after the message's
    end, instead of 250), "mid-content" (after the first line of the content arrives)."""

    def __init__(self, script=lambda stage, recipient, connection: None, greeting_bytes: bytes | None = None,
                 pipelining: bool = True, starttls_bytes: bytes | None = None):
        self.script = script
        self.greeting_bytes = greeting_bytes
        self.pipelining = pipelining
        # When set: EHLO offers STARTTLS, and these bytes answer it (a 220, and what a man in the
        # middle would add after it); no TLS follows.
        self.starttls_bytes = starttls_bytes
        self.accepted = collections.Counter()
        self.messages = []
        self.connections = 0
        self.rcpt_seen = collections.Counter()
        self.lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self.server = None
        self.port = None

    def __enter__(self):
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            self.server = self.loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
            self.port = self.server.sockets[0].getsockname()[1]
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        ready.wait(10)
        return self

    def __exit__(self, *exc):
        # Every connection's task is cancelled and awaited while the loop still runs, then the
        # loop is closed: a task left pending (a "silence" script) would otherwise be finalised
        # by the garbage collector at some later moment, on a closed loop, inside whatever Python
        # is doing then (which broke pytest's own compile() once).
        async def stop():
            self.server.close()
            tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        if not self.thread.is_alive():
            self.loop.close()

    async def _serve(self, reader, writer):
        with self.lock:
            self.connections += 1
            number = self.connections
        recipient = None
        accepted = False
        try:
            if self.greeting_bytes is not None:
                writer.write(self.greeting_bytes)
                await writer.drain()
                await reader.read(100)
                return
            if not await self._say(writer, self.script("greeting", None, number), "220 scripted ESMTP"):
                return
            while True:
                line = await reader.readline()
                if not line:
                    return
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    extensions = (["250-scripted", "250-SIZE 10000000"] + (["250-PIPELINING"] if self.pipelining else [])
                                  + (["250-STARTTLS"] if self.starttls_bytes else []))
                    writer.write(("\r\n".join(extensions) + "\r\n250 ENHANCEDSTATUSCODES\r\n").encode())
                elif verb == b"MAIL":
                    recipient, accepted = None, False
                    writer.write(b"250 2.1.0 ok\r\n")
                elif verb == b"RCPT":
                    recipient = line.split(b"<", 1)[1].split(b">", 1)[0].decode()
                    with self.lock:
                        self.rcpt_seen[recipient] += 1
                    answer = self.script("rcpt", recipient, number)
                    accepted = answer is None
                    if not await self._say(writer, answer, "250 2.1.5 ok"):
                        return
                elif verb == b"DATA":
                    # As RFC 2920 asks of a pipelining server: no DATA without a recipient.
                    answer = self.script("data", recipient, number) if accepted else "554 5.5.1 no valid recipients"
                    if not await self._say(writer, answer, "354 go ahead"):
                        return
                    if answer is not None:
                        continue
                    content = []
                    first = True
                    while True:
                        part = await reader.readline()
                        if not part:
                            return
                        if first:
                            first = False
                            if self.script("mid-content", recipient, number) == "drop":
                                writer.close()
                                return
                        if part == b".\r\n":
                            break
                        content.append(part[1:] if part.startswith(b"..") else part)
                    answer = self.script("content", recipient, number)
                    if answer is None and recipient is not None:
                        with self.lock:
                            self.accepted[recipient] += 1
                            self.messages.append(b"".join(content))
                    if not await self._say(writer, answer, "250 2.0.0 queued"):
                        return
                elif line.upper().startswith(b"STARTTLS") and self.starttls_bytes:
                    writer.write(self.starttls_bytes)
                    await writer.drain()
                    await reader.read(100)
                    return
                elif verb == b"RSET":
                    recipient, accepted = None, False
                    writer.write(b"250 2.0.0 ok\r\n")
                elif verb == b"QUIT":
                    writer.write(b"221 2.0.0 bye\r\n")
                    await writer.drain()
                    return
                else:
                    writer.write(b"502 5.5.2 what\r\n")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    @staticmethod
    async def _say(writer, answer, usual) -> bool:
        """Writes the reply; False when the connection is to end here."""
        if answer == "drop":
            writer.close()
            return False
        if answer == "silence":
            await asyncio.sleep(3600)
            return False
        writer.write(((answer or usual) + "\r\n").encode())
        await writer.drain()
        if answer is not None and answer.startswith("421"):
            writer.close()
            return False
        return True
