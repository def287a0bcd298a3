#include "support/test_database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "db/migrations.hpp"

namespace mocua::testing {

namespace {

std::string Env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string RandomSuffix() {
    std::random_device rd;
    std::uniform_int_distribution<int> d(0, 35);
    std::string s;
    for (int i = 0; i < 12; ++i) {
        const int v = d(rd);
        s += static_cast<char>(v < 10 ? '0' + v : 'a' + v - 10);
    }
    return s;
}

}  // namespace

::testing::internal::ValueArray<db::Engine, db::Engine> AllEngines() {
    return ::testing::Values(db::Engine::kSqlite, db::Engine::kPostgres);
}

std::string EngineName(const ::testing::TestParamInfo<db::Engine>& info) {
    return info.param == db::Engine::kSqlite ? "SQLite" : "PostgreSQL";
}

bool RequireEngine(db::Engine engine) {
    if (engine == db::Engine::kSqlite || !Env("MOCUA_TEST_PG_URL").empty()) return true;
    if (Env("MOCUA_TEST_REQUIRE_PG") == "1") {
        ADD_FAILURE() << "MOCUA_TEST_PG_URL is not set but MOCUA_TEST_REQUIRE_PG=1";
    } else {
        // GTEST_SKIP returns void; the lambda records the skip for the current test.
        [] { GTEST_SKIP() << "PostgreSQL tests need MOCUA_TEST_PG_URL (make test sets it)"; }();
    }
    return false;
}

std::string ClamdSocket() {
    const std::string socket = Env("MOCUA_TEST_CLAMD_SOCKET");
    if (!socket.empty()) return socket;
    if (Env("MOCUA_TEST_REQUIRE_CLAMD") == "1") {
        ADD_FAILURE() << "MOCUA_TEST_CLAMD_SOCKET is not set but MOCUA_TEST_REQUIRE_CLAMD=1";
    } else {
        [] {
            GTEST_SKIP() << "this test scans uploads with clamd (tools/clamd.sh start; make test sets it)";
        }();
    }
    return "";
}

TestDatabase::TestDatabase(db::Engine engine, bool migrate, int pool_size) : engine_(engine) {
    dir_ = (std::filesystem::temp_directory_path() / ("mocua-test-" + RandomSuffix())).string();
    std::filesystem::create_directories(dir_);
    db::DatabaseOptions options;
    options.pool_size = pool_size;
    if (engine == db::Engine::kSqlite) {
        url_ = "sqlite:" + dir_ + "/mocua.db";
    } else {
        const std::string base = Env("MOCUA_TEST_PG_URL");
        schema_ = "t_" + RandomSuffix();
        {
            soci::session admin(*soci::factory_postgresql(), base);
            admin << "CREATE SCHEMA " + schema_;
        }
        url_ =
            base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
    }
    options.url = url_;
    auto opened = db::Database::Open(options);
    if (!opened.ok()) {
        ADD_FAILURE() << opened.error().message;
        return;
    }
    db_ = std::move(opened.value());
    if (migrate) {
        auto m = db::Migrate(*db_);
        if (!m.ok()) ADD_FAILURE() << m.error().message;
    }
}

TestDatabase::~TestDatabase() {
    db_.reset();
    if (!schema_.empty()) {
        try {
            soci::session admin(*soci::factory_postgresql(), Env("MOCUA_TEST_PG_URL"));
            admin << "SET client_min_messages TO WARNING";
            admin << "DROP SCHEMA " + schema_ + " CASCADE";
        } catch (const std::exception& e) {
            ADD_FAILURE() << "could not drop test schema " << schema_ << ": " << e.what();
        }
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

}  // namespace mocua::testing
