#include "app/payment_stack.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "adapters/pdf/payment_receipt_pdf.hpp"
#include "adapters/registers/reconciliation_xlsx.hpp"
#include "adapters/vnpay/vnpay_http.hpp"
#include "adapters/vnpay/vnpay_signer.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/dossier/blob_store.hpp"
#include "domain/dossier/processing_service.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/periodic.hpp"
#include "log/log.hpp"
#include "persistence/payment_repository.hpp"

namespace mocua::app {

namespace {

// Tells the dossier module that a dossier's payment is settled, and puts the receipt in the payer's data
// store (once a blob store is given: KeepReceiptsIn).
class ProcessingDossierLink final : public domain::payments::DossierLink {
public:
    ProcessingDossierLink(domain::dossier::ProcessingService* processing,
                          persistence::SqlPaymentRepository& repository,
                          const domain::payments::ReceiptRenderer& receipts)
        : processing_(processing), repository_(repository), receipts_(receipts) {}
    void OnSettled(const domain::audit::Actor& actor, std::string_view dossier_code,
                   std::string_view txn_ref) override {
        if (processing_) {
            // A dossier not waiting for fees (paid at submission, or a second notification) answers
            // Conflict "dossier.state": nothing to do. Anything else is logged; the payment itself stands.
            auto moved = processing_->PaymentSettled(actor, dossier_code, txn_ref);
            if (!moved.ok() && moved.error().message != "dossier.state") {
                log::Get("payments")
                    ->warn("dossier {} paid ({}) but not moved on: {}", dossier_code, txn_ref,
                           moved.error().message);
            }
        }
        KeepReceipt(actor, txn_ref);
    }
    void SetBlobs(domain::dossier::BlobStore* blobs) { blobs_ = blobs; }

private:
    // The receipt stays downloadable from the fees page whatever happens here, so a failure is logged
    // for the operator rather than undoing the payment.
    void KeepReceipt(const domain::audit::Actor& actor, std::string_view txn_ref) {
        if (!blobs_) return;
        auto request = repository_.FindByRef(txn_ref);
        if (!request || request->state != domain::payments::State::kPaid || !request->payer_account_id)
            return;
        auto pdf = receipts_.Render(*request);
        if (!pdf.ok()) {
            log::Get("payments")
                ->warn("receipt {} not rendered for the data store: {}", txn_ref, pdf.error().message);
            return;
        }
        auto sha = blobs_->Put(*pdf);
        if (!sha.ok()) {
            log::Get("payments")->warn("receipt {} not stored: {}", txn_ref, sha.error().message);
            return;
        }
        try {
            repository_.KeepReceipt(*request, *sha, static_cast<std::int64_t>(pdf->size()),
                                    "Biên lai phí, lệ phí hồ sơ " + request->dossier_code, actor);
        } catch (const std::exception& e) {
            log::Get("payments")->warn("receipt {} not put in the data store: {}", txn_ref, e.what());
        }
    }

    domain::dossier::ProcessingService* processing_;
    persistence::SqlPaymentRepository& repository_;
    const domain::payments::ReceiptRenderer& receipts_;
    domain::dossier::BlobStore* blobs_ = nullptr;
};

// Makes the payment request for the procedure version's fees when a dossier enters state 6, unless one
// is already paid or still open (one open request per dossier; an obligation already met is not charged
// again). Errors are logged: the officer or the applicant can still make the request from the fees page.
class FeesOnAwaitingPayment final : public domain::dossier::PaymentObserver {
public:
    FeesOnAwaitingPayment(domain::payments::PaymentService& payments,
                          domain::catalog::CatalogService& catalog, const core::Clock& clock)
        : payments_(payments), catalog_(catalog), clock_(clock) {}
    void OnAwaitingPayment(const domain::audit::Actor& actor, const domain::dossier::Dossier& d,
                           std::string_view) override {
        namespace payments = domain::payments;
        try {
            auto version = catalog_.VersionById(d.procedure_version_id);
            if (!version.ok()) return;
            std::vector<payments::FeeLine> lines;
            for (const auto& f : version->procedure.fees)
                if (f.amount_vnd > 0)
                    lines.push_back({f.name_vi, f.name_en.empty() ? f.name_vi : f.name_en, f.amount_vnd});
            if (lines.empty()) return;
            for (const auto& r : payments_.ListForDossier(d.code)) {
                if (r.state == payments::State::kPaid) return;
                auto expires = core::ParseUtc(r.expires_at);
                if (r.state == payments::State::kPending && expires && *expires > clock_.Now()) return;
            }
            auto created = payments_.Create(actor, d.code, std::move(lines), d.applicant.name,
                                            d.applicant_account_id, payments::PurposeForDossier(d.code));
            if (!created.ok())
                log::Get("payments")
                    ->warn("no payment request for dossier {}: {}", d.code, created.error().message);
        } catch (const std::exception& e) {
            log::Get("payments")->warn("no payment request for dossier {}: {}", d.code, e.what());
        }
    }

private:
    domain::payments::PaymentService& payments_;
    domain::catalog::CatalogService& catalog_;
    const core::Clock& clock_;
};

std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
        s.pop_back();
    std::size_t start = 0;
    while (start < s.size() && (s[start] == ' ' || s[start] == '\t')) ++start;
    return s.substr(start);
}

}  // namespace

