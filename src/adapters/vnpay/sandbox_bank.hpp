#pragma once
// The sandbox bank: the gateway's side of the VNPay-style protocol, for the demo and the tests
// (`mocua sandbox-bank`, app/sandbox_bank_server.hpp). It checks a payment URL's signature, remembers the
// transaction, lets the "customer" choose success, failure or cancel, and produces what a real gateway
// sends: the signed notification (IPN) and browser return, and signed answers to the query call.
// It holds no money and talks to no bank.
//
// Thread-safety: all members may be called concurrently (one mutex).
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/payments/vnpay_protocol.hpp"

namespace mocua::adapters {

enum class SandboxOutcome { kSuccess, kFailure, kCancel };

struct SandboxTransaction {
    std::string txn_ref;
    std::int64_t amount_vnd = 0;
    std::string order_info;
    std::string return_url;
    std::string create_date;     // vnp_CreateDate as sent
    std::string status = "01";   // vnp_TransactionStatus: 01 not finished, 00 success, 02 failed
    std::string response_code;   // vnp_ResponseCode of the outcome ("" until decided)
    std::string transaction_no;  // the gateway's number, given when decided
    std::string pay_date;        // yyyyMMddHHmmss (UTC+7)
};

class SandboxBank {
public:
    // `signer` holds the same hash secret as the merchant's; both must outlive the bank.
    SandboxBank(const domain::payments::Signer& signer, std::string merchant_code, const core::Clock& clock);

    // A payment URL's query arrives. InvalidArgument "sandbox.signature" (bad or missing signature),
    // "sandbox.merchant" (another merchant code), "sandbox.amount" (not a whole VND amount × 100),
    // "sandbox.request" (no vnp_TxnRef or vnp_ReturnUrl). Opening the same reference again returns it
    // as it is.
    core::Result<SandboxTransaction> Open(std::string_view query);

    // The customer's choice. NotFound "sandbox.unknown" for a reference never opened; Conflict
    // "sandbox.decided" when it was already decided. Returns the signed notification's parameters (the
    // browser's return carries the same ones).
    core::Result<domain::payments::Params> Decide(std::string_view txn_ref, SandboxOutcome outcome);

    // The signed notification for a decided transaction again (for duplicate or late deliveries).
    std::optional<domain::payments::Params> Notification(std::string_view txn_ref) const;

    // Answers a query call's JSON body with the JSON the gateway would send (signed), or a 97 answer when
    // the request's signature is wrong and 91 when the reference is unknown.
    std::string AnswerQuery(std::string_view request_json) const;

    std::optional<SandboxTransaction> Find(std::string_view txn_ref) const;
    const domain::payments::Signer& signer() const { return signer_; }

private:
    domain::payments::Params NotificationLocked(const SandboxTransaction& t) const;
    std::string LocalTime() const;

    const domain::payments::Signer& signer_;
    std::string merchant_code_;
    const core::Clock& clock_;
    mutable std::mutex mu_;
    std::map<std::string, SandboxTransaction, std::less<>> transactions_;
    std::int64_t next_transaction_no_ = 14'000'001;
};

}  // namespace mocua::adapters
