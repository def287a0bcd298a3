-- National-portal import, export and sync (issue 7; docs/portal-import.md, src/domain/portal/portal_import.hpp).

-- What the national portal's format carries and the intake tables do not, one row per dossier that has
-- any of it. Imported dossiers always have a row (source 'import'); dossiers received here may have one
-- (source 'native') or none, which reads as native with all facts 0 / empty.
CREATE TABLE dossier_sync_facts (
    dossier_id BIGINT PRIMARY KEY REFERENCES dossiers (id),
    online_payment INTEGER NOT NULL DEFAULT 0 CHECK (online_payment IN (0, 1, 2)),  -- DuocThanhToanTrucTuyen
    vneid_verified INTEGER NOT NULL DEFAULT 0 CHECK (vneid_verified IN (0, 1)),    -- TaiKhoanDuocXacThucVoiVNeID
    fees TEXT NOT NULL DEFAULT '[]',        -- DanhSachLePhi, JSON [{"TenPhiLePhi","MucPhi"}]
    result_code TEXT NOT NULL DEFAULT '',   -- MaKetQua
    result_url TEXT NOT NULL DEFAULT '',    -- DuongDanTepTinKetQua
    history_units TEXT NOT NULL DEFAULT '{}',  -- JSON {"seq": "DonVi"} for history units that are not unit codes
    source TEXT NOT NULL DEFAULT 'native' CHECK (source IN ('native', 'import')),
    imported_at TEXT,                       -- last import that wrote the dossier
    line_hash TEXT NOT NULL DEFAULT ''      -- hex SHA-256 of the canonical line imported ('' for native)
);

-- DuocLayTuKhoDMQG: the component was taken from the applicant's store on the national portal.
ALTER TABLE dossier_components ADD COLUMN from_national_store INTEGER NOT NULL DEFAULT 0;

-- The change cursor of GET /api/v1/sync/dossiers: one row per insert or update of a dossier, written by
-- a trigger so that every writer (intake, processing, import) is covered without knowing of it. seq must
-- grow in commit order, or a reader could pass a seq whose transaction commits later: the trigger takes
-- the row lock of audit_head (which every audited write takes anyway, see 0004) before drawing the number,
-- so writers of dossiers draw and commit one at a time, and no second lock can deadlock with it.
CREATE TABLE dossier_changes (
    seq BIGSERIAL PRIMARY KEY,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    at TEXT NOT NULL
);
CREATE INDEX dossier_changes_dossier ON dossier_changes (dossier_id, seq);

CREATE FUNCTION dossier_changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM audit_head WHERE id = 1 FOR UPDATE;
    INSERT INTO dossier_changes (dossier_id, at) VALUES (NEW.id, NEW.updated_at);
    RETURN NULL;
END;
$$;
CREATE TRIGGER dossier_changes_record AFTER INSERT OR UPDATE ON dossiers
    FOR EACH ROW EXECUTE FUNCTION dossier_changes_record();
