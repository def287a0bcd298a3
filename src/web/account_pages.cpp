#include "web/account_pages.hpp"

#include <openssl/evp.h>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "domain/identity/crypto.hpp"
#include "domain/identity/identity_service.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace id = domain::identity;

const InputSpec kTotpCode{.id = "code",
                          .label_key = "auth.field_totp_code",
                          .hint_key = "auth.field_totp_code_hint",
                          .autocomplete = "one-time-code",
                          .inputmode = "numeric",
                          .width = "10"};
const InputSpec kCurrentPassword{.id = "current",
                                 .label_key = "auth.field_current_password",
                                 .type = "password",
                                 .autocomplete = "current-password",
                                 .width = "20"};
const InputSpec kNewPassword{.id = "password",
                             .label_key = "auth.field_new_password",
                             .hint_key = "auth.field_new_password_hint",
                             .type = "password",
                             .autocomplete = "new-password",
                             .width = "20"};

struct Deps {
    const Shell* shell;
    id::AccountService* accounts;
    const id::Crypto* sealer;
};

std::string Base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

http::Response Failed(const http::Request& request, std::string_view what, const core::Error& error) {
    log::Get("web")->error("request_id={} {} failed: {}", request.request_id, what, error.message);
    return http::Response::Empty(500);
}

// ---- My account ---------------------------------------------------------------------------------

http::Response AccountPage(const Deps& d, http::Request& request) {
    auto account = d.accounts->Get(request.principal->account_id);
    if (!account.ok()) return http::Response::Empty(404);
    const Language language = d.shell->LanguageOf(request);
    nlohmann::json roles = nlohmann::json::array();
    for (const auto& role : request.principal->roles) {
        const std::string key = "roles." + role;
        roles.push_back(d.shell->catalog().Find(language, key) ? d.shell->catalog().Get(language, key)
                                                               : role);
    }
    nlohmann::json data;
    data["account"] = {{"name", account->display_name},
                       {"email", account->email},
                       {"kind", d.shell->catalog().Get(language, "auth.kind_" + request.principal->kind)},
                       {"roles", roles},
                       {"has_roles", !roles.empty()},
                       {"has_password", account->has_password},
                       {"totp_enabled", account->totp_enabled}};
    return d.shell->Page(request, "auth/account", "auth.account_title", std::move(data));
}

// ---- Two-step verification ----------------------------------------------------------------------

// The set-up page for a proposal; the form carries the proposal's sealed secret and the account, sealed
// again with the web-state key (so it expires and cannot be moved to another account).
http::Response TwoFactorPage(const Deps& d, const http::Request& request, const id::TotpEnrolment& proposal,
                             const FormErrors& errors, int status) {
    const Language language = d.shell->LanguageOf(request);
    const Catalog& catalog = d.shell->catalog();
    nlohmann::json data;
    data["secret"] = proposal.secret;
    data["qr_src"] = "data:image/svg+xml;base64," + Base64(proposal.qr_svg);
    data["enrolment"] = SealState(*d.sealer, d.shell->clock(),
                                  {{"a", request.principal->account_id}, {"k", proposal.sealed_secret}});
    data["required"] = !request.principal->required_step.empty();
    data["form"] = {{"code", InputField(kTotpCode, "", errors, catalog, language)}};
    data["errors"] = errors.ToJson(catalog, language);
    return d.shell->Page(request, "auth/two-factor", "auth.two_factor_title", std::move(data), status);
}

http::Response TwoFactorOnPage(const Deps& d, const http::Request& request, std::int64_t account_id) {
    nlohmann::json data;
    data["unused_codes"] =
        d.shell->catalog().Format(d.shell->LanguageOf(request), "auth.two_factor_on_codes",
                                  {{"count", std::to_string(d.accounts->UnusedRecoveryCodes(account_id))}});
    return d.shell->Page(request, "auth/two-factor-on", "auth.two_factor_on_title", std::move(data));
}

// Shows a new proposal each time (nothing is stored until the code is confirmed).
http::Response GetTwoFactor(const Deps& d, http::Request& request) {
    const std::int64_t account_id = request.principal->account_id;
    auto proposal = d.accounts->ProposeTotp(account_id);
    if (!proposal.ok()) {
        if (proposal.error().message == "totp.already_enabled")
            return TwoFactorOnPage(d, request, account_id);
        if (proposal.error().message == "account.not_found") return http::Response::Empty(404);
        return Failed(request, "TOTP proposal", proposal.error());
    }
    return TwoFactorPage(d, request, *proposal, {}, 200);
}

