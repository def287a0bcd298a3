#include "jobs/job_queue.hpp"
#include "jobs/periodic.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <condition_variable>
#include <latch>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "db/database.hpp"
#include "support/test_database.hpp"

namespace mocua::jobs {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const core::TimePoint kStart = *core::ParseUtc("2025-07-01T08:00:00.000Z");

// Generous: only reached when the queue is broken, and then the test fails instead of hanging.
constexpr auto kWaitLimit = 30s;

// A ManualClock that lets the test wait until other threads have read it: a worker reads the time
// whenever it claims jobs.
class ObservedClock final : public core::Clock {
public:
    explicit ObservedClock(core::TimePoint start) : clock_(start) {}

    core::TimePoint Now() const override {
        if (std::this_thread::get_id() != test_thread_) {
            {
                std::lock_guard lock(mu_);
                ++reads_by_others_;
            }
            read_.notify_all();
        }
        return clock_.Now();
    }

    void Advance(std::chrono::milliseconds d) { clock_.Advance(d); }

    bool WaitForReadsByOtherThreads(int n) {
        std::unique_lock lock(mu_);
        return read_.wait_for(lock, kWaitLimit, [&] { return reads_by_others_ >= n; });
    }

private:
    core::ManualClock clock_;
    const std::thread::id test_thread_ = std::this_thread::get_id();
    mutable std::mutex mu_;
    mutable std::condition_variable read_;
    mutable int reads_by_others_ = 0;
};

class JobQueueTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            // Skipped, or failed because PostgreSQL is required: either way the body must not run.
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        tdb_ = std::make_unique<::mocua::testing::TestDatabase>(GetParam());
        ASSERT_FALSE(HasFailure()) << "the test database could not be set up";
    }

    db::Database& db() { return tdb_->db(); }

    static JobQueueOptions Options(std::string worker_id = "node-a") {
        JobQueueOptions options;
        options.worker_id = std::move(worker_id);
        options.lease = 300s;
        return options;
    }

    std::unique_ptr<JobQueue> MakeQueue(JobQueueOptions options = Options()) {
        return std::make_unique<JobQueue>(db(), clock_, std::move(options));
    }

    // Reads a job, failing the test when it cannot.
    Job MustGet(JobQueue& queue, std::int64_t id) {
        auto job = queue.Get(id);
        EXPECT_TRUE(job.ok()) << job.error().message;
        return job.ok() ? job.value() : Job{};
    }

    std::int64_t MustEnqueue(JobQueue& queue, const std::string& kind, const std::string& payload = "{}",
                             const EnqueueOptions& options = {}) {
        auto id = queue.Enqueue(kind, payload, options);
        EXPECT_TRUE(id.ok()) << id.error().message;
        return id.ok() ? *id : 0;
    }

    std::int64_t TotalJobs(JobQueue& queue) {
        auto counts = queue.CountByState();
        EXPECT_TRUE(counts.ok()) << counts.error().message;
        std::int64_t total = 0;
        if (counts.ok()) {
            for (const auto& [state, n] : *counts) total += n;
        }
        return total;
    }

    core::ManualClock clock_{kStart};
    std::unique_ptr<::mocua::testing::TestDatabase> tdb_;
};

JobHandler Succeed() {
    return [](const Job&) { return JobOutcome::Success(); };
}

