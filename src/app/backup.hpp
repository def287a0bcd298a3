#pragma once
// Backup and restore of a whole installation in one archive (docs/operations.md, ADR 0100): the
// database (SQLite: an online copy with sqlite3_backup; PostgreSQL: `pg_dump --format=custom`), the
// upload store (<data_dir>/uploads) and the keys (<data_dir>/keys), in a POSIX tar written with
// libarchive whose first member is manifest.json: format, mocua version, engine, schema version,
// creation time and, for every other member, its size, SHA-256 and mode.
//
// Consistency: the database is copied first, then the files are listed. Uploads are content-addressed
// and written before the transaction that refers to them commits, so every upload the copied database
// names is in the archive; keys do not change while the server runs. The server keeps serving (and
// writing) during a backup.
//
// Restore verifies every member against the manifest before it writes anything, refuses a data
// directory that is not empty and a PostgreSQL database that has tables, restores the same engine the
// backup was taken from, and keeps the members' modes (keys stay 0600).
//
// Errors: InvalidArgument for a bad archive or a refused target (the message says which and why),
// Unavailable when the database, pg_dump/pg_restore or the file system fails. On error nothing is left
// at the archive path (backup); a restore that fails after writing began removes what it wrote to the
// data directory (a PostgreSQL restore runs in one transaction).
//
// Thread-safety: one backup or restore at a time per target; no shared state.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"
#include "db/database.hpp"

namespace mocua::app {

// One progress line for an operator ("database copied: 812 pages", "files: 120/240 (3.1 MiB)").
using BackupProgress = std::function<void(const std::string& line)>;

struct BackupMember {
    std::string path;  // "database/mocua.db", "uploads/ab/cd/abcd…", "keys/identity.key"
    std::int64_t size = 0;
    std::string sha256;  // lower-case hex
    unsigned mode = 0600;
};

struct BackupManifest {
    static constexpr int kFormatVersion = 1;
    int format_version = kFormatVersion;
    std::string mocua_version;
    std::string engine;  // "sqlite" or "postgresql"
    int schema_version = 0;
    std::string created_at;  // UTC, core::FormatUtc
    std::vector<BackupMember> members;
};

// Writes the archive of the installation described by `config` (whose database `db` is open) to
// `archive_path`, which must not exist. Progress lines go to `progress`.
core::Result<BackupManifest> CreateBackup(const config::Config& config, db::Database& db,
                                          const std::string& archive_path, const BackupProgress& progress);

// Reads the whole archive and checks it against its manifest (hashes, sizes, no missing or extra
// member, safe paths) without writing anything.
core::Result<BackupManifest> VerifyBackup(const std::string& archive_path, const BackupProgress& progress);

// Restores `archive_path` into the installation described by `config`: its data directory must be
// missing or empty, and, for PostgreSQL, its database must exist and hold no table.
core::Result<BackupManifest> RestoreBackup(const config::Config& config, const std::string& archive_path,
                                           const BackupProgress& progress);

}  // namespace mocua::app
