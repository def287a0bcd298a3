#pragma once
// Payment requests for fees and charges (phí, lệ phí) of a dossier (issue 9;
// docs/adr/0080-cashless-payments.md).
//
// A request is created for a dossier with an amount in whole đồng (VND; never floating point), a payer,
// a purpose and an expiry. It is settled once: paid through the gateway (the server-to-server
// notification, never the browser's return), paid at the counter (cash or bank transfer, with proof),
// failed or cancelled at the gateway, or expired. Every settlement is a conditional change from
// "pending", so a request is settled exactly once whatever the order and number of notifications.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mocua::domain::payments {

enum class State { kPending, kPaid, kFailed, kCancelled, kExpired };
enum class Method { kGateway, kCash, kTransfer };

// "pending", "paid", "failed", "cancelled", "expired" (stored in the database).
std::string_view StateName(State state);
std::optional<State> ParseState(std::string_view name);
// "gateway", "cash", "transfer".
std::string_view MethodName(Method method);
std::optional<Method> ParseMethod(std::string_view name);

// One fee of the procedure version (catalog::Fee) as charged.
struct FeeLine {
    std::string name_vi;
    std::string name_en;
    std::int64_t amount_vnd = 0;
    bool operator==(const FeeLine&) const = default;
};

struct PaymentRequest {
    std::int64_t id = 0;
    std::string txn_ref;  // the unique transaction reference sent to the gateway (vnp_TxnRef)
    std::int64_t dossier_id = 0;
    std::string dossier_code;
    std::int64_t unit_id = 0;  // the receiving unit of the dossier: whose account the money goes to
    std::int64_t amount_vnd = 0;
    std::vector<FeeLine> lines;  // sum == amount_vnd
    std::string payer_name;
    std::optional<std::int64_t> payer_account_id;
    std::string purpose;  // shown to the payer and sent as the order information
    State state = State::kPending;
    std::optional<Method> method;  // how it was paid (when kPaid)
    std::string created_at;        // core::FormatUtc
    std::string expires_at;
    std::string settled_at;                   // "" while pending
    std::string gateway_transaction_no;       // vnp_TransactionNo, or the bank transfer's reference
    std::string gateway_response_code;        // vnp_ResponseCode of the settling notification
    std::string bank_code;                    // vnp_BankCode
    std::string proof_blob;                   // sha256 of the counter's proof file in the blob store, or ""
    std::optional<std::int64_t> recorded_by;  // the officer who recorded a counter payment
};

// Sum of the lines; nullopt when a line is negative or the sum overflows.
std::optional<std::int64_t> SumLines(const std::vector<FeeLine>& lines);

// The order information sent to the gateway for a dossier's fees: ASCII without tone marks, as gateways
// ask ("Thanh toan le phi ho so 000.00.12.H48-261127-0001").
std::string PurposeForDossier(std::string_view dossier_code);

// "1.250.000" (dots between thousands, as Vietnamese amounts are written), for pages and receipts.
std::string FormatVnd(std::int64_t amount_vnd);

}  // namespace mocua::domain::payments
