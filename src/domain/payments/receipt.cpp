#include "domain/payments/receipt.hpp"

#include <nlohmann/json.hpp>

namespace mocua::domain::payments {

std::string ReceiptQrPayload(const PaymentRequest& request) {
    // ordered_json keeps the documented key order, so the payload is the same bytes every time.
    nlohmann::ordered_json j;
    j["t"] = "mocua-payment/1";
    j["ref"] = request.txn_ref;
    j["dossier"] = request.dossier_code;
    j["amount"] = request.amount_vnd;
    j["paid"] = request.settled_at;
    j["via"] = request.method ? std::string(MethodName(*request.method)) : std::string();
    return j.dump();
}

}  // namespace mocua::domain::payments
