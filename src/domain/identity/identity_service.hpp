#pragma once
// The identity services the pages, the API, OIDC login and route access rules build on:
//
//   AccountService  accounts, passwords, disabling, role grants, TOTP enrolment and recovery codes
//   SessionService  sign-in with throttling, database sessions, sign out (everywhere), API tokens
//   AccessControl   Can(principal, role, unit, as_of): does the account hold the role at that unit
//                   or above it?
//
// Every state change is audited in the same transaction (domain/audit/audit.hpp); each call that
// changes state takes the audit::Actor that asks for it.
//
// Errors: core::Error with a stable rule code as message (safe to log, mapped to text by the pages):
//   kInvalidArgument  profile and password rules (accounts.hpp), "role.unknown", "role.staff_only",
//                     "role.kind" (citizen/business role on the wrong kind), "totp.code",
//                     "token.expiry"
//   kNotFound         "account.not_found", "unit.not_found", "totp.not_enrolled", "token.not_found"
//   kConflict         "email.taken", "cccd.taken", "totp.already_enabled"
//   kUnauthenticated  "login.invalid" (unknown e-mail or wrong password: the same answer for both),
//                     "login.mfa_required" (password right; ask for the code), "login.mfa_invalid",
//                     "password.wrong" (ChangePassword)
//   kForbidden        "login.disabled"
//   kRateLimited      "login.account_locked", "login.ip_locked"
// Thread-safety: the services are safe to call concurrently when their dependencies are (the
// production ones are).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/identity/accounts.hpp"
#include "domain/identity/crypto.hpp"
#include "domain/identity/repository.hpp"
#include "domain/org/units.hpp"

namespace mocua::domain::identity {

// ---- Accounts -----------------------------------------------------------------------------------

struct CreatedAccount {
    Account account;
    std::string one_time_password;  // generated when none was given (must be changed at first sign-in)
};

// What an external identity provider (the national e-ID, OIDC) vouches for, after the ID token was
// verified. `cccd` as the provider sent it (validated here).
struct ExternalClaims {
    std::string issuer;
    std::string subject;
    std::optional<std::string> name;
    std::optional<std::string> email;
    std::optional<std::string> cccd;
};

struct TotpEnrolment {
    std::string secret;         // base32, for typing into an app by hand
    std::string otpauth_uri;    // for the QR code
    std::string qr_svg;         // standalone SVG of the URI
    std::string sealed_secret;  // the secret sealed with the installation key, handed back to Confirm
};

struct AccountServiceOptions {
    std::string totp_issuer = "Mo Cua";  // shown in authenticator apps
};

class AccountService {
public:
    AccountService(IdentityRepository& repository, org::UnitRepository& units, const PasswordHasher& hasher,
                   const Crypto& crypto, const PasswordPolicy& policy, const QrRenderer& qr,
                   const core::Clock& clock, AccountServiceOptions options = {});

    // Validates the profile and the password (when given; otherwise generates a one-time password
    // that must be changed at first sign-in), and creates the account. Audited "account.create".
    core::Result<CreatedAccount> Create(Profile profile, const std::optional<std::string>& password,
                                        const audit::Actor& actor);
    core::Result<Account> Get(std::int64_t id);
    core::Result<Account> FindByEmail(std::string_view email);
    // For e-ID (OIDC) account linking: the account holding this 12-digit CCCD number.
    core::Result<Account> FindByCccd(std::string_view cccd);
    std::vector<Account> List(const AccountFilter& filter);

    // A new generated one-time password; every session and API token of the account is revoked.
    // Audited "account.password_reset".
    core::Result<std::string> ResetPassword(std::int64_t account_id, const audit::Actor& actor);
    // The account's own change: checks the current password and the policy; other sessions stay.
    // Audited "account.password_change".
    core::Result<void> ChangePassword(std::int64_t account_id, std::string_view current,
                                      std::string_view next, const audit::Actor& actor);
    // Disabling revokes every session and API token. Audited "account.disable" / "account.enable".
    core::Result<void> SetDisabled(std::int64_t account_id, bool disabled, const audit::Actor& actor);

