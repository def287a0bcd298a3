#pragma once
// The payment gateway's server-to-server notification (IPN; issue 9, documented in api/openapi.json and
// docs/adr/0080-cashless-payments.md):
//
//   GET /api/v1/payments/vnpay/ipn?vnp_Amount=…&vnp_TxnRef=…&…&vnp_SecureHash=…
//
// Public (the gateway has no account; the HMAC-SHA512 signature is the authentication). Always answers
// 200 with the protocol's JSON, {"RspCode":"00","Message":"Confirm Success"}, or 01 (unknown request),
// 02 (already settled), 04 (wrong amount), 97 (bad signature), 99 (malformed query, payments not
// configured, or our failure: the gateway retries). Only this endpoint changes a payment's state.
#include "app/services.hpp"

namespace mocua::http {
class Router;
}

namespace mocua::api {

void RegisterPaymentRoutes(http::Router& router, const app::Services& services);

}  // namespace mocua::api
