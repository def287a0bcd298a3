#pragma once
// Rate limits on requests (issue 11; docs/adr/0102-rate-limits-and-load-shedding.md): one token
// bucket per client address and one per signed-in account, each with separate allowances for reads
// (GET, HEAD, OPTIONS) and writes (every other method). The pipeline checks the address before it
// queues anything (Pipeline::Prepare, on the I/O thread) and the account once the caller is known
// (Pipeline::Invoke); a request over either allowance is answered 429 with Retry-After.
//
// Health, readiness, metrics and static assets are never limited: monitors poll them, and a page's
// assets must not eat the allowance of the page. Exempt addresses (a hall's counters and kiosks
// behind one address) skip the address buckets, not the account ones. Disabled
// (MOCUA_RATE_LIMITS=off), nothing is limited.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "http/message.hpp"

namespace mocua::http {

struct RateAllowance {
    int burst = 60;                                // requests allowed in a row
    std::chrono::milliseconds refill_every{1000};  // one more allowed after each interval
};

struct RequestLimitsOptions {
    bool enabled = true;
    RateAllowance address_read{600, std::chrono::milliseconds(50)};    // 1,200/min sustained
    RateAllowance address_write{120, std::chrono::milliseconds(500)};  // 120/min
    RateAllowance account_read{300, std::chrono::milliseconds(100)};   // 600/min
    RateAllowance account_write{60, std::chrono::milliseconds(1000)};  // 60/min
    std::vector<std::string> exempt_addresses;
    std::size_t max_tracked = 100'000;  // per bucket family
};

class RequestLimits {
public:
    RequestLimits(const core::Clock& clock, RequestLimitsOptions options);

    // Paths never limited: /healthz, /readyz, /metrics and /static/….
    static bool ExemptPath(std::string_view path);
    // POST, PUT, PATCH, DELETE and anything unknown spend the write allowance.
    static bool IsWrite(std::string_view method);

    // Spends one token of the request's client address: 0, or the Retry-After seconds of a 429.
    int CheckAddress(const Request& request);
    // Spends one token of the signed-in account (request.principal): 0 when nobody is signed in.
    int CheckAccount(const Request& request);

    bool enabled() const { return options_.enabled; }

private:
    RequestLimitsOptions options_;
    core::RateLimiter address_read_;
    core::RateLimiter address_write_;
    core::RateLimiter account_read_;
    core::RateLimiter account_write_;
};

}  // namespace mocua::http
