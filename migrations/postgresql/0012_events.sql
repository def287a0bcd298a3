-- Live updates (docs/adr/0071-live-updates-sse.md). The change cursor's trigger (0011) also notifies
-- listeners on the channel mocua_dossier_changes, so a server node learns at once of a change committed
-- by another node or by the CLI. PostgreSQL delivers a NOTIFY only when its transaction commits and
-- folds identical ones of a transaction into one; the payload is empty because listeners read the
-- cursor itself, in seq order.
CREATE OR REPLACE FUNCTION dossier_changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM audit_head WHERE id = 1 FOR UPDATE;
    INSERT INTO dossier_changes (dossier_id, at) VALUES (NEW.id, NEW.updated_at);
    PERFORM pg_notify('mocua_dossier_changes', '');
    RETURN NULL;
END;
$$;

-- The public board counts a unit's dossiers by reception time and looks at those still open.
CREATE INDEX dossiers_board ON dossiers (receiving_unit_id, received_at);
