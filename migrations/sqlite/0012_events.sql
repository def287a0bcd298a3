-- Live updates (docs/adr/0071-live-updates-sse.md). SQLite serves one node: the server pokes its change
-- watcher after each commit and polls for changes made by the CLI, so there is no notification here
-- (the PostgreSQL twin adds a NOTIFY to the change cursor's trigger).

-- The public board counts a unit's dossiers by reception time and looks at those still open.
CREATE INDEX dossiers_board ON dossiers (receiving_unit_id, received_at);
