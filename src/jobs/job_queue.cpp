#include "jobs/job_queue.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "db/database.hpp"
#include "db/storage.hpp"
#include "log/log.hpp"

namespace mocua::jobs {

namespace {

using core::Error;
using core::Result;
using core::TimePoint;

// The columns every query that reads whole jobs returns, in the order JobRow binds them.
constexpr std::string_view kJobColumns =
    "id, kind, payload, idempotency_key, state, attempts, max_attempts, run_at, lease_until, last_error";

// A stored row that cannot be read back (a malformed time or state): damaged data, not an outage.
class CorruptRow : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::optional<JobState> JobStateFromName(std::string_view name) {
    for (JobState s : {JobState::kQueued, JobState::kRunning, JobState::kDone, JobState::kDead}) {
        if (JobStateName(s) == name) return s;
    }
    return std::nullopt;
}

TimePoint ParseStoredTime(const std::string& text, std::int64_t id) {
    auto t = core::ParseUtc(text);
    if (!t) throw CorruptRow("job " + std::to_string(id) + " has a malformed time: '" + text + "'");
    return *t;
}

// Buffers for one row of kJobColumns. SOCI keeps references to them, so a JobRow must outlive the
// statement it is bound to.
struct JobRow {
    long long id = 0;
    std::string kind;
    std::string payload;
    std::string idempotency_key;
    soci::indicator idempotency_key_ind = soci::i_null;
    std::string state;
    int attempts = 0;
    int max_attempts = 0;
    std::string run_at;
    std::string lease_until;
    soci::indicator lease_until_ind = soci::i_null;
    std::string last_error;
    soci::indicator last_error_ind = soci::i_null;

    void BindTo(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(kind));
        st.exchange(soci::into(payload));
        st.exchange(soci::into(idempotency_key, idempotency_key_ind));
        st.exchange(soci::into(state));
        st.exchange(soci::into(attempts));
        st.exchange(soci::into(max_attempts));
        st.exchange(soci::into(run_at));
        st.exchange(soci::into(lease_until, lease_until_ind));
        st.exchange(soci::into(last_error, last_error_ind));
    }

    // SOCI leaves a buffer untouched when its column is NULL, so each nullable field goes by its
    // indicator, never by the buffer alone.
    Job ToJob() const {
        Job job;
        job.id = id;
        job.kind = kind;
        job.payload = payload;
        if (idempotency_key_ind == soci::i_ok) job.idempotency_key = idempotency_key;
        auto parsed_state = JobStateFromName(state);
        if (!parsed_state) {
            throw CorruptRow("job " + std::to_string(id) + " has an unknown state '" + state + "'");
        }
        job.state = *parsed_state;
        job.attempts = attempts;
        job.max_attempts = max_attempts;
        job.run_at = ParseStoredTime(run_at, id);
        if (lease_until_ind == soci::i_ok) job.lease_until = ParseStoredTime(lease_until, id);
        if (last_error_ind == soci::i_ok) job.last_error = last_error;
        return job;
    }
};

// Runs `query`, whose result columns are kJobColumns, and returns every row. `bind_uses` adds the
// use elements; SOCI rejects a named use that the query does not mention, so each caller binds
// exactly its own placeholders.
template <typename BindUses>
std::vector<Job> QueryJobs(soci::session& sql, const std::string& query, BindUses&& bind_uses) {
    JobRow row;
    soci::statement st(sql);
    row.BindTo(st);
    bind_uses(st);
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    std::vector<Job> jobs;
    if (st.execute(true)) {
        do {
            jobs.push_back(row.ToJob());
        } while (st.fetch());
    }
    return jobs;
}

// Turns exceptions from the database (and damaged rows) into errors for the caller: the queue's
// contract is Result-based, and a worker thread must never die of an exception.
template <typename F>
auto Guarded(std::string_view action, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const CorruptRow& e) {
        return Error::Internal(std::string(action) + ": " + e.what());
    } catch (const std::exception& e) {
        return Error::Unavailable(std::string(action) + " failed: " + e.what());
    }
}

// ":kind0, :kind1, …" for the registered kinds; BindKinds binds the same names.
std::string KindPlaceholders(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) out += ", ";
        out += ":kind" + std::to_string(i);
    }
    return out;
}

