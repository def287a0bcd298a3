#include "db/storage.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace mocua::db {

namespace {

// SQLite's primary result codes (sqlite3.h); soci's backend does not enable extended codes, and
// masking with 0xff maps any extended one to its primary code anyway.
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteReadonly = 8;
constexpr int kSqliteIoerr = 10;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantopen = 14;

const char* SqliteReason(int code) {
    switch (code & 0xff) {
        case kSqliteIoerr:
            return "I/O error";
        case kSqliteFull:
            return "disk full";
        case kSqliteCantopen:
            return "cannot open the database file";
        case kSqliteReadonly:
            return "read-only database file";
        case kSqliteBusy:
        case kSqliteLocked:
            return "database locked";
        default:
            return nullptr;
    }
}

const char* ErrnoReason(int e) {
    switch (e) {
        case EIO:
            return "I/O error";
        case ENOSPC:
        case EDQUOT:
            return "disk full";
        case EROFS:
            return "read-only file system";
        default:
            return nullptr;
    }
}

}  // namespace

core::Result<void> CopySqliteDatabase(Database& db, const std::string& dest_path,
                                      const std::function<void(int, int)>& on_pages) {
    using namespace sqlite_api;
    Connection c = db.Acquire();
    auto* source = static_cast<soci::sqlite3_session_backend*>(c.sql().get_backend())->conn_;
    sqlite3* dest = nullptr;
    // SQLITE_OPEN_EXCLUSIVE is not honoured by sqlite3_open_v2; the caller guarantees a fresh path.
    if (sqlite3_open_v2(dest_path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        std::string msg = dest ? sqlite3_errmsg(dest) : "out of memory";
        sqlite3_close(dest);
        std::filesystem::remove(dest_path);
        return core::Error::Unavailable("cannot create " + dest_path + ": " + msg);
    }
    // The copy is written with journal_mode=DELETE semantics by the backup itself; it needs no WAL.
    sqlite3_backup* backup = sqlite3_backup_init(dest, "main", source, "main");
    if (!backup) {
        std::string msg = sqlite3_errmsg(dest);
        sqlite3_close(dest);
        std::filesystem::remove(dest_path);
        return core::Error::Unavailable("cannot start the SQLite backup: " + msg);
    }
    // One step of all pages: the step holds one read transaction on the source, so the copy is one
    // consistent snapshot. Steps of a few pages would restart whenever the server commits in between
    // (another connection), and under steady writes might never finish.
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < 100; ++attempt) {
        rc = sqlite3_backup_step(backup, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
        sqlite3_sleep(50);  // a writer holds a lock the step needs; the busy handler is not used here
    }
    const int total = sqlite3_backup_pagecount(backup);
    const int remaining = sqlite3_backup_remaining(backup);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
        std::string msg = sqlite3_errstr(rc);
        sqlite3_close(dest);
        std::filesystem::remove(dest_path);
        return core::Error::Unavailable("SQLite backup failed: " + msg);
    }
    if (sqlite3_close(dest) != SQLITE_OK) {
        std::filesystem::remove(dest_path);
        return core::Error::Unavailable("cannot close the SQLite backup copy " + dest_path);
    }
    if (on_pages) on_pages(total - remaining, total);
    return {};
}

core::Result<std::string> SqliteIntegrityCheck(Database& db) {
    if (db.engine() != Engine::kSqlite) return core::Error::InvalidArgument("integrity_check is SQLite's");
    try {
        Connection c = db.Acquire();
        std::string report;
        soci::rowset<std::string> rows = (c.sql().prepare << "PRAGMA integrity_check");
        for (const auto& line : rows) report += (report.empty() ? "" : "\n") + line;
        return report;
    } catch (const std::exception& e) {
        return core::Error::Unavailable(std::string("integrity_check failed: ") + e.what());
    }
}

std::string LoggableError(const std::exception& e) {
    std::string what = e.what();
    if (dynamic_cast<const soci::soci_error*>(&e) == nullptr) return what;
    // SOCI's context ends `while executing "SQL" with :a=1, :b="x".`; the SQL is ours, the values are not.
    if (const auto with = what.find("\" with :"); with != std::string::npos)
        what = what.substr(0, with + 1) + " (bound values left out)";
    // PostgreSQL's DETAIL line names the values too: "Key (email)=(an@example.vn) already exists.",
    // "Failing row contains (…)". The ERROR line (the constraint's name) is enough to act on.
    for (auto detail = what.find("DETAIL:"); detail != std::string::npos;
         detail = what.find("DETAIL:", detail + 1)) {
        auto end = what.find('\n', detail);
        if (end == std::string::npos) end = what.find(" while executing", detail);
        what.replace(detail, (end == std::string::npos ? what.size() : end) - detail, "DETAIL: (left out)");
    }
    return what;
}

bool IsStorageFailure(const std::exception& e, std::string* reason) {
    const char* why = nullptr;
    if (const auto* s = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
        why = SqliteReason(s->result());
    } else if (const auto* p = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
        const std::string state = p->sqlstate();
        if (p->get_error_category() == soci::soci_error::connection_error || state.starts_with("08"))
            why = "database connection lost";
        else if (state.starts_with("53"))
            why = state == "53100" ? "disk full" : "database out of resources";
        else if (state.starts_with("58"))
            why = "I/O error";
        else if (state.starts_with("57P"))
            why = "database server shutting down";
    } else if (const auto* f = dynamic_cast<const std::system_error*>(&e)) {
        if (f->code().category() == std::generic_category() || f->code().category() == std::system_category())
            why = ErrnoReason(f->code().value());
    } else if (const auto* soci_error = dynamic_cast<const soci::soci_error*>(&e)) {
        // soci's SQLite backend reports some failures (e.g. a failed COMMIT on a broken connection)
        // without a result code; its category still tells a lost connection.
        if (soci_error->get_error_category() == soci::soci_error::connection_error)
            why = "database connection lost";
    }
    if (why && reason) *reason = why;
    return why != nullptr;
}

}  // namespace mocua::db
