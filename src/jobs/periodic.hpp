#pragma once
// Periodic jobs on the durable queue: the deadline sweep, the payment reconciliation, the KPI refresh.
//
// A periodic job runs at the boundaries of its period (multiples of `every` since the epoch), on
// whichever node claims that slot's job. The job's idempotency key names the slot, so a restart or a
// second node never queues a second run of it; each run queues the next slot's run whatever its own
// outcome (a failed run is also retried by the queue up to max_attempts). A run that throws counts as a
// failure, and the chain goes on.
#include <chrono>
#include <functional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "jobs/job_queue.hpp"

namespace mocua::jobs {

struct PeriodicOptions {
    std::chrono::seconds every{60};
    // Also run once as soon as a worker is free after start-up (keyed by the start's slot, so nodes that
    // start in the same slot run it once), instead of waiting for the first boundary.
    bool run_at_start = false;
    int max_attempts = 1;
};

// Registers the handler for `kind` and queues its first run. `queue` and `clock` must outlive the
// chain. Error when the first run cannot be queued (the database failed) or `every` is under 1 s.
core::Result<void> SchedulePeriodic(JobQueue& queue, const core::Clock& clock, const std::string& kind,
                                    const PeriodicOptions& options, std::function<JobOutcome()> run);

}  // namespace mocua::jobs