void BindKinds(soci::statement& st, const std::vector<std::string>& kinds) {
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        st.exchange(soci::use(kinds[i], "kind" + std::to_string(i)));
    }
}

// Runs the handler for one claimed job. A throw is a failure like any other: the job is retried,
// and the worker thread survives.
JobOutcome Execute(const std::map<std::string, JobHandler>& handlers, const Job& job) {
    auto it = handlers.find(job.kind);
    if (it == handlers.end() || !it->second) {
        return JobOutcome::Failure("no handler is registered for this kind");
    }
    try {
        return it->second(job);
    } catch (const std::exception& e) {
        const std::string what = db::LoggableError(e);  // stored in the job row: no bound values
        return JobOutcome::Failure("handler threw an exception: " + (what.empty() ? "(no message)" : what));
    } catch (...) {
        return JobOutcome::Failure("handler threw an exception that is not a std::exception");
    }
}

constexpr std::string_view kLeaseLostError =
    "the lease expired during the last attempt (the worker stopped before recording an outcome)";

}  // namespace

std::string_view JobStateName(JobState state) {
    switch (state) {
        case JobState::kQueued:
            return "queued";
        case JobState::kRunning:
            return "running";
        case JobState::kDone:
            return "done";
        case JobState::kDead:
            return "dead";
    }
    return "unknown";
}

