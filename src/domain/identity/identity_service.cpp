#include "domain/identity/identity_service.hpp"

#include <algorithm>
#include <set>

#include "core/strings.hpp"
#include "core/text/text.hpp"
#include "domain/identity/totp.hpp"

namespace mocua::domain::identity {

namespace {

using core::Error;
using core::ErrorCode;

constexpr int kRecoveryCodes = 10;
constexpr std::size_t kTotpSecretBytes = 20;  // 160 bits, as RFC 4226 recommends

Error Unauthenticated(std::string code) { return Error{ErrorCode::kUnauthenticated, std::move(code)}; }
Error Forbidden(std::string code) { return Error{ErrorCode::kForbidden, std::move(code)}; }
Error RateLimited(std::string code) { return Error{ErrorCode::kRateLimited, std::move(code)}; }

std::string Id(std::int64_t id) { return std::to_string(id); }

// Recovery codes: 16 base32 characters (80 bits) shown as XXXX-XXXX-XXXX-XXXX; compared without dashes,
// spaces and case.
std::string NormalizeRecoveryCode(std::string_view code) {
    std::string out;
    for (char c : code) {
        if (c == '-' || c == ' ') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        out += c;
    }
    return out;
}

std::string Grouped(std::string_view s, std::size_t group) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i > 0 && i % group == 0) out += '-';
        out += s[i];
    }
    return out;
}

}  // namespace

// ---- AccountService -----------------------------------------------------------------------------

AccountService::AccountService(IdentityRepository& repository, org::UnitRepository& units,
                               const PasswordHasher& hasher, const Crypto& crypto,
                               const PasswordPolicy& policy, const QrRenderer& qr, const core::Clock& clock,
                               AccountServiceOptions options)
    : repository_(repository),
      units_(units),
      hasher_(hasher),
      crypto_(crypto),
      policy_(policy),
      qr_(qr),
      clock_(clock),
      options_(std::move(options)) {}

std::string AccountService::GeneratePassword() const {
    // 20 base32 characters (100 bits), grouped for reading aloud: "K7QX-M2PA-…".
    return Grouped(Base32(crypto_.RandomBytes(13)).substr(0, 20), 4);
}

core::Result<CreatedAccount> AccountService::Create(Profile profile,
                                                    const std::optional<std::string>& password,
                                                    const audit::Actor& actor) {
    auto valid = ValidateProfile(std::move(profile));
    if (!valid.ok()) return valid.error();
    const Profile& p = valid.value();
    std::string one_time;
    if (password) {
        if (auto ok = policy_.Check(*password); !ok.ok()) return ok.error();
    } else {
        one_time = GeneratePassword();
    }
    const std::string hash = hasher_.Hash(core::text::ToNfc(password ? *password : one_time));
    const std::string key = EmailKey(p.email);
    std::int64_t id = 0;
    auto written = repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        if (w.FindAccountByEmailKey(key)) return Error::Conflict("email.taken");
        if (p.cccd && w.FindAccountByCccd(*p.cccd)) return Error::Conflict("cccd.taken");
        id = w.InsertAccount(p, key, hash, !password.has_value());
        w.Audit({actor, "account.create", "account", Id(id), "kind=" + std::string(AccountKindName(p.kind))});
        return {};
    });
    if (!written.ok()) return written.error();
    auto account = repository_.FindAccount(id);
    if (!account) return Error::Internal("account vanished after creation");
    return CreatedAccount{*account, one_time};
}

core::Result<Account> AccountService::Get(std::int64_t id) {
    auto a = repository_.FindAccount(id);
    if (!a) return Error::NotFound("account.not_found");
    return *a;
}

core::Result<Account> AccountService::FindByEmail(std::string_view email) {
    auto a = repository_.FindAccountByEmailKey(EmailKey(core::text::CleanInput(email)));
    if (!a) return Error::NotFound("account.not_found");
    return *a;
}

core::Result<Account> AccountService::FindByCccd(std::string_view cccd) {
    auto found = repository_.FindAccountByCccd(core::text::CleanInput(cccd));
    if (!found) return Error::NotFound("account.not_found");
    return *found;
}

