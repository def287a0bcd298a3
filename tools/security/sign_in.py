#!/usr/bin/env python3
"""Signs each demo login in to a running mocua through its real pages, as a browser does, and prints
JSON {role: "Cookie header value"} for the scanners (tools/security.sh).

GET /sign-in for the CSRF cookie and token, POST the form, and when the server sends the account to
/account/two-factor (staff must set up two-step verification), read the secret from the page and
confirm it with the current RFC 6238 code. Cookies are taken from Set-Cookie by hand: the instance
runs as if behind TLS, so they are Secure, and a cookie jar would not send them back over http.
Usage: sign_in.py BASE_URL ROLE... ; "anonymous" gets only a CSRF cookie.
"""
import base64
import hashlib
import hmac
import html
import json
import re
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def request(base, method, path, cookies, form=None):
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if cookies:
        req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if data is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        resp = OPENER.open(req, timeout=30)
    except urllib.error.HTTPError as e:  # 3xx (no redirect followed) and 4xx/5xx
        resp = e
    for value in resp.headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return resp.status, resp.headers.get("Location", ""), resp.read().decode("utf-8", "replace")


def field(page, name):
    m = re.search(r'<input[^>]*name="%s"[^>]*value="([^"]*)"' % re.escape(name), page)
    return html.unescape(m.group(1)) if m else ""


def totp(secret):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    o = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def demo_login(role):
    local = role.replace("_", "-")
    return f"{local}@phuongquangtri.example", f"demo-{local}-quangtri"


def sign_in(base, role):
    cookies = {}
    _, _, page = request(base, "GET", "/sign-in", cookies)
    if role == "anonymous":
        return cookies
    email, password = demo_login(role)
    status, location, body = request(base, "POST", "/sign-in", cookies,
                                     {"csrf_token": field(page, "csrf_token"), "email": email, "password": password})
    if status != 303 or "mocua_session" not in cookies:
        raise SystemExit(f"sign_in.py: {role}: sign-in answered {status}: {body[:300]}")
    if location == "/account/two-factor":
        _, _, setup = request(base, "GET", "/account/two-factor", cookies)
        m = re.search(r'id="totp-secret">([A-Z2-7]+)<', setup)
        if not m:
            raise SystemExit(f"sign_in.py: {role}: no TOTP secret on the set-up page")
        status, _, done = request(base, "POST", "/account/two-factor", cookies,
                                  {"csrf_token": field(setup, "csrf_token"), "enrolment": field(setup, "enrolment"),
                                   "code": totp(m.group(1))})
        if status != 200 or 'id="recovery-codes"' not in done:
            raise SystemExit(f"sign_in.py: {role}: two-step set-up answered {status}")
    return cookies


def main():
    base, roles = sys.argv[1].rstrip("/"), sys.argv[2:]
    out = {}
    for role in roles:
        cookies = sign_in(base, role)
        out[role] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
