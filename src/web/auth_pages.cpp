#include "web/auth_pages.hpp"

#include <optional>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "domain/audit/audit.hpp"
#include "domain/identity/crypto.hpp"
#include "domain/identity/identity_service.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/account_pages.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace id = domain::identity;

const InputSpec kEmail{.id = "email",
                       .label_key = "auth.field_email",
                       .type = "email",
                       .autocomplete = "username",
                       .width = "30"};
const InputSpec kPassword{.id = "password",
                          .label_key = "auth.field_password",
                          .type = "password",
                          .autocomplete = "current-password",
                          .width = "20"};
const InputSpec kSecondFactor{.id = "code",
                              .label_key = "auth.field_code",
                              .hint_key = "auth.field_code_hint",
                              .autocomplete = "one-time-code",
                              .width = "20"};

struct Deps {
    const Shell* shell;
    id::SessionService* sessions;
    id::AccountService* accounts;
    const id::Crypto* sealer;
    bool vneid;  // e-ID sign-in offered
};

// ---- Sign in ------------------------------------------------------------------------------------

http::Response SignInPage(const Deps& d, const http::Request& request, const std::string& email,
                          const std::string& next, const FormErrors& errors, int status) {
    const Language language = d.shell->LanguageOf(request);
    const Catalog& catalog = d.shell->catalog();
    nlohmann::json data;
    data["form"] = {{"email", InputField(kEmail, email, errors, catalog, language)},
                    {"password", InputField(kPassword, "", errors, catalog, language)}};
    data["next"] = next;
    data["vneid"] = d.vneid;
    data["errors"] = errors.ToJson(catalog, language);
    return d.shell->Page(request, "auth/sign-in", "auth.sign_in_title", std::move(data), status);
}

http::Response SecondFactorPage(const Deps& d, const http::Request& request, const std::string& pending,
                                const FormErrors& errors, int status) {
    const Language language = d.shell->LanguageOf(request);
    const Catalog& catalog = d.shell->catalog();
    nlohmann::json data;
    data["form"] = {{"code", InputField(kSecondFactor, "", errors, catalog, language)}};
    data["pending"] = pending;
    data["errors"] = errors.ToJson(catalog, language);
    return d.shell->Page(request, "auth/second-factor", "auth.second_factor_title", std::move(data), status);
}

// The session cookie and the redirect after a successful sign-in; staff who must enrol TOTP go to
// the enrolment page first.
http::Response SignedInResponse(const Deps& d, const http::Request& request, const id::SignedIn& signed_in,
                                const std::string& next) {
    const auto& p = signed_in.principal;
    const std::string step = RequiredStep(p.must_change_password, p.mfa_enrolment_required);
    const char* flash = p.must_change_password     ? "flash.change_password"
                        : p.mfa_enrolment_required ? "flash.enrol_two_factor"
                                                   : "flash.signed_in";
    http::Response r = d.shell->Redirect(request, step.empty() ? SafeNext(next) : step, flash);
    const auto max_age = d.sessions->options().absolute_timeout.count();
    r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + signed_in.session_token +
                                             "; Max-Age=" + std::to_string(max_age) +
                                             d.shell->CookieAttributes());
    return r;
}

// Maps a refusal of SignIn to the page: the key of the message and the HTTP status.
struct Refusal {
    const char* key;
    int status;
};

std::optional<Refusal> RefusalFor(const core::Error& error) {
    const std::string& code = error.message;
    if (code == "login.invalid") return Refusal{"auth.error_invalid", 401};
    if (code == "login.disabled") return Refusal{"auth.error_disabled", 403};
    if (code == "login.account_locked") return Refusal{"auth.error_account_locked", 429};
    if (code == "login.ip_locked") return Refusal{"auth.error_ip_locked", 429};
    return std::nullopt;
}

http::Response PostSignIn(const Deps& d, http::Request& request, const FormData& form) {
    const std::string email = form.Get("email");
    const std::string password = form.Raw("password");
    const std::string next = SafeNext(form.Get("next"));
    FormErrors errors;
    if (email.empty()) errors.Add(kEmail.id, "auth.error_email_required");
    if (password.empty()) errors.Add(kPassword.id, "auth.error_password_required");
    if (!errors.empty()) return SignInPage(d, request, email, next, errors, 422);

    auto result = d.sessions->SignIn(id::SignInRequest{.email = email,
                                                       .password = password,
                                                       .second_factor = "",
                                                       .ip = request.remote_address,
                                                       .request_id = request.request_id});
    if (result.ok()) return SignedInResponse(d, request, result.value(), next);
    if (result.error().message == "login.mfa_required") {
        const std::string pending =
            SealState(*d.sealer, d.shell->clock(), {{"e", email}, {"p", password}, {"n", next}});
        return SecondFactorPage(d, request, pending, {}, 200);
    }
    const auto refusal = RefusalFor(result.error());
    if (!refusal) {
        log::Get("web")->error("request_id={} sign-in failed: {}", request.request_id,
                               result.error().message);
        return http::Response::Empty(500);
    }
    errors.Add(kEmail.id, refusal->key);
    return SignInPage(d, request, email, next, errors, refusal->status);
}