std::vector<Account> AccountService::List(const AccountFilter& filter) {
    AccountFilter f = filter;
    f.limit = std::clamp(f.limit, 1, 500);
    f.offset = std::max(0, f.offset);
    f.query = core::text::FoldForSearch(f.query);
    return repository_.ListAccounts(f);
}

core::Result<std::string> AccountService::ResetPassword(std::int64_t account_id, const audit::Actor& actor) {
    const std::string password = GeneratePassword();
    const std::string hash = hasher_.Hash(password);
    auto written = repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        if (!w.FindAccount(account_id)) return Error::NotFound("account.not_found");
        w.UpdatePassword(account_id, hash, true);
        const int sessions = w.RevokeAllSessions(account_id);
        const int tokens = w.RevokeAllApiTokens(account_id);
        w.Audit(
            {actor, "account.password_reset", "account", Id(account_id),
             "sessions_revoked=" + std::to_string(sessions) + " tokens_revoked=" + std::to_string(tokens)});
        return {};
    });
    if (!written.ok()) return written.error();
    return password;
}

core::Result<void> AccountService::ChangePassword(std::int64_t account_id, std::string_view current,
                                                  std::string_view next, const audit::Actor& actor) {
    auto account = repository_.FindAccount(account_id);
    if (!account) return Error::NotFound("account.not_found");
    auto creds = repository_.FindCredentials(EmailKey(account->email));
    if (!creds || !hasher_.Verify(creds->second, core::text::ToNfc(current)))
        return Unauthenticated("password.wrong");
    if (auto ok = policy_.Check(next); !ok.ok()) return ok.error();
    const std::string hash = hasher_.Hash(core::text::ToNfc(next));
    return repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        w.UpdatePassword(account_id, hash, false);
        w.Audit({actor, "account.password_change", "account", Id(account_id), ""});
        return {};
    });
}

core::Result<void> AccountService::SetDisabled(std::int64_t account_id, bool disabled,
                                               const audit::Actor& actor) {
    return repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        auto a = w.FindAccount(account_id);
        if (!a) return Error::NotFound("account.not_found");
        if (a->disabled == disabled) return {};
        w.SetDisabled(account_id, disabled);
        std::string details;
        if (disabled) {
            const int sessions = w.RevokeAllSessions(account_id);
            const int tokens = w.RevokeAllApiTokens(account_id);
            details =
                "sessions_revoked=" + std::to_string(sessions) + " tokens_revoked=" + std::to_string(tokens);
        }
        w.Audit({actor, disabled ? "account.disable" : "account.enable", "account", Id(account_id), details});
        return {};
    });
}

core::Result<void> AccountService::GrantRole(std::int64_t account_id, std::string_view role,
                                             std::int64_t unit_id, const audit::Actor& actor) {
    const RoleInfo* info = FindRole(role);
    if (!info) return Error::InvalidArgument("role.unknown");
    if (!units_.Find(unit_id)) return Error::NotFound("unit.not_found");
    return repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        auto a = w.FindAccount(account_id);
        if (!a) return Error::NotFound("account.not_found");
        if (info->staff_only && a->kind != AccountKind::kStaff)
            return Error::InvalidArgument("role.staff_only");
        if ((role == kRoleCitizen && a->kind != AccountKind::kCitizen) ||
            (role == kRoleBusiness && a->kind != AccountKind::kBusiness))
            return Error::InvalidArgument("role.kind");
        if (w.InsertGrant(account_id, role, unit_id)) {
            w.Audit({actor, "role.grant", "account", Id(account_id),
                     "role=" + std::string(role) + " unit=" + Id(unit_id)});
        }
        return {};
    });
}

core::Result<void> AccountService::RevokeRole(std::int64_t account_id, std::string_view role,
                                              std::int64_t unit_id, const audit::Actor& actor) {
    if (!FindRole(role)) return Error::InvalidArgument("role.unknown");
    return repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        if (!w.FindAccount(account_id)) return Error::NotFound("account.not_found");
        if (w.DeleteGrant(account_id, role, unit_id)) {
            w.Audit({actor, "role.revoke", "account", Id(account_id),
                     "role=" + std::string(role) + " unit=" + Id(unit_id)});
        }
        return {};
    });
}