http::Response PostTwoFactor(const Deps& d, http::Request& request, const FormData& form) {
    const std::int64_t account_id = request.principal->account_id;
    const auto state = OpenState(*d.sealer, d.shell->clock(), form.Raw("enrolment"));
    // A proposal made for another account (another tab signed in as someone else) is stale too.
    if (!state || !(*state)["a"].is_number_integer() || (*state)["a"].get<std::int64_t>() != account_id)
        return d.shell->Redirect(request, kTwoFactorPath, "flash.two_factor_expired");
    const std::string code = form.Get("code");
    FormErrors errors;
    if (code.empty()) {
        errors.Add(kTotpCode.id, "auth.error_totp_required");
    } else {
        auto codes = d.accounts->ConfirmTotp(account_id, StringAt(*state, "k"), code, ActorOf(request));
        if (codes.ok()) {
            nlohmann::json data;
            data["codes"] = codes.value();
            return d.shell->Page(request, "auth/recovery-codes", "auth.recovery_codes_title",
                                 std::move(data));
        }
        const std::string& failure = codes.error().message;
        if (failure == "totp.already_enabled")
            return d.shell->Redirect(request, "/account", "flash.two_factor_on");
        if (failure == "totp.proposal")
            return d.shell->Redirect(request, kTwoFactorPath, "flash.two_factor_expired");
        if (failure != "totp.code") return Failed(request, "TOTP confirmation", codes.error());
        errors.Add(kTotpCode.id, "auth.error_totp_invalid");
    }
    auto proposal = d.accounts->ShowTotpProposal(account_id, StringAt(*state, "k"));
    if (!proposal.ok()) return d.shell->Redirect(request, kTwoFactorPath, "flash.two_factor_expired");
    return TwoFactorPage(d, request, *proposal, errors, 422);
}

// ---- Change password ----------------------------------------------------------------------------

http::Response PasswordPage(const Deps& d, const http::Request& request, const FormErrors& errors,
                            int status) {
    const Language language = d.shell->LanguageOf(request);
    const Catalog& catalog = d.shell->catalog();
    nlohmann::json data;
    data["required"] = !request.principal->required_step.empty();
    data["form"] = {{"current", InputField(kCurrentPassword, "", errors, catalog, language)},
                    {"password", InputField(kNewPassword, "", errors, catalog, language)}};
    data["errors"] = errors.ToJson(catalog, language);
    return d.shell->Page(request, "auth/password", "auth.password_title", std::move(data), status);
}

// Policy and check failures of AccountService::ChangePassword → (field, message key, status).
struct PasswordRefusal {
    std::string field;
    const char* key;
    int status;
};

std::optional<PasswordRefusal> PasswordRefusalFor(const std::string& code) {
    if (code == "password.wrong")
        return PasswordRefusal{kCurrentPassword.id, "auth.error_current_wrong", 422};
    if (code == "password.too_short")
        return PasswordRefusal{kNewPassword.id, "auth.error_password_short", 422};
    if (code == "password.too_long") return PasswordRefusal{kNewPassword.id, "auth.error_password_long", 422};
    if (code == "password.common") return PasswordRefusal{kNewPassword.id, "auth.error_password_common", 422};
    return std::nullopt;
}

http::Response PostPassword(const Deps& d, http::Request& request, const FormData& form) {
    const std::string current = form.Raw("current");
    const std::string next = form.Raw("password");
    FormErrors errors;
    if (current.empty()) errors.Add(kCurrentPassword.id, "auth.error_current_required");
    if (next.empty()) errors.Add(kNewPassword.id, "auth.error_new_password_required");
    if (!current.empty() && !next.empty() && current == next)
        errors.Add(kNewPassword.id, "auth.error_password_same");
    if (!errors.empty()) return PasswordPage(d, request, errors, 422);
    auto changed = d.accounts->ChangePassword(request.principal->account_id, current, next, ActorOf(request));
    if (changed.ok()) {
        // A required two-step set-up comes next; the pipeline sends the user there from /account.
        return d.shell->Redirect(request, "/account", "flash.password_changed");
    }
    const auto refusal = PasswordRefusalFor(changed.error().message);
    if (!refusal) return Failed(request, "password change", changed.error());
    errors.Add(refusal->field, refusal->key);
    return PasswordPage(d, request, errors, refusal->status);
}

}  // namespace

std::string RequiredStep(bool must_change_password, bool needs_two_factor) {
    if (must_change_password) return kChangePasswordPath;
    if (needs_two_factor) return kTwoFactorPath;
    return "";
}

void RegisterAccountPages(http::Router& router, const app::Services& services) {
    const Deps d{services.web, services.accounts, services.sealer};
    const Shell* shell = d.shell;
    const http::RouteOptions step{.before_required_step = true};

    router.Get("/account", http::Access::SignedIn(),
               [d](http::Request& request) { return AccountPage(d, request); });
    router.Get(
        kTwoFactorPath, http::Access::SignedIn(),
        [d](http::Request& request) { return GetTwoFactor(d, request); }, step);
    shell->PostForm(
        router, kTwoFactorPath, http::Access::SignedIn(),
        [d](http::Request& request, const FormData& form) { return PostTwoFactor(d, request, form); }, step);
    router.Get(
        kChangePasswordPath, http::Access::SignedIn(),
        [d](http::Request& request) { return PasswordPage(d, request, {}, 200); }, step);
    shell->PostForm(
        router, kChangePasswordPath, http::Access::SignedIn(),
        [d](http::Request& request, const FormData& form) { return PostPassword(d, request, form); }, step);
}

}  // namespace mocua::web
