#!/usr/bin/env python3
"""Concurrent dossier submissions against a running mocua (`make bench`, bench/run.sh).

THREADS submitters, each posting PER_THREAD applications in a row over POST /api/v1/dossiers with a
personal API token, every one with a unique 1 MiB PDF attachment (so every upload is hashed, scanned by
clamd and stored). Prints submissions/s and p50/p95/max latency, and checks that every answer is 201
with a dossier code no other answer had. Exits 1 when any check fails, so a duplicate code can never
pass unnoticed. Standard library only.

    bench/dossier_submit.py URL TOKEN [--threads 32] [--per-thread 4] [--size 1048576]
"""
import argparse
import json
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.request

BOUNDARY = "mocua-bench-" + os.urandom(6).hex()

# Procedure 1.001570 of the demo catalogue (notice of suspension of a household business): full online,
# one required component, no e-form field that clashes with the API's own keys.
PROCEDURE = "1.001570"


def answers(today):
    return {
        "applicant.name": "Nguyễn Văn An",
        "applicant.id_number": "045095000123",
        "applicant.address": "12 Lê Duẩn, phường Quảng Trị",
        "applicant.phone": "0912345678",
        "applicant.email": "an@example.vn",
        "result_delivery": "online",
        "owner_name": "Nguyễn Văn An",
        "owner_cccd": "045095000123",
        "owner_birth_date": "1995-03-04",
        "owner_phone": "0912345678",
        "owner_address": "12 Lê Duẩn, phường Quảng Trị",
        "registration_no": "29A8012345",
        "notice_kind": "suspend",
        "suspend_from": today,
    }


def pdf(size, tag):
    head = b"%PDF-1.4\n% " + tag.encode() + b"\n1 0 obj << /Type /Catalog >> endobj\n"
    tail = b"%%EOF\n"
    n = size - len(head) - len(tail)
    return head + os.urandom(n // 2 + 1).hex().encode()[:n] + tail


def body(answers_json, file_bytes):
    parts = []
    for name, value in (("procedure", PROCEDURE), ("answers", answers_json)):
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                     + value.encode() + b"\r\n")
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="component_1"; '
                 f'filename="notice.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode() + file_bytes + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("token")
    ap.add_argument("--threads", type=int, default=32)
    ap.add_argument("--per-thread", type=int, default=4)
    ap.add_argument("--size", type=int, default=1024 * 1024)
    ap.add_argument("--today", default=time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600)))
    a = ap.parse_args()

    answers_json = json.dumps(answers(a.today), ensure_ascii=False)
    # Bodies are built before the clock starts: the bench measures the server, not this script.
    bodies = [[body(answers_json, pdf(a.size, f"t{t}-n{n}")) for n in range(a.per_thread)] for t in range(a.threads)]
    results = []  # (status, seconds, code or error text)
    lock = threading.Lock()
    start_gate = threading.Barrier(a.threads + 1)

    def submitter(t):
        start_gate.wait()
        for b in bodies[t]:
            req = urllib.request.Request(a.url.rstrip("/") + "/api/v1/dossiers", data=b, method="POST", headers={
                "Authorization": "Bearer " + a.token,
                "Content-Type": "multipart/form-data; boundary=" + BOUNDARY,
            })
            began = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=120) as r:
                    status, text = r.status, r.read().decode()
            except urllib.error.HTTPError as e:
                status, text = e.code, e.read().decode(errors="replace")
            except Exception as e:  # connection refused, reset, timeout: a failed submission
                status, text = 0, repr(e)
            took = time.perf_counter() - began
            code = json.loads(text).get("code", "") if status == 201 else text[:300]
            with lock:
                results.append((status, took, code))

    threads = [threading.Thread(target=submitter, args=(t,)) for t in range(a.threads)]
    for th in threads:
        th.start()
    start_gate.wait()
    began = time.perf_counter()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - began

    total = a.threads * a.per_thread
    ok = [r for r in results if r[0] == 201]
    codes = [r[2] for r in ok]
    latencies = sorted(r[1] * 1000 for r in results)
    print(f"dossier submissions: {a.threads} concurrent submitters x {a.per_thread}, "
          f"{a.size // 1024} KiB PDF each, procedure {PROCEDURE}")
    print(f"  {len(ok)}/{total} created in {elapsed:.2f} s: {len(ok) / elapsed:.1f} submissions/s, "
          f"{len(ok) * a.size / elapsed / 1048576:.1f} MiB/s uploaded")
    print(f"  latency ms: p50 {percentile(latencies, 50):.0f}  p95 {percentile(latencies, 95):.0f}  "
          f"max {latencies[-1]:.0f}")
    failed = False
    if len(ok) != total:
        failed = True
        for status, _, text in [r for r in results if r[0] != 201][:5]:
            print(f"  FAILED: status {status}: {text}", file=sys.stderr)
    if len(set(codes)) != len(codes):
        failed = True
        print(f"  FAILED: {len(codes) - len(set(codes))} duplicate dossier codes", file=sys.stderr)
    numbers = {}
    for c in codes:
        m = re.fullmatch(r"(.+)-(\d{6})-(\d{4})", c)
        if not m:
            failed = True
            print(f"  FAILED: code {c!r} is not {{unit}}-{{YYMMDD}}-{{NNNN}}", file=sys.stderr)
            continue
        numbers.setdefault((m[1], m[2]), []).append(int(m[3]))
    for (unit, day), ns in numbers.items():
        print(f"  codes unique: {len(ns)} for {unit} on {day}, numbers {min(ns)}..{max(ns)}")
    if failed:
        print("  dossier submission check: FAILED", file=sys.stderr)
        return 1
    print("  dossier codes: all unique")
    return 0


if __name__ == "__main__":
    sys.exit(main())
