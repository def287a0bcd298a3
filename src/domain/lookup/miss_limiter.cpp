#include "domain/lookup/miss_limiter.hpp"

#include <algorithm>
#include <iterator>

namespace mocua::domain::lookup {

MissLimiter::MissLimiter(const core::Clock& clock, MissLimiterOptions options)
    : clock_(clock), options_(std::move(options)) {
    options_.burst = std::max(1, options_.burst);
    if (options_.refill_every.count() < 1) options_.refill_every = std::chrono::seconds(1);
    for (const auto& a : options_.exempt_addresses) exempt_.insert(a);
}

bool MissLimiter::Exempt(std::string_view client) const { return exempt_.contains(client); }

std::chrono::milliseconds MissLimiter::Debt(const Bucket& b, core::TimePoint now) const {
    if (b.full_at <= now) return std::chrono::milliseconds(0);
    return std::chrono::duration_cast<std::chrono::milliseconds>(b.full_at - now);
}

// Each miss adds one interval of debt; a client is blocked while its debt exceeds burst − 1 intervals,
// that is when one more miss would go over the burst.
bool MissLimiter::Blocked(std::string_view client) {
    if (!options_.enabled || Exempt(client)) return false;
    const std::lock_guard lock(mutex_);
    const auto now = clock_.Now();
    auto it = buckets_.find(client);
    if (it == buckets_.end()) {
        if (buckets_.size() < options_.max_clients) return false;
        // Full: make room from buckets that have refilled completely (they hold no state) first.
        for (auto i = buckets_.begin(); i != buckets_.end();) {
            i = i->second.full_at <= now ? buckets_.erase(i) : std::next(i);
        }
        return buckets_.size() >= options_.max_clients;
    }
    return Debt(it->second, now) > (options_.burst - 1) * options_.refill_every;
}

void MissLimiter::RecordMiss(std::string_view client) {
    if (!options_.enabled || Exempt(client)) return;
    const std::lock_guard lock(mutex_);
    const auto now = clock_.Now();
    auto it = buckets_.find(client);
    if (it == buckets_.end()) {
        if (buckets_.size() >= options_.max_clients) return;  // Blocked() refuses it anyway
        it = buckets_.emplace(std::string(client), Bucket{now}).first;
    }
    it->second.full_at = std::max(it->second.full_at, now) + options_.refill_every;
}

int MissLimiter::RetryAfterSeconds(std::string_view client) {
    if (!options_.enabled || Exempt(client)) return 0;
    const std::lock_guard lock(mutex_);
    auto it = buckets_.find(client);
    if (it == buckets_.end()) return 0;
    const auto over = Debt(it->second, clock_.Now()) - (options_.burst - 1) * options_.refill_every;
    if (over <= std::chrono::milliseconds(0)) return 0;
    return static_cast<int>((over.count() + 999) / 1000);
}

}  // namespace mocua::domain::lookup
