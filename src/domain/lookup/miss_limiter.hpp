#pragma once
// The throttle of the public lookup (issue 8; docs/adr/0070-public-lookup-and-kiosk.md): a token
// bucket per client address that only misses (unknown or malformed codes, a wrong phone factor)
// drain. Dossier codes are sequential and guessable, so a client that misses too often is stopped;
// a busy hall whose lookups find their dossiers spends nothing and is never slowed.
//
// A client starts with `burst` tokens; each miss takes one; one token comes back every
// `refill_every` up to `burst`. A client with no token left is blocked for every lookup — hits too,
// because answering hits while refusing misses would tell a guesser which codes exist just the same.
// Exempt addresses (the hall's kiosks, configured) are never blocked. Disabled (MOCUA_RATE_LIMITS=off),
// nothing is ever blocked.
//
// Memory: at most `max_clients` addresses are tracked; when full, the buckets that have refilled
// completely are dropped (they carry no state), and if none has, the new client is not tracked (it is
// treated as blocked: an attacker with that many addresses gets no more answers than before).
//
// Time comes from the injected clock. Thread-safety: all members may be called concurrently.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"

namespace mocua::domain::lookup {

struct MissLimiterOptions {
    bool enabled = true;
    int burst = 10;                             // misses allowed in a row
    std::chrono::seconds refill_every{30};      // one miss more allowed after each interval
    std::vector<std::string> exempt_addresses;  // never blocked (kiosks of the hall)
    std::size_t max_clients = 100'000;
};

class MissLimiter {
public:
    MissLimiter(const core::Clock& clock, MissLimiterOptions options);

    // True when the client has no miss left: the lookup must answer 429 without looking.
    bool Blocked(std::string_view client) { return bucket_.Blocked(client); }
    // Takes one token for a miss.
    void RecordMiss(std::string_view client) { bucket_.Record(client); }
    // Seconds until the client has a token again (0 when it has one): the Retry-After of a 429.
    int RetryAfterSeconds(std::string_view client) { return bucket_.RetryAfterSeconds(client); }

    const MissLimiterOptions& options() const { return options_; }

private:
    MissLimiterOptions options_;
    // The token bucket is the one the request limits use too (core/rate_limiter.hpp).
    core::RateLimiter bucket_;
};

}  // namespace mocua::domain::lookup