http::Response PostSecondFactor(const Deps& d, http::Request& request, const FormData& form) {
    const std::string pending = form.Raw("pending");
    const auto state = OpenState(*d.sealer, d.shell->clock(), pending);
    if (!state) return d.shell->Redirect(request, "/sign-in", "flash.sign_in_expired");
    const std::string code = form.Get("code");
    FormErrors errors;
    if (code.empty()) {
        errors.Add(kSecondFactor.id, "auth.error_code_required");
        return SecondFactorPage(d, request, pending, errors, 422);
    }
    auto result = d.sessions->SignIn(id::SignInRequest{.email = StringAt(*state, "e"),
                                                       .password = StringAt(*state, "p"),
                                                       .second_factor = code,
                                                       .ip = request.remote_address,
                                                       .request_id = request.request_id});
    if (result.ok()) return SignedInResponse(d, request, result.value(), StringAt(*state, "n"));
    const std::string& failure = result.error().message;
    if (failure == "login.mfa_invalid") {
        errors.Add(kSecondFactor.id, "auth.error_code_invalid");
        return SecondFactorPage(d, request, pending, errors, 401);
    }
    if (failure == "login.account_locked" || failure == "login.ip_locked") {
        errors.Add(kSecondFactor.id,
                   failure == "login.ip_locked" ? "auth.error_ip_locked" : "auth.error_account_locked");
        return SecondFactorPage(d, request, pending, errors, 429);
    }
    // The password no longer matches or the account was disabled meanwhile: start again.
    if (RefusalFor(result.error())) return d.shell->Redirect(request, "/sign-in", "flash.sign_in_expired");
    log::Get("web")->error("request_id={} second factor failed: {}", request.request_id, failure);
    return http::Response::Empty(500);
}

// ---- Sign out -----------------------------------------------------------------------------------

std::string ClearSessionCookie(const Shell& shell) {
    return std::string(kSessionCookie) + "=; Max-Age=0" + shell.CookieAttributes();
}

http::Response PostSignOut(const Deps& d, http::Request& request, const FormData&) {
    if (auto token = CookieValue(request, kSessionCookie); token && !token->empty()) {
        auto done = d.sessions->SignOut(*token, ActorOf(request));
        if (!done.ok()) {
            log::Get("web")->error("request_id={} sign-out failed: {}", request.request_id,
                                   done.error().message);
            return http::Response::Empty(500);
        }
    }
    http::Response r = d.shell->Redirect(request, "/", "flash.signed_out");
    r.headers.emplace_back("Set-Cookie", ClearSessionCookie(*d.shell));
    return r;
}

http::Response PostSignOutEverywhere(const Deps& d, http::Request& request, const FormData&) {
    auto done = d.sessions->SignOutEverywhere(request.principal->account_id, ActorOf(request));
    if (!done.ok()) {
        log::Get("web")->error("request_id={} sign-out everywhere failed: {}", request.request_id,
                               done.error().message);
        return http::Response::Empty(500);
    }
    http::Response r = d.shell->Redirect(request, "/", "flash.signed_out_everywhere");
    r.headers.emplace_back("Set-Cookie", ClearSessionCookie(*d.shell));
    return r;
}

}  // namespace

std::vector<std::string> ViewerRoles(const http::Request& request) {
    if (!request.principal) return {std::string(kAnonymousRole)};
    std::vector<std::string> roles = request.principal->roles;
    roles.emplace_back(kSignedInRole);
    return roles;
}

std::string SafeNext(std::string_view next) {
    const bool local = next.size() >= 1 && next[0] == '/' && !next.starts_with("//");
    bool clean = true;
    for (char c : next) {
        if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) clean = false;
    }
    if (!local || !clean || next.starts_with("/sign-in") || next.starts_with("/sign-out")) return "/account";
    return std::string(next);
}

void RegisterAuthPages(http::Router& router, const app::Services& services) {
    const Deps d{services.web, services.sessions, services.accounts, services.sealer,
                 services.vneid != nullptr};
    const Shell* shell = d.shell;

    router.Get("/sign-in", http::Access::Public(), [d](http::Request& request) {
        const auto next = request.QueryParam("next");
        return SignInPage(d, request, "", SafeNext(next.value_or("")), {}, 200);
    });
    shell->PostForm(
        router, "/sign-in", http::Access::Public(),
        [d](http::Request& request, const FormData& form) { return PostSignIn(d, request, form); });
    shell->PostForm(
        router, "/sign-in/code", http::Access::Public(),
        [d](http::Request& request, const FormData& form) { return PostSecondFactor(d, request, form); });

    // Signing out is always possible, even before a required step (web/account_pages.hpp).
    const http::RouteOptions step{.before_required_step = true};
    router.Get(
        "/sign-out", http::Access::SignedIn(),
        [d](http::Request& request) {
            return d.shell->Page(request, "auth/sign-out", "auth.sign_out_title", nlohmann::json::object());
        },
        step);
    // Public: signing out with an expired session still clears the cookie.
    shell->PostForm(
        router, "/sign-out", http::Access::Public(),
        [d](http::Request& request, const FormData& form) { return PostSignOut(d, request, form); });
    shell->PostForm(
        router, "/sign-out-everywhere", http::Access::SignedIn(),
        [d](http::Request& request, const FormData& form) { return PostSignOutEverywhere(d, request, form); },
        step);
}

}  // namespace mocua::web
