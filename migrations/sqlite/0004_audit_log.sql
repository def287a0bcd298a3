-- The tamper-evident audit log (src/domain/audit/). Append-only: each entry's hash is
-- SHA-256(previous hash || canonical content), so editing, deleting or reordering an entry breaks the
-- chain (`mocua audit verify`). audit_head holds the last sequence number and hash; every append
-- updates it first, which takes its row lock and serialises appenders so the chain never forks.
-- Personal data is kept to ids: no names, e-mail addresses or ID numbers.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_account_id INTEGER,
    acting_unit_id INTEGER,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_account_id, at);
CREATE INDEX audit_log_action ON audit_log (action, at);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- The application never updates or deletes entries; these triggers turn a bug that tries into an
-- error. (Someone with the database owner's rights can drop them: the hash chain is what detects that.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
