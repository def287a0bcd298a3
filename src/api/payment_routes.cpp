#include "api/payment_routes.hpp"

#include <spdlog/spdlog.h>

#include <exception>

#include "domain/payments/payment_service.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "log/log.hpp"

namespace mocua::api {

namespace {

using http::Request;
using http::Response;
namespace payments = domain::payments;

Response Reply(payments::IpnCode code) {
    Response r = Response::Json(200, payments::IpnReplyJson(code));
    r.SetHeader("Cache-Control", "no-store");
    return r;
}

Response Ipn(payments::PaymentService* service, Request& req) {
    static const auto log = log::Get("payments");
    if (!service) return Reply(payments::IpnCode::kOther);
    auto params = payments::ParseQuery(req.query);
    if (!params) return Reply(payments::IpnCode::kOther);
    const domain::audit::Actor gateway{std::nullopt, std::nullopt, req.remote_address, req.request_id};
    try {
        const auto code = service->HandleIpn(*params, gateway);
        // The reference and the answer only: the query holds the payer's order information.
        log->info("IPN ref={} answer={} request_id={}", payments::Find(*params, "vnp_TxnRef").value_or(""),
                  payments::IpnRspCode(code), req.request_id);
        return Reply(code);
    } catch (const std::exception& e) {
        // The gateway retries on 99; the notification is applied once whenever it gets through.
        log->error("IPN failed: {} request_id={}", e.what(), req.request_id);
        return Reply(payments::IpnCode::kOther);
    }
}

}  // namespace

void RegisterPaymentRoutes(http::Router& router, const app::Services& services) {
    router.Get("/api/v1/payments/vnpay/ipn", http::Access::Public(),
               [service = services.payments](Request& req) { return Ipn(service, req); });
}

}  // namespace mocua::api
