-- Accounts, roles within unit subtrees, sessions, API tokens, TOTP and login throttling
-- (src/domain/identity/). Times are UTC text "YYYY-MM-DDTHH:MM:SS.mmmZ"; booleans are 0/1.
-- Secrets are never stored in the clear: passwords as Argon2id strings, session and API tokens and
-- recovery codes as SHA-256 hex, TOTP secrets sealed with a key kept in the data directory.
CREATE TABLE accounts (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('citizen', 'business', 'staff')),
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    name_fold TEXT NOT NULL DEFAULT '',
    cccd TEXT UNIQUE,
    tax_code TEXT,
    phone TEXT,
    password_hash TEXT,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The roles, as data: grants must name one of these.
CREATE TABLE roles (
    name TEXT PRIMARY KEY,
    label_vi TEXT NOT NULL,
    label_en TEXT NOT NULL,
    staff_only INTEGER NOT NULL
);
INSERT INTO roles (name, label_vi, label_en, staff_only) VALUES
    ('citizen', 'Công dân', 'Citizen', 0),
    ('business', 'Doanh nghiệp, tổ chức', 'Business or organisation', 0),
    ('onestop_officer', 'Cán bộ một cửa', 'One-stop officer', 1),
    ('specialist', 'Chuyên viên', 'Specialist', 1),
    ('leader', 'Lãnh đạo', 'Leader', 1),
    ('clerk', 'Văn thư', 'Clerk', 1),
    ('delegate', 'Đại biểu', 'Meeting delegate', 1),
    ('meeting_secretary', 'Thư ký cuộc họp', 'Meeting secretary', 1),
    ('ioc_viewer', 'Xem Trung tâm điều hành', 'Operations centre viewer', 1),
    ('unit_admin', 'Quản trị đơn vị', 'Unit administrator', 1),
    ('system_admin', 'Quản trị hệ thống', 'System administrator', 1),
    ('security_admin', 'Quản trị an toàn thông tin', 'Security administrator', 1);

-- A role held within a unit's subtree.
CREATE TABLE role_grants (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    role TEXT NOT NULL REFERENCES roles (name),
    unit_id BIGINT NOT NULL REFERENCES org_units (id),
    created_at TEXT NOT NULL,
    UNIQUE (account_id, role, unit_id)
);

CREATE TABLE sessions (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    revoked_at TEXT
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    label TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    expires_at TEXT,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- last_step: the RFC 6238 time step of the last code accepted; a code is accepted only for a later
-- step, so no code works twice.
CREATE TABLE totp_credentials (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id),
    sealed_secret TEXT NOT NULL,
    confirmed_at TEXT,
    last_step BIGINT NOT NULL DEFAULT -1,
    created_at TEXT NOT NULL
);

CREATE TABLE recovery_codes (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    code_hash TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX recovery_codes_account ON recovery_codes (account_id);

-- Failed sign-ins, counted per account and per IP address over the last hour (throttling).
CREATE TABLE login_failures (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT,
    ip TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_account ON login_failures (account_id, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);
