-- Decision 766 reports whose cost does not grow with the number of dossiers (issue 10, "Scale";
-- docs/adr/0093-kpi-balances.md, docs/performance.md). Before this, the carried-over and in-progress
-- counts read every dossier ended in or after the period (46 ms at 10,000,000 dossiers) and a month's
-- sums read one row per unit, procedure and day. Now:
--   kpi_monthly      kpi_daily summed per month: a report reads whole months here and only the days of a
--                    partial month in kpi_daily;
--   kpi_pending_units kpi_pending without the procedure: a whole unit's report reads one row per unit,
--                    received day and due day instead of one per procedure as well;
--   kpi_open_days    per unit and day, how many dossiers start and stop being open, open and late, and
--   kpi_open_months  open and due soon (within domain::kpi::kDueSoonDays = 2 days): the count at the end
--                    of day D is the sum of these changes over every day up to D (whole months from
--                    kpi_open_months, the rest of D's month from kpi_open_days).
-- The projector (persistence/kpi_repository.cpp) keeps all three; below they are filled from what it has
-- projected so far, with the same rules (a dossier is open on [received_day, end_day), late on
-- [received_day or max(received_day, due_day) when not forced, end_day), due soon on
-- [max(received_day, due_day - 2 days), min(due_day, end_day)); end_day '9999-12-31' is "still open").

CREATE TABLE kpi_monthly (
    unit_id BIGINT NOT NULL,
    procedure_code TEXT NOT NULL,
    month TEXT NOT NULL,                -- 'YYYY-MM'
    received BIGINT NOT NULL DEFAULT 0,
    synced BIGINT NOT NULL DEFAULT 0,
    online BIGINT NOT NULL DEFAULT 0,
    direct BIGINT NOT NULL DEFAULT 0,
    postal BIGINT NOT NULL DEFAULT 0,
    fee_bearing BIGINT NOT NULL DEFAULT 0,
    paid_online BIGINT NOT NULL DEFAULT 0,
    paper_result BIGINT NOT NULL DEFAULT 0,
    e_result BIGINT NOT NULL DEFAULT 0,
    digitised BIGINT NOT NULL DEFAULT 0,
    reused BIGINT NOT NULL DEFAULT 0,
    from_store BIGINT NOT NULL DEFAULT 0,
    vneid BIGINT NOT NULL DEFAULT 0,
    final_on_time BIGINT NOT NULL DEFAULT 0,
    final_late BIGINT NOT NULL DEFAULT 0,
    resolved_early BIGINT NOT NULL DEFAULT 0,
    resolved_on_time BIGINT NOT NULL DEFAULT 0,
    resolved_late BIGINT NOT NULL DEFAULT 0,
    completed BIGINT NOT NULL DEFAULT 0,
    completed_seconds BIGINT NOT NULL DEFAULT 0,
    not_collected BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, unit_id, procedure_code)
);

INSERT INTO kpi_monthly (unit_id, procedure_code, month, received, synced, online, direct, postal, fee_bearing, paid_online, paper_result, e_result, digitised, reused, from_store, vneid, final_on_time, final_late, resolved_early, resolved_on_time, resolved_late, completed, completed_seconds, not_collected)
SELECT unit_id, procedure_code, substr(day, 1, 7), SUM(received), SUM(synced), SUM(online), SUM(direct), SUM(postal), SUM(fee_bearing), SUM(paid_online), SUM(paper_result), SUM(e_result), SUM(digitised), SUM(reused), SUM(from_store), SUM(vneid), SUM(final_on_time), SUM(final_late), SUM(resolved_early), SUM(resolved_on_time), SUM(resolved_late), SUM(completed), SUM(completed_seconds), SUM(not_collected)
FROM kpi_daily GROUP BY unit_id, procedure_code, substr(day, 1, 7);

CREATE TABLE kpi_pending_units (
    unit_id BIGINT NOT NULL,
    received_day TEXT NOT NULL,
    due_day TEXT NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (received_day, unit_id, due_day)
);

INSERT INTO kpi_pending_units (unit_id, received_day, due_day, n)
SELECT unit_id, received_day, due_day, SUM(n) FROM kpi_pending GROUP BY unit_id, received_day, due_day;

CREATE TABLE kpi_open_days (
    unit_id BIGINT NOT NULL,
    day TEXT NOT NULL,
    open_change BIGINT NOT NULL DEFAULT 0,
    late_change BIGINT NOT NULL DEFAULT 0,
    soon_change BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, unit_id)
);

CREATE TABLE kpi_open_months (
    unit_id BIGINT NOT NULL,
    month TEXT NOT NULL,
    open_change BIGINT NOT NULL DEFAULT 0,
    late_change BIGINT NOT NULL DEFAULT 0,
    soon_change BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, unit_id)
);

INSERT INTO kpi_open_days (unit_id, day, open_change, late_change, soon_change)
SELECT unit_id, day, SUM(o), SUM(l), SUM(s) FROM (
    SELECT unit_id, received_day AS day, 1 AS o, 0 AS l, 0 AS s FROM kpi_dossier_facts
        WHERE received_day <> '' AND end_day > received_day
    UNION ALL
    SELECT unit_id, end_day, -1, 0, 0 FROM kpi_dossier_facts
        WHERE received_day <> '' AND end_day > received_day AND end_day <> '9999-12-31'
    UNION ALL
    SELECT unit_id, late_from, 0, 1, 0 FROM (
        SELECT unit_id, end_day, CASE WHEN forced_late = 1 THEN received_day ELSE GREATEST(received_day, due_day) END
            AS late_from FROM kpi_dossier_facts WHERE received_day <> '' AND (forced_late = 1 OR due_day <> '')) l
        WHERE late_from < end_day
    UNION ALL
    SELECT unit_id, end_day, 0, -1, 0 FROM (
        SELECT unit_id, end_day, CASE WHEN forced_late = 1 THEN received_day ELSE GREATEST(received_day, due_day) END
            AS late_from FROM kpi_dossier_facts WHERE received_day <> '' AND (forced_late = 1 OR due_day <> '')) l
        WHERE late_from < end_day AND end_day <> '9999-12-31'
    UNION ALL
    SELECT unit_id, soon_from, 0, 0, 1 FROM (
        SELECT unit_id, GREATEST(received_day, to_char(to_date(due_day, 'YYYY-MM-DD') - 2, 'YYYY-MM-DD')) AS soon_from, LEAST(due_day, end_day) AS soon_to
            FROM kpi_dossier_facts WHERE received_day <> '' AND forced_late = 0 AND due_day <> '') s
        WHERE soon_from < soon_to
    UNION ALL
    SELECT unit_id, soon_to, 0, 0, -1 FROM (
        SELECT unit_id, GREATEST(received_day, to_char(to_date(due_day, 'YYYY-MM-DD') - 2, 'YYYY-MM-DD')) AS soon_from, LEAST(due_day, end_day) AS soon_to
            FROM kpi_dossier_facts WHERE received_day <> '' AND forced_late = 0 AND due_day <> '') s
        WHERE soon_from < soon_to
) changes GROUP BY unit_id, day;

INSERT INTO kpi_open_months (unit_id, month, open_change, late_change, soon_change)
SELECT unit_id, substr(day, 1, 7), SUM(open_change), SUM(late_change), SUM(soon_change)
FROM kpi_open_days GROUP BY unit_id, substr(day, 1, 7);
