"""What the durability, fault and backup-drill checks share (standard library only).

An installation is a data directory plus a database: SQLite inside the directory, or a fresh PostgreSQL
database created on the server named by MOCUA_TEST_PG_URL (tools/postgres.sh). `mocua seed-demo` loads
the demo town and `mocua token create` gives the demo citizen an API token; writes go through
POST /api/v1/dossiers (a small PDF each, scanned by the private clamd of MOCUA_TEST_CLAMD_SOCKET).
A write is *acknowledged* when the client got 201 with a dossier code.
"""
import atexit
import hashlib
import http.client
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

CITIZEN = "citizen@phuongquangtri.example"
# The demo one-stop officer (seed-demo prints it), who receives online dossiers at the counter.
OFFICER = ("onestop-officer@phuongquangtri.example", "demo-onestop-officer-quangtri")
STATE_RECEIVED = 2  # domain/dossier/model.hpp: DossierState::kReceived
# The demo catalogue's full-online procedure with one required component (as bench/dossier_submit.py).
PROCEDURE = "1.001570"
BOUNDARY = "mocua-durability-7f3a"


# Every child started here (servers, strace), ended at exit even when a check fails half-way, so a failed
# run leaves no server behind.
_children = []


@atexit.register
def _end_children():
    for p in _children:
        if p.poll() is None:
            p.kill()
            p.wait()


def track(proc):
    _children.append(proc)
    return proc


def skip(reason):
    """Exit as ctest's SKIP_RETURN_CODE (77) with the reason printed."""
    print(f"SKIPPED: {reason}")
    sys.exit(77)


def fail(message):
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def require_clamd():
    socket_path = os.environ.get("MOCUA_TEST_CLAMD_SOCKET", "")
    if not socket_path:
        if os.environ.get("MOCUA_TEST_REQUIRE_CLAMD") == "1":
            fail("MOCUA_TEST_CLAMD_SOCKET is not set")
        skip("no private clamd (tools/clamd.sh start): uploads cannot be accepted")
    return socket_path


def engines_from_args(argv):
    """--engine sqlite|postgresql|both (default both); PostgreSQL skipped without MOCUA_TEST_PG_URL
    unless MOCUA_TEST_REQUIRE_PG=1."""
    wanted = "both"
    if "--engine" in argv:
        wanted = argv[argv.index("--engine") + 1]
    engines = ["sqlite", "postgresql"] if wanted == "both" else [wanted]
    if "postgresql" in engines and not os.environ.get("MOCUA_TEST_PG_URL"):
        if os.environ.get("MOCUA_TEST_REQUIRE_PG") == "1":
            fail("MOCUA_TEST_PG_URL is not set")
        print("PostgreSQL: skipped (no MOCUA_TEST_PG_URL; tools/postgres.sh start)")
        engines.remove("postgresql")
    return engines


def pg_admin_url():
    return os.environ["MOCUA_TEST_PG_URL"]


def pg_url_for(dbname):
    """The test server's URL with another database name (…/mocua?host=DIR → …/DBNAME?host=DIR)."""
    parts = urllib.parse.urlsplit(pg_admin_url())
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, ""))


def pg_tool(name):
    """A PostgreSQL client program: on PATH, or in the server's bin folder (Debian puts pg_amcheck there)."""
    import glob
    import shutil
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None)
    if not found:
        fail(f"{name} is not installed (make deps)")
    return found


def psql(url, sql):
    out = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                         capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"psql failed: {out.stderr.strip()}")
    return out.stdout


def create_pg_database(prefix):
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    psql(pg_admin_url(), f"CREATE DATABASE {name}")
    return name


