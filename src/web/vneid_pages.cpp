#include "web/vneid_pages.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "core/text/validation.hpp"
#include "domain/audit/audit.hpp"
#include "domain/identity/crypto.hpp"
#include "domain/identity/identity_service.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/auth_pages.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace id = domain::identity;

constexpr int kPendingSeconds = 600;

struct Deps {
    const Shell* shell;
    id::SessionService* sessions;
    id::AccountService* accounts;
    const id::Crypto* sealer;
    domain::audit::AuditLog* audit;
    ExternalLogin* vneid;
};

std::string PendingCookie(const Shell& shell, std::string_view value, int max_age) {
    // Path limits the cookie to the two login routes; the attributes otherwise match every cookie.
    std::string attributes = shell.CookieAttributes();
    const auto path = attributes.find("; Path=/");
    if (path != std::string::npos) attributes.replace(path, 8, "; Path=/auth/vneid");
    return std::string(kVneidCookie) + "=" + std::string(value) + "; Max-Age=" + std::to_string(max_age) +
           attributes;
}

// What the page says for a failure code, and its status.
struct Failure {
    const char* kind;  // auth.vneid_<kind>_title / _body
    int status;
};

Failure FailureFor(std::string_view code) {
    if (code == "oidc.provider_unreachable" || code == "oidc.bad_discovery" ||
        code == "oidc.issuer_mismatch" || code == "oidc.bad_jwks" || code == "oidc.no_randomness") {
        return {"unavailable", 503};
    }
    if (code == "oidc.access_denied") return {"cancelled", 403};
    if (code == "oidc.state_mismatch" || code == "oidc.login_expired" || code == "vneid.no_pending") {
        return {"start_again", 400};
    }
    if (code == "external.no_cccd") return {"no_cccd", 403};
    if (code == "external.staff") return {"staff", 403};
    if (code == "external.cccd_mismatch") return {"mismatch", 403};
    if (code == "login.disabled") return {"disabled", 403};
    if (code == "email.taken" || code == "cccd.taken") return {"conflict", 409};
    return {"failed", 400};
}

http::Response FailurePage(const Deps& d, const http::Request& request, std::string_view code) {
    const Failure failure = FailureFor(code);
    log::Get("web")->warn("request_id={} e-ID sign-in refused: {}", request.request_id, code);
    try {
        d.audit->Append(domain::audit::Event{.actor = ActorOf(request),
                                             .action = "login.oidc_failure",
                                             .target_type = "",
                                             .target_id = "",
                                             .details = std::string(code)});
    } catch (const std::exception& e) {
        log::Get("web")->error("request_id={} cannot audit the e-ID failure: {}", request.request_id,
                               e.what());
    }
    const std::string base = std::string("auth.vneid_") + failure.kind;
    nlohmann::json data;
    data["failure"] = {{"title", d.shell->catalog().Get(d.shell->LanguageOf(request), base + "_title")},
                       {"body", d.shell->catalog().Get(d.shell->LanguageOf(request), base + "_body")}};
    http::Response r =
        d.shell->Page(request, "auth/vneid-error", base + "_title", std::move(data), failure.status);
    r.headers.emplace_back("Set-Cookie", PendingCookie(*d.shell, "", 0));
    return r;
}

http::Response Start(const Deps& d, http::Request& request) {
    if (!d.vneid) return http::Response::Empty(404);
    auto begun = d.vneid->Begin(LanguageCode(d.shell->LanguageOf(request)));
    if (!begun.ok()) return FailurePage(d, request, begun.error().message);
    http::Response r = http::Response::Empty(303);
    r.SetHeader("Location", begun->url);
    r.headers.emplace_back("Set-Cookie",
                           PendingCookie(*d.shell, d.sealer->Seal(begun->pending), kPendingSeconds));
    return r;
}

http::Response Callback(const Deps& d, http::Request& request) {
    if (!d.vneid) return http::Response::Empty(404);
    const auto cookie = CookieValue(request, kVneidCookie);
    const auto pending = cookie && !cookie->empty() ? d.sealer->Open(*cookie) : std::nullopt;
    if (!pending) return FailurePage(d, request, "vneid.no_pending");

    ExternalCallback callback{.code = request.QueryParam("code").value_or(""),
                              .state = request.QueryParam("state").value_or(""),
                              .error = request.QueryParam("error").value_or(""),
                              .iss = request.QueryParam("iss")};
    auto who = d.vneid->Complete(callback, *pending);
    if (!who.ok()) return FailurePage(d, request, who.error().message);
    auto account = d.accounts->ResolveExternal(
        id::ExternalClaims{who->issuer, who->subject, who->name, who->email, who->cccd}, ActorOf(request));
    if (!account.ok()) return FailurePage(d, request, account.error().message);
    auto signed_in = d.sessions->StartSession(account->id, "oidc", ActorOf(request));
    if (!signed_in.ok()) return FailurePage(d, request, signed_in.error().message);

    http::Response r = d.shell->Redirect(request, "/account", "flash.signed_in");
    r.headers.emplace_back("Set-Cookie", PendingCookie(*d.shell, "", 0));
    r.headers.emplace_back("Set-Cookie",
                           std::string(kSessionCookie) + "=" + signed_in->session_token +
                               "; Max-Age=" + std::to_string(d.sessions->options().absolute_timeout.count()) +
                               d.shell->CookieAttributes());
    return r;
}

}  // namespace

void RegisterVneidPages(http::Router& router, const app::Services& services) {
    const Deps d{services.web,    services.sessions, services.accounts,
                 services.sealer, services.audit,    services.vneid};
    router.Get("/auth/vneid", http::Access::Public(),
               [d](http::Request& request) { return Start(d, request); });
    router.Get("/auth/vneid/callback", http::Access::Public(),
               [d](http::Request& request) { return Callback(d, request); });
}

}  // namespace mocua::web
