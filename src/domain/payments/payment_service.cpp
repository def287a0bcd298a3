#include "domain/payments/payment_service.hpp"

#include <cstdio>
#include <ctime>

#include "domain/payments/reconciliation.hpp"

namespace mocua::domain::payments {

PaymentService::PaymentService(PaymentRepository& repository, const Signer& signer, GatewaySettings settings,
                               const core::Clock& clock, DossierLink* link, const ReceiptRenderer* receipts)
    : repository_(repository),
      signer_(signer),
      settings_(std::move(settings)),
      clock_(clock),
      link_(link),
      receipts_(receipts) {}

core::Result<std::string> PaymentService::ReceiptPdf(std::int64_t id) {
    auto r = repository_.FindById(id);
    if (!r) return core::Error::NotFound("payments.not_found");
    if (r->state != State::kPaid) return core::Error::InvalidArgument("payments.not_paid");
    if (!receipts_) return core::Error::Unavailable("payments.no_renderer");
    return receipts_->Render(*r);
}

core::Result<ReconciliationReport> PaymentService::Reconciliation(std::int64_t unit_id,
                                                                  std::string_view day) {
    auto bounds = VietnamDayBounds(day);
    if (!bounds) return core::Error::InvalidArgument("payments.day");
    return BuildReconciliation(day, unit_id, repository_.FactsOfDay(unit_id, bounds->first, bounds->second),
                               bounds->first, bounds->second);
}

core::Result<std::string> PaymentService::ReconciliationXlsx(const ReconciliationReport& report) const {
    if (!spreadsheet_) return core::Error::Unavailable("payments.no_renderer");
    return spreadsheet_->Render(report);
}

std::string PaymentService::GatewayTime(core::TimePoint t) const {
    auto local = std::chrono::time_point_cast<std::chrono::seconds>(t) +
                 std::chrono::minutes(settings_.utc_offset_minutes);
    std::time_t secs = std::chrono::system_clock::to_time_t(local);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];  // room for any int the compiler imagines; 14 characters are written
    std::snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

core::Result<PaymentRequest> PaymentService::Create(const audit::Actor& actor, std::string dossier_code,
                                                    std::vector<FeeLine> lines, std::string payer_name,
                                                    std::optional<std::int64_t> payer_account_id,
                                                    std::string purpose) {
    auto sum = SumLines(lines);
    if (!sum || *sum <= 0) return core::Error::InvalidArgument("payments.amount");
    // The gateway carries the amount × 100 in its own field; refuse what it cannot carry.
    if (!AmountParam(*sum)) return core::Error::InvalidArgument("payments.amount");
    if (payer_name.empty()) return core::Error::InvalidArgument("payments.payer");
    NewRequest r;
    r.dossier_code = std::move(dossier_code);
    r.lines = std::move(lines);
    r.payer_name = std::move(payer_name);
    r.payer_account_id = payer_account_id;
    r.purpose = std::move(purpose);
    const auto now = clock_.Now();
    r.created_at = core::FormatUtc(now);
    r.expires_at = core::FormatUtc(now + settings_.expiry);
    return repository_.Create(r, actor);
}

std::string PaymentService::PaymentUrl(const PaymentRequest& request, std::string_view client_ip,
                                       std::string_view language) const {
    Params p = {
        {"vnp_Version", "2.1.0"},
        {"vnp_Command", "pay"},
        {"vnp_TmnCode", settings_.merchant_code},
        {"vnp_Amount", AmountParam(request.amount_vnd).value_or("0")},
        {"vnp_CurrCode", "VND"},
        {"vnp_TxnRef", request.txn_ref},
        {"vnp_OrderInfo", request.purpose},
        {"vnp_OrderType", "other"},
        {"vnp_Locale", language == "en" ? "en" : "vn"},
        {"vnp_ReturnUrl", settings_.return_url},
        {"vnp_IpAddr", client_ip.empty() ? std::string("127.0.0.1") : std::string(client_ip)},
    };
    if (auto created = core::ParseUtc(request.created_at))
        p.emplace_back("vnp_CreateDate", GatewayTime(*created));
    if (auto expires = core::ParseUtc(request.expires_at))
        p.emplace_back("vnp_ExpireDate", GatewayTime(*expires));
    return settings_.pay_url + (settings_.pay_url.find('?') == std::string::npos ? "?" : "&") +
           SignedQuery(p, signer_);
}

IpnCode PaymentService::HandleIpn(const Params& params, const audit::Actor& from) {
    Notification note;
    note.received_at = core::FormatUtc(clock_.Now());
    note.txn_ref = Find(params, "vnp_TxnRef").value_or("");
    note.response_code = Find(params, "vnp_ResponseCode").value_or("");
    note.transaction_no = Find(params, "vnp_TransactionNo").value_or("");
    auto amount = ParseAmountParam(Find(params, "vnp_Amount").value_or(""));
    note.amount_vnd = amount.value_or(-1);

    auto answer = [&](IpnCode code) {
        note.rsp_code = std::string(IpnRspCode(code));
        repository_.LogNotification(note);
        return code;
    };

    auto signature = Find(params, "vnp_SecureHash");
    if (!signature || !signer_.Verify(CanonicalString(params), *signature))
        return answer(IpnCode::kInvalidSignature);
    // A correctly signed notification for another merchant code is not ours to act on.
    if (Find(params, "vnp_TmnCode").value_or("") != settings_.merchant_code)
        return answer(IpnCode::kOrderNotFound);
    auto request = repository_.FindByRef(note.txn_ref);
    if (!request) return answer(IpnCode::kOrderNotFound);
    if (!amount || *amount != request->amount_vnd) return answer(IpnCode::kInvalidAmount);
    if (request->state != State::kPending) return answer(IpnCode::kAlreadyConfirmed);

    const std::string status = Find(params, "vnp_TransactionStatus").value_or(note.response_code);
    Settlement s;
    s.at = note.received_at;
    s.transaction_no = note.transaction_no;
    s.response_code = note.response_code;
    s.bank_code = Find(params, "vnp_BankCode").value_or("");
    if (note.response_code == "00" && status == "00") {
        s.state = State::kPaid;
        s.method = Method::kGateway;
        s.online_payment_flag = 2;
    } else if (note.response_code == kResponseCancelled) {
        s.state = State::kCancelled;
    } else {
        s.state = State::kFailed;
    }
    audit::Event event{from, std::string("payment.") + std::string(StateName(s.state)), "payment_request",
                       std::to_string(request->id), "via=gateway response=" + s.response_code};
    switch (repository_.Settle(request->id, s, event)) {
        case SettleOutcome::kNotFound:
            return answer(IpnCode::kOrderNotFound);
        case SettleOutcome::kAlreadySettled:
            // Another notification for the same request won the race.
            return answer(IpnCode::kAlreadyConfirmed);
        case SettleOutcome::kApplied:
            break;
    }
    if (s.state == State::kPaid && link_) link_->OnSettled(from, request->dossier_code, request->txn_ref);
    return answer(IpnCode::kConfirmSuccess);
}

PaymentService::ReturnView PaymentService::ReadReturn(const Params& params) {
    ReturnView v;
    auto signature = Find(params, "vnp_SecureHash");
    v.signature_valid = signature && signer_.Verify(CanonicalString(params), *signature);
    if (!v.signature_valid) return v;
    v.gateway_says_success = Find(params, "vnp_ResponseCode").value_or("") == "00";
    v.request = repository_.FindByRef(Find(params, "vnp_TxnRef").value_or(""));
    return v;
}

core::Result<PaymentRequest> PaymentService::RecordAtCounter(const audit::Actor& officer,
                                                             std::int64_t request_id, Method method,
                                                             std::string reference, std::string proof_blob) {
    if (method == Method::kGateway) return core::Error::InvalidArgument("payments.method");
    if (method == Method::kTransfer && reference.empty())
        return core::Error::InvalidArgument("payments.proof");
    auto request = repository_.FindById(request_id);
    if (!request) return core::Error::NotFound("payments.not_found");
    if (request->state != State::kPending) return core::Error::Conflict("payments.settled");
    Settlement s;
    s.state = State::kPaid;
    s.method = method;
    s.at = core::FormatUtc(clock_.Now());
    s.transaction_no = std::move(reference);
    s.proof_blob = std::move(proof_blob);
    s.recorded_by = officer.account_id;
    audit::Event event{officer, "payment.paid", "payment_request", std::to_string(request_id),
                       "via=" + std::string(MethodName(method))};
    if (repository_.Settle(request_id, s, event) != SettleOutcome::kApplied)
        return core::Error::Conflict("payments.settled");
    if (link_) link_->OnSettled(officer, request->dossier_code, request->txn_ref);
    auto updated = repository_.FindById(request_id);
    if (!updated) return core::Error::NotFound("payments.not_found");
    return *updated;
}

int PaymentService::ExpireStale(int limit) {
    const auto now = clock_.Now();
    int expired = 0;
    for (const auto& r : repository_.ListPending(limit)) {
        auto expires = core::ParseUtc(r.expires_at);
        if (!expires || *expires > now) continue;
        Settlement s;
        s.state = State::kExpired;
        s.at = core::FormatUtc(now);
        audit::Event event{audit::Actor::CommandLine("job-payments-expire"), "payment.expired",
                           "payment_request", std::to_string(r.id), ""};
        if (repository_.Settle(r.id, s, event) == SettleOutcome::kApplied) ++expired;
    }
    return expired;
}

int PaymentService::ResumeSettled(int limit) {
    if (!link_) return 0;
    int resumed = 0;
    const auto job = audit::Actor::CommandLine("job-payments-reconcile");
    for (const auto& [dossier_code, txn_ref] : repository_.PaidWhileDossierWaits(limit)) {
        link_->OnSettled(job, dossier_code, txn_ref);
        ++resumed;
    }
    return resumed;
}

PaymentService::ReconcileSummary PaymentService::Reconcile(GatewayQuery& gateway, std::chrono::minutes grace,
                                                           int limit) {
    ReconcileSummary sum;
    const auto job = audit::Actor::CommandLine("job-payments-reconcile");
    for (const auto& r : repository_.ListPending(limit)) {
        ++sum.asked;
        auto status = gateway.Query(r);
        if (!status) {
            ++sum.unreachable;
            continue;
        }
        const auto now = clock_.Now();
        Settlement s;
        s.at = core::FormatUtc(now);
        s.transaction_no = status->transaction_no;
        s.response_code = status->response_code;
        s.bank_code = status->bank_code;
        std::string details = "via=query status=" + status->response_code;
        switch (status->kind) {
            case GatewayStatus::Kind::kPaid:
                if (status->amount_vnd != r.amount_vnd) {
                    ++sum.mismatched;
                    continue;
                }
                s.state = State::kPaid;
                s.method = Method::kGateway;
                s.online_payment_flag = 2;
                break;
            case GatewayStatus::Kind::kFailed:
                s.state = State::kFailed;
                break;
            case GatewayStatus::Kind::kPending:
            case GatewayStatus::Kind::kNotFound: {
                auto expires = core::ParseUtc(r.expires_at);
                if (!expires || *expires + grace > now) continue;
                s.state = State::kExpired;
                break;
            }
        }
        audit::Event event{job, std::string("payment.") + std::string(StateName(s.state)), "payment_request",
                           std::to_string(r.id), details};
        if (repository_.Settle(r.id, s, event) != SettleOutcome::kApplied) continue;
        switch (s.state) {
            case State::kPaid:
                ++sum.paid;
                if (link_) link_->OnSettled(job, r.dossier_code, r.txn_ref);
                break;
            case State::kFailed:
                ++sum.failed;
                break;
            default:
                ++sum.expired;
        }
    }
    return sum;
}

}  // namespace mocua::domain::payments
