-- Deadlines (issue 7; src/domain/dossier/deadlines.hpp and the payment wait of processing_service.hpp).
--
-- dossier_pauses gains the kind "payment": the wait for fees in state 6, kept to know where the dossier
-- goes back to; unlike a supplement it does not move due times.
ALTER TABLE dossier_pauses DROP CONSTRAINT dossier_pauses_kind_check;
ALTER TABLE dossier_pauses ADD CONSTRAINT dossier_pauses_kind_check CHECK (kind IN ('supplement', 'payment'));

-- Each deadline notice sent once: the reminder before a step or the dossier is due, and the overdue
-- mark with its escalation. step_seq 0 is the dossier's own due time.
CREATE TABLE dossier_notices (
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    step_seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('step_due_soon', 'step_overdue', 'due_soon', 'overdue')),
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (dossier_id, step_seq, kind)
);
CREATE INDEX dossiers_state_due ON dossiers (state, due_at);
CREATE INDEX dossier_steps_due ON dossier_steps (finished_at, due_at);
