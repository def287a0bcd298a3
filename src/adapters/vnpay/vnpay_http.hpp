#pragma once
// The payment gateway over HTTP with libcurl: the query call (QueryDR) behind domain/payments'
// GatewayQuery port, and the plain GET the sandbox bank uses to deliver notifications.
//
// Thread-safety: VnpayQueryClient is immutable after construction; each call uses its own curl handle.
#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/payments/payment_service.hpp"

namespace mocua::adapters {

struct HttpAnswer {
    long status = 0;
    std::string body;
};

// GET `url`; Unavailable (with curl's reason) when no HTTP answer came within `timeout`.
core::Result<HttpAnswer> HttpGet(const std::string& url, std::chrono::milliseconds timeout);
// POST `body` as application/json to `url`.
core::Result<HttpAnswer> HttpPostJson(const std::string& url, const std::string& body,
                                      std::chrono::milliseconds timeout);

class VnpayQueryClient final : public domain::payments::GatewayQuery {
public:
    // `signer` must outlive the client.
    VnpayQueryClient(const domain::payments::Signer& signer, std::string query_url, std::string merchant_code,
                     const core::Clock& clock, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // The gateway's answer: its signature checked (pipe-joined fields), 91 → kNotFound, 00 with the
    // transaction status 00 → kPaid, 01 → kPending, other statuses → kFailed. nullopt when the gateway
    // cannot be reached, answers another code, or the answer's signature is wrong.
    std::optional<domain::payments::GatewayStatus> Query(
        const domain::payments::PaymentRequest& request) override;

private:
    std::string LocalTime(core::TimePoint t) const;

    const domain::payments::Signer& signer_;
    std::string query_url_;
    std::string merchant_code_;
    const core::Clock& clock_;
    std::chrono::milliseconds timeout_;
};

}  // namespace mocua::adapters