TEST_P(JobQueueTest, EnqueueThenRunDueRunsTheHandlerOnceAndMarksTheJobDone) {
    auto queue = MakeQueue();
    int calls = 0;
    Job seen;
    queue->RegisterHandler("mail.send", [&](const Job& job) {
        ++calls;
        seen = job;
        return JobOutcome::Success();
    });

    const std::int64_t id = MustEnqueue(*queue, "mail.send", R"({"dossier":42})");
    ASSERT_GT(id, 0);
    Job stored = MustGet(*queue, id);
    EXPECT_EQ(stored.kind, "mail.send");
    EXPECT_EQ(stored.state, JobState::kQueued);
    EXPECT_EQ(stored.attempts, 0);
    EXPECT_EQ(stored.max_attempts, 5);
    EXPECT_EQ(stored.run_at, kStart);
    EXPECT_FALSE(stored.lease_until);
    EXPECT_FALSE(stored.idempotency_key);

    auto ran = queue->RunDue();
    ASSERT_TRUE(ran.ok()) << ran.error().message;
    EXPECT_EQ(*ran, 1);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(seen.id, id);
    EXPECT_EQ(seen.payload, R"({"dossier":42})");
    EXPECT_EQ(seen.state, JobState::kRunning);
    EXPECT_EQ(seen.attempts, 1);
    EXPECT_EQ(seen.lease_until, kStart + 300s);

    stored = MustGet(*queue, id);
    EXPECT_EQ(stored.state, JobState::kDone);
    EXPECT_EQ(stored.attempts, 1);
    EXPECT_FALSE(stored.lease_until);
    EXPECT_FALSE(stored.last_error);

    ran = queue->RunDue();
    ASSERT_TRUE(ran.ok()) << ran.error().message;
    EXPECT_EQ(*ran, 0);
    EXPECT_EQ(calls, 1);
}

TEST_P(JobQueueTest, RepeatedIdempotencyKeyReturnsTheFirstJobAndKeepsOneRow) {
    auto queue = MakeQueue();
    const EnqueueOptions keyed{.idempotency_key = "receipt-dossier-42"};
    const std::int64_t first = MustEnqueue(*queue, "mail.send", R"({"n":1})", keyed);
    const std::int64_t second = MustEnqueue(*queue, "mail.send", R"({"n":2})", keyed);
    EXPECT_EQ(first, second);
    EXPECT_EQ(TotalJobs(*queue), 1);
    const Job stored = MustGet(*queue, first);
    EXPECT_EQ(stored.payload, R"({"n":1})");
    EXPECT_EQ(stored.idempotency_key, "receipt-dossier-42");

    // The key still protects after the job has run.
    queue->RegisterHandler("mail.send", Succeed());
    ASSERT_TRUE(queue->RunDue().ok());
    EXPECT_EQ(MustEnqueue(*queue, "mail.send", "{}", keyed), first);

    // Another key, or no key, is another job.
    EXPECT_NE(MustEnqueue(*queue, "mail.send", "{}", {.idempotency_key = "receipt-dossier-43"}), first);
    const std::int64_t a = MustEnqueue(*queue, "mail.send");
    const std::int64_t b = MustEnqueue(*queue, "mail.send");
    EXPECT_NE(a, b);
    EXPECT_EQ(TotalJobs(*queue), 4);
}

