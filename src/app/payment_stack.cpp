#include "app/payment_stack.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "adapters/pdf/payment_receipt_pdf.hpp"
#include "adapters/vnpay/vnpay_http.hpp"
#include "adapters/vnpay/vnpay_signer.hpp"
#include "domain/dossier/processing_service.hpp"
#include "jobs/job_queue.hpp"
#include "log/log.hpp"
#include "persistence/payment_repository.hpp"

namespace mocua::app {

namespace {

// Tells the dossier module that a dossier's payment is settled.
class ProcessingDossierLink final : public domain::payments::DossierLink {
public:
    explicit ProcessingDossierLink(domain::dossier::ProcessingService* processing)
        : processing_(processing) {}
    void OnSettled(const domain::audit::Actor& actor, std::string_view dossier_code,
                   std::string_view txn_ref) override {
        if (!processing_) return;
        // A dossier not waiting for fees (paid at submission, or a second notification) answers Conflict
        // "dossier.state": nothing to do. Anything else is logged; the payment itself stands.
        auto moved = processing_->PaymentSettled(actor, dossier_code, txn_ref);
        if (!moved.ok() && moved.error().message != "dossier.state") {
            log::Get("payments")->warn("dossier {} paid ({}) but not moved on: {}", dossier_code, txn_ref,
                                       moved.error().message);
        }
    }

private:
    domain::dossier::ProcessingService* processing_;
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
    s->repository_ = std::make_unique<persistence::SqlPaymentRepository>(database, hasher, clock);
    s->signer_ = std::make_unique<adapters::VnpayHmacSigner>(std::move(secret.value()));
    s->link_ = std::make_unique<ProcessingDossierLink>(processing);
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
    s->receipts_ = std::make_unique<adapters::pdf::PaymentReceiptRenderer>();
    s->service_ = std::make_unique<domain::payments::PaymentService>(
        *s->repository_, *s->signer_, std::move(settings), clock, s->link_.get(), s->receipts_.get());
    return s;
}

PaymentStack::~PaymentStack() = default;

domain::payments::PaymentService::ReconcileSummary PaymentStack::ReconcileNow() {
    if (query_) return service_->Reconcile(*query_);
    domain::payments::PaymentService::ReconcileSummary sum;
    sum.expired = service_->ExpireStale();
    return sum;
}

void PaymentStack::ScheduleReconciliation(jobs::JobQueue& jobs, const core::Clock& clock,
                                          std::chrono::minutes every) {
    // The key names the time slot, so a restart or a second node does not add a second run.
    auto enqueue_next = [&jobs, &clock, every] {
        const auto now = clock.Now();
        const auto slot = core::TimePoint(std::chrono::duration_cast<std::chrono::milliseconds>(
            (now.time_since_epoch() / every + 1) * every));
        jobs::EnqueueOptions o;
        o.idempotency_key = std::string(kReconcileJobKind) + "@" + core::FormatUtc(slot);
        o.run_at = slot;
        o.max_attempts = 1;
        return jobs.Enqueue(kReconcileJobKind, "{}", o);
    };
    jobs.RegisterHandler(kReconcileJobKind, [this, enqueue_next](const jobs::Job&) {
        static const auto log = log::Get("payments");
        auto sum = ReconcileNow();
        if (sum.asked + sum.expired > 0)
            log->info(
                "reconciliation: asked {}, paid {}, failed {}, expired {}, mismatched {}, unreachable {}",
                sum.asked, sum.paid, sum.failed, sum.expired, sum.mismatched, sum.unreachable);
        (void)enqueue_next();
        return jobs::JobOutcome{};
    });
    if (auto first = enqueue_next(); !first.ok())
        log::Get("payments")->warn("cannot schedule reconciliation: {}", first.error().message);
}

}  // namespace mocua::app
