// The audit log's hash chain on both engines: intact after appends (also concurrent ones, which must
// never fork the chain), and `Verify` names the first broken entry when an entry is edited, deleted or
// reordered behind the application's back.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <set>
#include <thread>

#include "integration/identity_fixture.hpp"

namespace mocua {
namespace {

using domain::audit::Event;

class AuditLogTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        stack_ = std::make_unique<::mocua::testing::IdentityStack>(GetParam());
        ASSERT_FALSE(HasFailure());
    }

    void AppendSome(int n) {
        for (int i = 0; i < n; ++i) {
            stack_->audit.Append(
                Event{::mocua::testing::TestActor(), "test.event", "thing", std::to_string(i), ""});
            stack_->clock.Advance(std::chrono::seconds(1));
        }
    }

    // Tampering as someone with the database owner's rights would: the append-only triggers go first.
    void Tamper(const std::string& statement) {
        db::Connection c = stack_->tdb.db().Acquire();
        c.dialect().Visit(
            [&](db::SqliteTag) {
                c.sql() << "DROP TRIGGER audit_log_no_update";
                c.sql() << "DROP TRIGGER audit_log_no_delete";
            },
            [&](db::PostgresTag) { c.sql() << "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"; });
        c.sql() << statement;
    }

    std::unique_ptr<::mocua::testing::IdentityStack> stack_;
};

TEST_P(AuditLogTest, EmptyAndAppendedChainsVerify) {
    auto empty = stack_->audit.Verify();
    EXPECT_TRUE(empty.intact());
    EXPECT_EQ(empty.entries, 0);
    AppendSome(5);
    auto report = stack_->audit.Verify();
    EXPECT_TRUE(report.intact()) << report.broken->reason;
    EXPECT_EQ(report.entries, 5);
}

TEST_P(AuditLogTest, SearchPagesNewestFirst) {
    AppendSome(5);
    stack_->audit.Append(
        Event{::mocua::testing::TestActor(), "login.failure", "account", "7", "reason=password"});
    domain::audit::Filter f;
    f.limit = 2;
    auto page = stack_->audit.Search(f);
    ASSERT_EQ(page.size(), 2u);
    EXPECT_EQ(page[0].seq, 6);
    EXPECT_EQ(page[0].action, "login.failure");
    EXPECT_EQ(page[0].ip, "192.0.2.10");
    f.before_seq = page[1].seq;
    EXPECT_EQ(stack_->audit.Search(f).front().seq, 4);
    domain::audit::Filter logins;
    logins.action_prefix = "login.";
    EXPECT_EQ(stack_->audit.Search(logins).size(), 1u);
}

TEST_P(AuditLogTest, TheApplicationCannotChangeEntries) {
    AppendSome(2);
    db::Connection c = stack_->tdb.db().Acquire();
    EXPECT_ANY_THROW(c.sql() << "UPDATE audit_log SET action = 'x' WHERE seq = 1");
    EXPECT_ANY_THROW(c.sql() << "DELETE FROM audit_log WHERE seq = 1");
}

TEST_P(AuditLogTest, EditedEntryIsNamed) {
    AppendSome(5);
    Tamper("UPDATE audit_log SET target_id = '999' WHERE seq = 3");
    auto report = stack_->audit.Verify();
    ASSERT_FALSE(report.intact());
    EXPECT_EQ(report.broken->seq, 3);
    EXPECT_NE(report.broken->reason.find("altered"), std::string::npos) << report.broken->reason;
}

TEST_P(AuditLogTest, DeletedEntryIsNamed) {
    AppendSome(5);
    Tamper("DELETE FROM audit_log WHERE seq = 2");
    auto report = stack_->audit.Verify();
    ASSERT_FALSE(report.intact());
    EXPECT_EQ(report.broken->seq, 2);
}

TEST_P(AuditLogTest, DeletedLastEntryIsNamed) {
    AppendSome(5);
    Tamper("DELETE FROM audit_log WHERE seq = 5");
    auto report = stack_->audit.Verify();
    ASSERT_FALSE(report.intact());
    EXPECT_EQ(report.broken->seq, 5);
}

TEST_P(AuditLogTest, ReorderedEntriesAreNamed) {
    AppendSome(5);
    // Swap entries 2 and 4 by renumbering them.
    Tamper("UPDATE audit_log SET seq = -2 WHERE seq = 2");
    {
        db::Connection c = stack_->tdb.db().Acquire();
        c.sql() << "UPDATE audit_log SET seq = 2 WHERE seq = 4";
        c.sql() << "UPDATE audit_log SET seq = 4 WHERE seq = -2";
    }
    auto report = stack_->audit.Verify();
    ASSERT_FALSE(report.intact());
    EXPECT_EQ(report.broken->seq, 2);
}

TEST_P(AuditLogTest, ConcurrentAppendersNeverFork) {
    constexpr int kThreads = 4;
    constexpr int kEach = 25;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i)
                stack_->audit.Append(Event{::mocua::testing::TestActor(), "test.concurrent", "thread",
                                           std::to_string(t), std::to_string(i)});
        });
    }
    for (auto& th : threads) th.join();
    auto report = stack_->audit.Verify();
    EXPECT_TRUE(report.intact()) << report.broken->reason;
    EXPECT_EQ(report.entries, kThreads * kEach);
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditLogTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
