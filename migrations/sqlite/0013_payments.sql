-- Cashless fees (issue 9; docs/adr/0080-cashless-payments.md, src/domain/payments/).

-- One payment request per attempt: a failed, cancelled or expired request stays as it was, and paying
-- again makes a new request with a new transaction reference (the gateway refuses a reference twice).
-- Amounts are whole đồng. The state changes from 'pending' exactly once (UPDATE … WHERE state = 'pending').
CREATE TABLE payment_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    txn_ref TEXT NOT NULL UNIQUE,                       -- vnp_TxnRef
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    unit_id INTEGER NOT NULL REFERENCES org_units (id), -- the receiving unit: for the reconciliation report
    amount_vnd INTEGER NOT NULL CHECK (amount_vnd > 0),
    lines TEXT NOT NULL DEFAULT '[]',                   -- JSON [{"name_vi","name_en","amount_vnd"}]
    payer_name TEXT NOT NULL,
    payer_account_id INTEGER REFERENCES accounts (id),
    purpose TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'paid', 'failed', 'cancelled', 'expired')),
    method TEXT CHECK (method IN ('gateway', 'cash', 'transfer')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    settled_at TEXT,
    gateway_transaction_no TEXT NOT NULL DEFAULT '',    -- vnp_TransactionNo, or the transfer's reference
    gateway_response_code TEXT NOT NULL DEFAULT '',
    bank_code TEXT NOT NULL DEFAULT '',
    proof_blob TEXT NOT NULL DEFAULT '',                -- the counter's proof file (blob store id)
    recorded_by INTEGER REFERENCES accounts (id)
);
CREATE INDEX payment_requests_dossier ON payment_requests (dossier_id, id);
CREATE INDEX payment_requests_pending ON payment_requests (state, expires_at);
CREATE INDEX payment_requests_settled ON payment_requests (unit_id, settled_at);

-- Every notification the gateway sent, valid or not, with what we answered: the reconciliation report
-- shows duplicates, tampered and wrong-amount notifications beside the settled requests.
CREATE TABLE payment_notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    txn_ref TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    rsp_code TEXT NOT NULL,
    response_code TEXT NOT NULL DEFAULT '',
    transaction_no TEXT NOT NULL DEFAULT '',
    amount_vnd INTEGER NOT NULL DEFAULT -1
);
CREATE INDEX payment_notifications_ref ON payment_notifications (txn_ref, id);
CREATE INDEX payment_notifications_received ON payment_notifications (received_at);
