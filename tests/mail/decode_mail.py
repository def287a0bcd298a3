#!/usr/bin/python3
"""Decodes one Internet message with Python's `email` package and prints JSON, so the C++ tests
check what src/adapters/mail/mime.cpp builds against an independent decoder.

Usage: decode_mail.py FILE
Prints {"subject","from","from_name","from_address","to","to_name","to_address","message_id","date",
"content_type","text","html","defects"}; "defects" lists what the parser found wrong (should be []).
"""
import email
import email.policy
import json
import sys

with open(sys.argv[1], "rb") as f:
    raw = f.read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
parts = {}
defects = [type(d).__name__ for d in msg.defects]
for part in msg.walk():
    defects += [type(d).__name__ for d in part.defects]
    if not part.is_multipart():
        parts.setdefault(part.get_content_type(), part.get_content())


def mailbox(name):
    header = msg[name]
    if header is None:
        return None, None
    addr = header.addresses[0]
    return addr.display_name, addr.addr_spec


from_name, from_address = mailbox("From")
to_name, to_address = mailbox("To")
print(json.dumps({
    "subject": str(msg["Subject"]),
    "from_name": from_name, "from_address": from_address,
    "to_name": to_name, "to_address": to_address,
    "message_id": msg["Message-ID"],
    "date": msg["Date"],
    "content_type": msg.get_content_type(),
    "text": parts.get("text/plain"),
    "html": parts.get("text/html"),
    "defects": defects,
}, ensure_ascii=False))
