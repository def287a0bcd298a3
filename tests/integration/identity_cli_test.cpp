// The identity commands as the IT officer runs them: user, token, units import and audit verify, on
// SQLite and PostgreSQL, against the real binary.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cstdio>
#include <fstream>

#include "support/cli_runner.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

using ::mocua::testing::CliRun;
using ::mocua::testing::Has;

CliRun Mocua(const std::string& args, const std::string& stdin_text = "") {
    std::string cmd = std::string(MOCUA_BINARY) + " " + args + " 2>&1";
    if (!stdin_text.empty()) cmd = "printf '%s\\n' '" + stdin_text + "' | " + cmd;
    return ::mocua::testing::RunCommand(cmd);
}

class IdentityCliTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        tdb_ = std::make_unique<::mocua::testing::TestDatabase>(GetParam(), /*migrate=*/false);
        ASSERT_FALSE(HasFailure());
        // The same database the test opens: a file in its folder (SQLite) or its own schema (PostgreSQL).
        where_ = " --data-dir " + tdb_->dir() + "/data --database '" + tdb_->url() + "'";
    }

    CliRun M(const std::string& args, const std::string& stdin_text = "") {
        return Mocua(args + where_, stdin_text);
    }

    // Edits the log as someone with the database owner's rights would (the triggers go first).
    void Tamper(const std::string& statement) {
        db::Connection c = tdb_->db().Acquire();
        c.dialect().Visit(
            [&](db::SqliteTag) {
                c.sql() << "DROP TRIGGER audit_log_no_update";
                c.sql() << "DROP TRIGGER audit_log_no_delete";
            },
            [&](db::PostgresTag) { c.sql() << "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"; });
        c.sql() << statement;
    }

    std::unique_ptr<::mocua::testing::TestDatabase> tdb_;
    std::string where_;
};

TEST(IdentityCli, EveryCommandHasHelp) {
    for (const char* cmd :
         {"user add", "user reset-password", "user disable", "user enable", "user list", "user grant",
          "user reset-totp", "token create", "units import", "audit verify"}) {
        auto r = Mocua(std::string(cmd) + " --help");
        EXPECT_EQ(r.exit_code, 0) << cmd;
        EXPECT_TRUE(Has(r, "--data-dir")) << cmd << ": " << r.output;
    }
}

TEST_P(IdentityCliTest, SeedDemoPrintsALoginPerRoleAndAuditsIt) {
    auto seed = M("seed-demo");
    ASSERT_EQ(seed.exit_code, 0) << seed.output;
    for (const char* role :
         {"citizen", "business", "onestop_officer", "specialist", "leader", "clerk", "delegate",
          "meeting_secretary", "ioc_viewer", "unit_admin", "system_admin", "security_admin"})
        EXPECT_TRUE(Has(seed, std::string("  ") + role + " ")) << role << "\n" << seed.output;
    EXPECT_TRUE(Has(seed, "demo-onestop-officer-quangtri"));
    auto again = M("seed-demo");
    ASSERT_EQ(again.exit_code, 0) << again.output;
    EXPECT_TRUE(Has(again, "organisation units: already present")) << again.output;
    EXPECT_TRUE(Has(again, "demo accounts: already present")) << again.output;
    auto list = M("user list --kind staff");
    ASSERT_EQ(list.exit_code, 0) << list.output;
    EXPECT_TRUE(Has(list, "onestop_officer@19360-TTPVHCC")) << list.output;
    EXPECT_TRUE(Has(list, "10 accounts")) << list.output;
    auto verify = M("audit verify");
    EXPECT_EQ(verify.exit_code, 0) << verify.output;
    EXPECT_TRUE(Has(verify, "audit log intact")) << verify.output;
}

