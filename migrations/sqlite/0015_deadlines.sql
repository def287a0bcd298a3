-- Deadlines (issue 7; src/domain/dossier/deadlines.hpp and the payment wait of processing_service.hpp).
--
-- dossier_pauses gains the kind "payment": the wait for fees in state 6, kept to know where the dossier
-- goes back to; unlike a supplement it does not move due times. SQLite cannot change a CHECK constraint,
-- so the table is rebuilt.
CREATE TABLE dossier_pauses_new (
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('supplement', 'payment')),
    from_state INTEGER NOT NULL,  -- the state the dossier returns to when the pause ends
    requested_at TEXT NOT NULL,
    completed_at TEXT,
    PRIMARY KEY (dossier_id, seq)
);
INSERT INTO dossier_pauses_new (dossier_id, seq, kind, from_state, requested_at, completed_at)
    SELECT dossier_id, seq, kind, from_state, requested_at, completed_at FROM dossier_pauses;
DROP TABLE dossier_pauses;
ALTER TABLE dossier_pauses_new RENAME TO dossier_pauses;

-- Each deadline notice sent once: the reminder before a step or the dossier is due, and the overdue
-- mark with its escalation. step_seq 0 is the dossier's own due time.
CREATE TABLE dossier_notices (
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    step_seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('step_due_soon', 'step_overdue', 'due_soon', 'overdue')),
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (dossier_id, step_seq, kind)
);
CREATE INDEX dossiers_state_due ON dossiers (state, due_at);
CREATE INDEX dossier_steps_due ON dossier_steps (finished_at, due_at);
