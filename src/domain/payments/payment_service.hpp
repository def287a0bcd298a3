#pragma once
// The payments module's service and its ports (issue 9; docs/adr/0080-cashless-payments.md).
//
//   PaymentRepository  storage (persistence/payment_repository.hpp), settling exactly once
//   DossierLink        tells the dossier module that its payment is settled (app/payment_stack.cpp)
//   Signer             HMAC-SHA512 with the hash secret (domain/payments/vnpay_protocol.hpp)
//
// Business state changes only on the gateway's server-to-server notification (HandleIpn) or on a
// payment recorded at the counter; the browser's return page only reads. Thread-safety: PaymentService
// is safe for concurrent calls when its ports are (the SOCI repository is).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/payments/model.hpp"
#include "domain/payments/receipt.hpp"
#include "domain/payments/vnpay_protocol.hpp"

namespace mocua::domain::payments {

// domain/payments/reconciliation.hpp
struct DayFacts;
struct ReconciliationReport;
class ReconciliationSpreadsheet;

struct NewRequest {
    std::string dossier_code;
    std::vector<FeeLine> lines;
    std::string payer_name;
    std::optional<std::int64_t> payer_account_id;
    std::string purpose;
    std::string created_at;  // core::FormatUtc
    std::string expires_at;
};

// How a pending request is settled.
struct Settlement {
    State state = State::kPaid;
    std::optional<Method> method;
    std::string at;
    std::string transaction_no;
    std::string response_code;
    std::string bank_code;
    std::string proof_blob;
    std::optional<std::int64_t> recorded_by;
    // DuocThanhToanTrucTuyen: 2 when paid through this installation's gateway; 0 leaves the flag alone.
    int online_payment_flag = 0;
};

enum class SettleOutcome { kApplied, kAlreadySettled, kNotFound };

// A notification as received, for the reconciliation report (no secret in it: the signature is public).
struct Notification {
    std::string txn_ref;
    std::string received_at;
    std::string rsp_code;       // what we answered
    std::string response_code;  // vnp_ResponseCode
    std::string transaction_no;
    std::int64_t amount_vnd = -1;  // -1 when missing or malformed
};

class PaymentRepository {
public:
    virtual ~PaymentRepository() = default;
    // Stores a pending request with a fresh unique txn_ref, audited (`event` with target filled in by
    // the repository). NotFound "payments.dossier" when the dossier code is unknown. Throws on database
    // failure.
    virtual core::Result<PaymentRequest> Create(const NewRequest& request, const audit::Actor& actor) = 0;
    virtual std::optional<PaymentRequest> FindByRef(std::string_view txn_ref) = 0;
    virtual std::optional<PaymentRequest> FindById(std::int64_t id) = 0;
    // Newest first.
    virtual std::vector<PaymentRequest> ListForDossier(std::string_view dossier_code) = 0;
    // Pending requests, oldest first.
    virtual std::vector<PaymentRequest> ListPending(int limit) = 0;
    // In one transaction: changes the request from pending to the settlement's state (a conditional
    // update, so of two concurrent settlements exactly one applies), sets the dossier's online-payment
    // flag when asked, and appends `event`. kAlreadySettled when it was no longer pending.
    virtual SettleOutcome Settle(std::int64_t id, const Settlement& settlement,
                                 const audit::Event& event) = 0;
    virtual void LogNotification(const Notification& notification) = 0;
    // For the reconciliation report: the requests of `unit_id` made or settled within [from, to) (UTC,
    // core::FormatUtc) with their dossier's state, and the notifications received within it for those
    // requests or for no known request.
    virtual DayFacts FactsOfDay(std::int64_t unit_id, std::string_view from, std::string_view to) = 0;
    // (dossier code, txn_ref) of paid requests whose dossier still waits for fees (state 6, its open
    // "payment" pause begun at or before the settlement), oldest settlement first, at most `limit`.
    virtual std::vector<std::pair<std::string, std::string>> PaidWhileDossierWaits(int limit) = 0;
};

// The dossier side of a settled payment (port). Implemented in app/ over ProcessingService.
class DossierLink {
public:
    virtual ~DossierLink() = default;
    // The request `txn_ref` of dossier `dossier_code` is paid. A dossier waiting for payment (state 6)
    // moves on; for any other state nothing happens. Must not throw for a dossier in another state.
    virtual void OnSettled(const audit::Actor& actor, std::string_view dossier_code,
                           std::string_view txn_ref) = 0;
};

// What the gateway says about a transaction when asked (QueryDR), for reconciliation.
struct GatewayStatus {
    enum class Kind { kPaid, kFailed, kPending, kNotFound } kind = Kind::kNotFound;
    std::int64_t amount_vnd = 0;
    std::string transaction_no;
    std::string response_code;  // vnp_TransactionStatus
    std::string bank_code;
};

// The gateway's query call (port; adapters/vnpay/vnpay_query_client.hpp). nullopt when the gateway cannot
// be reached or its answer is not signed correctly: the request is asked again next time.
class GatewayQuery {
public:
    virtual ~GatewayQuery() = default;
    virtual std::optional<GatewayStatus> Query(const PaymentRequest& request) = 0;
};

// The merchant's side of the gateway protocol. The hash secret is in the Signer, never here.
struct GatewaySettings {
    std::string merchant_code;  // vnp_TmnCode
    std::string pay_url;        // the gateway's payment page
    std::string return_url;     // our browser return page (informational)
    std::chrono::minutes expiry{15};
    int utc_offset_minutes = 7 * 60;  // the gateway's dates are local time (Vietnam, UTC+7)
};

class PaymentService {
public:
    // `link` may be null (no dossier side, as in some tests). All references must outlive the service.
    PaymentService(PaymentRepository& repository, const Signer& signer, GatewaySettings settings,
                   const core::Clock& clock, DossierLink* link = nullptr,
                   const ReceiptRenderer* receipts = nullptr);