std::vector<Grant> AccountService::Grants(std::int64_t account_id) {
    return repository_.GrantsOf(account_id);
}

core::Result<TotpEnrolment> AccountService::ProposeTotp(std::int64_t account_id) {
    if (auto existing = repository_.FindTotp(account_id); existing && existing->confirmed)
        return Error::Conflict("totp.already_enabled");
    return ShowTotpProposal(account_id, crypto_.Seal(crypto_.RandomBytes(kTotpSecretBytes)));
}

core::Result<TotpEnrolment> AccountService::ShowTotpProposal(std::int64_t account_id,
                                                             std::string_view sealed_secret) {
    auto account = repository_.FindAccount(account_id);
    if (!account) return Error::NotFound("account.not_found");
    const auto secret = crypto_.Open(sealed_secret);
    if (!secret || secret->size() != kTotpSecretBytes) return Error::InvalidArgument("totp.proposal");
    TotpEnrolment e;
    e.secret = Base32(*secret);
    e.otpauth_uri = OtpAuthUri(options_.totp_issuer, account->email, e.secret);
    e.qr_svg = qr_.Svg(e.otpauth_uri);
    e.sealed_secret = std::string(sealed_secret);
    return e;
}

core::Result<std::vector<std::string>> AccountService::ConfirmTotp(std::int64_t account_id,
                                                                   std::string_view sealed_secret,
                                                                   std::string_view code,
                                                                   const audit::Actor& actor) {
    auto secret = crypto_.Open(sealed_secret);
    if (!secret || secret->size() != kTotpSecretBytes) return Error::InvalidArgument("totp.proposal");
    auto step = MatchTotp(crypto_, *secret, code, clock_.Now(), -1);
    if (!step) return Error::InvalidArgument("totp.code");
    std::vector<std::string> codes;
    std::vector<std::string> hashes;
    for (int i = 0; i < kRecoveryCodes; ++i) {
        const std::string raw = Base32(crypto_.RandomBytes(10));  // 16 characters
        codes.push_back(Grouped(raw, 4));
        hashes.push_back(core::ToHex(crypto_.Sha256(raw)));
    }
    auto written = repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        if (auto existing = w.FindTotp(account_id); existing && existing->confirmed)
            return Error::Conflict("totp.already_enabled");
        w.PutTotp(account_id, sealed_secret);
        w.AdvanceTotpStep(account_id, *step);  // the confirming code cannot sign in again
        w.ConfirmTotp(account_id);
        w.ReplaceRecoveryCodes(account_id, hashes);
        w.Audit({actor, "totp.enable", "account", Id(account_id), ""});
        return {};
    });
    if (!written.ok()) return written.error();
    return codes;
}

core::Result<void> AccountService::VerifySecondFactor(std::int64_t account_id, std::string_view code,
                                                      const audit::Actor& actor) {
    auto record = repository_.FindTotp(account_id);
    if (!record || !record->confirmed) return Error::NotFound("totp.not_enrolled");
    const std::string trimmed = core::text::CleanInput(code);
    if (trimmed.size() == static_cast<std::size_t>(kTotpDigits)) {
        auto secret = crypto_.Open(record->sealed_secret);
        if (!secret) return Error::Internal("the TOTP secret cannot be opened with this installation's key");
        auto step = MatchTotp(crypto_, *secret, trimmed, clock_.Now(), record->last_step);
        if (!step) return Unauthenticated("login.mfa_invalid");
        bool advanced = false;
        auto written = repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
            advanced = w.AdvanceTotpStep(account_id, *step);
            return {};
        });
        if (!written.ok()) return written.error();
        if (!advanced) return Unauthenticated("login.mfa_invalid");  // used by a concurrent request
        return {};
    }
    const std::string normalized = NormalizeRecoveryCode(trimmed);
    if (normalized.size() != 16) return Unauthenticated("login.mfa_invalid");
    const std::string hash = core::ToHex(crypto_.Sha256(normalized));
    bool used = false;
    auto written = repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        used = w.UseRecoveryCode(account_id, hash);
        if (used) w.Audit({actor, "totp.recovery_code_used", "account", Id(account_id), ""});
        return {};
    });
    if (!written.ok()) return written.error();
    if (!used) return Unauthenticated("login.mfa_invalid");
    return {};
}

