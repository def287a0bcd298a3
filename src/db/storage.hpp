#pragma once
// What backup and the HTTP edge need from the database beyond queries: an online copy of a SQLite
// database while the server keeps writing, and telling a storage failure (disk full, I/O error, the
// database server gone) from a bug, so the edge can answer 503 instead of 500.
#include <exception>
#include <functional>
#include <string>

#include "core/result.hpp"
#include "db/database.hpp"

namespace mocua::db {

// Copies the SQLite database `db` into a new file at `dest_path` with SQLite's online backup API
// (sqlite3_backup_*), in one step inside one read transaction: in WAL mode writers are not blocked and
// the copy is the committed state at the moment the step began. `dest_path` must not exist.
// `on_pages(copied, total)` is called once the copy is done. Error (Unavailable) with SQLite's message
// when the copy fails; then `dest_path` is removed. Precondition: db.engine() == Engine::kSqlite.
core::Result<void> CopySqliteDatabase(Database& db, const std::string& dest_path,
                                      const std::function<void(int copied, int total)>& on_pages = {});

// Runs SQLite's `PRAGMA integrity_check` and returns "ok" or its report. PostgreSQL: error (use
// pg_amcheck, which needs its own connection).
core::Result<std::string> SqliteIntegrityCheck(Database& db);

// True when `e` says the storage under the database failed rather than the request or the code:
// SQLite I/O error, disk full, cannot open, read-only file system, database locked past the busy
// timeout; PostgreSQL connection lost, insufficient resources (53xxx, disk full), system/I/O error
// (58xxx), server shutting down (57P0x); a file-system error with EIO, ENOSPC, EDQUOT or EROFS.
// `reason` receives a short English label for the log ("disk full", "I/O error", …). Never throws.
bool IsStorageFailure(const std::exception& e, std::string* reason = nullptr);

// `e.what()` for a log line or a stored error, without the values SOCI adds to a database error's
// context (`while executing "…" with :name="Nguyễn Văn An"` keeps the SQL, drops the values: they may be
// personal data). Other exceptions: what() unchanged. Never throws.
std::string LoggableError(const std::exception& e);

}  // namespace mocua::db
