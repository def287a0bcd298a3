// db/storage.hpp on both engines: which database errors count as a storage failure (the HTTP edge answers
// them 503), the SQLite online copy while another connection writes, and integrity_check.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <filesystem>

#include "db/database.hpp"
#include "db/storage.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

namespace fs = std::filesystem;
using ::mocua::testing::TestDatabase;

class StorageFailureTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        tdb_ = std::make_unique<TestDatabase>(GetParam(), /*migrate=*/false, /*pool_size=*/2);
        auto c = tdb_->db().Acquire();
        c.sql() << "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";
    }
    std::unique_ptr<TestDatabase> tdb_;
};

TEST_P(StorageFailureTest, AConstraintViolationIsNotAStorageFailure) {
    auto c = tdb_->db().Acquire();
    c.sql() << "INSERT INTO notes (id, body) VALUES (1, 'a')";
    try {
        c.sql() << "INSERT INTO notes (id, body) VALUES (1, 'b')";
        FAIL() << "a duplicate key must be refused";
    } catch (const std::exception& e) {
        std::string reason;
        EXPECT_FALSE(db::IsStorageFailure(e, &reason)) << e.what();
        EXPECT_TRUE(reason.empty());
    }
}

TEST_P(StorageFailureTest, AFailedStatementIsLoggedWithoutItsBoundValues) {
    auto c = tdb_->db().Acquire();
    c.sql() << "INSERT INTO notes (id, body) VALUES (1, 'a')";
    const std::string name = "Nguyễn Văn An 045095000123";
    int id = 1;
    try {
        c.sql() << "INSERT INTO notes (id, body) VALUES (:id, :body)", soci::use(id, "id"),
            soci::use(name, "body");
        FAIL() << "a duplicate key must be refused";
    } catch (const std::exception& e) {
        const std::string logged = db::LoggableError(e);
        EXPECT_EQ(logged.find("045095000123"), std::string::npos) << logged;
        EXPECT_NE(logged.find("INSERT INTO notes"), std::string::npos) << logged;  // the statement stays
        EXPECT_NE(std::string(e.what()).find("045095000123"), std::string::npos)
            << "SOCI's own message carries the value (what this guards against): " << e.what();
    }
    EXPECT_EQ(db::LoggableError(std::runtime_error("plain")), "plain");
}

TEST_P(StorageFailureTest, AUniqueKeysValueIsLeftOutOfTheLog) {
    // PostgreSQL names the duplicate value in its DETAIL line ("Key (body)=(…) already exists."); SQLite
    // names only the column. Neither may reach a log line.
    auto c = tdb_->db().Acquire();
    c.sql() << "CREATE UNIQUE INDEX notes_body ON notes (body)";
    const std::string body = "an@example.vn 045095000123";
    c.sql() << "INSERT INTO notes (id, body) VALUES (1, :body)", soci::use(body, "body");
    try {
        c.sql() << "INSERT INTO notes (id, body) VALUES (2, :body)", soci::use(body, "body");
        FAIL() << "a duplicate key must be refused";
    } catch (const std::exception& e) {
        const std::string logged = db::LoggableError(e);
        EXPECT_EQ(logged.find("045095000123"), std::string::npos) << logged;
        EXPECT_NE(logged.find("notes"), std::string::npos) << "the constraint or table stays: " << logged;
        if (GetParam() == db::Engine::kPostgres) {
            EXPECT_NE(std::string(e.what()).find("045095000123"), std::string::npos)
                << "PostgreSQL's own message carries the value (what this guards against): " << e.what();
        }
    }
}

TEST_P(StorageFailureTest, AFullDatabaseOrALostConnectionIsAStorageFailure) {
    auto c = tdb_->db().Acquire();
    std::string reason;
    bool failed = false;
    if (GetParam() == db::Engine::kSqlite) {
        // SQLite's own limit on the file size gives the SQLITE_FULL a full disk gives.
        int pages = 0;
        c.sql() << "PRAGMA page_count", soci::into(pages);
        c.sql() << "PRAGMA max_page_count = " + std::to_string(pages + 2);
        try {
            for (int i = 0; i < 1000; ++i)
                c.sql() << "INSERT INTO notes (id, body) VALUES (:id, :body)", soci::use(i),
                    soci::use(std::string(4000, 'x'));
        } catch (const std::exception& e) {
            failed = true;
            EXPECT_TRUE(db::IsStorageFailure(e, &reason)) << e.what();
            EXPECT_EQ(reason, "disk full");
        }
    } else {
        // The server ends this session, as a restart or a crash of PostgreSQL would.
        try {
            c.sql() << "SELECT pg_terminate_backend(pg_backend_pid())";
        } catch (const std::exception&) {
            // Terminating itself may already fail this statement; the next one must.
        }
        try {
            int one = 0;
            c.sql() << "SELECT 1", soci::into(one);
        } catch (const std::exception& e) {
            failed = true;
            EXPECT_TRUE(db::IsStorageFailure(e, &reason)) << e.what();
            EXPECT_EQ(reason, "database connection lost");
        }
    }
    EXPECT_TRUE(failed) << "the storage fault did not happen";
}

