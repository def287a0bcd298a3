#pragma once
// What happens to every request between the wire and the handler, without sockets, so it is tested
// directly: request id, routing (404/405/501), the handler with its exceptions caught once, security
// headers, metrics and the access log. The server calls Prepare on the I/O thread, Invoke on the
// worker pool for blocking routes, and Finish before writing.
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/message.hpp"
#include "http/router.hpp"

namespace mocua::core {
class Metrics;
}
namespace spdlog {
class logger;
}

namespace mocua::http {

class RequestLimits;

struct PipelineOptions {
    bool access_log = true;
    // Adds Strict-Transport-Security, and takes the client's address from the last entry of
    // X-Forwarded-For when the connection comes from this machine (the proxy nginx on loopback appends
    // the address it saw there): rate limits, the lookup throttle and the audit see the citizen, not
    // the proxy. A header from any other peer, or an entry that is not an IP address, is ignored.
    bool behind_tls_proxy = false;
};

// Renders an error for a request that did not reach a handler, or whose handler failed. The default
// sends the JSON error shape under /api/ and plain text elsewhere; the web shell installs one that
// renders the bilingual error pages.
using ErrorRenderer = std::function<Response(const Request&, int status, std::string_view code)>;

// Resolves the caller from the request's credentials (session cookie, bearer token), or nullopt.
// Runs on the worker pool (it may read the database); must be quick when there are no credentials.
using Authenticator = std::function<std::optional<Principal>(const Request&)>;

// Tells whether an exception a handler threw means the storage failed (disk full, I/O error, the
// database gone) rather than a bug; `reason` gets a short label for the log. The composition root
// installs db::IsStorageFailure. Must not throw.
using StorageFailureClassifier = std::function<bool(const std::exception&, std::string* reason)>;

// The standard error: JSON `{"error":{…}}` under /api/, plain text elsewhere.
Response DefaultErrorResponse(const Request& request, int status, std::string_view code);

class Pipeline {
public:
    Pipeline(const Router& router, core::Metrics& metrics, PipelineOptions options);

    void SetErrorRenderer(ErrorRenderer renderer) { error_renderer_ = std::move(renderer); }
    // Without an authenticator nobody is signed in: routes that are not public answer 401.
    void SetAuthenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
    // With a classifier, a handler exception it recognises becomes a 503 "storage_unavailable" with
    // Retry-After and an error log line naming the reason, instead of a 500.
    void SetStorageFailureClassifier(StorageFailureClassifier classifier) {
        storage_failure_ = std::move(classifier);
    }
    // How an exception a handler threw is written to the log (default: what()). The composition root
    // installs db::LoggableError, which leaves out the values bound to a failed SQL statement.
    void SetErrorDescriber(std::function<std::string(const std::exception&)> describe) {
        describe_ = std::move(describe);
    }

    // With limits, a request over its client address's allowance is answered 429 in Prepare, before
    // it is queued, and one over its account's allowance in Invoke (http/request_limits.hpp). The
    // limits must outlive the pipeline.
    void SetRequestLimits(RequestLimits* limits) { limits_ = limits; }

    struct Prepared {
        const Route* route = nullptr;  // null: `early` is the answer (404, 405, 501)
        Response early;
    };
    // Assigns or accepts the request id, finds the route and applies the address rate limit.
    // Thread-safe.
    Prepared Prepare(Request& request) const;

    // Resolves the principal (blocking routes), checks the route's access rule (401/403), then runs
    // the handler. Exceptions become a 500 (logged with the request id), or a 503 for a storage failure
    // (see SetStorageFailureClassifier); they never escape.
    Response Invoke(const Route& route, Request& request) const;

    // Adds security and id headers, records metrics and writes the access-log line.
    void Finish(const Request& request, const Route* route, Response& response,
                std::chrono::steady_clock::time_point started) const;

    // Error response for a request the server rejected before routing (400, 413, 503 ...).
    Response Error(const Request& request, int status, std::string_view code) const;

    // 429 "rate_limited" with Retry-After.
    Response RateLimited(const Request& request, int retry_after_seconds) const;

    // All three in a row, on the calling thread (tests, and inline routes).
    Response Handle(Request& request) const;

private:
    const Router& router_;
    core::Metrics& metrics_;
    PipelineOptions options_;
    ErrorRenderer error_renderer_;
    Authenticator authenticator_;
    StorageFailureClassifier storage_failure_;
    std::function<std::string(const std::exception&)> describe_;
    RequestLimits* limits_ = nullptr;
    std::shared_ptr<spdlog::logger> log_;
    std::shared_ptr<spdlog::logger> access_;
};

}  // namespace mocua::http
