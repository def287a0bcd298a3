#pragma once
// A durable job queue kept in the database (table `jobs`, migration 0002), used by later modules for
// mail, deadlines and synchronisation (STYLE.md habit 11).
//
// - Enqueue stores a job; an idempotency key makes a second Enqueue of the same work a no-op that
//   returns the first job's id.
// - Workers claim due jobs with a lease. On PostgreSQL the claim uses FOR UPDATE SKIP LOCKED, so
//   several nodes share one queue and never claim the same job; on SQLite BEGIN IMMEDIATE serialises
//   claims. A job whose lease expires (its worker died) is claimed again.
// - A handler returns success or a failure message; failures are retried with exponential back-off
//   (base 10 s, doubling, capped at 1 h) until max_attempts, then the job is "dead" and kept for the
//   IT officer to see. A handler that throws counts as a failure. Handlers must be idempotent: a job
//   can run twice if a node dies after the work but before recording it.
// - Start()/Stop() run worker threads; tests call RunDue() to run what is due, on the calling thread.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace mocua::db {
class Database;
}
namespace soci {
class session;
}

namespace mocua::jobs {

enum class JobState { kQueued, kRunning, kDone, kDead };
std::string_view JobStateName(JobState state);

struct Job {
    std::int64_t id = 0;
    std::string kind;
    std::string payload;  // JSON text, the handler's business
    std::optional<std::string> idempotency_key;
    JobState state = JobState::kQueued;
    int attempts = 0;  // runs started so far, including the current one
    int max_attempts = 5;
    core::TimePoint run_at;
    std::optional<core::TimePoint> lease_until;
    std::optional<std::string> last_error;
};

struct EnqueueOptions {
    std::optional<std::string> idempotency_key;
    std::optional<core::TimePoint> run_at;  // default: now
    int max_attempts = 5;
};

// What a handler says about one run. Empty error: success. A Failure is retried with back-off until
// max_attempts; a GiveUp (a permanent failure: retrying cannot help) makes the job dead at once.
struct JobOutcome {
    std::string error;
    bool permanent = false;
    static JobOutcome Success() { return {}; }
    static JobOutcome Failure(std::string message) { return {std::move(message), false}; }
    static JobOutcome GiveUp(std::string message) { return {std::move(message), true}; }
    bool ok() const { return error.empty(); }
};

using JobHandler = std::function<JobOutcome(const Job&)>;

struct JobQueueOptions {
    std::string worker_id = "local";  // recorded in locked_by; unique per node
    int workers = 2;                  // threads started by Start()
    std::chrono::milliseconds poll_interval{1000};
    std::chrono::seconds lease{300};
};

// Thread-safety: after the handlers are registered, every method may be called from any thread.
class JobQueue {
public:
    // `db` and `clock` must outlive the queue.
    JobQueue(db::Database& db, const core::Clock& clock, JobQueueOptions options);
    ~JobQueue();  // Stop()s
    JobQueue(const JobQueue&) = delete;
    JobQueue& operator=(const JobQueue&) = delete;

    // Registers the handler for `kind`. Call before Start(). Jobs of kinds with no handler are left
    // for a node that has one.
    void RegisterHandler(std::string kind, JobHandler handler);

    // Stores a job and returns its id (the existing job's id for a repeated idempotency key).
    // Thread-safe. Error when kind is empty or max_attempts < 1, or the database fails.
    core::Result<std::int64_t> Enqueue(const std::string& kind, const std::string& payload,
                                       const EnqueueOptions& options = {});

    // Same, inside the caller's open write transaction on `sql` (a session of this queue's
    // database), so the job exists exactly when the caller's other changes commit: an outbox. Workers
    // are not woken (the transaction has not committed yet); they find the job at their next poll.
    // Errors as Enqueue; a database failure throws (soci::soci_error) so the caller's transaction
    // rolls back.
    core::Result<std::int64_t> EnqueueIn(soci::session& sql, const std::string& kind,
                                         const std::string& payload, const EnqueueOptions& options = {});

    // Claims up to `limit` due jobs of registered kinds, oldest first, marking them running with a
    // lease. A job whose lease expired on its last allowed attempt is marked dead instead of being
    // claimed again. InvalidArgument when limit < 1.
    core::Result<std::vector<Job>> Claim(int limit);

    // Records the outcome of a claimed job (done, or queued again with back-off, or dead). Conflict
    // when the job is no longer this worker's (its lease expired and another worker claimed it).
    core::Result<void> Complete(const Job& job, const JobOutcome& outcome);

    // Claims and runs every due job on the calling thread until none is due; returns how many ran.
    core::Result<int> RunDue();

    // Reads one job (for tests, the admin pages and the CLI).
    core::Result<Job> Get(std::int64_t id);

    // Delay before the next attempt after `attempts` failed runs.
    static std::chrono::seconds Backoff(int attempts);

    // Worker threads: poll every poll_interval (or sooner after a local Enqueue) and run due jobs.
    void Start();
    // Asks workers to finish their current job and joins them. Idempotent.
    void Stop();

    // Counts by state, for /metrics and health.
    core::Result<std::map<std::string, std::int64_t>> CountByState();

private:
    void WorkerLoop();

    db::Database& db_;
    const core::Clock& clock_;
    JobQueueOptions options_;
    std::map<std::string, JobHandler> handlers_;
    std::mutex mu_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace mocua::jobs
