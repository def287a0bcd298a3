-- Decision 766 per procedure and field (issue 10; docs/adr/0091-operations-centre-pages.md, "Drill-down by
-- field and procedure"). A report narrowed to some procedures counts the carried-over and in-progress
-- dossiers with `procedure_code IN (…)`; kpi_dossier_facts_end does not hold procedure_code, so the
-- planner fell back to the received-day index and read nearly every row (≈ 270 ms each on 100,000
-- dossiers). This index covers those counts per procedure.
CREATE INDEX kpi_dossier_facts_procedure_end ON kpi_dossier_facts (procedure_code, end_day, received_day, unit_id,
    due_day, forced_late);