core::Result<void> AccountService::ResetTotp(std::int64_t account_id, const audit::Actor& actor) {
    return repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        if (!w.FindAccount(account_id)) return Error::NotFound("account.not_found");
        w.DeleteTotp(account_id);
        w.ReplaceRecoveryCodes(account_id, {});
        w.Audit({actor, "totp.reset", "account", Id(account_id), ""});
        return {};
    });
}

int AccountService::UnusedRecoveryCodes(std::int64_t account_id) {
    return repository_.UnusedRecoveryCodes(account_id);
}

// ---- SessionService -----------------------------------------------------------------------------

SessionService::SessionService(IdentityRepository& repository, AccountService& accounts,
                               const PasswordHasher& hasher, const Crypto& crypto, const core::Clock& clock,
                               SessionOptions options)
    : repository_(repository),
      accounts_(accounts),
      hasher_(hasher),
      crypto_(crypto),
      clock_(clock),
      options_(options),
      dummy_hash_(hasher.Hash(core::ToHex(crypto.RandomBytes(16)))) {}

std::string SessionService::TokenHash(std::string_view token) const {
    return core::ToHex(crypto_.Sha256(token));
}

std::optional<Principal> SessionService::PrincipalFor(std::int64_t account_id, Principal::Via via,
                                                      std::int64_t credential_id) {
    auto account = repository_.FindAccount(account_id);
    if (!account || account->disabled) return std::nullopt;
    Principal p;
    p.account_id = account_id;
    p.kind = account->kind;
    p.via = via;
    p.credential_id = credential_id;
    p.must_change_password = account->must_change_password;
    p.mfa_enrolment_required =
        options_.require_staff_totp && account->kind == AccountKind::kStaff && !account->totp_enabled;
    p.grants = repository_.GrantsOf(account_id);
    return p;
}

core::Result<SignedIn> SessionService::SignIn(const SignInRequest& request) {
    const audit::Actor anonymous{std::nullopt, std::nullopt, request.ip, request.request_id};
    const std::string since = core::FormatUtc(clock_.Now() - std::chrono::hours(1));
    const auto audit_only = [&](audit::Event event) {
        (void)repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
            w.Audit(event);
            return {};
        });
    };

    if (repository_.CountFailuresForIp(request.ip, since) >= options_.max_failures_per_ip_hour) {
        audit_only({anonymous, "login.throttled", "ip", "", "reason=ip"});
        return RateLimited("login.ip_locked");
    }
    auto creds = repository_.FindCredentials(EmailKey(core::text::CleanInput(request.email)));
    if (creds && repository_.CountFailuresForAccount(creds->first.id, since) >=
                     options_.max_failures_per_account_hour) {
        audit_only({anonymous, "login.throttled", "account", Id(creds->first.id), "reason=account"});
        return RateLimited("login.account_locked");
    }

    const std::string password = core::text::ToNfc(request.password);
    const bool password_ok = creds && !creds->second.empty() ? hasher_.Verify(creds->second, password)
                                                             : (hasher_.Verify(dummy_hash_, password), false);
    const auto fail = [&](std::string reason, Error error) -> Error {
        const std::optional<std::int64_t> account_id = creds ? std::optional(creds->first.id) : std::nullopt;
        (void)repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
            w.RecordLoginFailure(account_id, request.ip);
            w.Audit({anonymous, "login.failure", account_id ? "account" : "",
                     account_id ? Id(*account_id) : "", "reason=" + reason});
            return {};
        });
        if (account_id && repository_.CountFailuresForAccount(*account_id, since) ==
                              options_.max_failures_per_account_hour) {
            audit_only({anonymous, "login.lock", "account", Id(*account_id),
                        "failures=" + std::to_string(options_.max_failures_per_account_hour)});
        }
        return error;
    };
    if (!password_ok) return fail(creds ? "password" : "unknown_email", Unauthenticated("login.invalid"));
    const Account& account = creds->first;
    if (account.disabled) return fail("disabled", Forbidden("login.disabled"));

    audit::Actor actor{account.id, std::nullopt, request.ip, request.request_id};
    if (account.totp_enabled) {
        if (request.second_factor.empty()) return Unauthenticated("login.mfa_required");
        if (auto ok = accounts_.VerifySecondFactor(account.id, request.second_factor, actor); !ok.ok()) {
            if (ok.error().code != ErrorCode::kUnauthenticated) return ok.error();
            return fail("second_factor", ok.error());
        }
    }
    if (hasher_.NeedsRehash(creds->second)) {
        const std::string rehashed = hasher_.Hash(password);
        (void)repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
            w.UpdatePassword(account.id, rehashed, account.must_change_password);
            w.Audit({actor, "account.password_rehash", "account", Id(account.id), ""});
            return {};
        });
    }

    const std::string token = "mcs_" + core::ToHex(crypto_.RandomBytes(32));
    std::int64_t session_id = 0;
    auto written = repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        session_id = w.InsertSession(TokenHash(token), account.id, request.ip);
        w.Audit({actor, "login.success", "session", Id(session_id),
                 account.totp_enabled ? "mfa=totp" : "mfa=none"});
        return {};
    });
    if (!written.ok()) return written.error();
    auto principal = PrincipalFor(account.id, Principal::Via::kSession, session_id);
    if (!principal) return Forbidden("login.disabled");
    return SignedIn{token, std::move(*principal)};
}