JobQueue::JobQueue(db::Database& db, const core::Clock& clock, JobQueueOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {
    // A zero interval would make idle workers spin on the database.
    options_.poll_interval = std::max(options_.poll_interval, std::chrono::milliseconds(1));
}

JobQueue::~JobQueue() { Stop(); }

void JobQueue::RegisterHandler(std::string kind, JobHandler handler) {
    handlers_[std::move(kind)] = std::move(handler);
}

namespace {

// The insert shared by Enqueue and EnqueueIn; `created` says whether a new row was made.
std::int64_t InsertJob(soci::session& sql, const std::string& kind, const std::string& payload,
                       const EnqueueOptions& options, TimePoint now, bool& created) {
    const std::string now_text = core::FormatUtc(now);
    const std::string run_at = core::FormatUtc(options.run_at.value_or(now));
    const std::string key = options.idempotency_key.value_or("");
    soci::indicator key_ind = options.idempotency_key ? soci::i_ok : soci::i_null;
    const int max_attempts = options.max_attempts;
    long long new_id = 0;
    // The UNIQUE constraint, not a prior SELECT, decides: two nodes enqueueing the same key at
    // once still make one row. On PostgreSQL the loser waits for the winner's commit and then
    // inserts nothing; on SQLite BEGIN IMMEDIATE has already serialised them.
    sql << "INSERT INTO jobs (kind, payload, idempotency_key, state, attempts, max_attempts, run_at, "
           "created_at, updated_at) "
           "VALUES (:kind, :payload, :key, 'queued', 0, :max_attempts, :run_at, :now, :now) "
           "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        soci::use(kind, "kind"), soci::use(payload, "payload"), soci::use(key, key_ind, "key"),
        soci::use(max_attempts, "max_attempts"), soci::use(run_at, "run_at"), soci::use(now_text, "now"),
        soci::into(new_id);
    if (sql.got_data()) {
        created = true;
        return new_id;
    }
    created = false;
    long long existing_id = 0;
    sql << "SELECT id FROM jobs WHERE idempotency_key = :key", soci::use(key, "key"), soci::into(existing_id);
    if (!sql.got_data())
        throw std::runtime_error("job insert conflicted but no job holds its idempotency key");
    return existing_id;
}

core::Result<void> CheckEnqueue(const std::string& kind, const EnqueueOptions& options) {
    if (kind.empty()) return Error::InvalidArgument("job kind must not be empty");
    if (options.max_attempts < 1) return Error::InvalidArgument("max_attempts must be at least 1");
    return {};
}

void LogEnqueued(std::int64_t id, const std::string& kind, bool created) {
    auto logger = log::Get("jobs");
    if (created) {
        logger->debug("enqueued job {} ({})", id, kind);
    } else {
        logger->debug("job {} ({}) already exists for this idempotency key", id, kind);
    }
}

}  // namespace

core::Result<std::int64_t> JobQueue::Enqueue(const std::string& kind, const std::string& payload,
                                             const EnqueueOptions& options) {
    if (auto checked = CheckEnqueue(kind, options); !checked.ok()) return checked.error();
    const TimePoint now = clock_.Now();
    bool created = false;
    auto id = Guarded("enqueueing a job", [&]() -> Result<std::int64_t> {
        return db_.InTransaction([&](soci::session& sql) -> Result<std::int64_t> {
            return InsertJob(sql, kind, payload, options, now, created);
        });
    });
    if (!id.ok()) return id;
    LogEnqueued(*id, kind, created);
    // Taking mu_ orders this commit against a worker's claim (which runs under mu_): either the claim
    // already saw the job, or the worker is now waiting and the notification reaches it.
    { std::lock_guard lock(mu_); }
    wake_.notify_one();
    return id;
}

core::Result<std::int64_t> JobQueue::EnqueueIn(soci::session& sql, const std::string& kind,
                                               const std::string& payload, const EnqueueOptions& options) {
    if (auto checked = CheckEnqueue(kind, options); !checked.ok()) return checked.error();
    bool created = false;
    const std::int64_t id = InsertJob(sql, kind, payload, options, clock_.Now(), created);
    LogEnqueued(id, kind, created);
    return id;
}

core::Result<std::vector<Job>> JobQueue::Claim(int limit) {
    if (limit < 1) return Error::InvalidArgument("claim limit must be at least 1");
    if (handlers_.empty()) return std::vector<Job>{};

    std::vector<std::string> kinds;
    for (const auto& [kind, handler] : handlers_) kinds.push_back(kind);
    const TimePoint now = clock_.Now();
    const std::string now_text = core::FormatUtc(now);
    const std::string lease_until = core::FormatUtc(now + options_.lease);
    const std::string kind_list = KindPlaceholders(kinds.size());
    const std::string lease_lost_error(kLeaseLostError);
    // PostgreSQL: lock the chosen rows and skip rows another node is claiming right now, so nodes
    // never wait for or take each other's jobs. SQLite has no row locks; BEGIN IMMEDIATE (taken by
    // InTransaction) holds the write lock from the select to the update, which serialises claimers.
    const std::string lock_rows = db_.dialect().Visit(
        [](db::SqliteTag) { return ""; }, [](db::PostgresTag) { return " FOR UPDATE SKIP LOCKED"; });

    // A job whose lease ran out during its last allowed attempt is not run again: a job that crashes
    // its worker would otherwise be retried without end.
    const std::string bury_sql =
        "UPDATE jobs SET state = 'dead', last_error = :last_error, lease_until = NULL, locked_by = NULL, "
        "updated_at = :now "
        "WHERE id IN (SELECT id FROM jobs WHERE kind IN (" +
        kind_list + ") AND state = 'running' AND lease_until < :now AND attempts >= max_attempts" +
        lock_rows + ") RETURNING " + std::string(kJobColumns);
    const std::string claim_sql =
        "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = :lease_until, "
        "locked_by = :worker, updated_at = :now "
        "WHERE id IN (SELECT id FROM jobs WHERE kind IN (" +
        kind_list +
        ") AND ((state = 'queued' AND run_at <= :now) OR "
        "(state = 'running' AND lease_until < :now AND attempts < max_attempts)) "
        "ORDER BY run_at, id LIMIT :limit" +
        lock_rows + ") RETURNING " + std::string(kJobColumns);

    struct Claimed {
        std::vector<Job> buried;
        std::vector<Job> claimed;
    };
    auto result = Guarded("claiming jobs", [&]() -> Result<Claimed> {
        return db_.InTransaction([&](soci::session& sql) -> Result<Claimed> {
            Claimed out;
            out.buried = QueryJobs(sql, bury_sql, [&](soci::statement& st) {
                st.exchange(soci::use(lease_lost_error, "last_error"));
                st.exchange(soci::use(now_text, "now"));
                BindKinds(st, kinds);
            });
            out.claimed = QueryJobs(sql, claim_sql, [&](soci::statement& st) {
                st.exchange(soci::use(lease_until, "lease_until"));
                st.exchange(soci::use(options_.worker_id, "worker"));
                st.exchange(soci::use(now_text, "now"));
                st.exchange(soci::use(limit, "limit"));
                BindKinds(st, kinds);
            });
            return out;
        });
    });
    if (!result.ok()) return result.error();

    auto logger = log::Get("jobs");
    for (const Job& job : result->buried) {
        logger->error("job {} ({}) is dead: its lease expired during attempt {} of {}", job.id, job.kind,
                      job.attempts, job.max_attempts);
    }
    // RETURNING gives no order; hand jobs out oldest first, as they were chosen.
    std::vector<Job> claimed = std::move(result->claimed);
    std::sort(claimed.begin(), claimed.end(), [](const Job& a, const Job& b) {
        return a.run_at != b.run_at ? a.run_at < b.run_at : a.id < b.id;
    });
    for (const Job& job : claimed) {
        logger->debug("claimed job {} ({}), attempt {} of {}", job.id, job.kind, job.attempts,
                      job.max_attempts);
    }
    return claimed;
}

core::Result<void> JobQueue::Complete(const Job& job, const JobOutcome& outcome) {
    const TimePoint now = clock_.Now();
    const std::string now_text = core::FormatUtc(now);
    JobState next = JobState::kDone;
    if (!outcome.ok()) {
        next = outcome.permanent || job.attempts >= job.max_attempts ? JobState::kDead : JobState::kQueued;
    }
    const bool dead = next == JobState::kDead;
    const std::string state(JobStateName(next));
    const std::chrono::seconds delay = Backoff(job.attempts);
    // NULL keeps the stored value: a success keeps the last error seen, only a retry moves run_at.
    const std::string run_at = core::FormatUtc(now + delay);
    soci::indicator run_at_ind = !outcome.ok() && !dead ? soci::i_ok : soci::i_null;
    soci::indicator error_ind = outcome.ok() ? soci::i_null : soci::i_ok;
    const long long id = job.id;
    const int attempts = job.attempts;

    auto updated = Guarded("recording a job outcome", [&]() -> Result<bool> {
        db::Connection c = db_.Acquire();
        long long updated_id = 0;
        // Only the holder of the lease records an outcome. If the lease expired and the job was
        // claimed again (here or on another node), attempts or locked_by no longer match.
        c.sql() << "UPDATE jobs SET state = :state, run_at = COALESCE(:run_at, run_at), "
                   "last_error = COALESCE(:last_error, last_error), lease_until = NULL, locked_by = NULL, "
                   "updated_at = :now "
                   "WHERE id = :id AND state = 'running' AND locked_by = :worker AND attempts = :attempts "
                   "RETURNING id",
            soci::use(state, "state"), soci::use(run_at, run_at_ind, "run_at"),
            soci::use(outcome.error, error_ind, "last_error"), soci::use(now_text, "now"),
            soci::use(id, "id"), soci::use(options_.worker_id, "worker"), soci::use(attempts, "attempts"),
            soci::into(updated_id);
        return c.sql().got_data();
    });
    if (!updated.ok()) return updated.error();

    auto logger = log::Get("jobs");
    if (!*updated) {
        logger->warn("job {} ({}): outcome of attempt {} not recorded, the job is no longer held by '{}'",
                     job.id, job.kind, job.attempts, options_.worker_id);
        return Error::Conflict(
            "job " + std::to_string(job.id) +
            " is no longer held by this worker (its lease expired and it was claimed again)");
    }
    if (outcome.ok()) {
        logger->debug("job {} ({}) done on attempt {}", job.id, job.kind, job.attempts);
    } else if (dead && outcome.permanent) {
        logger->error("job {} ({}) is dead: attempt {} failed permanently; its last_error says why", job.id,
                      job.kind, job.attempts);
    } else if (dead) {
        logger->error("job {} ({}) is dead after {} failed attempts; its last_error says why", job.id,
                      job.kind, job.attempts);
    } else {
        logger->warn("job {} ({}) failed on attempt {} of {}; retrying in {} s", job.id, job.kind,
                     job.attempts, job.max_attempts, delay.count());
    }
    return {};
}

core::Result<int> JobQueue::RunDue() {
    int ran = 0;
    for (;;) {
        auto claimed = Claim(1);
        if (!claimed.ok()) return claimed.error();
        if (claimed->empty()) return ran;
        const Job& job = claimed->front();
        auto completed = Complete(job, Execute(handlers_, job));
        ++ran;
        // A lost lease means someone else now owns the job; that is no reason to stop running others.
        if (!completed.ok() && completed.error().code != core::ErrorCode::kConflict) return completed.error();
    }
}

core::Result<Job> JobQueue::Get(std::int64_t id) {
    const long long job_id = id;
    auto jobs = Guarded("reading a job", [&]() -> Result<std::vector<Job>> {
        db::Connection c = db_.Acquire();
        return QueryJobs(c.sql(), "SELECT " + std::string(kJobColumns) + " FROM jobs WHERE id = :id",
                         [&](soci::statement& st) { st.exchange(soci::use(job_id, "id")); });
    });
    if (!jobs.ok()) return jobs.error();
    if (jobs->empty()) return Error::NotFound("no job with id " + std::to_string(id));
    return std::move(jobs->front());
}

std::chrono::seconds JobQueue::Backoff(int attempts) {
    constexpr std::chrono::seconds kBase{10};
    constexpr std::chrono::seconds kCap{3600};
    std::chrono::seconds delay = kBase;
    for (int i = 1; i < attempts && delay < kCap; ++i) delay *= 2;
    return std::min(delay, kCap);
}

void JobQueue::Start() {
    std::lock_guard lock(mu_);
    if (!threads_.empty()) return;
    stopping_ = false;
    for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this] { WorkerLoop(); });
    log::Get("jobs")->info("job queue started: {} worker thread(s) as '{}', {} job kind(s)", options_.workers,
                           options_.worker_id, handlers_.size());
}

