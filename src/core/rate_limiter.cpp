#include "core/rate_limiter.hpp"

#include <algorithm>
#include <iterator>

namespace mocua::core {

RateLimiter::RateLimiter(const Clock& clock, RateLimiterOptions options)
    : clock_(clock), options_(std::move(options)) {
    options_.burst = std::max(1, options_.burst);
    if (options_.refill_every.count() < 1) options_.refill_every = std::chrono::milliseconds(1);
    for (const auto& k : options_.exempt_keys) exempt_.insert(k);
}

std::chrono::milliseconds RateLimiter::Debt(const Bucket& b, TimePoint now) {
    if (b.full_at <= now) return std::chrono::milliseconds(0);
    return std::chrono::duration_cast<std::chrono::milliseconds>(b.full_at - now);
}

// Each token spent adds one interval of debt; the bucket is empty while its debt exceeds burst − 1
// intervals, that is when one more spend would go over the burst.
bool RateLimiter::Empty(const Bucket& b, TimePoint now) const {
    return Debt(b, now) > (options_.burst - 1) * options_.refill_every;
}

int RateLimiter::SecondsUntilToken(const Bucket& b, TimePoint now) const {
    const auto over = Debt(b, now) - (options_.burst - 1) * options_.refill_every;
    if (over <= std::chrono::milliseconds(0)) return 0;
    return static_cast<int>((over.count() + 999) / 1000);
}

RateLimiter::Map::iterator RateLimiter::FindOrMake(std::string_view key, TimePoint now) {
    auto it = buckets_.find(key);
    if (it != buckets_.end()) return it;
    if (buckets_.size() >= options_.max_keys) {
        for (auto i = buckets_.begin(); i != buckets_.end();) {
            i = i->second.full_at <= now ? buckets_.erase(i) : std::next(i);
        }
        if (buckets_.size() >= options_.max_keys) return buckets_.end();
    }
    return buckets_.emplace(std::string(key), Bucket{now}).first;
}

int RateLimiter::Take(std::string_view key) {
    if (Exempt(key)) return 0;
    const std::lock_guard lock(mutex_);
    const auto now = clock_.Now();
    auto it = FindOrMake(key, now);
    if (it == buckets_.end()) return options_.refuse_untracked ? 1 : 0;
    if (Empty(it->second, now)) return std::max(1, SecondsUntilToken(it->second, now));
    it->second.full_at = std::max(it->second.full_at, now) + options_.refill_every;
    return 0;
}

bool RateLimiter::Blocked(std::string_view key) {
    if (Exempt(key)) return false;
    const std::lock_guard lock(mutex_);
    const auto now = clock_.Now();
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (buckets_.size() < options_.max_keys) return false;
        for (auto i = buckets_.begin(); i != buckets_.end();) {
            i = i->second.full_at <= now ? buckets_.erase(i) : std::next(i);
        }
        return buckets_.size() >= options_.max_keys && options_.refuse_untracked;
    }
    return Empty(it->second, now);
}

void RateLimiter::Record(std::string_view key) {
    if (Exempt(key)) return;
    const std::lock_guard lock(mutex_);
    const auto now = clock_.Now();
    auto it = FindOrMake(key, now);
    if (it == buckets_.end()) return;  // not tracked: Blocked() decides by refuse_untracked
    it->second.full_at = std::max(it->second.full_at, now) + options_.refill_every;
}

int RateLimiter::RetryAfterSeconds(std::string_view key) {
    if (Exempt(key)) return 0;
    const std::lock_guard lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) return 0;
    return SecondsUntilToken(it->second, clock_.Now());
}

std::size_t RateLimiter::tracked() const {
    const std::lock_guard lock(mutex_);
    return buckets_.size();
}

}  // namespace mocua::core