core::Result<std::string> LoadHashSecret(const config::PaymentsConfig& config) {
    if (const char* env = std::getenv(config::kVnpayHashSecretEnv); env && *env) return Trim(env);
    if (!config.hash_secret_file.empty()) {
        std::ifstream in(config.hash_secret_file, std::ios::binary);
        if (!in)
            return core::Error::Unavailable("cannot read the payment hash secret file `" +
                                            config.hash_secret_file + "`");
        std::stringstream s;
        s << in.rdbuf();
        std::string secret = Trim(s.str());
        if (!secret.empty()) return secret;
    }
    return core::Error::InvalidArgument(
        std::string("payments are enabled but no hash secret was given: set ") + config::kVnpayHashSecretEnv +
        " or `payments.hash_secret_file`");
}

core::Result<std::unique_ptr<PaymentStack>> PaymentStack::Create(
    const config::Config& config, db::Database& database, const core::Clock& clock,
    const domain::audit::Sha256Hasher& hasher, domain::dossier::ProcessingService* processing) {
    auto secret = LoadHashSecret(config.payments);
    if (!secret.ok()) return secret.error();
    std::unique_ptr<PaymentStack> s(new PaymentStack());
    auto repository = std::make_unique<persistence::SqlPaymentRepository>(database, hasher, clock);
    auto& sql_repository = *repository;
    s->repository_ = std::move(repository);
    s->signer_ = std::make_unique<adapters::VnpayHmacSigner>(std::move(secret.value()));
    s->receipts_ = std::make_unique<adapters::pdf::PaymentReceiptRenderer>();
    s->link_ = std::make_unique<ProcessingDossierLink>(processing, sql_repository, *s->receipts_);
    domain::payments::GatewaySettings settings;
    settings.merchant_code = config.payments.merchant_code;
    settings.pay_url = config.payments.pay_url;
    const std::string base =
        config.intake.public_url.empty() ? "http://" + config.server.listen : config.intake.public_url;
    settings.return_url = base + "/payments/return";
    settings.expiry = std::chrono::minutes(config.payments.expiry_minutes);
    if (!config.payments.query_url.empty())
        s->query_ = std::make_unique<adapters::VnpayQueryClient>(*s->signer_, config.payments.query_url,
                                                                 config.payments.merchant_code, clock);
    s->service_ = std::make_unique<domain::payments::PaymentService>(
        *s->repository_, *s->signer_, std::move(settings), clock, s->link_.get(), s->receipts_.get());
    s->spreadsheet_ = std::make_unique<adapters::registers::ReconciliationXlsx>();
    s->service_->SetSpreadsheet(s->spreadsheet_.get());
    return s;
}

PaymentStack::~PaymentStack() = default;

void PaymentStack::RequestFeesWhenAwaited(domain::dossier::ProcessingService& processing,
                                          domain::catalog::CatalogService& catalog,
                                          const core::Clock& clock) {
    auto observer = std::make_unique<FeesOnAwaitingPayment>(*service_, catalog, clock);
    processing.SetPaymentObserver(observer.get());
    observer_ = std::move(observer);
}

void PaymentStack::KeepReceiptsIn(domain::dossier::BlobStore& blobs) {
    static_cast<ProcessingDossierLink&>(*link_).SetBlobs(&blobs);
}

domain::payments::PaymentService::ReconcileSummary PaymentStack::ReconcileNow() {
    domain::payments::PaymentService::ReconcileSummary sum;
    if (query_) {
        sum = service_->Reconcile(*query_);
    } else {
        sum.expired = service_->ExpireStale();
    }
    sum.resumed = service_->ResumeSettled();
    return sum;
}

void PaymentStack::ScheduleReconciliation(jobs::JobQueue& jobs, const core::Clock& clock,
                                          std::chrono::minutes every) {
    auto scheduled = jobs::SchedulePeriodic(jobs, clock, kReconcileJobKind, {.every = every}, [this] {
        static const auto log = log::Get("payments");
        auto sum = ReconcileNow();
        if (sum.asked + sum.expired + sum.resumed > 0)
            log->info(
                "reconciliation: asked {}, paid {}, failed {}, expired {}, mismatched {}, unreachable {}, "
                "dossiers moved on {}",
                sum.asked, sum.paid, sum.failed, sum.expired, sum.mismatched, sum.unreachable, sum.resumed);
        return jobs::JobOutcome{};
    });
    if (!scheduled.ok())
        log::Get("payments")->warn("cannot schedule reconciliation: {}", scheduled.error().message);
}

}  // namespace mocua::app
