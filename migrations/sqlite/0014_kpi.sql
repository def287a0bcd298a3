-- Decision 766 KPIs (issue 10; docs/adr/0090-decision-766-kpis.md, src/domain/kpi/kpi766.hpp).
-- Kept by the projector (persistence/kpi_repository.cpp) from dossier_changes, so native and imported
-- dossiers count the same way and no writer needs to know of it. Every change of a dossier subtracts its
-- old contribution (read back from kpi_dossier_facts) and adds the new one, in one transaction with the
-- cursor; a report sums kpi_daily and kpi_pending over the period's days, never every dossier.

-- How far the projector has read dossier_changes.
CREATE TABLE kpi_cursor (
    name TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
);
INSERT INTO kpi_cursor (name, seq) VALUES ('decision766', 0);

-- One row per dossier: the facts as FactsToJson wrote them, and the days the sums are keyed by.
CREATE TABLE kpi_dossier_facts (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossiers (id),
    code TEXT NOT NULL,
    unit_id INTEGER NOT NULL,           -- the competent unit (DonViXuLy)
    procedure_code TEXT NOT NULL,
    received_day TEXT NOT NULL,         -- Vietnam day of NgayTiepNhan; '' when not received
    end_day TEXT NOT NULL,              -- Vietnam day of the end (priority rule); '9999-12-31' while open
    due_day TEXT NOT NULL,              -- Vietnam day of the effective due time; '' when none
    forced_late INTEGER NOT NULL,       -- 1: more than one supplement request (overdue whatever the times)
    facts TEXT NOT NULL
);
CREATE INDEX kpi_dossier_facts_received ON kpi_dossier_facts (received_day, unit_id);
-- Covers the carried-over and in-progress counts, which read only these columns.
CREATE INDEX kpi_dossier_facts_end ON kpi_dossier_facts (end_day, received_day, unit_id, due_day, forced_late);

-- Sums per unit, procedure and day: the cohort counters by received day, the resolved_* and completed
-- counters by end day (domain::kpi::Counters). Keyed by day first: a report reads one range of days.
CREATE TABLE kpi_daily (
    unit_id INTEGER NOT NULL,
    procedure_code TEXT NOT NULL,
    day TEXT NOT NULL,
    received INTEGER NOT NULL DEFAULT 0,
    synced INTEGER NOT NULL DEFAULT 0,
    online INTEGER NOT NULL DEFAULT 0,
    direct INTEGER NOT NULL DEFAULT 0,
    postal INTEGER NOT NULL DEFAULT 0,
    fee_bearing INTEGER NOT NULL DEFAULT 0,
    paid_online INTEGER NOT NULL DEFAULT 0,
    paper_result INTEGER NOT NULL DEFAULT 0,
    e_result INTEGER NOT NULL DEFAULT 0,
    digitised INTEGER NOT NULL DEFAULT 0,
    reused INTEGER NOT NULL DEFAULT 0,
    from_store INTEGER NOT NULL DEFAULT 0,
    vneid INTEGER NOT NULL DEFAULT 0,
    final_on_time INTEGER NOT NULL DEFAULT 0,
    final_late INTEGER NOT NULL DEFAULT 0,
    resolved_early INTEGER NOT NULL DEFAULT 0,
    resolved_on_time INTEGER NOT NULL DEFAULT 0,
    resolved_late INTEGER NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0,
    completed_seconds INTEGER NOT NULL DEFAULT 0,
    not_collected INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, unit_id, procedure_code)
) WITHOUT ROWID;

-- Received dossiers whose 2.1 verdict depends on the period's end (on time until their due day, then
-- late), counted per unit, procedure, received day and due day.
CREATE TABLE kpi_pending (
    unit_id INTEGER NOT NULL,
    procedure_code TEXT NOT NULL,
    received_day TEXT NOT NULL,
    due_day TEXT NOT NULL,
    n INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (received_day, unit_id, procedure_code, due_day)
);
