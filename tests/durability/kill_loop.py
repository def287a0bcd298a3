#!/usr/bin/env python3
"""Crash durability: `mocua serve` under write load is killed with SIGKILL at random moments and
restarted, and after every restart every acknowledged write must be there and the database consistent.

    kill_loop.py MOCUA_BINARY [--cycles N] [--engine sqlite|postgresql|both] [--writers W] [--seed S]

Each cycle: start the server, let W writers submit dossiers through POST /api/v1/dossiers while the
one-stop officer receives submitted dossiers through the counter pages (a workflow action: sign-in
session, CSRF token, expected version), send SIGKILL after a random delay (0–400 ms after the first
write was sent), then restart. A submission is acknowledged when its client got 201 (its dossier code
is recorded), a reception when the officer's form got its 303 back to the dossier. After every restart:
every recorded code is in the database, every acknowledged reception left its dossier received, and
each upload is in the store with the right hash. SQLite: PRAGMA
integrity_check after every kill; PostgreSQL (data checksums on, tools/postgres.sh): pg_amcheck every
25 cycles and at the end. Prints the cycle count it ran, so a reduced run is never mistaken for the full
one: `make test` runs a reduced count (tests/CMakeLists.txt), `make soak` 1,000 per engine.
Exit 0 when all checks pass, 1 otherwise, 77 when skipped (no clamd). Standard library only.
"""
import os
import random
import shutil
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def arg(name, default):
    return type(default)(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


officer = harness.Officer()


def officer_signed_in(base):
    return officer.sign_in(base)


def run_engine(binary, engine, cycles, writers, rng):
    officer.cookies = ""
    root = harness.workdir("mocua-durability-")
    inst = harness.Installation(binary, engine, root, "data")
    inst.seed()
    # The officer signs in once, on a server that is not killed: the session lives in the database and
    # must itself survive every kill (a password hash per cycle would also starve the writers).
    server = harness.Server(inst)
    if not officer_signed_in(server.base):
        harness.fail(f"{engine}: the one-stop officer cannot sign in")
    server.kill(signal.SIGTERM)
    acknowledged = set()  # dossier codes whose client got 201
    received = set()  # codes whose reception at the counter the officer's browser got acknowledged
    tried = {}  # code -> reception attempts (one cut short by the kill leaves no form to try again)
    lock = threading.Lock()
    cond = threading.Condition(lock)  # a new acknowledged submission, or the end of the cycle
    began = time.monotonic()
    refused = 0
    amcheck_every = 25
    for cycle in range(1, cycles + 1):
        server = harness.Server(inst)
        started = threading.Event()
        stop = threading.Event()
        local_refused = [0]

        def writer(w):
            n = 0
            while not stop.is_set():
                n += 1
                started.set()
                status, code = harness.submit(server.base, inst.token, f"c{cycle}-w{w}-n{n}-{rng.random()}")
                if status == 201:
                    with cond:
                        acknowledged.add(code)
                        cond.notify_all()
                elif status != 0:
                    # An answer that is neither 201 nor a dropped connection: the server refused a write
                    # while healthy. Counted and reported, since it hides nothing (not acknowledged).
                    with lock:
                        local_refused[0] += 1
                        print(f"  cycle {cycle}: answer {status}: {code[:200]}", file=sys.stderr)

        def counter():
            if not officer.cookies and not officer.sign_in(server.base):
                return  # killed before the sign-in finished; the next cycle signs in again
            def pending():
                return sorted(c for c in acknowledged if c not in received and tried.get(c, 0) < 2)

            while True:
                with cond:
                    cond.wait_for(lambda: stop.is_set() or pending())
                    if stop.is_set():
                        return
                    code = pending()[0]
                    tried[code] = tried.get(code, 0) + 1
                if officer.accept(server.base, code):
                    with lock:
                        received.add(code)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
        threads.append(threading.Thread(target=counter))
        for t in threads:
            t.start()
        started.wait(timeout=30)
        # The kill moment is random on purpose (not a synchronisation wait): anywhere in a write.
        time.sleep(rng.uniform(0.0, 0.4))
        server.kill(signal.SIGKILL)
        with cond:
            stop.set()
            cond.notify_all()
        for t in threads:
            t.join()
        refused += local_refused[0]

        # Restart on the same data, then check. The restart itself must need no repair.
        server = harness.Server(inst)
        present = inst.dossier_codes()
        lost = sorted(acknowledged - present)
        if lost:
            server.kill(signal.SIGTERM)
            harness.fail(f"{engine}: cycle {cycle}: {len(lost)} acknowledged dossiers lost: {lost[:5]}")
        states = inst.dossier_states()
        undone = sorted(c for c in received if states.get(c) != harness.STATE_RECEIVED)
        if undone:
            server.kill(signal.SIGTERM)
            harness.fail(f"{engine}: cycle {cycle}: {len(undone)} acknowledged receptions lost: {undone[:5]}")
        if engine == "sqlite" or cycle % amcheck_every == 0 or cycle == cycles:
            report = inst.integrity()
            if report != "ok":
                server.kill(signal.SIGTERM)
                harness.fail(f"{engine}: cycle {cycle}: integrity check: {report}")
        server.kill(signal.SIGTERM)
        if cycle % 20 == 0 or cycle == cycles:
            print(f"  {engine}: {cycle}/{cycles} kills, {len(acknowledged)} acknowledged dossiers and "
                  f"{len(received)} receptions all present ({time.monotonic() - began:.0f} s)", flush=True)
    missing_blobs = inst.missing_blobs()
    if missing_blobs:
        harness.fail(f"{engine}: {len(missing_blobs)} uploads named by the database are missing or damaged")
    if not acknowledged or not received:
        harness.fail(f"{engine}: {len(acknowledged)} submissions and {len(received)} receptions acknowledged; "
                     f"a loop without both proves nothing")
    checks = "integrity_check after every kill" if engine == "sqlite" else \
        f"pg_amcheck every {amcheck_every} kills and at the end"
    print(f"{engine}: {cycles} SIGKILL cycles, {len(acknowledged)} acknowledged submissions and "
          f"{len(received)} acknowledged receptions, 0 lost, "
          f"{checks}: ok, {refused} refused answers, uploads all present "
          f"({time.monotonic() - began:.0f} s)")
    return root


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    cycles = arg("--cycles", 200)
    writers = arg("--writers", 2)
    seed = arg("--seed", int(time.time()))
    harness.require_clamd()
    engines = harness.engines_from_args(sys.argv)
    print(f"durability: {cycles} SIGKILL cycles per engine ({', '.join(engines)}), {writers} writers, "
          f"random seed {seed}")
    rng = random.Random(seed)
    for engine in engines:
        # Kept when a check fails (harness.fail exits first), for the post-mortem; removed when it passed.
        shutil.rmtree(run_engine(binary, engine, cycles, writers, rng), ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
