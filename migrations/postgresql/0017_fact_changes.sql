-- Changes to a dossier's portal facts count as changes of the dossier (issue 10).
-- dossier_sync_facts holds facts that no dossiers column carries: the fees (DanhSachLePhi) and whether
-- they were paid online (DuocThanhToanTrucTuyen). Payments write them without touching the dossiers row,
-- so neither the Decision 766 projector (fee-bearing and paid-online counts) nor the sync API saw them
-- until the dossier's next state change. These triggers record such writes in dossier_changes like the
-- dossiers trigger of 0011 does (holding the audit head's lock, so change numbers follow commit order).
-- An import's own insert (source 'import') follows the dossier's insert in the same transaction, which
-- is recorded already.
CREATE FUNCTION dossier_changes_record_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM audit_head WHERE id = 1 FOR UPDATE;
    INSERT INTO dossier_changes (dossier_id, at)
    SELECT id, updated_at FROM dossiers WHERE id = NEW.dossier_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER dossier_changes_facts_insert AFTER INSERT ON dossier_sync_facts
    FOR EACH ROW WHEN (NEW.source <> 'import') EXECUTE FUNCTION dossier_changes_record_facts();
CREATE TRIGGER dossier_changes_facts_update AFTER UPDATE ON dossier_sync_facts
    FOR EACH ROW EXECUTE FUNCTION dossier_changes_record_facts();