void JobQueue::Stop() {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        threads.swap(threads_);
    }
    wake_.notify_all();
    for (auto& t : threads) t.join();
    if (!threads.empty()) log::Get("jobs")->info("job queue stopped");
}

core::Result<std::map<std::string, std::int64_t>> JobQueue::CountByState() {
    return Guarded("counting jobs", [&]() -> Result<std::map<std::string, std::int64_t>> {
        std::map<std::string, std::int64_t> counts;
        for (JobState s : {JobState::kQueued, JobState::kRunning, JobState::kDone, JobState::kDead}) {
            counts[std::string(JobStateName(s))] = 0;
        }
        db::Connection c = db_.Acquire();
        std::string state;
        long long count = 0;
        soci::statement st = (c.sql().prepare << "SELECT state, COUNT(*) FROM jobs GROUP BY state",
                              soci::into(state), soci::into(count));
        if (st.execute(true)) {
            do {
                counts[state] = count;
            } while (st.fetch());
        }
        return counts;
    });
}

void JobQueue::WorkerLoop() {
    auto logger = log::Get("jobs");
    std::unique_lock lock(mu_);
    while (!stopping_) {
        // The claim runs under mu_ so that a local Enqueue, which takes mu_ after its commit and then
        // notifies, cannot slip in between an empty claim and the wait below: no wake-up is lost.
        auto claimed = Claim(1);
        if (!claimed.ok()) {
            logger->error("claiming jobs failed, retrying in {} ms: {}", options_.poll_interval.count(),
                          claimed.error().message);
            wake_.wait_for(lock, options_.poll_interval);
            continue;
        }
        if (claimed->empty()) {
            // Woken early by Enqueue or Stop; a spurious wake-up only means one more claim.
            wake_.wait_for(lock, options_.poll_interval);
            continue;
        }
        lock.unlock();
        const Job& job = claimed->front();
        auto completed = Complete(job, Execute(handlers_, job));
        if (!completed.ok() && completed.error().code != core::ErrorCode::kConflict) {
            // The job stays running until its lease expires, then it is claimed again.
            logger->error("job {} ({}): recording the outcome failed: {}", job.id, job.kind,
                          completed.error().message);
        }
        lock.lock();
    }
}

}  // namespace mocua::jobs
