#pragma once
// Where accounts, grants, sessions, API tokens and second factors are stored (port; the SOCI
// implementation is persistence/identity_repository.hpp). Tokens and codes arrive here already
// hashed: the store never sees a secret in the clear.
//
// Every method throws on database failure. Write() runs one transaction: the changes made through
// the IdentityWriter and the audit entries it appends commit together, or not at all.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/identity/accounts.hpp"

namespace mocua::domain::identity {

struct SessionRecord {
    std::int64_t id = 0;
    std::int64_t account_id = 0;
    std::string created_at;  // FormatUtc
    std::string last_seen_at;
    bool revoked = false;
};

struct ApiTokenRecord {
    std::int64_t id = 0;
    std::int64_t account_id = 0;
    std::string label;
    std::string created_at;
    std::optional<std::string> expires_at;
    std::optional<std::string> last_used_at;
    bool revoked = false;
};

struct TotpRecord {
    std::string sealed_secret;
    bool confirmed = false;
    std::int64_t last_step = -1;
};

struct AccountFilter {
    std::string query;  // matched against the folded name and the e-mail key; "" for all
    std::optional<AccountKind> kind;
    int limit = 50;
    int offset = 0;
};

class IdentityWriter {
public:
    virtual ~IdentityWriter() = default;
    virtual std::optional<Account> FindAccount(std::int64_t id) = 0;
    virtual std::optional<Account> FindAccountByEmailKey(std::string_view email_key) = 0;
    virtual std::optional<Account> FindAccountByCccd(std::string_view cccd) = 0;
    virtual std::int64_t InsertAccount(const Profile& profile, std::string_view email_key,
                                       const std::optional<std::string>& password_hash,
                                       bool must_change_password) = 0;
    virtual void UpdatePassword(std::int64_t account_id, const std::string& password_hash,
                                bool must_change_password) = 0;
    virtual void SetDisabled(std::int64_t account_id, bool disabled) = 0;

    // False when the grant already exists / did not exist.
    virtual bool InsertGrant(std::int64_t account_id, std::string_view role, std::int64_t unit_id) = 0;
    virtual bool DeleteGrant(std::int64_t account_id, std::string_view role, std::int64_t unit_id) = 0;

    virtual std::int64_t InsertSession(std::string_view token_hash, std::int64_t account_id,
                                       std::string_view ip) = 0;
    // Revokes the session with this hash; false when none is active. Sets *account_id when found.
    virtual bool RevokeSession(std::string_view token_hash, std::int64_t* account_id) = 0;
    virtual int RevokeAllSessions(std::int64_t account_id) = 0;

    virtual std::int64_t InsertApiToken(std::string_view token_hash, std::int64_t account_id,
                                        std::string_view label,
                                        const std::optional<std::string>& expires_at) = 0;
    virtual bool RevokeApiToken(std::int64_t account_id, std::int64_t token_id) = 0;
    virtual int RevokeAllApiTokens(std::int64_t account_id) = 0;

    virtual void RecordLoginFailure(std::optional<std::int64_t> account_id, std::string_view ip) = 0;

    virtual std::optional<TotpRecord> FindTotp(std::int64_t account_id) = 0;
    // Replaces any credential with a new, unconfirmed one.
    virtual void PutTotp(std::int64_t account_id, std::string_view sealed_secret) = 0;
    virtual void ConfirmTotp(std::int64_t account_id) = 0;
    // Moves last_step forward to `step` only if it is behind it; false when another request got there
    // first (the code was already used).
    virtual bool AdvanceTotpStep(std::int64_t account_id, std::int64_t step) = 0;
    virtual void DeleteTotp(std::int64_t account_id) = 0;
    virtual void ReplaceRecoveryCodes(std::int64_t account_id,
                                      const std::vector<std::string>& code_hashes) = 0;
    // Marks an unused code used; false when there is no such unused code.
    virtual bool UseRecoveryCode(std::int64_t account_id, std::string_view code_hash) = 0;

    // Identities at an external provider (e-ID): the linked account, link, and last use.
    virtual std::optional<std::int64_t> FindExternalIdentity(std::string_view issuer,
                                                             std::string_view subject) = 0;
    virtual void LinkExternalIdentity(std::string_view issuer, std::string_view subject,
                                      std::int64_t account_id) = 0;
    virtual void TouchExternalIdentity(std::string_view issuer, std::string_view subject) = 0;

    virtual void Audit(const audit::Event& event) = 0;
};

class IdentityRepository {
public:
    virtual ~IdentityRepository() = default;
    virtual std::optional<Account> FindAccount(std::int64_t id) = 0;
    virtual std::optional<Account> FindAccountByEmailKey(std::string_view email_key) = 0;
    virtual std::optional<Account> FindAccountByCccd(std::string_view cccd) = 0;
    // For the sign-in path: the account and its password hash.
    virtual std::optional<std::pair<Account, std::string>> FindCredentials(std::string_view email_key) = 0;
    virtual std::vector<Account> ListAccounts(const AccountFilter& filter) = 0;
    virtual std::vector<Grant> GrantsOf(std::int64_t account_id) = 0;

    // Hot path (every request): prepared statements.
    virtual std::optional<SessionRecord> FindSession(std::string_view token_hash) = 0;
    virtual void TouchSession(std::int64_t session_id) = 0;
    virtual std::optional<ApiTokenRecord> FindApiToken(std::string_view token_hash) = 0;
    virtual void TouchApiToken(std::int64_t token_id) = 0;
    virtual std::vector<ApiTokenRecord> ApiTokensOf(std::int64_t account_id) = 0;

    // Failed sign-ins since `since` (FormatUtc).
    virtual int CountFailuresForAccount(std::int64_t account_id, std::string_view since) = 0;
    virtual int CountFailuresForIp(std::string_view ip, std::string_view since) = 0;

    virtual std::optional<TotpRecord> FindTotp(std::int64_t account_id) = 0;
    virtual int UnusedRecoveryCodes(std::int64_t account_id) = 0;

    virtual core::Result<void> Write(const std::function<core::Result<void>(IdentityWriter&)>& f) = 0;
};

}  // namespace mocua::domain::identity