    // A pending request for the dossier's fees. InvalidArgument "payments.amount" when there is nothing
    // to pay (sum 0) or a line is negative; "payments.payer" when the payer's name is empty.
    core::Result<PaymentRequest> Create(const audit::Actor& actor, std::string dossier_code,
                                        std::vector<FeeLine> lines, std::string payer_name,
                                        std::optional<std::int64_t> payer_account_id, std::string purpose);

    // The gateway URL the payer's browser is sent to (signed). `client_ip` is the payer's address.
    std::string PaymentUrl(const PaymentRequest& request, std::string_view client_ip,
                           std::string_view language) const;

    // Handles one notification (IPN) and says what to answer. Order of checks, as the protocol wants:
    // signature (97), request (01), amount (04), already settled (02), then the state change (00),
    // which happens at most once per request however many notifications arrive, in any order, at once.
    // Throws on database failure (the edge answers 99).
    IpnCode HandleIpn(const Params& params, const audit::Actor& from);

    // The browser's return: checks the signature and reads the request; changes nothing.
    struct ReturnView {
        bool signature_valid = false;
        bool gateway_says_success = false;
        std::optional<PaymentRequest> request;
    };
    ReturnView ReadReturn(const Params& params);

    // A cash or bank-transfer payment taken at the counter by `officer`. NotFound "payments.not_found";
    // InvalidArgument "payments.method" for the gateway method; "payments.proof" when a transfer has no
    // reference; Conflict "payments.settled" when the request is no longer pending.
    core::Result<PaymentRequest> RecordAtCounter(const audit::Actor& officer, std::int64_t request_id,
                                                 Method method, std::string reference,
                                                 std::string proof_blob);

    // Marks pending requests past their expiry as expired (each audited). Returns how many. Without a
    // gateway query, for installations with counter payments only; otherwise use Reconcile.
    int ExpireStale(int limit = 500);

    // The reconciliation job: asks the gateway about every pending request. Paid there with the right
    // amount → settled as paid (as the notification that never came would have); failed → failed;
    // unknown or still pending there and past its expiry plus `grace` → expired. A different amount is
    // left pending and counted as a mismatch for the report. Unreachable gateway: left for next time.
    struct ReconcileSummary {
        int asked = 0, paid = 0, failed = 0, expired = 0, mismatched = 0, unreachable = 0;
        int resumed = 0;  // dossiers moved on by ResumeSettled
    };
    ReconcileSummary Reconcile(GatewayQuery& gateway, std::chrono::minutes grace = std::chrono::minutes(15),
                               int limit = 500);

    // Settling a payment and moving its dossier on are two transactions (the dossier module's and
    // ours): if the process stopped between them, the dossier would wait for fees already paid. This
    // tells the dossier module again about each such payment (the reconciliation job runs it); returns
    // how many. DossierLink::OnSettled is idempotent.
    int ResumeSettled(int limit = 100);

    // The receipt PDF of paid request `id`. NotFound "payments.not_found"; InvalidArgument
    // "payments.not_paid"; Unavailable "payments.no_renderer" without a renderer.
    core::Result<std::string> ReceiptPdf(std::int64_t id);

    // The reconciliation report of `unit_id` for the Vietnam day `day` (YYYY-MM-DD). InvalidArgument
    // "payments.day" when it is not a date.
    core::Result<ReconciliationReport> Reconciliation(std::int64_t unit_id, std::string_view day);
    // The report as XLSX. Unavailable "payments.no_renderer" without a spreadsheet renderer.
    core::Result<std::string> ReconciliationXlsx(const ReconciliationReport& report) const;
    // The spreadsheet renderer (may be null); must outlive the service.
    void SetSpreadsheet(const ReconciliationSpreadsheet* spreadsheet) { spreadsheet_ = spreadsheet; }

    std::optional<PaymentRequest> FindById(std::int64_t id) { return repository_.FindById(id); }
    std::optional<PaymentRequest> FindByRef(std::string_view ref) { return repository_.FindByRef(ref); }
    std::vector<PaymentRequest> ListForDossier(std::string_view code) {
        return repository_.ListForDossier(code);
    }
    const GatewaySettings& settings() const { return settings_; }

private:
    // yyyyMMddHHmmss in the gateway's local time.
    std::string GatewayTime(core::TimePoint t) const;

    PaymentRepository& repository_;
    const Signer& signer_;
    GatewaySettings settings_;
    const core::Clock& clock_;
    DossierLink* link_;
    const ReceiptRenderer* receipts_;
    const ReconciliationSpreadsheet* spreadsheet_ = nullptr;
};

// vnp_ResponseCode "24": the customer cancelled at the gateway.
inline constexpr std::string_view kResponseCancelled = "24";

}  // namespace mocua::domain::payments