class Installation:
    """A data directory and its database, for one engine."""

    def __init__(self, binary, engine, root, name):
        self.binary = binary
        self.engine = engine
        self.data_dir = os.path.join(root, name)
        self.url = pg_url_for(create_pg_database("mocua_" + name.replace("-", "_"))) if engine == "postgresql" else ""
        self.token = None

    def env(self):
        env = dict(os.environ)
        env.pop("MOCUA_DATABASE_URL", None)
        if self.url:
            env["MOCUA_DATABASE_URL"] = self.url
        env["MOCUA_SCANNER_SOCKET"] = os.environ.get("MOCUA_TEST_CLAMD_SOCKET", "")
        env["MOCUA_LOG_LEVEL"] = env.get("MOCUA_LOG_LEVEL", "warn")
        # The officer signs in with a password only (a trial setting; production requires two steps).
        env["MOCUA_AUTH_REQUIRE_STAFF_TOTP"] = "false"
        return env

    def run(self, *args, check=True):
        out = subprocess.run([self.binary, *args, "--data-dir", self.data_dir], env=self.env(),
                             capture_output=True, text=True)
        if check and out.returncode != 0:
            fail(f"mocua {' '.join(args)} exited {out.returncode}: {out.stderr.strip()}")
        return out

    def seed(self):
        self.run("seed-demo")
        out = self.run("token", "create", "--email", CITIZEN, "--label", "durability")
        self.token = out.stdout.strip().splitlines()[-1]

    # --- reading the database directly, as an auditor would -------------------------------------
    def query(self, sql):
        """Rows of `sql` as tuples of text (NULL as None)."""
        if self.engine == "sqlite":
            con = sqlite3.connect(os.path.join(self.data_dir, "mocua.db"), timeout=30)
            try:
                return [tuple(None if v is None else str(v) for v in row) for row in con.execute(sql)]
            finally:
                con.close()
        text = psql(self.url, f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)")
        import csv
        import io
        return [tuple(r) for r in csv.reader(io.StringIO(text))]

    def dossier_codes(self):
        return {r[0] for r in self.query("SELECT code FROM dossiers")}

    def dossier_states(self):
        return {r[0]: int(r[1]) for r in self.query("SELECT code, state FROM dossiers")}

    def tables(self):
        if self.engine == "sqlite":
            rows = self.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        else:
            rows = self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return sorted(r[0] for r in rows)

    def table_fingerprints(self):
        """{table: (row count, SHA-256 of its rows in a canonical order)}."""
        out = {}
        for t in self.tables():
            rows = sorted(repr(r) for r in self.query(f"SELECT * FROM {t}"))
            out[t] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return out

    def integrity(self):
        """'ok' or the checker's report: PRAGMA integrity_check, or pg_amcheck on the whole database."""
        if self.engine == "sqlite":
            rows = self.query("PRAGMA integrity_check")
            return "\n".join(r[0] for r in rows)
        out = subprocess.run([pg_tool("pg_amcheck"), "--heapallindexed", "--install-missing", self.url],
                             capture_output=True, text=True)
        return "ok" if out.returncode == 0 else (out.stdout + out.stderr).strip() or f"exit {out.returncode}"

    def missing_blobs(self):
        """Uploads the database names whose bytes are absent or do not hash to their name."""
        bad = []
        for (sha,) in self.query("SELECT sha256 FROM dossier_files"):
            path = os.path.join(self.data_dir, "uploads", sha[0:2], sha[2:4], sha)
            try:
                with open(path, "rb") as f:
                    if hashlib.sha256(f.read()).hexdigest() != sha:
                        bad.append(sha)
            except OSError:
                bad.append(sha)
        return bad