core::Result<SignedIn> SessionService::StartSession(std::int64_t account_id, std::string_view method,
                                                    const audit::Actor& actor) {
    const std::string token = "mcs_" + core::ToHex(crypto_.RandomBytes(32));
    std::int64_t session_id = 0;
    auto written = repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        auto account = w.FindAccount(account_id);
        if (!account) return Error::NotFound("account.not_found");
        if (account->disabled) return Forbidden("login.disabled");
        session_id = w.InsertSession(TokenHash(token), account_id, actor.ip);
        audit::Actor as_user = actor;
        as_user.account_id = account_id;
        w.Audit({as_user, "login.success", "session", Id(session_id), "method=" + std::string(method)});
        return {};
    });
    if (!written.ok()) return written.error();
    auto principal = PrincipalFor(account_id, Principal::Via::kSession, session_id);
    if (!principal) return Forbidden("login.disabled");
    return SignedIn{token, std::move(*principal)};
}

std::optional<Principal> SessionService::Authenticate(std::string_view session_token) {
    if (session_token.empty() || session_token.size() > 128) return std::nullopt;
    auto session = repository_.FindSession(TokenHash(session_token));
    if (!session || session->revoked) return std::nullopt;
    const auto now = clock_.Now();
    const auto created = core::ParseUtc(session->created_at);
    const auto last_seen = core::ParseUtc(session->last_seen_at);
    if (!created || !last_seen) return std::nullopt;
    if (now - *last_seen >= options_.idle_timeout || now - *created >= options_.absolute_timeout)
        return std::nullopt;
    if (now - *last_seen >= std::chrono::minutes(1)) repository_.TouchSession(session->id);
    return PrincipalFor(session->account_id, Principal::Via::kSession, session->id);
}

core::Result<void> SessionService::SignOut(std::string_view session_token, const audit::Actor& actor) {
    const std::string hash = TokenHash(session_token);
    return repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        std::int64_t account_id = 0;
        if (w.RevokeSession(hash, &account_id)) w.Audit({actor, "logout", "account", Id(account_id), ""});
        return {};
    });
}