    // Grants `role` within the subtree of `unit_id`. Staff-only roles need a staff account; "citizen"
    // and "business" match the account kind. Idempotent. Audited "role.grant" / "role.revoke".
    core::Result<void> GrantRole(std::int64_t account_id, std::string_view role, std::int64_t unit_id,
                                 const audit::Actor& actor);
    core::Result<void> RevokeRole(std::int64_t account_id, std::string_view role, std::int64_t unit_id,
                                  const audit::Actor& actor);
    std::vector<Grant> Grants(std::int64_t account_id);

    // TOTP (RFC 6238). Propose makes a new secret and writes nothing (showing the set-up page is
    // safe to repeat); Confirm takes the proposal's sealed secret back with a first code from the
    // app, stores the credential and returns 10 one-time recovery codes (shown once; stored hashed).
    // Errors "totp.already_enabled", "totp.proposal" (not sealed by this installation), "totp.code".
    // Audited "totp.enable".
    core::Result<TotpEnrolment> ProposeTotp(std::int64_t account_id);
    // The same proposal shown again (after a wrong code), from its sealed secret. "totp.proposal".
    core::Result<TotpEnrolment> ShowTotpProposal(std::int64_t account_id, std::string_view sealed_secret);
    core::Result<std::vector<std::string>> ConfirmTotp(std::int64_t account_id,
                                                       std::string_view sealed_secret, std::string_view code,
                                                       const audit::Actor& actor);
    // Checks a TOTP code (±1 step, never a step already used) or an unused recovery code
    // ("XXXX-XXXX-XXXX-XXXX", case and dashes ignored). Errors "totp.not_enrolled", "login.mfa_invalid".
    // Audited "totp.recovery_code_used" when a recovery code is spent.
    core::Result<void> VerifySecondFactor(std::int64_t account_id, std::string_view code,
                                          const audit::Actor& actor);
    // An administrator removes the credential and recovery codes (the user enrols again).
    // Audited "totp.reset".
    core::Result<void> ResetTotp(std::int64_t account_id, const audit::Actor& actor);
    int UnusedRecoveryCodes(std::int64_t account_id);

    // The account for an identity vouched for by an external provider (external_identity.cpp):
    //   1. linked before by (issuer, subject) → that account (the CCCD, when sent, must still match);
    //   2. else an account holding the CCCD → linked now ("account.external_link");
    //   3. else a new citizen account with no password, the citizen role at the top unit in force
    //      today, and the link ("account.create" with via=external).
    // Staff never sign in this way. Errors (kForbidden): "external.no_cccd" (case 2/3 without a valid
    // CCCD), "external.staff", "external.cccd_mismatch", "login.disabled".
    core::Result<Account> ResolveExternal(const ExternalClaims& claims, const audit::Actor& actor);

    const PasswordPolicy& policy() const { return policy_; }

private:
    std::string GeneratePassword() const;

    IdentityRepository& repository_;
    org::UnitRepository& units_;
    const PasswordHasher& hasher_;
    const Crypto& crypto_;
    const PasswordPolicy& policy_;
    const QrRenderer& qr_;
    const core::Clock& clock_;
    AccountServiceOptions options_;
};

// ---- Sessions and API tokens --------------------------------------------------------------------

struct SessionOptions {
    std::chrono::seconds idle_timeout{std::chrono::minutes(30)};
    std::chrono::seconds absolute_timeout{std::chrono::hours(12)};
    int max_failures_per_account_hour = 100;
    int max_failures_per_ip_hour = 300;
    bool require_staff_totp = true;  // staff without TOTP get Principal::mfa_enrolment_required
};

// Who is making a request, as the HTTP edge learns from a session cookie or a bearer token.
struct Principal {
    enum class Via { kSession, kApiToken };
    std::int64_t account_id = 0;
    AccountKind kind = AccountKind::kCitizen;
    Via via = Via::kSession;
    std::int64_t credential_id = 0;  // the session or token id (for logs and audit)
    bool must_change_password = false;
    bool mfa_enrolment_required = false;  // staff without a confirmed TOTP credential (when required)
    std::vector<Grant> grants;
};

struct SignInRequest {
    std::string email;
    std::string password;
    std::string second_factor;  // TOTP or recovery code; "" on the first try
    std::string ip;
    std::string request_id;
};

struct SignedIn {
    std::string session_token;  // for the cookie; shown nowhere else
    Principal principal;
};

struct CreatedApiToken {
    std::int64_t id = 0;
    std::string token;  // "mct_…", shown once
    std::optional<std::string> expires_at;
};

class SessionService {
public:
    SessionService(IdentityRepository& repository, AccountService& accounts, const PasswordHasher& hasher,
                   const Crypto& crypto, const core::Clock& clock, SessionOptions options);

