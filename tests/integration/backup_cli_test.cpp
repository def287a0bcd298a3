// `mocua backup` and `mocua restore` against the real binary, on SQLite and on PostgreSQL (fresh databases
// created on the server of MOCUA_TEST_PG_URL: pg_dump takes a whole database, and a restore needs an empty
// one): a round trip keeps the demo town's rows, the uploads and the keys (mode 0600); progress goes to
// stderr; an archive with one flipped byte, an extra member or a missing one is refused before anything is
// written; a non-empty data directory or database is refused; an archive of the other engine is refused;
// an existing archive file is never overwritten.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "db/database.hpp"
#include "support/cli_runner.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

namespace fs = std::filesystem;
using ::mocua::testing::CliRun;
using ::mocua::testing::Has;

std::string Env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string ReadFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Fresh databases on the test PostgreSQL server, dropped at the end.
class PgDatabases {
public:
    ~PgDatabases() {
        if (names_.empty()) return;
        try {
            soci::session admin("postgresql", Env("MOCUA_TEST_PG_URL"));
            for (const auto& n : names_) admin << "DROP DATABASE IF EXISTS " + n + " WITH (FORCE)";
        } catch (const std::exception&) {
            // The throw-away cluster is removed by tools/postgres.sh stop anyway.
        }
    }
    // A new empty database; returns its URL (the server's URL with the database name replaced).
    std::string Create() {
        std::random_device rd;
        const std::string name = "mocua_bk_" + std::to_string(rd()) + std::to_string(names_.size());
        soci::session admin("postgresql", Env("MOCUA_TEST_PG_URL"));
        admin << "CREATE DATABASE " + name;
        names_.push_back(name);
        std::string url = Env("MOCUA_TEST_PG_URL");  // postgresql://mocua@/mocua?host=DIR
        const auto slash = url.find('/', url.find("://") + 3);
        const auto end = url.find('?', slash);
        return url.substr(0, slash + 1) + name + (end == std::string::npos ? "" : url.substr(end));
    }

private:
    std::vector<std::string> names_;
};

class BackupCliTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        dir_ = fs::temp_directory_path() / ("mocua-backup-test-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        source_ = Where("source");
        auto seeded = Run("seed-demo", source_);
        ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
        // A token row; opening the identity services also creates keys/identity.key (0600).
        auto token = Run("token create --email citizen@phuongquangtri.example", source_);
        ASSERT_EQ(token.exit_code, 0) << token.output;
        // One upload in the store, as intake writes it (content-addressed, 0600).
        upload_ = "uploads/ab/cd/abcd" + std::string(60, '0');
        fs::create_directories(dir_ / "source" / "uploads/ab/cd");
        std::ofstream(dir_ / "source" / upload_, std::ios::binary) << "%PDF-1.4 an upload\n%%EOF\n";
        fs::permissions(dir_ / "source" / upload_, fs::perms::owner_read | fs::perms::owner_write);
    }
    void TearDown() override {
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }

    // " --data-dir DIR/NAME --database URL" for a new installation NAME (PostgreSQL: a new database).
    std::string Where(const std::string& name) {
        std::string url = GetParam() == db::Engine::kPostgres ? pg_.Create() : "";
        urls_[name] = url;
        return " --data-dir " + (dir_ / name).string() + (url.empty() ? "" : " --database '" + url + "'");
    }
    CliRun Run(const std::string& args, const std::string& where) {
        return ::mocua::testing::RunCommand(std::string(MOCUA_BINARY) + " " + args + where + " 2>&1");
    }
    // A count read straight from the installation's database.
    long long Count(const std::string& name, const std::string& query) {
        db::DatabaseOptions o;
        o.url = urls_[name];
        o.sqlite_path = (dir_ / name / "mocua.db").string();
        o.pool_size = 1;
        auto db = db::Database::Open(o);
        EXPECT_TRUE(db.ok());
        if (!db.ok()) return -1;
        auto c = (*db)->Acquire();
        long long n = -1;
        c.sql() << query, soci::into(n);
        return n;
    }
    std::string Archive(const std::string& name) { return (dir_ / name).string(); }

    fs::path dir_;
    std::string source_;
    std::string upload_;
    std::map<std::string, std::string> urls_;
    PgDatabases pg_;
};

