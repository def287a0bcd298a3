#include "jobs/periodic.hpp"

#include <exception>

#include <spdlog/spdlog.h>

#include "db/storage.hpp"
#include "log/log.hpp"

namespace mocua::jobs {

core::Result<void> SchedulePeriodic(JobQueue& queue, const core::Clock& clock, const std::string& kind,
                                    const PeriodicOptions& options, std::function<JobOutcome()> run) {
    if (options.every < std::chrono::seconds(1))
        return core::Error::InvalidArgument("a periodic job needs a period of at least one second");
    const auto every = options.every;
    const int attempts = options.max_attempts;
    auto slot_of = [every](core::TimePoint t) {
        return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()) / every;
    };
    auto queue_next = [&queue, &clock, kind, every, attempts, slot_of] {
        const auto slot = slot_of(clock.Now()) + 1;
        EnqueueOptions next;
        next.idempotency_key = kind + "@" + std::to_string(slot);
        next.run_at = core::TimePoint(std::chrono::duration_cast<core::TimePoint::duration>(every * slot));
        next.max_attempts = attempts;
        return queue.Enqueue(kind, "{}", next);
    };
    queue.RegisterHandler(kind, [kind, queue_next, run = std::move(run)](const Job&) {
        JobOutcome outcome;
        try {
            outcome = run();
        } catch (const std::exception& e) {
            outcome = JobOutcome::Failure(db::LoggableError(e));
        }
        if (auto queued = queue_next(); !queued.ok())
            log::Get("jobs")->warn("{}: the next run could not be queued: {}", kind, queued.error().message);
        return outcome;
    });
    core::Result<std::int64_t> first = [&]() -> core::Result<std::int64_t> {
        if (!options.run_at_start) return queue_next();
        EnqueueOptions now;
        now.idempotency_key = kind + "@start-" + std::to_string(slot_of(clock.Now()));
        now.max_attempts = attempts;
        return queue.Enqueue(kind, "{}", now);
    }();
    if (!first.ok()) return first.error();
    return {};
}

}  // namespace mocua::jobs
