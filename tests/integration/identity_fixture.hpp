#pragma once
// The identity stack on a test database of one engine: SQL repositories, real crypto adapters
// (Argon2id at test strength), a manual clock, and the services.
#include <gtest/gtest.h>

#include <memory>

#include "adapters/crypto/sodium.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "persistence/audit_repository.hpp"
#include "persistence/identity_repository.hpp"
#include "persistence/org_repository.hpp"
#include "support/test_database.hpp"

namespace mocua::testing {

inline const core::TimePoint kIdentityStart = *core::ParseUtc("2025-07-01T01:00:00.000Z");

class IdentityStack {
public:
    explicit IdentityStack(db::Engine engine, domain::identity::SessionOptions options = {})
        : tdb(engine),
          clock(kIdentityStart),
          crypto(std::string(32, 's')),
          hasher(adapters::SodiumPasswordHasher::Strength::kTestOnly),
          audit(tdb.db(), crypto, clock),
          unit_repo(tdb.db(), crypto, clock),
          identity_repo(tdb.db(), crypto, clock),
          org(unit_repo),
          accounts(identity_repo, unit_repo, hasher, crypto, policy, qr, clock),
          sessions(identity_repo, accounts, hasher, crypto, clock, options),
          access(unit_repo) {}

    TestDatabase tdb;
    core::ManualClock clock;
    adapters::SodiumCrypto crypto;
    adapters::SodiumPasswordHasher hasher;
    adapters::QrEncodeRenderer qr;
    domain::identity::PasswordPolicy policy;
    persistence::SqlAuditLog audit;
    persistence::SqlUnitRepository unit_repo;
    persistence::SqlIdentityRepository identity_repo;
    domain::org::OrgService org;
    domain::identity::AccountService accounts;
    domain::identity::SessionService sessions;
    domain::identity::AccessControl access;
};

inline domain::audit::Actor TestActor() {
    return domain::audit::Actor{std::nullopt, std::nullopt, "192.0.2.10", "req-test"};
}

}  // namespace mocua::testing
