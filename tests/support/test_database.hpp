#pragma once
// Databases for repository and integration tests, on both engines (STYLE.md habit 6).
//
// SQLite: a fresh file in a temporary folder. PostgreSQL: a fresh schema in the server named by
// MOCUA_TEST_PG_URL (tools/test.sh starts a throw-away cluster and sets it), selected through
// search_path, so tests run in parallel without seeing each other. Without that variable the
// PostgreSQL cases are skipped, unless MOCUA_TEST_REQUIRE_PG=1 (as in `make test`), which fails them.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "db/database.hpp"

namespace mocua::testing {

// Parameter values and names for INSTANTIATE_TEST_SUITE_P(Engines, X, AllEngines(), EngineName).
::testing::internal::ValueArray<db::Engine, db::Engine> AllEngines();
std::string EngineName(const ::testing::TestParamInfo<db::Engine>& info);

// Call first in SetUp of a PostgreSQL case: skips (or fails when required) if no server is set up.
// Returns false when the test must stop.
bool RequireEngine(db::Engine engine);

// The private clamd's socket (MOCUA_TEST_CLAMD_SOCKET; tools/clamd.sh start, make test sets it), or ""
// after recording a skip — or a failure when MOCUA_TEST_REQUIRE_CLAMD=1, as in CI. The caller stops
// when it is empty.
std::string ClamdSocket();

class TestDatabase {
public:
    // Creates an empty database (migrated unless `migrate` is false). Fails the test on error.
    explicit TestDatabase(db::Engine engine, bool migrate = true, int pool_size = 4);
    ~TestDatabase();

    db::Database& db() { return *db_; }
    // A URL that reaches the same database (for a server or CLI started by the test).
    const std::string& url() const { return url_; }
    // A private temporary folder, removed at the end.
    const std::string& dir() const { return dir_; }

private:
    db::Engine engine_;
    std::string dir_;
    std::string url_;
    std::string schema_;
    std::unique_ptr<db::Database> db_;
};

}  // namespace mocua::testing
