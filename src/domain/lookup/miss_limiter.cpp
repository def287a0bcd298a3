#include "domain/lookup/miss_limiter.hpp"

namespace mocua::domain::lookup {

MissLimiter::MissLimiter(const core::Clock& clock, MissLimiterOptions options)
    : options_(std::move(options)),
      bucket_(clock, core::RateLimiterOptions{.enabled = options_.enabled,
                                              .burst = options_.burst,
                                              .refill_every = options_.refill_every,
                                              .exempt_keys = options_.exempt_addresses,
                                              .max_keys = options_.max_clients,
                                              .refuse_untracked = true}) {}

}  // namespace mocua::domain::lookup