TEST_P(BackupCliTest, RoundTripKeepsRowsUploadsAndKeys) {
    const std::string archive = Archive("b.tar");
    auto backup = Run("backup --to " + archive, source_);
    ASSERT_EQ(backup.exit_code, 0) << backup.output;
    EXPECT_TRUE(Has(backup, "database:")) << "progress names the database step: " << backup.output;
    EXPECT_TRUE(Has(backup, "archiving:")) << backup.output;

    const std::string target = Where("restored");
    auto restore = Run("restore --from " + archive, target);
    ASSERT_EQ(restore.exit_code, 0) << restore.output;
    EXPECT_TRUE(Has(restore, "restoring:")) << restore.output;

    for (const std::string table : {"accounts", "procedures", "org_units", "audit_log", "api_tokens"}) {
        const auto before = Count("source", "SELECT count(*) FROM " + table);
        EXPECT_GT(before, 0) << table << ": the demo town has rows, or the comparison proves nothing";
        EXPECT_EQ(Count("restored", "SELECT count(*) FROM " + table), before) << table;
    }
    EXPECT_EQ(ReadFile(dir_ / "restored" / upload_), ReadFile(dir_ / "source" / upload_));
    ASSERT_TRUE(fs::exists(dir_ / "source" / "keys"));
    int keys = 0;
    for (const auto& key : fs::directory_iterator(dir_ / "source" / "keys")) {
        const fs::path copy = dir_ / "restored" / "keys" / key.path().filename();
        ASSERT_TRUE(fs::exists(copy)) << copy;
        EXPECT_EQ(ReadFile(copy), ReadFile(key.path())) << copy;
        struct stat st {};
        ASSERT_EQ(::stat(copy.c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0600u) << copy;
        ++keys;
    }
    EXPECT_GE(keys, 1) << "the identity key exists since the token was made";

    // The restored installation is usable as it is: a command opens it and reads its accounts.
    auto users = Run("user list", target);
    EXPECT_EQ(users.exit_code, 0) << users.output;
    EXPECT_TRUE(Has(users, "citizen@phuongquangtri.example")) << users.output;
}

TEST_P(BackupCliTest, NeverOverwritesAnArchiveAndRefusesNonEmptyTargets) {
    const std::string archive = Archive("b.tar");
    std::ofstream(archive) << "precious";
    auto again = Run("backup --to " + archive, source_);
    EXPECT_EQ(again.exit_code, 2) << again.output;
    EXPECT_TRUE(Has(again, "exists already")) << again.output;
    EXPECT_EQ(ReadFile(archive), "precious");
    fs::remove(archive);
    ASSERT_EQ(Run("backup --to " + archive, source_).exit_code, 0);

    // Into the source itself: its data directory is not empty.
    auto onto_source = Run("restore --from " + archive, source_);
    EXPECT_EQ(onto_source.exit_code, 2) << onto_source.output;
    EXPECT_TRUE(Has(onto_source, "is not empty")) << onto_source.output;

    if (GetParam() == db::Engine::kPostgres) {
        // An empty data directory but a database that already has the schema.
        const std::string url = urls_["source"];
        auto into_used_db = Run("restore --from " + archive,
                                " --data-dir " + (dir_ / "fresh").string() + " --database '" + url + "'");
        EXPECT_EQ(into_used_db.exit_code, 2) << into_used_db.output;
        EXPECT_TRUE(Has(into_used_db, "holds")) << into_used_db.output;
        EXPECT_FALSE(fs::exists(dir_ / "fresh" / "keys")) << "nothing written when refused";
    }
}

TEST_P(BackupCliTest, RefusesADamagedOrTamperedArchiveBeforeWritingAnything) {
    const std::string archive = Archive("b.tar");
    ASSERT_EQ(Run("backup --to " + archive, source_).exit_code, 0);
    std::string bytes = ReadFile(archive);
    // The upload's text sits in the archive as it is (tar does not compress): change one letter.
    const auto at = bytes.find("an upload");
    ASSERT_NE(at, std::string::npos);
    std::string tampered = bytes;
    tampered[at] = 'A';
    std::ofstream(Archive("tampered.tar"), std::ios::binary) << tampered;
    auto verify = Run("restore --verify-only --from " + Archive("tampered.tar"), "");
    EXPECT_EQ(verify.exit_code, 2) << verify.output;
    EXPECT_TRUE(Has(verify, "does not match its manifest")) << verify.output;

    auto restore = Run("restore --from " + Archive("tampered.tar"), Where("t"));
    EXPECT_EQ(restore.exit_code, 2) << restore.output;
    EXPECT_TRUE(Has(restore, upload_)) << "names the member: " << restore.output;
    EXPECT_FALSE(fs::exists(dir_ / "t")) << "nothing written";
    if (GetParam() == db::Engine::kPostgres) {
        EXPECT_EQ(Count("t", "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'"), 0);
    }

    // Cut short: the last members are missing.
    std::ofstream(Archive("short.tar"), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    auto shortened = Run("restore --verify-only --from " + Archive("short.tar"), "");
    EXPECT_EQ(shortened.exit_code, 2) << shortened.output;

    // Not a backup at all.
    std::ofstream(Archive("junk.tar"), std::ios::binary) << "not a tar file at all";
    auto junk = Run("restore --verify-only --from " + Archive("junk.tar"), "");
    EXPECT_EQ(junk.exit_code, 2) << junk.output;

    // The intact archive still verifies.
    auto intact = Run("restore --verify-only --from " + archive, "");
    EXPECT_EQ(intact.exit_code, 0) << intact.output;
    EXPECT_TRUE(Has(intact, "is intact")) << intact.output;
}

TEST_P(BackupCliTest, RefusesAnArchiveOfTheOtherEngine) {
    const std::string archive = Archive("b.tar");
    ASSERT_EQ(Run("backup --to " + archive, source_).exit_code, 0);
    std::string other;
    if (GetParam() == db::Engine::kSqlite) {
        if (Env("MOCUA_TEST_PG_URL").empty()) GTEST_SKIP() << "needs a PostgreSQL target";
        other = " --data-dir " + (dir_ / "o").string() + " --database '" + pg_.Create() + "'";
    } else {
        other = " --data-dir " + (dir_ / "o").string() + " --database ''";
    }
    auto restore = Run("restore --from " + archive, other);
    EXPECT_EQ(restore.exit_code, 2) << restore.output;
    EXPECT_TRUE(Has(restore, "restore into the same engine")) << restore.output;
    EXPECT_FALSE(fs::exists(dir_ / "o"));
}

INSTANTIATE_TEST_SUITE_P(Engines, BackupCliTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
