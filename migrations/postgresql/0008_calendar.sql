-- The working-day calendar (src/domain/calendar/). Dates are calendar dates "YYYY-MM-DD" in Vietnam;
-- times are UTC text "YYYY-MM-DDTHH:MM:SS.mmmZ".
--
-- The Government's yearly decisions about holidays, one row per date: the exact Tết days, the day
-- added to National Day, swapped working days (swap-off: a weekday off; swap-work: a Saturday worked)
-- and compensatory days. The law's fixed holidays are computed, not stored (holidays.hpp).
CREATE TABLE calendar_overrides (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'compensatory', 'swap-off', 'swap-work')),
    occasion TEXT NOT NULL CHECK (occasion IN ('new_year', 'tet', 'hung_kings', 'reunification_labour',
                                               'national_day', 'other')),
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    document TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Office hours per unit: one row per open weekday (1 = Monday … 7 = Sunday) of a schedule; the rows
-- with the same unit and valid_from are one schedule, valid until valid_to (inclusive; NULL: open).
-- intervals: "07:00-11:30,13:30-17:00". Units without a schedule use their parent's, else the default
-- (Monday–Friday 07:00–11:30, 13:30–17:00).
CREATE TABLE calendar_office_hours (
    id BIGSERIAL PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES org_units (id),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    intervals TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (unit_id, valid_from, weekday),
    CHECK (valid_to IS NULL OR valid_from <= valid_to)
);