// PostgreSQL only: SQLite has no connection to lose.
TEST(PostgresPool, RecoversOnceTheDatabaseIsBack) {
    if (!::mocua::testing::RequireEngine(db::Engine::kPostgres)) return;
    TestDatabase tdb(db::Engine::kPostgres, /*migrate=*/false, /*pool_size=*/2);
    // Every pooled session is ended by the server, as a PostgreSQL restart does; each one's next query
    // fails (the request that meets it answers 503).
    {
        auto a = tdb.db().Acquire();
        auto b = tdb.db().Acquire();
        for (auto* c : {&a, &b}) {
            try {
                c->sql() << "SELECT pg_terminate_backend(pg_backend_pid())";
            } catch (const std::exception&) {
                // Ending itself may already fail this statement.
            }
            EXPECT_THROW(c->sql() << "SELECT 1", std::exception);
        }
    }
    // Later requests get working sessions again, without a restart.
    for (int i = 0; i < 4; ++i) {
        auto c = tdb.db().Acquire();
        int one = 0;
        c.sql() << "SELECT 1", soci::into(one);
        EXPECT_EQ(one, 1);
        std::string zone;
        c.sql() << "SHOW TIME ZONE", soci::into(zone);
        EXPECT_EQ(zone, "UTC") << "a reconnected session is set up as a new one";
    }
}

TEST(StorageFailure, FileSystemErrorsByErrno) {
    std::string reason;
    EXPECT_TRUE(db::IsStorageFailure(std::system_error(ENOSPC, std::generic_category()), &reason));
    EXPECT_EQ(reason, "disk full");
    EXPECT_TRUE(db::IsStorageFailure(std::system_error(EIO, std::generic_category()), &reason));
    EXPECT_EQ(reason, "I/O error");
    EXPECT_FALSE(db::IsStorageFailure(std::system_error(ENOENT, std::generic_category())));
    EXPECT_FALSE(db::IsStorageFailure(std::runtime_error("no space left, says the message only")));
}

TEST(SqliteCopy, CopiesACommittedSnapshotWhileAnotherConnectionWrites) {
    TestDatabase tdb(db::Engine::kSqlite, /*migrate=*/false, /*pool_size=*/2);
    {
        auto c = tdb.db().Acquire();
        c.sql() << "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";
        for (int i = 0; i < 50; ++i)
            c.sql() << "INSERT INTO notes (id, body) VALUES (:id, 'x')", soci::use(i);
    }
    // A write transaction is open on one connection (uncommitted) while the copy runs on the other:
    // the copy must not wait for it and must not contain it.
    auto writer = tdb.db().Acquire();
    writer.sql() << "BEGIN IMMEDIATE";
    writer.sql() << "INSERT INTO notes (id, body) VALUES (1000, 'uncommitted')";
    const std::string copy = tdb.dir() + "/copy.db";
    int copied_pages = 0;
    auto done = db::CopySqliteDatabase(tdb.db(), copy, [&](int pages, int) { copied_pages = pages; });
    writer.sql() << "COMMIT";
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_GT(copied_pages, 0);

    db::DatabaseOptions o;
    o.sqlite_path = copy;
    o.pool_size = 1;
    auto opened = db::Database::Open(o);
    ASSERT_TRUE(opened.ok());
    auto integrity = db::SqliteIntegrityCheck(**opened);
    ASSERT_TRUE(integrity.ok());
    EXPECT_EQ(*integrity, "ok");
    auto c = (*opened)->Acquire();
    int rows = 0;
    c.sql() << "SELECT count(*) FROM notes", soci::into(rows);
    EXPECT_EQ(rows, 50) << "the committed rows, without the transaction still open during the copy";

    auto again = db::CopySqliteDatabase(tdb.db(), copy + "-missing-dir/x.db");
    EXPECT_FALSE(again.ok()) << "an unwritable destination is an error, not a crash";
}

INSTANTIATE_TEST_SUITE_P(Engines, StorageFailureTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