TEST_P(IdentityCliTest, UnitsImportIsIdempotentAndReportsProblems) {
    const std::string file = std::string(MOCUA_SOURCE_DIR) + "/data/communes-2025.csv";
    auto first = M("units import " + file);
    ASSERT_EQ(first.exit_code, 0) << first.output;
    EXPECT_TRUE(
        Has(first, "units import: 3321 rows, 3321 created, 0 updated, 0 unchanged, 34 provinces created"))
        << first.output;
    EXPECT_TRUE(Has(first, "importing: 3321/3321 (100%)")) << first.output;
    auto second = M("units import " + file);
    ASSERT_EQ(second.exit_code, 0) << second.output;
    EXPECT_TRUE(Has(second, "0 created, 0 updated, 3321 unchanged")) << second.output;

    const std::string bad = tdb_->dir() + "/bad.csv";
    std::ofstream(bad)
        << "code,name,province\n19360,Phường Quảng Trị,Tỉnh Quảng Trị\n1936x,Xã Lỗi,Tỉnh Quảng Trị\n";
    auto refused = M("units import " + bad);
    EXPECT_EQ(refused.exit_code, 2) << refused.output;
    EXPECT_TRUE(Has(refused, bad + ":3: code must be 5 digits")) << refused.output;
    EXPECT_TRUE(Has(refused, "nothing imported")) << refused.output;
    EXPECT_EQ(M("units import " + tdb_->dir() + "/missing.csv").exit_code, 2);
}

TEST_P(IdentityCliTest, UserAndTokenCommands) {
    ASSERT_EQ(M("seed-demo").exit_code, 0);
    auto add =
        M("user add --kind staff --email Officer@Example.vn --name 'Cán bộ thử' --unit 19360 --role "
          "specialist");
    ASSERT_EQ(add.exit_code, 0) << add.output;
    EXPECT_TRUE(Has(add, "one-time password")) << add.output;
    EXPECT_TRUE(Has(add, "granted specialist within unit 19360")) << add.output;
    auto dup = M("user add --kind citizen --email officer@example.VN");
    EXPECT_EQ(dup.exit_code, 2);
    EXPECT_TRUE(Has(dup, "email.taken")) << dup.output;
    auto weak = M("user add --kind citizen --email weak@example.vn --password-stdin", "password1234");
    EXPECT_EQ(weak.exit_code, 2);
    EXPECT_TRUE(Has(weak, "password.common")) << weak.output;
    auto given = M("user add --kind citizen --email given@example.vn --cccd 045095000124 --password-stdin",
                   "một mật khẩu đủ dài");
    ASSERT_EQ(given.exit_code, 0) << given.output;
    EXPECT_FALSE(Has(given, "one-time password"));
    EXPECT_EQ(M("user add --kind business --email b@example.vn").exit_code, 2);
    EXPECT_EQ(M("user add --kind robot --email r@example.vn").exit_code, 2);
    EXPECT_EQ(M("user add --kind staff --email s@example.vn --unit 99999 --role leader").exit_code, 2);

    auto token = M("token create --email officer@example.vn --expires 30");
    ASSERT_EQ(token.exit_code, 0) << token.output;
    EXPECT_TRUE(Has(token, "mct_")) << token.output;
    auto reset = M("user reset-password --email OFFICER@example.vn");
    ASSERT_EQ(reset.exit_code, 0) << reset.output;
    EXPECT_TRUE(Has(reset, "one-time password"));
    auto disable = M("user disable --email officer@example.vn");
    ASSERT_EQ(disable.exit_code, 0) << disable.output;
    auto list = M("user list --query officer");
    EXPECT_TRUE(Has(list, "disabled")) << list.output;
    EXPECT_EQ(M("user disable --email nobody@example.vn").exit_code, 2);
    EXPECT_EQ(M("user enable --email officer@example.vn").exit_code, 0);
    EXPECT_EQ(M("user grant --email officer@example.vn --role leader --unit 19360").exit_code, 0);
    EXPECT_EQ(M("user reset-totp --email officer@example.vn").exit_code, 0);
    EXPECT_EQ(M("audit verify").exit_code, 0);
}

TEST_P(IdentityCliTest, AuditVerifyNamesTheFirstBrokenEntry) {
    ASSERT_EQ(M("seed-demo").exit_code, 0);
    ASSERT_EQ(M("audit verify").exit_code, 0);
    Tamper("UPDATE audit_log SET details = 'edited' WHERE seq = 7");
    auto broken = M("audit verify");
    EXPECT_EQ(broken.exit_code, 3) << broken.output;
    EXPECT_TRUE(Has(broken, "BROKEN at entry 7")) << broken.output;
}

INSTANTIATE_TEST_SUITE_P(Engines, IdentityCliTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