core::Result<int> SessionService::SignOutEverywhere(std::int64_t account_id, const audit::Actor& actor) {
    int revoked = 0;
    auto written = repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        if (!w.FindAccount(account_id)) return Error::NotFound("account.not_found");
        revoked = w.RevokeAllSessions(account_id);
        w.Audit({actor, "logout.everywhere", "account", Id(account_id),
                 "sessions_revoked=" + std::to_string(revoked)});
        return {};
    });
    if (!written.ok()) return written.error();
    return revoked;
}

core::Result<CreatedApiToken> SessionService::CreateApiToken(std::int64_t account_id, std::string_view label,
                                                             std::optional<int> expires_in_days,
                                                             const audit::Actor& actor) {
    if (expires_in_days && (*expires_in_days < 1 || *expires_in_days > 3650))
        return Error::InvalidArgument("token.expiry");
    const std::string clean_label = core::text::CleanInput(label).substr(0, 100);
    CreatedApiToken created;
    created.token = "mct_" + core::ToHex(crypto_.RandomBytes(32));
    if (expires_in_days)
        created.expires_at = core::FormatUtc(clock_.Now() + std::chrono::days(*expires_in_days));
    auto written = repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        auto a = w.FindAccount(account_id);
        if (!a) return Error::NotFound("account.not_found");
        if (a->disabled) return Forbidden("login.disabled");
        created.id = w.InsertApiToken(TokenHash(created.token), account_id, clean_label, created.expires_at);
        w.Audit({actor, "token.create", "account", Id(account_id),
                 "token=" + Id(created.id) + (created.expires_at ? " expires=" + *created.expires_at : "")});
        return {};
    });
    if (!written.ok()) return written.error();
    return created;
}

core::Result<void> SessionService::RevokeApiToken(std::int64_t account_id, std::int64_t token_id,
                                                  const audit::Actor& actor) {
    return repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        if (!w.RevokeApiToken(account_id, token_id)) return Error::NotFound("token.not_found");
        w.Audit({actor, "token.revoke", "account", Id(account_id), "token=" + Id(token_id)});
        return {};
    });
}

std::vector<ApiTokenRecord> SessionService::ApiTokens(std::int64_t account_id) {
    return repository_.ApiTokensOf(account_id);
}

std::optional<Principal> SessionService::AuthenticateBearer(std::string_view token) {
    if (!token.starts_with("mct_") || token.size() > 128) return std::nullopt;
    auto record = repository_.FindApiToken(TokenHash(token));
    if (!record || record->revoked) return std::nullopt;
    const std::string now = core::FormatUtc(clock_.Now());
    if (record->expires_at && *record->expires_at <= now) return std::nullopt;
    repository_.TouchApiToken(record->id);
    return PrincipalFor(record->account_id, Principal::Via::kApiToken, record->id);
}

// ---- AccessControl ------------------------------------------------------------------------------

bool AccessControl::Can(const Principal& principal, std::string_view role, std::int64_t unit_id,
                        const std::string& as_of) {
    std::set<std::int64_t> candidates;
    for (const auto& g : principal.grants)
        if (g.role == role) candidates.insert(g.unit_id);
    if (candidates.empty()) return false;

    // The target, its ancestors, and (through mergers up to as_of) their successors and theirs.
    std::set<std::int64_t> reach;
    std::vector<std::int64_t> frontier{unit_id};
    std::set<std::int64_t> expanded;
    while (!frontier.empty()) {
        const std::int64_t next = frontier.back();
        frontier.pop_back();
        if (!expanded.insert(next).second) continue;
        for (const auto& u : units_.AncestorsOrSelf(next)) {
            if (candidates.contains(u.id) && u.ValidOn(as_of)) return true;
            if (reach.insert(u.id).second) {
                for (const auto& s : units_.SuccessorsOf(u.id))
                    if (s.effective_on <= as_of) frontier.push_back(s.successor_id);
            }
        }
    }
    return false;
}

bool AccessControl::CanAny(const Principal& principal, const std::vector<std::string_view>& roles,
                           std::int64_t unit_id, const std::string& as_of) {
    return std::any_of(roles.begin(), roles.end(),
                       [&](std::string_view r) { return Can(principal, r, unit_id, as_of); });
}

}  // namespace mocua::domain::identity
