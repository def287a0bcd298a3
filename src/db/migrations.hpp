#pragma once
// Schema migrations: numbered twins in migrations/sqlite/ and migrations/postgresql/, compiled into
// the binary (one file to install), applied in order, each in its own transaction, and recorded in
// the schema_version table. Migrate is idempotent and safe to run from several nodes at once.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"

namespace mocua::db {

struct Migration {
    int version = 0;       // from the file name: 0007_jobs.sql → 7
    std::string name;      // "jobs"
    std::string_view sql;  // the whole file
};

// The migrations compiled in for an engine, in version order.
const std::vector<Migration>& EmbeddedMigrations(Engine engine);

struct SchemaStatus {
    int current = 0;           // highest applied version (0: empty database)
    int latest = 0;            // highest version this binary knows
    std::vector<int> pending;  // known but not applied
    bool up_to_date() const { return pending.empty() && current == latest; }
};

// Reads schema_version. Error when the database was migrated by a newer mocua (downgrade) or its
// history differs from the embedded one (names do not match).
core::Result<SchemaStatus> ReadSchemaStatus(Database& db);

// Applies pending migrations; `on_applied` is called after each one. Returns the versions applied.
core::Result<std::vector<int>> Migrate(Database& db,
                                       const std::function<void(const Migration&)>& on_applied = {});

}  // namespace mocua::db