class Server:
    """`mocua serve` on a free port of 127.0.0.1, optionally under a wrapper (strace)."""

    def __init__(self, inst, wrapper=(), log_name="serve.log"):
        self.inst = inst
        self.log_path = os.path.join(os.path.dirname(inst.data_dir), f"{os.path.basename(inst.data_dir)}-{log_name}")
        self.log = open(self.log_path, "ab")
        env = inst.env()
        # One client submits as fast as it can with one token: far past the per-account write allowance
        # (docs/adr/0102); these checks are about durability, not rate limits.
        env["MOCUA_RATE_LIMITS"] = "off"
        self.proc = track(subprocess.Popen([*wrapper, inst.binary, "serve", "--data-dir", inst.data_dir, "--listen",
                                            "127.0.0.1:0"], env=env, stdout=subprocess.PIPE, stderr=self.log))
        # The server prints its address once it listens (src/app/cli.cpp): no polling, no sleep.
        line = self.proc.stdout.readline().decode()
        m = re.search(r"serving (http://\S+)", line)
        if not m:
            self.proc.wait(timeout=30)
            fail(f"mocua serve did not start (exit {self.proc.returncode}); see {self.log_path}")
        self.base = m.group(1)

    @property
    def pid(self):
        return self.proc.pid

    def kill(self, sig=signal.SIGKILL):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        self.proc.wait(timeout=60)
        self.proc.stdout.close()
        self.log.close()

    def log_text(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")


def pdf(tag):
    body = f"%PDF-1.4\n% {tag}\n1 0 obj << /Type /Catalog >> endobj\n".encode()
    return body + os.urandom(256).hex().encode() + b"\n%%EOF\n"


def submission_body(tag):
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))
    answers = {
        "applicant.name": "Nguyễn Văn An", "applicant.id_number": "045095000123",
        "applicant.address": "12 Lê Duẩn, phường Quảng Trị", "applicant.phone": "0912345678",
        "applicant.email": "an@example.vn", "result_delivery": "online", "owner_name": "Nguyễn Văn An",
        "owner_cccd": "045095000123", "owner_birth_date": "1995-03-04", "owner_phone": "0912345678",
        "owner_address": "12 Lê Duẩn, phường Quảng Trị", "registration_no": "29A8012345",
        "notice_kind": "suspend", "suspend_from": today,
    }
    parts = []
    for name, value in (("procedure", PROCEDURE), ("answers", json.dumps(answers, ensure_ascii=False))):
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                     + value.encode() + b"\r\n")
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="component_1"; filename="notice.pdf"'
                 f'\r\nContent-Type: application/pdf\r\n\r\n'.encode() + pdf(tag) + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def submit(base, token, tag, timeout=60):
    """(status, dossier code or error text); status 0 when the connection failed."""
    req = urllib.request.Request(base + "/api/v1/dossiers", data=submission_body(tag), method="POST", headers={
        "Authorization": "Bearer " + token,
        "Content-Type": "multipart/form-data; boundary=" + BOUNDARY,
        "Idempotency-Key": tag,
    })
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            text = r.read().decode()
            return r.status, (json.loads(text).get("code", "") if r.status == 201 else text)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")
    except (OSError, urllib.error.URLError, http.client.HTTPException) as e:  # refused, reset, killed: not acknowledged
        return 0, repr(e)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _fetch(base, method, path, cookies="", form=None, timeout=30):
    """(status, headers, body text) without following redirects; status 0 when the connection failed."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    headers = {"Cookie": cookies} if cookies else {}
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with _opener.open(req, timeout=timeout) as r:
            return r.status, r.headers, r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode(errors="replace")
    except (OSError, urllib.error.URLError, http.client.HTTPException) as e:
        return 0, {}, repr(e)


def _cookie(headers, name):
    for value in (headers.get_all("Set-Cookie") if hasattr(headers, "get_all") else None) or []:
        m = re.match(rf"{name}=([^;]*)", value)
        if m:
            return f"{name}={m.group(1)}"
    return ""


class Officer:
    """The one-stop officer at the counter pages, as a browser without JavaScript: sign in, then accept
    (receive) online dossiers with the page's form (CSRF token, expected version)."""

    def __init__(self):
        self.cookies = ""

    def sign_in(self, base):
        status, headers, body = _fetch(base, "GET", "/sign-in")
        csrf = _cookie(headers, "mocua_csrf")
        token = re.search(r'name="csrf_token" value="([^"]+)"', body)
        if status != 200 or not token:
            return False
        status, headers, _ = _fetch(base, "POST", "/sign-in", csrf, {
            "csrf_token": token.group(1), "email": OFFICER[0], "password": OFFICER[1]})
        session = _cookie(headers, "mocua_session")
        self.cookies = f"{session}; {csrf}" if status == 303 and session else ""
        return bool(self.cookies)

    def accept(self, base, code):
        """True when the server acknowledged the reception (303 back to the dossier)."""
        status, _, body = _fetch(base, "GET", f"/counter/dossiers/{code}", self.cookies)
        if status in (303, 401):
            self.cookies = ""  # the session ended: sign in again
            return False
        form = re.search(rf'action="/counter/dossiers/{re.escape(code)}/accept".*?</form>', body, re.S)
        if status != 200 or not form:
            return False
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.group(0))
        version = re.search(r'name="version" value="(\d+)"', form.group(0))
        if not token or not version:
            return False
        status, headers, _ = _fetch(base, "POST", f"/counter/dossiers/{code}/accept", self.cookies, {
            "csrf_token": token.group(1), "version": version.group(1)})
        return status == 303 and headers.get("Location", "").startswith(f"/counter/dossiers/{code}")


def workdir(prefix):
    return tempfile.mkdtemp(prefix=prefix, dir=os.environ.get("TMPDIR", "/tmp"))
