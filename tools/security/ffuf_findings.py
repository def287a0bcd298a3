#!/usr/bin/env python3
"""Counts unexpected 2xx answers in an ffuf JSON report (tools/security.sh): an anonymous visitor must
get no 2xx for a path of the sensitive list, nor for any path that names an administration, backup or
configuration resource. Each finding goes to stderr; the count to stdout. A missing report counts as one.
Usage: ffuf_findings.py REPORT.json SENSITIVE-PATHS.txt
"""
import json
import re
import sys

SENSITIVE = re.compile(r"admin|backup|\.bak|\.old|\.orig|\.swp|~$|\.sql|\.db|sqlite|dump|\.env|\.git|\.svn|"
                       r"\.ht|config|\.toml|\.ini|\.ya?ml|\.key|keys|secret|passw|private|credential|"
                       r"data/|demo-data|\.log$|debug|console|phpmyadmin|server-status", re.I)


def main():
    report_path, list_path = sys.argv[1], sys.argv[2]
    with open(list_path, encoding="utf-8") as f:
        listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    try:
        with open(report_path, encoding="utf-8") as f:
            results = json.load(f).get("results", [])
    except (OSError, ValueError) as e:
        print(f"security: ffuf: no report ({e})", file=sys.stderr)
        print(1)
        return
    count = 0
    for r in results:
        word = r.get("input", {}).get("FUZZ", "")
        if word in listed or SENSITIVE.search(word):
            count += 1
            print(f"security: ffuf: /{word} answered {r.get('status')} to an anonymous visitor", file=sys.stderr)
    print(f"security: ffuf: {len(results)} paths answered 2xx, {count} of them sensitive", file=sys.stderr)
    print(count)


if __name__ == "__main__":
    main()