TEST_P(JobQueueTest, ConcurrentEnqueuesOfOneKeyMakeOneRow) {
    auto queue = MakeQueue();
    constexpr int kThreads = 4;
    constexpr int kKeys = 25;
    std::vector<std::vector<std::int64_t>> ids(kThreads, std::vector<std::int64_t>(kKeys, 0));
    std::vector<std::string> errors(kThreads);
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            start.arrive_and_wait();
            for (int k = 0; k < kKeys; ++k) {
                auto id = queue->Enqueue("sync.push", "{}", {.idempotency_key = "key-" + std::to_string(k)});
                if (!id.ok()) {
                    errors[t] = id.error().message;
                    return;
                }
                ids[t][k] = *id;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (const auto& error : errors) EXPECT_EQ(error, "");
    for (int k = 0; k < kKeys; ++k) {
        for (int t = 1; t < kThreads; ++t) EXPECT_EQ(ids[t][k], ids[0][k]) << "key-" << k;
    }
    EXPECT_EQ(TotalJobs(*queue), kKeys);
}

TEST_P(JobQueueTest, APeriodicJobRunsOncePerSlotOnTwoNodesAndGoesOnAfterAFailure) {
    // Two nodes schedule the same hourly job at start-up (kStart is on an hour). The first run throws.
    auto node_a = MakeQueue(Options("node-a"));
    auto node_b = MakeQueue(Options("node-b"));
    int runs = 0;
    auto run = [&runs]() -> JobOutcome {
        if (++runs == 1) throw std::runtime_error("database is locked");
        return JobOutcome::Success();
    };
    const PeriodicOptions hourly{.every = 1h, .run_at_start = true};
    ASSERT_TRUE(SchedulePeriodic(*node_a, clock_, "kpi.refresh", hourly, run).ok());
    ASSERT_TRUE(SchedulePeriodic(*node_b, clock_, "kpi.refresh", hourly, run).ok());
    auto run_both = [&] { return node_a->RunDue().value() + node_b->RunDue().value(); };

    EXPECT_EQ(run_both(), 1);  // the start-up run, once for both nodes: it failed
    EXPECT_EQ(run_both(), 0);
    clock_.Advance(59min);
    EXPECT_EQ(run_both(), 0);
    clock_.Advance(1min);  // 09:00: the next slot runs although the first run failed
    EXPECT_EQ(run_both(), 1);
    clock_.Advance(1h);  // 10:00
    EXPECT_EQ(run_both(), 1);
    EXPECT_EQ(runs, 3);
    // Started again at 10:30 (a restart): one more start-up run, and 11:00 still runs once.
    clock_.Advance(30min);
    ASSERT_TRUE(SchedulePeriodic(*node_a, clock_, "kpi.refresh", hourly, run).ok());
    EXPECT_EQ(run_both(), 1);
    clock_.Advance(30min);
    EXPECT_EQ(run_both(), 1);
    EXPECT_EQ(runs, 5);
    EXPECT_FALSE(SchedulePeriodic(*node_a, clock_, "kpi.refresh", {.every = 0s}, run).ok());
}

TEST_P(JobQueueTest, JobScheduledLaterRunsOnlyWhenTheClockReachesIt) {
    auto queue = MakeQueue();
    int calls = 0;
    queue->RegisterHandler("deadline.remind", [&](const Job&) {
        ++calls;
        return JobOutcome::Success();
    });
    const std::int64_t id = MustEnqueue(*queue, "deadline.remind", "{}", {.run_at = kStart + 1h});
    EXPECT_EQ(MustGet(*queue, id).run_at, kStart + 1h);

    EXPECT_EQ(queue->RunDue().value(), 0);
    clock_.Advance(1h - 1ms);
    EXPECT_EQ(queue->RunDue().value(), 0);
    EXPECT_EQ(calls, 0);
    clock_.Advance(1ms);
    EXPECT_EQ(queue->RunDue().value(), 1);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(MustGet(*queue, id).state, JobState::kDone);
}

TEST_P(JobQueueTest, FailedJobIsRetriedAfterExactlyTheBackoff) {
    auto queue = MakeQueue();
    int calls = 0;
    queue->RegisterHandler("mail.send", [&](const Job& job) {
        ++calls;
        EXPECT_EQ(job.attempts, calls);
        return calls < 3 ? JobOutcome::Failure("mail server refused the connection") : JobOutcome::Success();
    });
    const std::int64_t id = MustEnqueue(*queue, "mail.send");

    EXPECT_EQ(queue->RunDue().value(), 1);
    Job stored = MustGet(*queue, id);
    EXPECT_EQ(stored.state, JobState::kQueued);
    EXPECT_EQ(stored.attempts, 1);
    EXPECT_EQ(stored.run_at, kStart + 10s);
    EXPECT_FALSE(stored.lease_until);
    EXPECT_EQ(stored.last_error, "mail server refused the connection");

    clock_.Advance(10s - 1ms);
    EXPECT_EQ(queue->RunDue().value(), 0);
    clock_.Advance(1ms);
    EXPECT_EQ(queue->RunDue().value(), 1);
    stored = MustGet(*queue, id);
    EXPECT_EQ(stored.state, JobState::kQueued);
    EXPECT_EQ(stored.attempts, 2);
    EXPECT_EQ(stored.run_at, kStart + 10s + 20s);

    clock_.Advance(20s - 1ms);
    EXPECT_EQ(queue->RunDue().value(), 0);
    clock_.Advance(1ms);
    EXPECT_EQ(queue->RunDue().value(), 1);
    stored = MustGet(*queue, id);
    EXPECT_EQ(stored.state, JobState::kDone);
    EXPECT_EQ(stored.attempts, 3);
    EXPECT_EQ(calls, 3);
}

TEST_P(JobQueueTest, JobIsDeadAfterMaxAttemptsAndKeepsItsLastError) {
    auto queue = MakeQueue();
    int calls = 0;
    queue->RegisterHandler("sync.push", [&](const Job& job) {
        ++calls;
        return JobOutcome::Failure("attempt " + std::to_string(job.attempts) + " failed");
    });
    const std::int64_t id = MustEnqueue(*queue, "sync.push", "{}", {.max_attempts = 3});

    for (int attempt = 1; attempt <= 3; ++attempt) {
        EXPECT_EQ(queue->RunDue().value(), 1) << "attempt " << attempt;
        clock_.Advance(JobQueue::Backoff(attempt));
    }
    const Job stored = MustGet(*queue, id);
    EXPECT_EQ(stored.state, JobState::kDead);
    EXPECT_EQ(stored.attempts, 3);
    EXPECT_EQ(stored.last_error, "attempt 3 failed");
    EXPECT_FALSE(stored.lease_until);

    clock_.Advance(24h);
    EXPECT_EQ(queue->RunDue().value(), 0);
    EXPECT_EQ(calls, 3);
}

TEST_P(JobQueueTest, HandlerThatThrowsCountsAsAFailure) {
    auto queue = MakeQueue();
    queue->RegisterHandler("pdf.render", [](const Job&) -> JobOutcome {
        throw std::runtime_error("template receipt.html is missing");
    });
    const std::int64_t retried = MustEnqueue(*queue, "pdf.render");
    const std::int64_t buried = MustEnqueue(*queue, "pdf.render", "{}", {.max_attempts = 1});

    auto ran = queue->RunDue();
    ASSERT_TRUE(ran.ok()) << ran.error().message;
    EXPECT_EQ(*ran, 2);

    Job stored = MustGet(*queue, retried);
    EXPECT_EQ(stored.state, JobState::kQueued);
    EXPECT_EQ(stored.attempts, 1);
    EXPECT_EQ(stored.run_at, kStart + 10s);
    EXPECT_THAT(stored.last_error.value_or(""), HasSubstr("template receipt.html is missing"));

    stored = MustGet(*queue, buried);
    EXPECT_EQ(stored.state, JobState::kDead);
    EXPECT_THAT(stored.last_error.value_or(""), HasSubstr("template receipt.html is missing"));
}

TEST_P(JobQueueTest, ExpiredLeaseIsClaimedAgainButAnUnexpiredOneIsNot) {
    auto node_a = MakeQueue(Options("node-a"));
    auto node_b = MakeQueue(Options("node-b"));
    node_a->RegisterHandler("sync.push", Succeed());
    node_b->RegisterHandler("sync.push", Succeed());
    const std::int64_t id = MustEnqueue(*node_a, "sync.push");

    auto first = node_a->Claim(5);
    ASSERT_TRUE(first.ok()) << first.error().message;
    ASSERT_EQ(first->size(), 1u);
    EXPECT_EQ(first->front().id, id);
    EXPECT_EQ(first->front().attempts, 1);
    EXPECT_EQ(first->front().lease_until, kStart + 300s);

    EXPECT_TRUE(node_b->Claim(5).value().empty());
    clock_.Advance(300s);  // the lease ends now, but has not yet expired
    EXPECT_TRUE(node_b->Claim(5).value().empty());
    EXPECT_EQ(node_b->RunDue().value(), 0);

    clock_.Advance(1ms);
    auto second = node_b->Claim(5);
    ASSERT_TRUE(second.ok()) << second.error().message;
    ASSERT_EQ(second->size(), 1u);
    EXPECT_EQ(second->front().id, id);
    EXPECT_EQ(second->front().attempts, 2);
    EXPECT_EQ(second->front().lease_until, clock_.Now() + 300s);

    // The first holder lost its lease: its late outcome is refused, the new holder's is kept.
    auto late = node_a->Complete(first->front(), JobOutcome::Success());
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(MustGet(*node_a, id).state, JobState::kRunning);
    auto completed = node_b->Complete(second->front(), JobOutcome::Success());
    ASSERT_TRUE(completed.ok()) << completed.error().message;
    EXPECT_EQ(MustGet(*node_a, id).state, JobState::kDone);
}

TEST_P(JobQueueTest, LeaseThatExpiresOnTheLastAttemptMakesTheJobDead) {
    auto queue = MakeQueue();
    queue->RegisterHandler("sync.push", Succeed());
    const std::int64_t id = MustEnqueue(*queue, "sync.push", "{}", {.max_attempts = 1});
    ASSERT_EQ(queue->Claim(1).value().size(), 1u);

    clock_.Advance(300s + 1ms);
    EXPECT_TRUE(queue->Claim(1).value().empty());
    const Job stored = MustGet(*queue, id);
    EXPECT_EQ(stored.state, JobState::kDead);
    EXPECT_EQ(stored.attempts, 1);
    EXPECT_FALSE(stored.lease_until);
    EXPECT_THAT(stored.last_error.value_or(""), HasSubstr("lease expired"));
}

TEST_P(JobQueueTest, JobsOfUnregisteredKindsAreLeftAlone) {
    auto mail_node = MakeQueue(Options("mail-node"));
    int mail_calls = 0;
    mail_node->RegisterHandler("mail.send", [&](const Job&) {
        ++mail_calls;
        return JobOutcome::Success();
    });
    const std::int64_t mail = MustEnqueue(*mail_node, "mail.send");
    const std::int64_t sync = MustEnqueue(*mail_node, "sync.push");

    EXPECT_EQ(mail_node->RunDue().value(), 1);
    EXPECT_EQ(mail_calls, 1);
    EXPECT_EQ(MustGet(*mail_node, mail).state, JobState::kDone);
    Job stored = MustGet(*mail_node, sync);
    EXPECT_EQ(stored.state, JobState::kQueued);
    EXPECT_EQ(stored.attempts, 0);

    auto idle_node = MakeQueue(Options("idle-node"));
    EXPECT_TRUE(idle_node->Claim(10).value().empty());
    EXPECT_EQ(idle_node->RunDue().value(), 0);

    auto sync_node = MakeQueue(Options("sync-node"));
    sync_node->RegisterHandler("sync.push", Succeed());
    EXPECT_EQ(sync_node->RunDue().value(), 1);
    EXPECT_EQ(MustGet(*sync_node, sync).state, JobState::kDone);
}

TEST_P(JobQueueTest, ClaimHandsOutTheOldestDueJobsFirstUpToTheLimit) {
    auto queue = MakeQueue();
    queue->RegisterHandler("mail.send", Succeed());
    const std::int64_t late = MustEnqueue(*queue, "mail.send", "{}", {.run_at = kStart - 1min});
    const std::int64_t early = MustEnqueue(*queue, "mail.send", "{}", {.run_at = kStart - 1h});
    const std::int64_t now = MustEnqueue(*queue, "mail.send");
    MustEnqueue(*queue, "mail.send", "{}", {.run_at = kStart + 1s});

    auto claimed = queue->Claim(2);
    ASSERT_TRUE(claimed.ok()) << claimed.error().message;
    ASSERT_EQ(claimed->size(), 2u);
    EXPECT_EQ((*claimed)[0].id, early);
    EXPECT_EQ((*claimed)[1].id, late);
    for (const Job& job : *claimed) {
        EXPECT_EQ(job.state, JobState::kRunning);
        EXPECT_EQ(job.lease_until, kStart + 300s);
    }
    claimed = queue->Claim(10);
    ASSERT_TRUE(claimed.ok()) << claimed.error().message;
    ASSERT_EQ(claimed->size(), 1u);
    EXPECT_EQ((*claimed)[0].id, now);
    EXPECT_EQ(queue->Claim(0).error().code, core::ErrorCode::kInvalidArgument);
}

TEST_P(JobQueueTest, TwoNodesClaimingAtOnceNeverShareAJobAndTogetherClaimAll) {
    auto node_a = MakeQueue(Options("node-a"));
    auto node_b = MakeQueue(Options("node-b"));
    node_a->RegisterHandler("sync.push", Succeed());
    node_b->RegisterHandler("sync.push", Succeed());
    constexpr int kJobs = 200;
    std::set<std::int64_t> all;
    for (int i = 0; i < kJobs; ++i) all.insert(MustEnqueue(*node_a, "sync.push"));
    ASSERT_EQ(all.size(), static_cast<std::size_t>(kJobs));

    struct Claims {
        std::vector<std::int64_t> ids;
        std::string error;
        std::size_t largest_batch = 0;
    };
    Claims claims_a, claims_b;
    std::latch start(2);
    auto claim_all = [&start](JobQueue& queue, Claims& out) {
        start.arrive_and_wait();
        for (;;) {
            auto batch = queue.Claim(5);
            if (!batch.ok()) {
                out.error = batch.error().message;
                return;
            }
            if (batch->empty()) return;
            out.largest_batch = std::max(out.largest_batch, batch->size());
            for (const Job& job : *batch) {
                if (job.state != JobState::kRunning || job.attempts != 1) {
                    out.error = "job " + std::to_string(job.id) + " was claimed more than once";
                }
                out.ids.push_back(job.id);
            }
        }
    };
    std::thread a([&] { claim_all(*node_a, claims_a); });
    std::thread b([&] { claim_all(*node_b, claims_b); });
    a.join();
    b.join();

    EXPECT_EQ(claims_a.error, "");
    EXPECT_EQ(claims_b.error, "");
    EXPECT_LE(claims_a.largest_batch, 5u);
    EXPECT_LE(claims_b.largest_batch, 5u);
    std::set<std::int64_t> seen;
    std::vector<std::int64_t> claimed_twice;
    for (const auto* ids : {&claims_a.ids, &claims_b.ids}) {
        for (auto id : *ids) {
            if (!seen.insert(id).second) claimed_twice.push_back(id);
        }
    }
    EXPECT_THAT(claimed_twice, IsEmpty());
    EXPECT_EQ(seen, all);
    EXPECT_EQ(node_a->CountByState().value().at("running"), kJobs);
}

TEST_P(JobQueueTest, WorkerThreadsRunEnqueuedJobsBetweenStartAndStop) {
    JobQueueOptions options = Options();
    options.workers = 2;
    // Far longer than the test may take: jobs enqueued while the workers sleep only run in time if
    // Enqueue wakes them.
    options.poll_interval = 1h;
    ObservedClock clock(kStart);
    auto queue = std::make_unique<JobQueue>(db(), clock, options);

    std::mutex mu;
    std::condition_variable handled_cv;
    std::vector<std::int64_t> handled;
    queue->RegisterHandler("mail.send", [&](const Job& job) {
        {
            std::lock_guard lock(mu);
            handled.push_back(job.id);
        }
        handled_cv.notify_all();
        return JobOutcome::Success();
    });
    auto wait_for_handled = [&](std::size_t n) {
        std::unique_lock lock(mu);
        return handled_cv.wait_for(lock, kWaitLimit, [&] { return handled.size() >= n; });
    };

    queue->Start();
    // Both workers have read the time for their first claim. The jobs are due only after that time,
    // so those claims find nothing however the threads interleave, and the workers go to sleep.
    ASSERT_TRUE(clock.WaitForReadsByOtherThreads(2)) << "the workers did not start claiming";
    clock.Advance(1ms);
    std::set<std::int64_t> ids;
    for (int i = 0; i < 20; ++i) ids.insert(MustEnqueue(*queue, "mail.send"));
    ASSERT_TRUE(wait_for_handled(20)) << "the sleeping workers were not woken by Enqueue";
    queue->Stop();
    queue->Stop();  // idempotent

    {
        std::lock_guard lock(mu);
        EXPECT_EQ(handled.size(), 20u);
        EXPECT_EQ(std::set<std::int64_t>(handled.begin(), handled.end()), ids);
    }
    // Stop waits for the current job, so every outcome is recorded.
    const auto counts = queue->CountByState().value();
    EXPECT_EQ(counts.at("done"), 20);
    EXPECT_EQ(counts.at("running"), 0);

    // A job waiting when the workers start is run at once; the destructor stops the workers.
    ids.insert(MustEnqueue(*queue, "mail.send"));
    queue->Start();
    ASSERT_TRUE(wait_for_handled(21)) << "the restarted workers did not run the waiting job";
    queue.reset();
    EXPECT_EQ(MakeQueue()->CountByState().value().at("done"), 21);
}

TEST_P(JobQueueTest, StopWithoutStartIsHarmless) {
    auto queue = MakeQueue();
    queue->Stop();
    queue->Stop();
    EXPECT_EQ(TotalJobs(*queue), 0);
}

TEST_P(JobQueueTest, CountByStateCountsEveryState) {
    auto queue = MakeQueue();
    auto counts = queue->CountByState();
    ASSERT_TRUE(counts.ok()) << counts.error().message;
    const std::map<std::string, std::int64_t> empty{{"queued", 0}, {"running", 0}, {"done", 0}, {"dead", 0}};
    EXPECT_EQ(*counts, empty);

    queue->RegisterHandler("ok", Succeed());
    queue->RegisterHandler("fail", [](const Job&) { return JobOutcome::Failure("no"); });
    queue->RegisterHandler("held", Succeed());
    MustEnqueue(*queue, "ok");
    MustEnqueue(*queue, "ok");
    MustEnqueue(*queue, "fail", "{}", {.max_attempts = 1});
    MustEnqueue(*queue, "ok", "{}", {.run_at = kStart + 1h});
    MustEnqueue(*queue, "held", "{}", {.run_at = kStart - 1s});
    ASSERT_EQ(queue->Claim(1).value().size(), 1u);  // the oldest: "held"
    EXPECT_EQ(queue->RunDue().value(), 3);

    counts = queue->CountByState();
    ASSERT_TRUE(counts.ok()) << counts.error().message;
    const std::map<std::string, std::int64_t> expected{
        {"queued", 1}, {"running", 1}, {"done", 2}, {"dead", 1}};
    EXPECT_EQ(*counts, expected);
}

TEST_P(JobQueueTest, EnqueueRejectsAnEmptyKindAndTooFewAttempts) {
    auto queue = MakeQueue();
    auto empty_kind = queue->Enqueue("", "{}");
    ASSERT_FALSE(empty_kind.ok());
    EXPECT_EQ(empty_kind.error().code, core::ErrorCode::kInvalidArgument);
    auto no_attempts = queue->Enqueue("mail.send", "{}", {.max_attempts = 0});
    ASSERT_FALSE(no_attempts.ok());
    EXPECT_EQ(no_attempts.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(TotalJobs(*queue), 0);
}

TEST_P(JobQueueTest, GetOfAnUnknownIdIsNotFound) {
    auto queue = MakeQueue();
    auto job = queue->Get(424242);
    ASSERT_FALSE(job.ok());
    EXPECT_EQ(job.error().code, core::ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, JobQueueTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

TEST(JobQueueBackoff, DoublesFromTenSecondsAndStopsAtOneHour) {
    EXPECT_EQ(JobQueue::Backoff(1), 10s);
    EXPECT_EQ(JobQueue::Backoff(2), 20s);
    EXPECT_EQ(JobQueue::Backoff(3), 40s);
    EXPECT_EQ(JobQueue::Backoff(4), 80s);
    EXPECT_EQ(JobQueue::Backoff(9), 2560s);
    EXPECT_EQ(JobQueue::Backoff(10), 3600s);  // 5120 s, capped
    EXPECT_EQ(JobQueue::Backoff(100), 3600s);
    EXPECT_EQ(JobQueue::Backoff(INT_MAX), 3600s);
}

TEST(JobStateName, NamesMatchTheStoredStates) {
    EXPECT_EQ(JobStateName(JobState::kQueued), "queued");
    EXPECT_EQ(JobStateName(JobState::kRunning), "running");
    EXPECT_EQ(JobStateName(JobState::kDone), "done");
    EXPECT_EQ(JobStateName(JobState::kDead), "dead");
}

}  // namespace
}  // namespace mocua::jobs
