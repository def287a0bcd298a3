#include "app/identity_stack.hpp"

#include "adapters/crypto/sodium.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "persistence/audit_repository.hpp"
#include "persistence/identity_repository.hpp"
#include "persistence/org_repository.hpp"

namespace mocua::app {

IdentityStack::~IdentityStack() = default;

const domain::audit::Sha256Hasher& IdentityStack::hasher() const { return *crypto_; }

core::Result<std::unique_ptr<IdentityStack>> IdentityStack::Create(db::Database& database,
                                                                   const core::Clock& clock,
                                                                   const config::Config& config) {
    auto key = adapters::LoadOrCreateSecretKey(config.storage.data_dir, "identity.key");
    if (!key.ok()) return key.error();
    std::unique_ptr<IdentityStack> s(new IdentityStack());
    s->crypto_ = std::make_unique<adapters::SodiumCrypto>(std::move(key.value()));
    s->hasher_ = std::make_unique<adapters::SodiumPasswordHasher>();
    s->qr_ = std::make_unique<adapters::QrEncodeRenderer>();
    s->policy_ = std::make_unique<domain::identity::PasswordPolicy>();
    s->audit_ = std::make_unique<persistence::SqlAuditLog>(database, *s->crypto_, clock);
    s->unit_repository_ = std::make_unique<persistence::SqlUnitRepository>(database, *s->crypto_, clock);
    s->identity_repository_ =
        std::make_unique<persistence::SqlIdentityRepository>(database, *s->crypto_, clock);
    s->org_ = std::make_unique<domain::org::OrgService>(*s->unit_repository_);
    s->accounts_ = std::make_unique<domain::identity::AccountService>(
        *s->identity_repository_, *s->unit_repository_, *s->hasher_, *s->crypto_, *s->policy_, *s->qr_, clock,
        domain::identity::AccountServiceOptions{.totp_issuer = "Mo Cua"});
    domain::identity::SessionOptions options;
    options.idle_timeout = std::chrono::minutes(config.auth.session_idle_minutes);
    options.absolute_timeout = std::chrono::hours(config.auth.session_absolute_hours);
    options.max_failures_per_account_hour = config.auth.max_failed_logins_per_account;
    options.max_failures_per_ip_hour = config.auth.max_failed_logins_per_ip;
    s->sessions_ = std::make_unique<domain::identity::SessionService>(
        *s->identity_repository_, *s->accounts_, *s->hasher_, *s->crypto_, clock, options);
    s->access_ = std::make_unique<domain::identity::AccessControl>(*s->unit_repository_);
    return s;
}

}  // namespace mocua::app
