#include "http/request_limits.hpp"

namespace mocua::http {

namespace {

core::RateLimiterOptions Bucket(const RequestLimitsOptions& o, const RateAllowance& a,
                                std::vector<std::string> exempt) {
    // Untracked keys (the table full of fresh addresses) pass: refusing them would let a flood of
    // addresses lock the whole town out; the in-flight cap of the server still bounds the load.
    return core::RateLimiterOptions{.enabled = o.enabled,
                                    .burst = a.burst,
                                    .refill_every = a.refill_every,
                                    .exempt_keys = std::move(exempt),
                                    .max_keys = o.max_tracked,
                                    .refuse_untracked = false};
}

}  // namespace

RequestLimits::RequestLimits(const core::Clock& clock, RequestLimitsOptions options)
    : options_(std::move(options)),
      address_read_(clock, Bucket(options_, options_.address_read, options_.exempt_addresses)),
      address_write_(clock, Bucket(options_, options_.address_write, options_.exempt_addresses)),
      account_read_(clock, Bucket(options_, options_.account_read, {})),
      account_write_(clock, Bucket(options_, options_.account_write, {})) {}

bool RequestLimits::ExemptPath(std::string_view path) {
    return path == "/healthz" || path == "/readyz" || path == "/metrics" || path.starts_with("/static/");
}

bool RequestLimits::IsWrite(std::string_view method) {
    return !(method == "GET" || method == "HEAD" || method == "OPTIONS");
}

int RequestLimits::CheckAddress(const Request& request) {
    if (!options_.enabled || ExemptPath(request.path)) return 0;
    auto& bucket = IsWrite(request.method) ? address_write_ : address_read_;
    return bucket.Take(request.remote_address);
}

int RequestLimits::CheckAccount(const Request& request) {
    if (!options_.enabled || !request.principal || ExemptPath(request.path)) return 0;
    auto& bucket = IsWrite(request.method) ? account_write_ : account_read_;
    return bucket.Take(std::to_string(request.principal->account_id));
}

}  // namespace mocua::http