    // Throttling first (per IP, then per account; refusals audited "login.throttled"), then the
    // password (failures recorded and audited "login.failure"; reaching the account limit audited
    // "login.lock"), the disabled flag, and the second factor when the account has TOTP. Success
    // creates a session, audited "login.success".
    core::Result<SignedIn> SignIn(const SignInRequest& request);

    // A session for an account whose identity was proven elsewhere (e-ID / OIDC login): no password,
    // no throttling, no second factor here. `method` ("oidc") is recorded in the audit entry
    // "login.success". Errors: "account.not_found", "login.disabled".
    core::Result<SignedIn> StartSession(std::int64_t account_id, std::string_view method,
                                        const audit::Actor& actor);

    // The principal of a session token, or nullopt when unknown, revoked, idle longer than
    // idle_timeout, older than absolute_timeout, or its account is disabled. Refreshes last_seen
    // (at most once a minute, so reads stay cheap). A session idle for idle_timeout, or as old as
    // absolute_timeout, has expired.
    std::optional<Principal> Authenticate(std::string_view session_token);
    // Audited "logout". Unknown tokens are ignored.
    core::Result<void> SignOut(std::string_view session_token, const audit::Actor& actor);
    // Revokes every session of the account. Audited "logout.everywhere". Returns the number revoked.
    core::Result<int> SignOutEverywhere(std::int64_t account_id, const audit::Actor& actor);

    // A personal API token acting with the account's roles; `expires_in_days` 1..3650 or none.
    // Audited "token.create".
    core::Result<CreatedApiToken> CreateApiToken(std::int64_t account_id, std::string_view label,
                                                 std::optional<int> expires_in_days,
                                                 const audit::Actor& actor);
    // Audited "token.revoke".
    core::Result<void> RevokeApiToken(std::int64_t account_id, std::int64_t token_id,
                                      const audit::Actor& actor);
    std::vector<ApiTokenRecord> ApiTokens(std::int64_t account_id);
    // The principal of an `Authorization: Bearer` token; nullopt when unknown, revoked, expired or
    // the account is disabled.
    std::optional<Principal> AuthenticateBearer(std::string_view token);

    const SessionOptions& options() const { return options_; }

private:
    std::optional<Principal> PrincipalFor(std::int64_t account_id, Principal::Via via,
                                          std::int64_t credential_id);
    std::string TokenHash(std::string_view token) const;

    IdentityRepository& repository_;
    AccountService& accounts_;
    const PasswordHasher& hasher_;
    const Crypto& crypto_;
    const core::Clock& clock_;
    SessionOptions options_;
    std::string dummy_hash_;  // verified against when the e-mail is unknown, so timing does not tell
};

// ---- Access control -----------------------------------------------------------------------------

class AccessControl {
public:
    explicit AccessControl(org::UnitRepository& units) : units_(units) {}

    // True when the principal holds `role` at a unit that, on `as_of` ("YYYY-MM-DD"), is valid and is
    // `unit_id` itself, one of its ancestors, or — for units that were merged — a successor (effective
    // on or before `as_of`) of the unit or of one of its ancestors, or an ancestor of such a successor.
    // So an officer of phường Quảng Trị (from 2025-07-01) may act on a 2024 dossier of Phường 1, which it
    // succeeded, while an officer of the abolished thị xã may no longer act anywhere after 2025-06-30.
    // Throws on database failure.
    bool Can(const Principal& principal, std::string_view role, std::int64_t unit_id,
             const std::string& as_of);
    // Same, for any of the roles.
    bool CanAny(const Principal& principal, const std::vector<std::string_view>& roles, std::int64_t unit_id,
                const std::string& as_of);

private:
    org::UnitRepository& units_;
};

}  // namespace mocua::domain::identity
