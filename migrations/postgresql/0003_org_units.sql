-- Organisation units with history (src/domain/org/). Dates are calendar dates "YYYY-MM-DD";
-- valid_from/valid_to are inclusive, NULL means open-ended. A code is unique among units whose
-- validity periods overlap (checked by the service), not globally: phường Quảng Trị (19360, from
-- 2025-07-01) reuses the code of phường An Đôn (until 2025-06-30).
CREATE TABLE org_units (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    name_fold TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('province', 'district', 'commune', 'special_zone', 'department',
                                       'one_stop_centre', 'other_agency')),
    parent_id BIGINT REFERENCES org_units (id),
    valid_from TEXT,
    valid_to TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
);
CREATE INDEX org_units_code ON org_units (code);
CREATE INDEX org_units_parent ON org_units (parent_id);
CREATE INDEX org_units_type_name ON org_units (type, name_vi);

-- A merger or renaming: records keep pointing at the predecessor; the successor takes over from
-- effective_on.
CREATE TABLE org_unit_successions (
    predecessor_id BIGINT NOT NULL REFERENCES org_units (id),
    successor_id BIGINT NOT NULL REFERENCES org_units (id),
    effective_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (predecessor_id, successor_id),
    CHECK (predecessor_id <> successor_id)
);
CREATE INDEX org_unit_successions_successor ON org_unit_successions (successor_id);
