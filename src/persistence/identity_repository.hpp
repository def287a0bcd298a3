#pragma once
// SOCI implementation of domain::identity::IdentityRepository, for SQLite and PostgreSQL. Session and
// API-token look-ups (every request) use cached prepared statements. Writes append their audit
// entries in the same transaction (persistence/audit_repository.hpp).
#include "core/clock.hpp"
#include "domain/identity/repository.hpp"

namespace mocua::db {
class Database;
}

namespace mocua::persistence {

class SqlIdentityRepository final : public domain::identity::IdentityRepository {
public:
    SqlIdentityRepository(db::Database& db, const domain::audit::Sha256Hasher& hasher,
                          const core::Clock& clock)
        : db_(db), hasher_(hasher), clock_(clock) {}

    std::optional<domain::identity::Account> FindAccount(std::int64_t id) override;
    std::optional<domain::identity::Account> FindAccountByEmailKey(std::string_view email_key) override;
    std::optional<domain::identity::Account> FindAccountByCccd(std::string_view cccd) override;
    std::optional<std::pair<domain::identity::Account, std::string>> FindCredentials(
        std::string_view email_key) override;
    std::vector<domain::identity::Account> ListAccounts(
        const domain::identity::AccountFilter& filter) override;
    std::vector<domain::identity::Grant> GrantsOf(std::int64_t account_id) override;
    std::optional<domain::identity::SessionRecord> FindSession(std::string_view token_hash) override;
    void TouchSession(std::int64_t session_id) override;
    std::optional<domain::identity::ApiTokenRecord> FindApiToken(std::string_view token_hash) override;
    void TouchApiToken(std::int64_t token_id) override;
    std::vector<domain::identity::ApiTokenRecord> ApiTokensOf(std::int64_t account_id) override;
    int CountFailuresForAccount(std::int64_t account_id, std::string_view since) override;
    int CountFailuresForIp(std::string_view ip, std::string_view since) override;
    std::optional<domain::identity::TotpRecord> FindTotp(std::int64_t account_id) override;
    int UnusedRecoveryCodes(std::int64_t account_id) override;
    core::Result<void> Write(
        const std::function<core::Result<void>(domain::identity::IdentityWriter&)>& f) override;

private:
    db::Database& db_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
};

}  // namespace mocua::persistence
