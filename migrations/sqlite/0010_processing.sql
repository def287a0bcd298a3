-- Processing of dossiers after reception (issue 7; src/domain/dossier/processing_service.hpp): the steps
-- inside "Đang xử lý" with their units, assignees and due times (Mẫu 06 is printed from them), the
-- pauses of supplement requests, and the times Decision 766 counts.
ALTER TABLE dossiers ADD COLUMN due_at TEXT;        -- the current due time: appointment, moved by pauses and an extension
ALTER TABLE dossiers ADD COLUMN extended_at TEXT;   -- when the one apology with extension (Mẫu 04) was issued
ALTER TABLE dossiers ADD COLUMN resolved_at TEXT;   -- NgayKetThucXuLy: the first terminal state reached
ALTER TABLE dossiers ADD COLUMN returned_at TEXT;   -- NgayTraKetQua
ALTER TABLE dossiers ADD COLUMN return_channel TEXT;  -- counter, online or postal

CREATE TABLE dossier_steps (
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    seq INTEGER NOT NULL,
    step_id TEXT NOT NULL,  -- the workflow step's id ("process", "approve", …)
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES org_units (id),
    assignee_account_id INTEGER REFERENCES accounts (id),
    from_unit_id INTEGER REFERENCES org_units (id),      -- who handed the dossier over
    from_account_id INTEGER REFERENCES accounts (id),
    started_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT NOT NULL DEFAULT '',  -- forwarded, sent_back, approved, supplement, stopped, withdrawn
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (dossier_id, seq)
);
CREATE INDEX dossier_steps_open ON dossier_steps (unit_id, finished_at);

CREATE TABLE dossier_pauses (
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('supplement')),
    from_state INTEGER NOT NULL,  -- the state the dossier returns to when the pause ends
    requested_at TEXT NOT NULL,
    completed_at TEXT,
    PRIMARY KEY (dossier_id, seq)
);

-- The result of a dossier (kết quả giải quyết): the file, and for an electronic result its signature
-- (domain/dossier/signer.hpp). One per dossier; a new upload replaces it until the result is returned.
CREATE TABLE dossier_results (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossiers (id),
    file_sha256 TEXT NOT NULL REFERENCES dossier_files (sha256),
    file_name TEXT NOT NULL,
    signature_scheme TEXT NOT NULL DEFAULT '',
    signature_key TEXT NOT NULL DEFAULT '',
    signature_value TEXT NOT NULL DEFAULT '',
    signer TEXT NOT NULL DEFAULT '',
    attached_by INTEGER REFERENCES accounts (id),
    attached_at TEXT NOT NULL
);

-- Satisfaction after the result is returned (vietnam-rules.md §1.7): the simple three-level rating at
-- the counter, a kiosk or online, and the nine indices of 0–2 points online; one of each kind per channel.
CREATE TABLE dossier_ratings (
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('three_level', 'nine_indices')),
    value TEXT NOT NULL,  -- very_satisfied | satisfied | dissatisfied, or nine digits 0-2 joined by commas
    channel TEXT NOT NULL CHECK (channel IN ('online', 'counter', 'kiosk')),
    account_id INTEGER REFERENCES accounts (id),
    rated_at TEXT NOT NULL,
    PRIMARY KEY (dossier_id, seq)
);
