#!/usr/bin/env python3
"""Backup drill: back up while writes continue, restore elsewhere, and compare.

    backup_drill.py MOCUA_BINARY [--engine sqlite|postgresql|both]

Per engine:
 1. a seeded installation A serves while a client keeps submitting dossiers;
 2. `mocua backup --to B.tar` runs while the writes go on (it must print progress);
 3. B.tar is restored into a new data directory (and a new, empty PostgreSQL database): its database is
    consistent, holds every dossier acknowledged before the backup began, holds nothing A does not,
    and has every upload its database names; a server started on it answers the citizen's token (the
    keys and the database came back together);
 4. A is stopped, backed up again and restored into C: every table of C has the same row count and
    content hash as A's, and the uploads and keys are byte-identical, keys with mode 0600.
Exit 0 pass, 1 fail, 77 skipped (no clamd). Standard library only.
"""
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def files_under(data_dir, folder):
    """{relative path: (sha256, mode)} of the regular files under data_dir/folder."""
    out = {}
    top = os.path.join(data_dir, folder)
    for dirpath, _, names in os.walk(top):
        for n in names:
            if n.startswith(".tmp-"):
                continue
            p = os.path.join(dirpath, n)
            with open(p, "rb") as f:
                out[os.path.relpath(p, data_dir)] = (hashlib.sha256(f.read()).hexdigest(), os.stat(p).st_mode & 0o777)
    return out


def restore(binary, engine, root, name, archive):
    inst = harness.Installation(binary, engine, root, name)
    out = inst.run("restore", "--from", archive)
    if "restored" not in out.stdout:
        harness.fail(f"{engine}: restore printed no summary: {out.stdout} {out.stderr}")
    return inst


def drill(binary, engine):
    root = harness.workdir("mocua-drill-")
    a = harness.Installation(binary, engine, root, "a")
    a.seed()
    server = harness.Server(a)
    acknowledged = []
    lock = threading.Lock()
    cond = threading.Condition(lock)
    stop = threading.Event()
    errors = []

    def writer():
        n = 0
        while not stop.is_set():
            n += 1
            status, code = harness.submit(server.base, a.token, f"drill-{n}")
            with cond:
                if status == 201:
                    acknowledged.append(code)
                else:
                    errors.append((status, code[:200]))
                cond.notify_all()

    t = threading.Thread(target=writer)
    t.start()
    with cond:
        cond.wait_for(lambda: len(acknowledged) >= 10 or errors, timeout=120)
        before = set(acknowledged)
    archive = os.path.join(root, "b.tar")
    backup = a.run("backup", "--to", archive)
    with cond:
        during = len(acknowledged) - len(before)
        cond.wait_for(lambda: len(acknowledged) >= len(before) + during + 5 or errors, timeout=120)
    stop.set()
    t.join()
    if errors:
        harness.fail(f"{engine}: writes failed during the drill: {errors[:3]}")
    progress = [line for line in backup.stderr.splitlines() if line.strip()]
    if not any("database" in line for line in progress) or not any("archiving" in line for line in progress):
        harness.fail(f"{engine}: backup printed no progress: {backup.stderr}")

    b = restore(binary, engine, root, "b", archive)
    report = b.integrity()
    if report != "ok":
        harness.fail(f"{engine}: restored database fails its integrity check: {report}")
    b_codes = b.dossier_codes()
    lost = before - b_codes
    if lost:
        harness.fail(f"{engine}: {len(lost)} dossiers acknowledged before the backup are not in it: {sorted(lost)[:5]}")
    a_codes = a.dossier_codes()
    if not b_codes <= a_codes:
        harness.fail(f"{engine}: the backup holds dossiers A never had: {sorted(b_codes - a_codes)[:5]}")
    if b.missing_blobs():
        harness.fail(f"{engine}: uploads named by the restored database are missing: {b.missing_blobs()[:3]}")
    if b.tables() != a.tables():
        harness.fail(f"{engine}: restored tables differ: {set(a.tables()) ^ set(b.tables())}")
    # The restored installation works: its server accepts the citizen's token and shows a dossier.
    b_server = harness.Server(b)
    some = sorted(before)[0]
    req = urllib.request.Request(f"{b_server.base}/api/v1/dossiers/{some}", headers={"Authorization": "Bearer " + a.token})
    with urllib.request.urlopen(req, timeout=30) as r:
        shown = json.loads(r.read().decode())
    b_server.kill(signal.SIGTERM)
    if shown.get("code") != some:
        harness.fail(f"{engine}: the restored server does not show dossier {some}: {shown}")
    print(f"  {engine}: backup during writes: {len(before)} acknowledged before it, {during} during it, "
          f"{len(b_codes)} in the backup, {len(a_codes)} in the source after; all acknowledged-before present, "
          f"integrity ok, uploads ok, restored server serves dossier {some}")

    # Quiesced: the restore must be an exact copy.
    server.kill(signal.SIGTERM)
    archive_c = os.path.join(root, "c.tar")
    a.run("backup", "--to", archive_c)
    verify = a.run("restore", "--from", archive_c, "--verify-only")
    if "intact" not in verify.stdout:
        harness.fail(f"{engine}: verify-only did not report an intact archive: {verify.stdout}")
    c = restore(binary, engine, root, "c", archive_c)
    fa, fc = a.table_fingerprints(), c.table_fingerprints()
    differ = [t for t in fa if fa[t] != fc.get(t)]
    if differ or set(fa) != set(fc):
        harness.fail(f"{engine}: tables differ after restore: {differ[:5]} "
                     f"(A {[fa.get(t) for t in differ[:2]]}, C {[fc.get(t) for t in differ[:2]]})")
    for folder in ("uploads", "keys"):
        if files_under(a.data_dir, folder) != files_under(c.data_dir, folder):
            harness.fail(f"{engine}: {folder}/ differs after restore")
    keys = files_under(c.data_dir, "keys")
    if not keys or any(mode != 0o600 for _, mode in keys.values()):
        harness.fail(f"{engine}: restored keys missing or not 0600: {keys}")
    rows = sum(n for n, _ in fa.values())
    print(f"  {engine}: quiesced backup restored: {len(fa)} tables, {rows} rows, identical counts and content "
          f"hashes; {len(files_under(a.data_dir, 'uploads'))} uploads and {len(keys)} keys (0600) identical")
    subprocess.run(["rm", "-rf", root])


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    harness.require_clamd()
    for engine in harness.engines_from_args(sys.argv):
        drill(binary, engine)
    print("backup drill: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
