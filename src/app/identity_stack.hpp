#pragma once
// Builds the identity module's objects in order (crypto adapters, repositories, services) for the
// server (app.cpp), the CLI (cli_identity.cpp) and seed-demo, so all three wire them the same way.
// Owns everything it builds; destroy it before the Database and the Clock it was given.
#include <memory>
#include <string>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace mocua::db {
class Database;
}
namespace mocua::adapters {
class SodiumCrypto;
class SodiumPasswordHasher;
class QrEncodeRenderer;
}  // namespace mocua::adapters
namespace mocua::persistence {
class SqlAuditLog;
class SqlUnitRepository;
class SqlIdentityRepository;
}  // namespace mocua::persistence
namespace mocua::domain::audit {
class Sha256Hasher;
}
namespace mocua::domain::org {
class OrgService;
}
namespace mocua::domain::audit {
class Sha256Hasher;
}
namespace mocua::domain::identity {
class PasswordPolicy;
class AccountService;
class SessionService;
class AccessControl;
}  // namespace mocua::domain::identity

namespace mocua::app {

class IdentityStack {
public:
    // Reads (or creates) <data_dir>/keys/identity.key, the key that seals TOTP secrets: back it up with
    // the database, and give every node the same file. Errors name the file.
    static core::Result<std::unique_ptr<IdentityStack>> Create(db::Database& database,
                                                               const core::Clock& clock,
                                                               const config::Config& config);
    ~IdentityStack();

    persistence::SqlAuditLog& audit() { return *audit_; }
    persistence::SqlUnitRepository& units() { return *unit_repository_; }
    domain::org::OrgService& org() { return *org_; }
    domain::identity::AccountService& accounts() { return *accounts_; }
    domain::identity::SessionService& sessions() { return *sessions_; }
    domain::identity::AccessControl& access() { return *access_; }
    // SHA-256 for the audit chain and content hashes of other modules' repositories (the catalogue,
    // the calendar).
    const domain::audit::Sha256Hasher& hasher() const;

private:
    IdentityStack() = default;

    std::unique_ptr<adapters::SodiumCrypto> crypto_;
    std::unique_ptr<adapters::SodiumPasswordHasher> hasher_;
    std::unique_ptr<adapters::QrEncodeRenderer> qr_;
    std::unique_ptr<domain::identity::PasswordPolicy> policy_;
    std::unique_ptr<persistence::SqlAuditLog> audit_;
    std::unique_ptr<persistence::SqlUnitRepository> unit_repository_;
    std::unique_ptr<persistence::SqlIdentityRepository> identity_repository_;
    std::unique_ptr<domain::org::OrgService> org_;
    std::unique_ptr<domain::identity::AccountService> accounts_;
    std::unique_ptr<domain::identity::SessionService> sessions_;
    std::unique_ptr<domain::identity::AccessControl> access_;
};

}  // namespace mocua::app
