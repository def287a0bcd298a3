// AccountService::ResolveExternal: linking identities of the national e-ID (OIDC) to accounts.
// Decisions (docs/adr/0030-oidc-login.md): the provider's (issuer, subject) is the stable key once
// linked; the CCCD (citizen ID number) is how a first sign-in finds an existing account; new e-ID
// citizens get an account with no password (they always sign in through the e-ID) and the citizen
// role at the top unit in force, so citizen pages open for them at once.
#include <algorithm>
#include <chrono>

#include "core/text/text.hpp"
#include "core/text/validation.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"

namespace mocua::domain::identity {

namespace {

using core::Error;
using core::ErrorCode;

Error Forbidden(std::string code) { return Error{ErrorCode::kForbidden, std::move(code)}; }

// An address that can never receive mail (RFC 2606 .invalid), for e-ID citizens whose provider
// sent no e-mail: the column is required and unique, and mail code skips .invalid.
std::string PlaceholderEmail(const std::string& cccd) { return "eid-" + cccd + "@vneid.invalid"; }

// The unit where new e-ID citizens get the citizen role: the top unit in force today (the one with
// no parent in force), the smallest code when there are several; nullopt when there is none.
std::optional<std::int64_t> TopUnitToday(org::UnitRepository& units, core::TimePoint now) {
    const std::string today = org::DateOf(now + std::chrono::hours(7));  // Vietnam, UTC+7
    const auto valid = units.ValidOn(today);
    std::optional<org::Unit> best;
    for (const auto& u : valid) {
        const bool has_parent_in_force =
            u.parent_id &&
            std::any_of(valid.begin(), valid.end(), [&](const org::Unit& p) { return p.id == *u.parent_id; });
        if (has_parent_in_force) continue;
        if (!best || u.code < best->code) best = u;
    }
    if (!best) return std::nullopt;
    return best->id;
}

}  // namespace

core::Result<Account> AccountService::ResolveExternal(const ExternalClaims& claims,
                                                      const audit::Actor& actor) {
    std::optional<std::string> cccd;
    if (claims.cccd) {
        const std::string cleaned = core::text::CleanInput(*claims.cccd);
        if (core::text::ValidateCccd(cleaned).ok()) cccd = cleaned;
    }
    const auto top_unit = TopUnitToday(units_, clock_.Now());
    std::int64_t account_id = 0;
    auto written = repository_.Write([&](IdentityWriter& w) -> core::Result<void> {
        const std::string target_details = "issuer=" + claims.issuer;
        if (auto linked = w.FindExternalIdentity(claims.issuer, claims.subject)) {
            auto account = w.FindAccount(*linked);
            if (!account) return Error::Internal("external identity linked to a missing account");
            if (account->kind == AccountKind::kStaff) return Forbidden("external.staff");
            if (account->disabled) return Forbidden("login.disabled");
            if (cccd && account->cccd && *account->cccd != *cccd) return Forbidden("external.cccd_mismatch");
            w.TouchExternalIdentity(claims.issuer, claims.subject);
            account_id = account->id;
            return {};
        }
        if (!cccd) return Forbidden("external.no_cccd");
        if (auto holder = w.FindAccountByCccd(*cccd)) {
            if (holder->kind == AccountKind::kStaff) return Forbidden("external.staff");
            if (holder->disabled) return Forbidden("login.disabled");
            w.LinkExternalIdentity(claims.issuer, claims.subject, holder->id);
            w.Audit({actor, "account.external_link", "account", std::to_string(holder->id), target_details});
            account_id = holder->id;
            return {};
        }
        Profile profile;
        profile.kind = AccountKind::kCitizen;
        profile.display_name = claims.name.value_or("");
        profile.cccd = cccd;
        profile.email = claims.email.value_or("");
        auto valid = ValidateProfile(profile);
        // The provider's e-mail may be missing, malformed or already used by another account.
        if (!valid.ok() || w.FindAccountByEmailKey(EmailKey(valid->email))) {
            profile.email = PlaceholderEmail(*cccd);
            valid = ValidateProfile(profile);
        }
        if (!valid.ok()) return valid.error();
        account_id = w.InsertAccount(*valid, EmailKey(valid->email), std::nullopt, false);
        w.Audit(
            {actor, "account.create", "account", std::to_string(account_id), "kind=citizen via=external"});
        if (top_unit && w.InsertGrant(account_id, kRoleCitizen, *top_unit)) {
            w.Audit({actor, "role.grant", "account", std::to_string(account_id),
                     "role=citizen unit=" + std::to_string(*top_unit)});
        }
        w.LinkExternalIdentity(claims.issuer, claims.subject, account_id);
        w.Audit({actor, "account.external_link", "account", std::to_string(account_id), target_details});
        return {};
    });
    if (!written.ok()) return written.error();
    auto account = repository_.FindAccount(account_id);
    if (!account) return Error::Internal("account vanished after e-ID sign-in");
    return *account;
}

}  // namespace mocua::domain::identity
