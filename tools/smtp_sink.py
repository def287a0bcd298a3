#!/usr/bin/python3
"""A local SMTP sink for the mail tests (started by tools/smtp-sink.sh).

Listens on 127.0.0.1 at a free port (given, or chosen by the kernel) with Debian's aiosmtpd, and
writes each message it accepts to DIR as NNNNNN.eml (the bytes received, after SMTP dot-unstuffing)
and NNNNNN.json (the envelope, and the message decoded by Python's `email` package: an independent
decoder of what mocua built). The .json file is written last, by rename, so a reader that sees it
sees both files complete.

Recipients at the domain `reject.invalid` get 550 and at `defer.invalid` get 451, so tests can check
how permanent and temporary refusals are handled.

When it listens, it writes the port and a newline to READY (a FIFO the starting script reads), then
serves until SIGTERM.

Usage: smtp_sink.py DIR READY
"""
import asyncio
import email
import email.policy
import itertools
import json
import os
import signal
import socket
import sys

from aiosmtpd.controller import Controller


def decode(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = {}
    for part in msg.walk():
        if part.is_multipart():
            continue
        parts.setdefault(part.get_content_type(), part.get_content())
    return {
        "subject": str(msg["Subject"]) if msg["Subject"] is not None else None,
        "from": str(msg["From"]) if msg["From"] is not None else None,
        "to": str(msg["To"]) if msg["To"] is not None else None,
        "message_id": msg["Message-ID"],
        "date": msg["Date"],
        "content_type": msg.get_content_type(),
        "text": parts.get("text/plain"),
        "html": parts.get("text/html"),
        "header_names": list(msg.keys()),
    }


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@reject.invalid"):
            return "550 5.1.1 mailbox unavailable"
        if address.endswith("@defer.invalid"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        base = os.path.join(self.folder, f"{n:06d}")
        raw = envelope.original_content or envelope.content
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "decoded": decode(raw),
        }
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 Message accepted"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    folder, ready = sys.argv[1], sys.argv[2]
    port = free_port()
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port, decode_data=False)
    controller.start()  # returns once the server accepts connections
    with open(ready, "w") as f:
        f.write(f"{port}\n")
    stop = asyncio.new_event_loop()
    done = asyncio.Event()
    stop.add_signal_handler(signal.SIGTERM, done.set)
    stop.add_signal_handler(signal.SIGINT, done.set)
    stop.run_until_complete(done.wait())
    controller.stop()


if __name__ == "__main__":
    main()
