#!/usr/bin/env python3
"""Counts the findings of one wapiti JSON report (tools/security.sh): every vulnerability and every
anomaly (an answer 500, a time-out), printed to stderr one per line; the count goes to stdout.

Two findings are accepted, with their reasons, and listed as such rather than counted:
  * "X-XSS-Protection is not set": the header drove the XSS auditors that browsers removed (Chrome 78,
    Edge 2019, never Firefox); OWASP's Secure Headers Project advises not setting it (or "0") and
    relying on CSP, which mocua sends (script-src 'self', no inline script). Wapiti 3.0.4 predates that.
  * "Htaccess Bypass" when the made-up method ABC is answered 501: wapiti counts any 5xx as "the
    restriction was bypassed", but mocua's router answers 501 Not Implemented to every unknown method
    before any route or handler runs (RFC 9110 §9.1), so nothing was reached. This script sends ABC to
    the URL again with the role's cookie and accepts the finding only when the answer is 501.
A report that is missing or unreadable counts as one finding: the scan did not happen.
Usage: wapiti_findings.py REPORT.json ROLE COOKIE
"""
import json
import sys
import urllib.error
import urllib.request

ACCEPTED = {"X-XSS-Protection is not set"}


def answers_501(url, cookie):
    req = urllib.request.Request(url, method="ABC", headers={"Cookie": cookie} if cookie else {})
    try:
        return urllib.request.urlopen(req, timeout=30).status == 501
    except urllib.error.HTTPError as e:
        return e.code == 501
    except OSError:
        return False


def main():
    path, role = sys.argv[1], sys.argv[2]
    cookie = sys.argv[3] if len(sys.argv) > 3 else ""
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        print(f"security: wapiti as {role}: no report ({e})", file=sys.stderr)
        print(1)
        return
    count = 0
    for section in ("vulnerabilities", "anomalies"):
        for category, items in (report.get(section) or {}).items():
            for item in items:
                info = item.get("info", "")
                where = f"{item.get('method', '')} {item.get('path', '')} {item.get('parameter', '')}".strip()
                if info in ACCEPTED:
                    print(f"security: wapiti as {role}: accepted: {category}: {info}", file=sys.stderr)
                    continue
                if (category == "Htaccess Bypass" and item.get("method") == "ABC"
                        and answers_501(info.split(" ")[0], cookie)):
                    print(f"security: wapiti as {role}: accepted: {category}: {where}: ABC answers 501",
                          file=sys.stderr)
                    continue
                count += 1
                print(f"security: wapiti as {role}: {section[:-1]}: {category}: {where}: {info}", file=sys.stderr)
    print(f"security: wapiti as {role}: {count} findings", file=sys.stderr)
    print(count)


if __name__ == "__main__":
    main()
