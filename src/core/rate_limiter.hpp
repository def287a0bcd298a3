#pragma once
// A token bucket per key (a client address, an account), kept as the generic cell rate algorithm
// does: one time per key, the moment its bucket would be full again. Shared by the request limits of
// the HTTP pipeline (http/request_limits.hpp) and the miss throttle of the public lookup
// (domain/lookup/miss_limiter.hpp); docs/adr/0102-rate-limits-and-load-shedding.md.
//
// A key starts with `burst` tokens; each Take (or Record) spends one; one token comes back every
// `refill_every` up to `burst`. Integer milliseconds, so "one more after exactly N ms" holds exactly.
//
// Memory: at most `max_keys` keys are tracked. When full, buckets that have refilled completely are
// dropped (they carry no state); if none has, a new key is not tracked and `refuse_untracked` decides:
// refused (the lookup: a guesser with that many addresses learns nothing more) or allowed (requests:
// a flood of addresses must not lock out the town; the in-flight cap still bounds the load).
//
// Time comes from the injected clock. Thread-safety: every member may be called concurrently.
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace mocua::core {

struct RateLimiterOptions {
    bool enabled = true;  // false (MOCUA_RATE_LIMITS=off): nothing is ever refused
    int burst = 10;
    std::chrono::milliseconds refill_every{1000};
    std::vector<std::string> exempt_keys;  // never refused, never tracked
    std::size_t max_keys = 100'000;
    bool refuse_untracked = true;
};

class RateLimiter {
public:
    RateLimiter(const Clock& clock, RateLimiterOptions options);

    // Spends one token when the key has one: 0. Otherwise spends nothing and returns the whole seconds
    // until it has one again (at least 1): the Retry-After of a 429.
    int Take(std::string_view key);

    // The split form, for callers that refuse before they know whether to spend (the lookup spends
    // only on a miss): true when the key has no token left; Record spends one (or goes into debt).
    bool Blocked(std::string_view key);
    void Record(std::string_view key);
    // Seconds until the key has a token again (0 when it has one).
    int RetryAfterSeconds(std::string_view key);

    std::size_t tracked() const;
    const RateLimiterOptions& options() const { return options_; }

private:
    struct Bucket {
        TimePoint full_at;
    };
    using Map = std::map<std::string, Bucket, std::less<>>;
    // How far the bucket is from full at `now` (zero or more).
    static std::chrono::milliseconds Debt(const Bucket& b, TimePoint now);
    bool Exempt(std::string_view key) const { return !options_.enabled || exempt_.contains(key); }
    // Under the lock: true when `b` has no token left at `now`.
    bool Empty(const Bucket& b, TimePoint now) const;
    int SecondsUntilToken(const Bucket& b, TimePoint now) const;
    // Under the lock: the key's bucket, made if there is room (after dropping full buckets); end() if not.
    Map::iterator FindOrMake(std::string_view key, TimePoint now);

    const Clock& clock_;
    RateLimiterOptions options_;
    std::set<std::string, std::less<>> exempt_;
    mutable std::mutex mutex_;
    Map buckets_;
};

}  // namespace mocua::core
