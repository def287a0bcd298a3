#include "adapters/vnpay/sandbox_bank.hpp"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace mocua::adapters {

namespace payments = domain::payments;

SandboxBank::SandboxBank(const payments::Signer& signer, std::string merchant_code, const core::Clock& clock)
    : signer_(signer), merchant_code_(std::move(merchant_code)), clock_(clock) {}

std::string SandboxBank::LocalTime() const {
    auto local = std::chrono::time_point_cast<std::chrono::seconds>(clock_.Now()) + std::chrono::hours(7);
    std::time_t secs = std::chrono::system_clock::to_time_t(local);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

core::Result<SandboxTransaction> SandboxBank::Open(std::string_view query) {
    auto params = payments::ParseQuery(query);
    if (!params) return core::Error::InvalidArgument("sandbox.request");
    auto signature = payments::Find(*params, "vnp_SecureHash");
    if (!signature || !signer_.Verify(payments::CanonicalString(*params), *signature))
        return core::Error::InvalidArgument("sandbox.signature");
    if (payments::Find(*params, "vnp_TmnCode").value_or("") != merchant_code_)
        return core::Error::InvalidArgument("sandbox.merchant");
    auto amount = payments::ParseAmountParam(payments::Find(*params, "vnp_Amount").value_or(""));
    if (!amount || *amount <= 0) return core::Error::InvalidArgument("sandbox.amount");
    SandboxTransaction t;
    t.txn_ref = payments::Find(*params, "vnp_TxnRef").value_or("");
    t.return_url = payments::Find(*params, "vnp_ReturnUrl").value_or("");
    if (t.txn_ref.empty() || t.return_url.empty()) return core::Error::InvalidArgument("sandbox.request");
    t.amount_vnd = *amount;
    t.order_info = payments::Find(*params, "vnp_OrderInfo").value_or("");
    t.create_date = payments::Find(*params, "vnp_CreateDate").value_or("");
    std::lock_guard lock(mu_);
    auto [it, inserted] = transactions_.emplace(t.txn_ref, t);
    return it->second;
}

payments::Params SandboxBank::NotificationLocked(const SandboxTransaction& t) const {
    payments::Params p = {{"vnp_Amount", *payments::AmountParam(t.amount_vnd)},
                          {"vnp_BankCode", "NCB"},
                          {"vnp_CardType", "ATM"},
                          {"vnp_OrderInfo", t.order_info},
                          {"vnp_PayDate", t.pay_date},
                          {"vnp_ResponseCode", t.response_code},
                          {"vnp_TmnCode", merchant_code_},
                          {"vnp_TransactionNo", t.transaction_no},
                          {"vnp_TransactionStatus", t.status},
                          {"vnp_TxnRef", t.txn_ref}};
    p.emplace_back("vnp_SecureHash", signer_.Sign(payments::CanonicalString(p)));
    return p;
}

core::Result<payments::Params> SandboxBank::Decide(std::string_view txn_ref, SandboxOutcome outcome) {
    std::lock_guard lock(mu_);
    auto it = transactions_.find(txn_ref);
    if (it == transactions_.end()) return core::Error::NotFound("sandbox.unknown");
    SandboxTransaction& t = it->second;
    if (!t.response_code.empty()) return core::Error::Conflict("sandbox.decided");
    switch (outcome) {
        case SandboxOutcome::kSuccess:
            t.response_code = "00";
            t.status = "00";
            break;
        case SandboxOutcome::kFailure:
            t.response_code = "51";  // insufficient funds
            t.status = "02";
            break;
        case SandboxOutcome::kCancel:
            t.response_code = "24";  // the customer cancelled
            t.status = "02";
            break;
    }
    t.transaction_no = outcome == SandboxOutcome::kCancel ? "0" : std::to_string(next_transaction_no_++);
    t.pay_date = LocalTime();
    return NotificationLocked(t);
}

std::optional<payments::Params> SandboxBank::Notification(std::string_view txn_ref) const {
    std::lock_guard lock(mu_);
    auto it = transactions_.find(txn_ref);
    if (it == transactions_.end() || it->second.response_code.empty()) return std::nullopt;
    return NotificationLocked(it->second);
}

std::optional<SandboxTransaction> SandboxBank::Find(std::string_view txn_ref) const {
    std::lock_guard lock(mu_);
    auto it = transactions_.find(txn_ref);
    if (it == transactions_.end()) return std::nullopt;
    return it->second;
}

std::string SandboxBank::AnswerQuery(std::string_view request_json) const {
    auto j = nlohmann::json::parse(request_json, nullptr, false);
    payments::Params request;
    if (j.is_object())
        for (const auto& [k, v] : j.items())
            if (v.is_string()) request.emplace_back(k, v.get<std::string>());
    payments::Params answer = {{"vnp_ResponseId", payments::Find(request, "vnp_RequestId").value_or("")},
                               {"vnp_Command", "querydr"},
                               {"vnp_TmnCode", merchant_code_},
                               {"vnp_TxnRef", payments::Find(request, "vnp_TxnRef").value_or("")}};
    auto signature = payments::Find(request, "vnp_SecureHash");
    const bool signed_ok =
        signature && signer_.Verify(payments::PipeJoined(request, payments::kQueryRequestOrder), *signature);
    std::optional<SandboxTransaction> t;
    if (signed_ok) t = Find(payments::Find(request, "vnp_TxnRef").value_or(""));
    if (!signed_ok) {
        answer.emplace_back("vnp_ResponseCode", "97");
        answer.emplace_back("vnp_Message", "Invalid Checksum");
    } else if (!t) {
        answer.emplace_back("vnp_ResponseCode", "91");
        answer.emplace_back("vnp_Message", "Transaction not found");
    } else {
        answer.emplace_back("vnp_ResponseCode", "00");
        answer.emplace_back("vnp_Message", "QueryDR Success");
        answer.emplace_back("vnp_Amount", *payments::AmountParam(t->amount_vnd));
        answer.emplace_back("vnp_BankCode", "NCB");
        answer.emplace_back("vnp_PayDate", t->pay_date);
        answer.emplace_back("vnp_TransactionNo", t->transaction_no);
        answer.emplace_back("vnp_TransactionType", "01");
        answer.emplace_back("vnp_TransactionStatus", t->status);
        answer.emplace_back("vnp_OrderInfo", t->order_info);
    }
    answer.emplace_back("vnp_SecureHash",
                        signer_.Sign(payments::PipeJoined(answer, payments::kQueryResponseOrder)));
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, v] : answer) out[k] = v;
    return out.dump();
}

}  // namespace mocua::adapters
