-- Dossiers (hồ sơ) from intake on (src/domain/dossier/, docs/adr/0060-dossier-intake.md). Times are UTC
-- text "YYYY-MM-DDTHH:MM:SS.mmmZ"; dates "YYYY-MM-DD" are Vietnam's calendar dates.

-- Uploaded files, content-addressed: the bytes live under <data_dir>/uploads/ab/cd/<sha256>; this row
-- records what was checked when the file was accepted (type read from the bytes, virus scan).
CREATE TABLE dossier_files (
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    scanned_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- The dossier code pattern of a receiving unit from a date on (Circular 01/2018 Art. 19 by default:
-- "{unit}-{YYMMDD}-{NNNN}"). Units without a row use the default with their own code.
CREATE TABLE dossier_code_formats (
    unit_id BIGINT NOT NULL REFERENCES org_units (id),
    valid_from TEXT NOT NULL,
    pattern TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, valid_from)
);

-- The daily sequence of dossier codes per receiving unit. Incremented with an upsert inside the
-- transaction that inserts the dossier, so two receptions never get the same number.
CREATE TABLE dossier_sequences (
    unit_id BIGINT NOT NULL REFERENCES org_units (id),
    day TEXT NOT NULL,
    last_value BIGINT NOT NULL,
    PRIMARY KEY (unit_id, day)
);

CREATE TABLE dossiers (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    procedure_code TEXT NOT NULL REFERENCES procedures (code),
    procedure_version_id BIGINT NOT NULL REFERENCES procedure_versions (id),
    applicant_account_id BIGINT REFERENCES accounts (id),
    applicant_kind TEXT NOT NULL CHECK (applicant_kind IN ('citizen', 'business')),
    applicant_name TEXT NOT NULL,
    applicant_id_number TEXT NOT NULL DEFAULT '',
    applicant_address TEXT NOT NULL DEFAULT '',
    applicant_phone TEXT NOT NULL DEFAULT '',
    applicant_email TEXT NOT NULL DEFAULT '',
    applicant_fold TEXT NOT NULL DEFAULT '',  -- folded name, for search
    language TEXT NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),  -- of the mails to the applicant
    channel INTEGER NOT NULL CHECK (channel IN (1, 2, 3)),
    state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 10),
    receiving_unit_id BIGINT NOT NULL REFERENCES org_units (id),
    competent_unit_id BIGINT NOT NULL REFERENCES org_units (id),
    answers TEXT NOT NULL DEFAULT '{}',  -- the e-form answers, JSON object of strings
    sets INTEGER NOT NULL DEFAULT 1,
    result_delivery TEXT NOT NULL DEFAULT 'counter' CHECK (result_delivery IN ('counter', 'postal', 'online')),
    submitted_at TEXT NOT NULL,
    received_at TEXT,
    appointment_at TEXT,
    received_by BIGINT REFERENCES accounts (id),
    created_by BIGINT REFERENCES accounts (id),
    version BIGINT NOT NULL DEFAULT 1,  -- optimistic lock: +1 on every change
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX dossiers_applicant ON dossiers (applicant_account_id, submitted_at);
CREATE INDEX dossiers_receiving_state ON dossiers (receiving_unit_id, state, submitted_at);
CREATE INDEX dossiers_competent_state ON dossiers (competent_unit_id, state, submitted_at);

CREATE TABLE dossier_components (
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    position INTEGER NOT NULL,  -- 1-based, the catalogue's order of the version
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    file_sha256 TEXT REFERENCES dossier_files (sha256),
    file_name TEXT NOT NULL DEFAULT '',
    handed_in TEXT NOT NULL DEFAULT 'none' CHECK (handed_in IN ('none', 'original', 'copy', 'certified_copy')),
    quantity INTEGER NOT NULL DEFAULT 1,
    digitised INTEGER NOT NULL DEFAULT 0,  -- a paper component scanned at the counter (đã số hóa)
    reused INTEGER NOT NULL DEFAULT 0,     -- taken from the applicant's data store
    PRIMARY KEY (dossier_id, position)
);

CREATE TABLE dossier_history (
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    seq INTEGER NOT NULL,
    from_state INTEGER,
    to_state INTEGER NOT NULL,
    action TEXT NOT NULL,
    actor_account_id BIGINT REFERENCES accounts (id),
    unit_id BIGINT REFERENCES org_units (id),
    note TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    PRIMARY KEY (dossier_id, seq)
);

-- The forms issued for a dossier (01 receipt, 02 supplement request, 03 refusal, 04 apology and
-- extension, 05 stop notice; a dossier may get more than one 02): the data printed, as JSON, so the same
-- PDF can be produced again at any time. seq numbers them in issue order.
CREATE TABLE dossier_forms (
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    seq INTEGER NOT NULL,
    form TEXT NOT NULL CHECK (form IN ('01', '02', '03', '04', '05')),
    data TEXT NOT NULL,
    issued_by BIGINT REFERENCES accounts (id),
    issued_at TEXT NOT NULL,
    PRIMARY KEY (dossier_id, seq)
);

-- Online applications being filled in. dossier_id is set once, by the submit that creates the
-- dossier; a second submit of the same draft finds it set and answers with that dossier.
CREATE TABLE dossier_drafts (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    procedure_code TEXT NOT NULL REFERENCES procedures (code),
    procedure_version_id BIGINT NOT NULL REFERENCES procedure_versions (id),
    content TEXT NOT NULL,  -- JSON: answers, applicant, competent unit, files
    dossier_id BIGINT REFERENCES dossiers (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX dossier_drafts_account ON dossier_drafts (account_id, updated_at);

-- Idempotency keys of API submissions: the same key from the same account answers with the same
-- dossier; the same key with a different request is refused.
CREATE TABLE dossier_idempotency (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
);

-- The applicant's electronic data store (kho dữ liệu điện tử, Circular 01/2023 Art. 24): documents
-- from earlier dossiers that may be reused.
CREATE TABLE data_store_items (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    title TEXT NOT NULL,
    file_sha256 TEXT NOT NULL REFERENCES dossier_files (sha256),
    file_name TEXT NOT NULL DEFAULT '',
    source_dossier_id BIGINT REFERENCES dossiers (id),
    created_at TEXT NOT NULL,
    UNIQUE (account_id, file_sha256)
);
