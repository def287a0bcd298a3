#pragma once
// Builds the payments module (domain/payments/) for the server (app.cpp) and tests: the SOCI repository,
// the HMAC-SHA512 signer with the hash secret (from MOCUA_VNPAY_HASH_SECRET, else the file
// `payments.hash_secret_file`; never from the TOML file or the database), the link to the dossier module,
// and the service. Owns what it builds; destroy it before the database and services it was given.
#include <memory>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "domain/audit/audit.hpp"
#include "domain/payments/payment_service.hpp"
#include "domain/payments/reconciliation.hpp"

namespace mocua::db {
class Database;
}
namespace mocua::domain::dossier {
class BlobStore;
class PaymentObserver;
class ProcessingService;
}
namespace mocua::domain::catalog {
class CatalogService;
}
namespace mocua::jobs {
class JobQueue;
}

namespace mocua::app {

// The hash secret: the environment variable first, then the file. InvalidArgument naming both when
// neither gives a non-empty secret; Unavailable when the file cannot be read. Never logs the secret.
core::Result<std::string> LoadHashSecret(const config::PaymentsConfig& config);

class PaymentStack {
public:
    // Error: no hash secret (see LoadHashSecret).
    static core::Result<std::unique_ptr<PaymentStack>> Create(const config::Config& config,
                                                              db::Database& database,
                                                              const core::Clock& clock,
                                                              const domain::audit::Sha256Hasher& hasher,
                                                              domain::dossier::ProcessingService* processing);
    ~PaymentStack();
    domain::payments::PaymentService& service() { return *service_; }
    // From now on, a paid request's receipt (biên lai) is also put in the payer's electronic data store,
    // its PDF in `blobs` (the dossiers' blob store, so the data store's download finds it). Call before
    // the server starts; `blobs` must outlive the stack.
    void KeepReceiptsIn(domain::dossier::BlobStore& blobs);
    // From now on, a dossier entering state 6 (ProcessingService::AwaitPayment) gets a payment request for
    // its procedure version's fees (none when they are all free, or a request is paid or still open).
    // Call before the server starts; `processing` and `catalog` must outlive the stack, and the stack
    // must outlive `processing`'s use of it.
    void RequestFeesWhenAwaited(domain::dossier::ProcessingService& processing,
                                domain::catalog::CatalogService& catalog, const core::Clock& clock);

    // The reconciliation job (kind "payments.reconcile"): asks the gateway (`payments.query_url`) about
    // pending requests and expires stale ones (without a query URL it only expires them), then schedules
    // itself `every` later. Idempotent per time slot, so several nodes schedule one run. Call before
    // the queue starts.
    static constexpr const char* kReconcileJobKind = "payments.reconcile";
    void ScheduleReconciliation(jobs::JobQueue& jobs, const core::Clock& clock,
                                std::chrono::minutes every = std::chrono::minutes(5));
    // One reconciliation pass now (the job's body; tests call it directly).
    domain::payments::PaymentService::ReconcileSummary ReconcileNow();

private:
    PaymentStack() = default;
    std::unique_ptr<domain::payments::PaymentRepository> repository_;
    std::unique_ptr<domain::payments::Signer> signer_;
    std::unique_ptr<domain::payments::DossierLink> link_;
    std::unique_ptr<domain::payments::GatewayQuery> query_;
    std::unique_ptr<domain::payments::ReceiptRenderer> receipts_;  // null without payments.query_url
    std::unique_ptr<domain::payments::ReconciliationSpreadsheet> spreadsheet_;
    std::unique_ptr<domain::dossier::PaymentObserver> observer_;
    std::unique_ptr<domain::payments::PaymentService> service_;
};

}  // namespace mocua::app
