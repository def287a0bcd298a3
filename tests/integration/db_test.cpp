// The database layer on both engines: migrations, transactions, the pool.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "db/database.hpp"
#include "db/migrations.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

namespace fs = std::filesystem;
using ::mocua::testing::TestDatabase;

// The two engines' migration lists are twins: same versions, same names, no gaps.
TEST(Migrations, TwinsMatchAcrossEngines) {
    const auto& sqlite = db::EmbeddedMigrations(db::Engine::kSqlite);
    const auto& pg = db::EmbeddedMigrations(db::Engine::kPostgres);
    ASSERT_FALSE(sqlite.empty());
    ASSERT_EQ(sqlite.size(), pg.size());
    for (std::size_t i = 0; i < sqlite.size(); ++i) {
        EXPECT_EQ(sqlite[i].version, static_cast<int>(i + 1)) << "versions are numbered without gaps";
        EXPECT_EQ(sqlite[i].version, pg[i].version);
        EXPECT_EQ(sqlite[i].name, pg[i].name);
    }
    // And what is compiled in is what is in the folders.
    for (const char* engine : {"sqlite", "postgresql"}) {
        std::set<std::string> files;
        for (const auto& e : fs::directory_iterator(fs::path(MOCUA_SOURCE_DIR) / "migrations" / engine))
            files.insert(e.path().filename().string());
        EXPECT_EQ(files.size(), sqlite.size()) << engine;
    }
}

class DatabaseTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) return;
        tdb_ = std::make_unique<TestDatabase>(GetParam(), /*migrate=*/false);
    }
    db::Database& database() { return tdb_->db(); }
    std::unique_ptr<TestDatabase> tdb_;
};

TEST_P(DatabaseTest, MigrateAppliesEverythingOnceAndIsIdempotent) {
    auto before = db::ReadSchemaStatus(database());
    ASSERT_TRUE(before.ok()) << before.error().message;
    EXPECT_EQ(before->current, 0);
    EXPECT_FALSE(before->up_to_date());

    auto first = db::Migrate(database());
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->size(), db::EmbeddedMigrations(GetParam()).size());
    auto second = db::Migrate(database());
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->empty()) << "a second migrate applies nothing";

    auto after = db::ReadSchemaStatus(database());
    ASSERT_TRUE(after.ok());
    EXPECT_TRUE(after->up_to_date());
    EXPECT_EQ(after->current, after->latest);
}

TEST_P(DatabaseTest, ConcurrentMigrateAppliesEachVersionOnce) {
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            if (!db::Migrate(database()).ok()) ++failures;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    db::Connection c = database().Acquire();
    int rows = 0;
    c.sql() << "SELECT COUNT(*) FROM schema_version", soci::into(rows);
    EXPECT_EQ(rows, static_cast<int>(db::EmbeddedMigrations(GetParam()).size()));
}

TEST_P(DatabaseTest, RefusesADatabaseFromANewerMocua) {
    ASSERT_TRUE(db::Migrate(database()).ok());
    {
        db::Connection c = database().Acquire();
        c.sql() << "INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'future', 'x')";
    }
    auto status = db::ReadSchemaStatus(database());
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.error().message.find("newer"), std::string::npos);
    EXPECT_FALSE(db::Migrate(database()).ok());
}

TEST_P(DatabaseTest, TransactionRollsBackOnExceptionAndOnErrorResult) {
    ASSERT_TRUE(db::Migrate(database()).ok());
    auto count = [&] {
        db::Connection c = database().Acquire();
        int n = 0;
        c.sql() << "SELECT COUNT(*) FROM site_profile", soci::into(n);
        return n;
    };
    const std::string insert =
        "INSERT INTO site_profile (id, name_vi, name_en, address_vi, address_en, phone, email, updated_at) "
        "VALUES (1, 'a', 'a', 'a', 'a', '1', 'e', 't')";
    EXPECT_THROW(database().InTransaction([&](soci::session& sql) {
        sql << insert;
        throw std::runtime_error("fails half-way");
    }),
                 std::runtime_error);
    EXPECT_EQ(count(), 0);

    auto result = database().InTransaction([&](soci::session& sql) -> core::Result<int> {
        sql << insert;
        return core::Error::Conflict("changed by someone else");
    });
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(count(), 0) << "an error result rolls back";

    database().InTransaction([&](soci::session& sql) { sql << insert; });
    EXPECT_EQ(count(), 1);
}

TEST_P(DatabaseTest, PoolLendsEachSessionToOneBorrowerAtATime) {
    EXPECT_EQ(database().in_use(), 0u);
    {
        db::Connection a = database().Acquire();
        db::Connection b = database().Acquire();
        EXPECT_EQ(database().in_use(), 2u);
        EXPECT_NE(&a.sql(), &b.sql());
    }
    EXPECT_EQ(database().in_use(), 0u);
    EXPECT_TRUE(database().Ping());
}

TEST_P(DatabaseTest, PreparedStatementsAreReusedWithNewBindings) {
    ASSERT_TRUE(db::Migrate(database()).ok());
    db::Connection c = database().Acquire();
    auto lookup = [&](int version) {
        auto st = c.Prepared("SELECT name FROM schema_version WHERE version = :v");
        std::string name;
        st->exchange(soci::into(name));
        st->exchange(soci::use(version));
        st->define_and_bind();
        return st->execute(true) ? name : std::string("(none)");
    };
    const auto& known = db::EmbeddedMigrations(GetParam());
    EXPECT_EQ(lookup(1), known[0].name);
    EXPECT_EQ(lookup(2), known[1].name);
    EXPECT_EQ(lookup(999), "(none)");
    EXPECT_EQ(lookup(1), known[0].name) << "after a miss the statement still works";
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

TEST(Database, SqliteUsesWalAndFullSync) {
    TestDatabase tdb(db::Engine::kSqlite);
    db::Connection c = tdb.db().Acquire();
    std::string mode;
    int sync = 0, fk = 0;
    c.sql() << "PRAGMA journal_mode", soci::into(mode);
    c.sql() << "PRAGMA synchronous", soci::into(sync);
    c.sql() << "PRAGMA foreign_keys", soci::into(fk);
    EXPECT_EQ(mode, "wal");
    EXPECT_EQ(sync, 2) << "FULL";
    EXPECT_EQ(fk, 1);
}

TEST(Database, UnreachablePostgresGivesAClearErrorWithoutPassword) {
    db::DatabaseOptions o;
    o.url = "postgresql://mocua:s3cret@127.0.0.1:1/mocua?connect_timeout=2";
    o.pool_size = 1;
    auto opened = db::Database::Open(o);
    ASSERT_FALSE(opened.ok());
    EXPECT_NE(opened.error().message.find("PostgreSQL 127.0.0.1:1/mocua"), std::string::npos)
        << opened.error().message;
    EXPECT_EQ(opened.error().message.find("s3cret"), std::string::npos) << opened.error().message;
}

TEST(Database, UnsupportedUrlIsRefused) {
    db::DatabaseOptions o;
    o.url = "mysql://x";
    EXPECT_FALSE(db::Database::Open(o).ok());
}

}  // namespace
}  // namespace mocua
