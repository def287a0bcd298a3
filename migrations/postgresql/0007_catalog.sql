-- The procedure catalogue (src/domain/catalog/, docs/adr/0040-procedure-catalogue.md): fields,
-- procedures with append-only versions, forms and their files. Dates are "YYYY-MM-DD".
CREATE TABLE catalog_fields (
    code TEXT PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    name_fold TEXT NOT NULL,   -- core::text::FoldForSearch of both names, for search
    name_sort TEXT COLLATE "C" NOT NULL,  -- core::text::SortKeyHex(name_vi), for Vietnamese order
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Form files, content-addressed: the key is the SHA-256 of the bytes, kept as base64 text so one
-- SQL path serves both engines (forms are small; the limit is 10 MiB).
CREATE TABLE catalog_files (
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content_base64 TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE catalog_forms (
    form_key TEXT PRIMARY KEY,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL DEFAULT '',
    source_vi TEXT NOT NULL DEFAULT '',
    file_sha256 TEXT REFERENCES catalog_files (sha256),
    file_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE procedures (
    code TEXT PRIMARY KEY,  -- national TTHC code, "1.001193"
    created_at TEXT NOT NULL
);

-- One row per published version, never updated except valid_until (set when the next version is
-- published). In force on a day D: effective_from <= D < valid_until. The content is the exchange
-- JSON of the procedure; the other columns are copies of it for filters, search and sorting, so no
-- request parses JSON to search.
CREATE TABLE procedure_versions (
    id BIGSERIAL PRIMARY KEY,
    procedure_code TEXT NOT NULL REFERENCES procedures (code),
    number INTEGER NOT NULL,
    effective_from TEXT NOT NULL,
    valid_until TEXT NOT NULL DEFAULT '9999-12-31',
    field_code TEXT NOT NULL REFERENCES catalog_fields (code),
    level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    mode TEXT NOT NULL CHECK (mode IN ('full_online', 'partial_online', 'offline')),
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    name_fold TEXT NOT NULL,    -- folded name_vi without a leading "thủ tục ", for ranking
    name_sort TEXT COLLATE "C" NOT NULL,  -- SortKeyHex(name_vi)
    search_fold TEXT NOT NULL,  -- folded code, name_vi and name_en
    time_limit_value BIGINT NOT NULL,
    time_limit_unit TEXT NOT NULL,
    announcement_decision TEXT,
    announcement_issued_on TEXT,
    announcement_published_on TEXT,
    announcement_in_force_on TEXT,
    content_json TEXT NOT NULL,
    content_hash TEXT NOT NULL,  -- hex SHA-256 of the canonical content (without effective_from)
    created_at TEXT NOT NULL,
    UNIQUE (procedure_code, number),
    CHECK (effective_from <= valid_until)
);
-- Unlike SQLite (a covering index there), PostgreSQL keeps content_json out of line (TOAST), so the
-- rows search reads stay narrow; a covering index could also exceed btree's ~2.7 kB entry limit with
-- long names.
CREATE INDEX procedure_versions_in_force ON procedure_versions (effective_from, valid_until);
CREATE INDEX procedure_versions_code_from ON procedure_versions (procedure_code, effective_from);
CREATE INDEX procedure_versions_field ON procedure_versions (field_code);
