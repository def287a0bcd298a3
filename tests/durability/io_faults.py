#!/usr/bin/env python3
"""I/O faults: a write that meets a failing fsync or a full disk answers a clean 503 with a log line,
nothing half-done is acknowledged or stored, and once the fault clears the server writes again without
any manual repair (and survives a restart with a consistent database).

    io_faults.py MOCUA_BINARY [--engine sqlite|postgresql|both]

fsync EIO: strace attaches to the running server (all threads) with
`-e inject=fsync,fdatasync:error=EIO`, so every fsync of the mocua process fails: SQLite's commit (the
WAL sync, synchronous=FULL) on SQLite, the upload store's sync on both engines. The fault clears when
strace detaches. Disk full (SQLite; needs root to mount): the data directory is a 24 MiB tmpfs filled
with a ballast file; the fault clears when the ballast is removed. Without root that part is skipped
with the reason printed. Connection lost (PostgreSQL): the server ends every session of mocua's
database, as its restart would; the fault clears at once, and the pool must reconnect by itself. Exit 0 pass, 1 fail, 77 skipped (no clamd, no strace). Standard library only.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def submit_same_upload(server, inst, key, tag):
    """Submits with the PDF of `tag` (fixed bytes), so a second submission finds the upload stored and
    the only sync left on the write path is the database commit."""
    body_tag = tag
    orig_pdf = harness.pdf
    harness.pdf = lambda _t: (f"%PDF-1.4\n% {body_tag}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n").encode()
    try:
        return harness.submit(server.base, inst.token, key)
    finally:
        harness.pdf = orig_pdf


def attach_strace(pid):
    """Starts strace on every thread of `pid` injecting EIO into fsync and fdatasync; returns once it is
    attached to all of them (it prints one line per thread)."""
    threads = len(os.listdir(f"/proc/{pid}/task"))
    proc = harness.track(subprocess.Popen(["strace", "-f", "-p", str(pid), "-e", "trace=fsync,fdatasync", "-e",
                             "inject=fsync,fdatasync:error=EIO", "-o", "/dev/null"],
                            stderr=subprocess.PIPE, text=True))
    # strace says "Process PID attached with N threads" once, or "Process TID attached" per thread.
    attached = 0
    while attached < threads:
        line = proc.stderr.readline()
        if not line:
            proc.wait()
            harness.fail(f"strace could not attach to {pid} (exit {proc.returncode})")
        m = re.search(r"attached with (\d+) threads", line)
        if m:
            attached = int(m.group(1))
        elif "attached" in line:
            attached += 1
    # strace keeps writing to stderr (e.g. on detach); drain it so it never blocks on a full pipe.
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    return proc


def check_fault(engine, inst, server, label, clear_fault, make_fault, same_upload):
    before = inst.dossier_codes()
    make_fault()
    if same_upload:
        status, text = submit_same_upload(server, inst, f"{label}-during", "fault-pdf")
    else:
        status, text = harness.submit(server.base, inst.token, f"{label}-during-fresh")
    clear_fault()
    if status != 503:
        harness.fail(f"{engine}/{label}: a write during the fault answered {status}, not 503: {text[:300]}")
    if "unavailable" not in text or "scan" in text:
        harness.fail(f"{engine}/{label}: the 503 does not say the storage is unavailable: {text[:300]}")
    after_fault = inst.dossier_codes()
    if after_fault != before:
        harness.fail(f"{engine}/{label}: the refused write left dossiers behind: {sorted(after_fault - before)}")
    # Recovery without repair: the next write succeeds on the same server.
    status, code = harness.submit(server.base, inst.token, f"{label}-after")
    if status != 201:
        harness.fail(f"{engine}/{label}: after the fault cleared a write answered {status}: {code[:300]}")
    if code not in inst.dossier_codes():
        harness.fail(f"{engine}/{label}: acknowledged dossier {code} is not in the database")
    print(f"  {engine}/{label}: write during the fault answered 503 ({text[:80].strip()}…), nothing stored; "
          f"after it cleared: 201 {code}")
    return code


def connection_lost(inst, server):
    """PostgreSQL ends every session of mocua's database (as a restart of the server does): the request
    that meets a dead session answers 503, and writes succeed again without restarting mocua."""
    dbname = urllib.parse.urlsplit(inst.url).path.strip("/")
    before = inst.dossier_codes()
    ended = harness.psql(harness.pg_admin_url(), "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                                 f"WHERE datname = '{dbname}'").strip()
    if ended in ("", "0"):
        harness.fail("postgresql/connection-lost: no session of mocua was found to end")
    answers = []
    code = None
    # One request per pooled session may meet a dead one; after that the pool has reconnected.
    for i in range(20):
        status, text = harness.submit(server.base, inst.token, f"lost-{i}")
        answers.append(status)
        if status == 201:
            code = text
            break
        if status != 503 or "unavailable" not in text:
            harness.fail(f"postgresql/connection-lost: answered {status}, not 503: {text[:300]}")
    if code is None:
        harness.fail(f"postgresql/connection-lost: no write succeeded after the sessions ended: {answers}")
    if inst.dossier_codes() - before != {code}:
        harness.fail("postgresql/connection-lost: a refused write left a dossier behind")
    print(f"  postgresql/connection-lost: {ended} sessions ended; answers {answers}: 503 until the pool "
          f"reconnected, then 201 {code}, without restarting mocua")
    return code


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    harness.require_clamd()
    if not shutil.which("strace"):
        harness.skip("strace is not installed (make deps)")
    engines = harness.engines_from_args(sys.argv)
    for engine in engines:
        root = harness.workdir("mocua-faults-")
        inst = harness.Installation(binary, engine, root, "data")
        inst.seed()
        server = harness.Server(inst)
        # The upload whose bytes the fsync case reuses, stored while the disk is healthy.
        status, code = submit_same_upload(server, inst, "warm-up", "fault-pdf")
        if status != 201:
            harness.fail(f"{engine}: the first write answered {status}: {code[:300]}")
        acknowledged = {code}
        tracer = {}

        def start_fault():
            tracer["p"] = attach_strace(server.pid)

        def stop_fault():
            p = tracer.pop("p")
            p.send_signal(signal.SIGINT)  # strace detaches cleanly: the server's syscalls are normal again
            p.wait(timeout=60)

        # SQLite: the commit's fsync fails. PostgreSQL: the server process syncs nothing of the database
        # (the PostgreSQL server does), so the case that reaches mocua's own sync is a fresh upload.
        acknowledged.add(check_fault(engine, inst, server, "fsync-EIO", stop_fault, start_fault,
                                     same_upload=(engine == "sqlite")))
        if engine == "sqlite":
            acknowledged.add(check_fault(engine, inst, server, "fsync-EIO-upload", stop_fault, start_fault,
                                         same_upload=False))
        if engine == "postgresql":
            acknowledged.add(connection_lost(inst, server))
        log = server.log_text()
        if "storage failure" not in log:
            harness.fail(f"{engine}: no log line names the storage failure; log:\n{log[-2000:]}")
        server.kill(signal.SIGKILL)
        server = harness.Server(inst)
        missing = acknowledged - inst.dossier_codes()
        report = inst.integrity()
        server.kill(signal.SIGTERM)
        if missing or report != "ok":
            harness.fail(f"{engine}: after a restart: missing {sorted(missing)}, integrity: {report}")
        print(f"  {engine}: after SIGKILL and restart: all {len(acknowledged)} acknowledged dossiers present, "
              f"integrity ok, no repair needed")
        shutil.rmtree(root, ignore_errors=True)

    if "sqlite" in engines:
        disk_full(binary)
    return 0


def disk_full(binary):
    if os.geteuid() != 0:
        print("  sqlite/disk-full: SKIPPED (mounting a tmpfs needs root; CI runs as root)")
        return
    root = harness.workdir("mocua-diskfull-")
    mnt = os.path.join(root, "data")
    os.makedirs(mnt)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", mnt]).returncode != 0:
        print("  sqlite/disk-full: SKIPPED (mount -t tmpfs refused here)")
        return
    server = None
    try:
        inst = harness.Installation(binary, "sqlite", root, "data")
        inst.seed()
        server = harness.Server(inst)
        status, code = submit_same_upload(server, inst, "full-warm-up", "full-pdf")
        if status != 201:
            harness.fail(f"sqlite/disk-full: the first write answered {status}: {code[:300]}")
        ballast = os.path.join(mnt, "ballast")

        def fill():
            with open(ballast, "wb") as f:
                try:
                    while True:
                        f.write(b"\0" * (1 << 16))
                        f.flush()
                except OSError:
                    pass  # ENOSPC: the disk is full, as wanted

        def free():
            os.remove(ballast)

        acknowledged = {code}
        acknowledged.add(check_fault("sqlite", inst, server, "disk-full", free, fill, same_upload=True))
        server.kill(signal.SIGKILL)
        server = harness.Server(inst)
        missing = acknowledged - inst.dossier_codes()
        report = inst.integrity()
        server.kill(signal.SIGTERM)
        server = None
        if missing or report != "ok":
            harness.fail(f"sqlite/disk-full: after a restart: missing {sorted(missing)}, integrity: {report}")
        print("  sqlite/disk-full: after SIGKILL and restart: acknowledged dossiers present, integrity ok")
    finally:
        if server:
            server.kill(signal.SIGKILL)
        subprocess.run(["umount", mnt])
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
