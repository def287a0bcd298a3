#include "http/pipeline.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>

#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "http/errors.hpp"
#include "http/request_limits.hpp"
#include "log/log.hpp"

namespace mocua::http {

namespace {

constexpr const char* kCspBase =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; ";

std::string_view MessageFor(int status) {
    switch (status) {
        case 400:
            return "The request is malformed.";
        case 401:
            return "Sign in first.";
        case 403:
            return "You are not allowed to do this.";
        case 404:
            return "No such page or resource.";
        case 405:
            return "This method is not allowed here.";
        case 409:
            return "Someone else changed this meanwhile.";
        case 413:
            return "The request body is too large.";
        case 429:
            return "Too many attempts; try again later.";
        case 414:
            return "The address (URL) is too long.";
        case 431:
            return "The request headers are too large.";
        case 501:
            return "This method is not implemented.";
        case 503:
            return "The server is busy; try again shortly.";
        default:
            return "Something went wrong on our side; the request id helps the IT officer find it.";
    }
}

std::string_view StatusCode(int status) {
    switch (status) {
        case 400:
            return "bad_request";
        case 401:
            return "unauthenticated";
        case 403:
            return "forbidden";
        case 404:
            return "not_found";
        case 405:
            return "method_not_allowed";
        case 409:
            return "conflict";
        case 413:
            return "payload_too_large";
        case 414:
            return "uri_too_long";
        case 429:
            return "rate_limited";
        case 503:
            return "unavailable";
        default:
            return status >= 500 ? "internal" : "error";
    }
}

}  // namespace

Response DefaultErrorResponse(const Request& request, int status, std::string_view code) {
    if (request.path.starts_with("/api/"))
        return JsonError(status, code, MessageFor(status), request.request_id);
    return Response::Text(status, std::to_string(status) + " " + std::string(ReasonPhrase(status)) + "\n" +
                                      std::string(MessageFor(status)) +
                                      "\nRequest id: " + request.request_id + "\n");
}

Pipeline::Pipeline(const Router& router, core::Metrics& metrics, PipelineOptions options)
    : router_(router),
      metrics_(metrics),
      options_(options),
      error_renderer_(DefaultErrorResponse),
      log_(log::Get("http")),
      access_(log::Get("access")) {}

namespace {

bool IsLoopback(const std::string& address) {
    boost::system::error_code ec;
    const auto a = boost::asio::ip::make_address(address, ec);
    return !ec && a.is_loopback();
}

// The last entry of X-Forwarded-For ("client, proxy1, …"), if it is an IP address: the one our own
// proxy appended. Earlier entries are whatever the client sent and are not trusted.
std::optional<std::string> ForwardedFor(const Request& request) {
    auto header = request.Header("X-Forwarded-For");
    if (!header) return std::nullopt;
    std::string_view v = *header;
    if (const auto comma = v.rfind(','); comma != std::string_view::npos) v.remove_prefix(comma + 1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    boost::system::error_code ec;
    const auto a = boost::asio::ip::make_address(std::string(v), ec);
    if (ec) return std::nullopt;
    return a.to_string();
}

}  // namespace

Pipeline::Prepared Pipeline::Prepare(Request& request) const {
    if (options_.behind_tls_proxy && IsLoopback(request.remote_address)) {
        if (auto client = ForwardedFor(request)) request.remote_address = std::move(*client);
    }
    if (auto incoming = request.Header("X-Request-Id"); incoming && core::IsWellFormedRequestId(*incoming)) {
        request.request_id = std::string(*incoming);
    } else {
        request.request_id = core::NewRequestId();
    }
    Prepared p;
    // Refused here, on the I/O thread, a flood from one address never reaches the worker queue; before
    // routing, so that probing for pages (404) spends the allowance too.
    if (limits_) {
        if (const int wait = limits_->CheckAddress(request); wait > 0) {
            p.early = RateLimited(request, wait);
            return p;
        }
    }
    RouteMatch m = router_.Match(request.method, request.path);
    switch (m.kind) {
        case RouteMatch::Kind::kFound:
            p.route = m.route;
            request.params = std::move(m.params);
            break;
        case RouteMatch::Kind::kNotFound:
            p.early = Error(request, 404, "not_found");
            break;
        case RouteMatch::Kind::kMethodNotAllowed:
            p.early = Error(request, 405, "method_not_allowed");
            p.early.SetHeader("Allow", m.allow);
            break;
        case RouteMatch::Kind::kNotImplemented:
            p.early = Error(request, 501, "not_implemented");
            break;
    }
    return p;
}

Response Pipeline::Invoke(const Route& route, Request& request) const {
    try {
        if (route.options.blocking && authenticator_) request.principal = authenticator_(request);
        if (limits_ && request.principal) {
            if (const int wait = limits_->CheckAccount(request); wait > 0) return RateLimited(request, wait);
        }
        if (route.access.kind != Access::Kind::kPublic) {
            if (!request.principal) return Error(request, 401, "unauthenticated");
            if (!request.principal->required_step.empty() && !route.options.before_required_step) {
                if (request.path.starts_with("/api/")) return Error(request, 403, "step_required");
                Response r = Response::Empty(303);
                r.SetHeader("Location", request.principal->required_step);
                return r;
            }
            if (route.access.kind == Access::Kind::kAnyRole &&
                !request.principal->HasAnyRole(route.access.roles))
                return Error(request, 403, "forbidden");
        }
        Response r = route.handler(request);
        // A handler that answers an error status with no body gets the standard error page or JSON.
        if (r.status >= 400 && r.body.empty()) {
            Response rendered = Error(request, r.status, StatusCode(r.status));
            for (auto& h : r.headers) rendered.SetHeader(std::move(h.first), std::move(h.second));
            return rendered;
        }
        return r;
    } catch (const std::exception& e) {
        std::string reason;
        if (storage_failure_ && storage_failure_(e, &reason)) {
            // Nothing was acknowledged (the transaction rolled back or never committed): the client may
            // retry once the operator has freed space or the database is back (docs/operations.md).
            log_->error("request_id={} route=\"{}\" storage failure ({}), answered 503: {}",
                        request.request_id, route.pattern, reason, describe_ ? describe_(e) : e.what());
            Response r = Error(request, 503, "storage_unavailable");
            r.SetHeader("Retry-After", "30");
            return r;
        }
        log_->error("request_id={} route=\"{}\" unhandled exception: {}", request.request_id, route.pattern,
                    describe_ ? describe_(e) : std::string(e.what()));
    } catch (...) {
        log_->error("request_id={} route=\"{}\" unhandled non-standard exception", request.request_id,
                    route.pattern);
    }
    return Error(request, 500, "internal");
}

Response Pipeline::RateLimited(const Request& request, int retry_after_seconds) const {
    Response r = Error(request, 429, "rate_limited");
    r.SetHeader("Retry-After", std::to_string(retry_after_seconds));
    return r;
}

Response Pipeline::Error(const Request& request, int status, std::string_view code) const {
    try {
        return error_renderer_(request, status, code);
    } catch (const std::exception& e) {
        log_->error("request_id={} error renderer failed: {}", request.request_id, e.what());
        return DefaultErrorResponse(request, status, code);
    }
}

void Pipeline::Finish(const Request& request, const Route* route, Response& response,
                      std::chrono::steady_clock::time_point started) const {
    auto& h = response.headers;
    h.emplace_back("X-Request-Id", request.request_id);
    h.emplace_back("X-Content-Type-Options", "nosniff");
    h.emplace_back("Referrer-Policy", "strict-origin-when-cross-origin");
    h.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
    h.emplace_back("Permissions-Policy", "camera=(self), microphone=(), geolocation=(self), payment=()");
    const bool framable = route && route->options.framable_by_self;
    h.emplace_back("X-Frame-Options", framable ? "SAMEORIGIN" : "DENY");
    if (!response.Header("Content-Security-Policy")) {
        h.emplace_back(
            "Content-Security-Policy",
            std::string(kCspBase) + (framable ? "frame-ancestors 'self'" : "frame-ancestors 'none'"));
    }
    if (options_.behind_tls_proxy) h.emplace_back("Strict-Transport-Security", "max-age=31536000");
    if (!response.Header("Cache-Control")) h.emplace_back("Cache-Control", "no-store");

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::size_t index = route ? route->index : router_.routes().size();
    metrics_.ObserveRequest(index, response.status, seconds);
    if (options_.access_log) {
        // Path without query: queries can carry personal data (a dossier code, a phone digit).
        access_->info(
            "request_id={} remote={} method={} path=\"{}\" route=\"{}\" status={} bytes={} ms={:.2f}",
            request.request_id, request.remote_address, request.method, request.path,
            route ? route->pattern : "-", response.status, response.body.size(), seconds * 1000.0);
    }
}

Response Pipeline::Handle(Request& request) const {
    const auto started = std::chrono::steady_clock::now();
    Prepared p = Prepare(request);
    Response r = p.route ? Invoke(*p.route, request) : std::move(p.early);
    Finish(request, p.route, r, started);
    return r;
}

}  // namespace mocua::http
