// JobQueue additions for the mail outbox: enqueueing inside the caller's transaction, and handlers
// that give up at once on a permanent failure.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <memory>
#include <stdexcept>

#include "db/database.hpp"
#include "jobs/job_queue.hpp"
#include "support/test_database.hpp"

namespace mocua::jobs {
namespace {

using namespace std::chrono_literals;

const core::TimePoint kStart = *core::ParseUtc("2025-07-01T08:00:00.000Z");

class JobQueueOutboxTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        tdb_ = std::make_unique<::mocua::testing::TestDatabase>(GetParam());
        ASSERT_FALSE(HasFailure()) << "the test database could not be set up";
        JobQueueOptions options;
        options.worker_id = "node-a";
        queue_ = std::make_unique<JobQueue>(tdb_->db(), clock_, options);
    }

    std::int64_t JobCount() {
        db::Connection c = tdb_->db().Acquire();
        long long n = -1;
        c.sql() << "SELECT COUNT(*) FROM jobs", soci::into(n);
        return n;
    }

    core::ManualClock clock_{kStart};
    std::unique_ptr<::mocua::testing::TestDatabase> tdb_;
    std::unique_ptr<JobQueue> queue_;
};

TEST_P(JobQueueOutboxTest, EnqueueInCommitsWithTheCallersTransaction) {
    std::int64_t id = 0;
    auto committed = tdb_->db().InTransaction([&](soci::session& sql) -> core::Result<void> {
        auto enqueued = queue_->EnqueueIn(sql, "mail.send", R"({"to":"a@b.vn"})");
        if (!enqueued.ok()) return enqueued.error();
        id = *enqueued;
        return {};
    });
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    auto job = queue_->Get(id);
    ASSERT_TRUE(job.ok()) << job.error().message;
    EXPECT_EQ(job->kind, "mail.send");
    EXPECT_EQ(job->payload, R"({"to":"a@b.vn"})");
    EXPECT_EQ(job->state, JobState::kQueued);
    EXPECT_EQ(job->run_at, kStart);
}

TEST_P(JobQueueOutboxTest, EnqueueInVanishesWhenTheCallersTransactionRollsBack) {
    auto failed = tdb_->db().InTransaction([&](soci::session& sql) -> core::Result<void> {
        auto enqueued = queue_->EnqueueIn(sql, "mail.send", "{}");
        EXPECT_TRUE(enqueued.ok());
        return core::Error::Conflict("the caller's other change failed");
    });
    EXPECT_FALSE(failed.ok());
    EXPECT_EQ(JobCount(), 0);

    EXPECT_THROW(tdb_->db().InTransaction([&](soci::session& sql) {
        (void)queue_->EnqueueIn(sql, "mail.send", "{}");
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    EXPECT_EQ(JobCount(), 0);
}

TEST_P(JobQueueOutboxTest, EnqueueInKeepsOneJobPerIdempotencyKeyAndChecksItsArguments) {
    EnqueueOptions options;
    options.idempotency_key = "mail:dossier-7:received";
    auto first = tdb_->db().InTransaction(
        [&](soci::session& sql) { return queue_->EnqueueIn(sql, "mail.send", "{}", options); });
    auto second = tdb_->db().InTransaction(
        [&](soci::session& sql) { return queue_->EnqueueIn(sql, "mail.send", "{}", options); });
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(*first, *second);
    EXPECT_EQ(JobCount(), 1);

    auto empty_kind =
        tdb_->db().InTransaction([&](soci::session& sql) { return queue_->EnqueueIn(sql, "", "{}"); });
    EXPECT_EQ(empty_kind.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_P(JobQueueOutboxTest, GiveUpMakesTheJobDeadOnTheFirstAttempt) {
    int calls = 0;
    queue_->RegisterHandler("mail.send", [&](const Job&) {
        ++calls;
        return JobOutcome::GiveUp("mail.rejected: server replied 550");
    });
    EnqueueOptions options;
    options.max_attempts = 5;
    auto id = queue_->Enqueue("mail.send", "{}", options);
    ASSERT_TRUE(id.ok());
    ASSERT_EQ(*queue_->RunDue(), 1);
    clock_.Advance(24h);
    EXPECT_EQ(*queue_->RunDue(), 0);
    EXPECT_EQ(calls, 1);
    auto job = queue_->Get(*id);
    ASSERT_TRUE(job.ok());
    EXPECT_EQ(job->state, JobState::kDead);
    EXPECT_EQ(job->attempts, 1);
    EXPECT_EQ(job->last_error, "mail.rejected: server replied 550");
}

INSTANTIATE_TEST_SUITE_P(Engines, JobQueueOutboxTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua::jobs
