#include "db/migrations.hpp"

#include <soci/soci.h>

#include <map>

#include "core/clock.hpp"

namespace mocua::db {

namespace {

constexpr const char* kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

std::map<int, std::string> Applied(soci::session& sql) {
    std::map<int, std::string> out;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT version, name FROM schema_version ORDER BY version");
    for (const auto& row : rows) out.emplace(row.get<int>(0), row.get<std::string>(1));
    return out;
}

core::Result<SchemaStatus> Compare(const std::map<int, std::string>& applied,
                                   const std::vector<Migration>& known) {
    SchemaStatus status;
    status.latest = known.empty() ? 0 : known.back().version;
    status.current = applied.empty() ? 0 : applied.rbegin()->first;
    if (status.current > status.latest) {
        return core::Error::Conflict("the database is at schema version " + std::to_string(status.current) +
                                     ", newer than this mocua knows (" + std::to_string(status.latest) +
                                     "); install the newer mocua or restore a backup");
    }
    for (const auto& m : known) {
        auto it = applied.find(m.version);
        if (it == applied.end()) {
            status.pending.push_back(m.version);
        } else if (it->second != m.name) {
            return core::Error::Conflict("schema version " + std::to_string(m.version) + " was applied as `" +
                                         it->second + "` but this mocua calls it `" + m.name +
                                         "`: the database comes from a different build");
        }
    }
    return status;
}

bool VersionTableExists(Database& db, soci::session& sql) {
    int n = 0;
    db.dialect().Visit(
        [&](SqliteTag) {
            sql << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
                soci::into(n);
        },
        [&](PostgresTag) {
            sql << "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_version' "
                   "AND table_schema = current_schema()",
                soci::into(n);
        });
    return n > 0;
}

}  // namespace

core::Result<SchemaStatus> ReadSchemaStatus(Database& db) {
    try {
        Connection c = db.Acquire();
        std::map<int, std::string> applied;
        if (VersionTableExists(db, c.sql())) applied = Applied(c.sql());
        return Compare(applied, EmbeddedMigrations(db.engine()));
    } catch (const std::exception& e) {
        return core::Error::Unavailable(std::string("cannot read the schema version: ") + e.what());
    }
}

core::Result<std::vector<int>> Migrate(Database& db,
                                       const std::function<void(const Migration&)>& on_applied) {
    // Everything runs on one connection. On PostgreSQL a session advisory lock makes concurrent
    // migrations from several nodes take turns (CREATE TABLE IF NOT EXISTS alone races there); on
    // SQLite each BEGIN IMMEDIATE already serialises writers.
    constexpr long long kMigrationLockKey = 0x6D6F637561;  // "mocua"
    std::vector<int> done;
    const auto& known = EmbeddedMigrations(db.engine());
    try {
        Connection c = db.Acquire();
        auto& sql = c.sql();
        const bool postgres = db.engine() == Engine::kPostgres;
        if (postgres) sql << "SELECT pg_advisory_lock(" + std::to_string(kMigrationLockKey) + ")";
        struct Unlock {
            soci::session& sql;
            bool active;
            ~Unlock() {
                if (!active) return;
                try {
                    sql << "SELECT pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ")";
                } catch (const std::exception&) {
                    // Released anyway when the session closes.
                }
            }
        } unlock{sql, postgres};

        sql << kCreateVersionTable;
        for (const auto& m : known) {
            Transaction tx(c);
            auto status = Compare(Applied(sql), known);
            if (!status.ok()) return status.error();
            if (std::find(status->pending.begin(), status->pending.end(), m.version) ==
                status->pending.end()) {
                continue;  // applied by another node meanwhile; the destructor rolls back nothing
            }
            db.ExecuteScript(sql, std::string(m.sql));
            const std::string now = core::FormatUtc(core::SystemClock().Now());
            sql << "INSERT INTO schema_version (version, name, applied_at) VALUES (:v, :n, :t)",
                soci::use(m.version), soci::use(m.name), soci::use(now);
            tx.Commit();
            done.push_back(m.version);
            if (on_applied) on_applied(m);
        }
    } catch (const std::exception& e) {
        return core::Error::Unavailable(std::string("migration failed: ") + e.what());
    }
    return done;
}

}  // namespace mocua::db
