#pragma once
// Sign-in with the national e-ID (VNeID-style OpenID Connect, docs/adr/0030-oidc-login.md): the web
// half. The OIDC client lives in src/adapters/oidc/, which the web layer may not include, so it
// reaches it through the ExternalLogin port below; src/app/oidc_login.cpp adapts OidcClient to it.
//
//   GET /auth/vneid           Begin; the pending request (state, nonce, PKCE verifier) is sealed
//                             (XChaCha20-Poly1305, Services::sealer) into the cookie `mocua_vneid`
//                             (HttpOnly, SameSite=Lax, Path=/auth/vneid, Max-Age 600, Secure behind
//                             TLS), then 303 to the provider.
//   GET /auth/vneid/callback  The cookie is cleared in every answer (one use: a replayed callback
//                             finds no pending login); Complete; the account is found by CCCD
//                             (validated with core::text::ValidateCccd) or a citizen account is
//                             created; SessionService::StartSession(account, "oidc") (audited
//                             "login.success"); failures are audited "login.oidc_failure" with the
//                             error code and answered with a page that says what to do.
// Only citizen and business accounts sign in this way: staff keep password + TOTP.
// Both routes are Public and answer 404 when no provider is configured (Services::vneid null).
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

inline constexpr std::string_view kVneidCookie = "mocua_vneid";

struct ExternalLoginStart {
    std::string url;      // where to send the browser
    std::string pending;  // opaque; handed back to Complete, never shown to the browser unsealed
};

struct ExternalIdentity {
    std::string issuer;
    std::string subject;
    std::optional<std::string> name;
    std::optional<std::string> email;
    std::optional<std::string> cccd;  // as the provider sent it (not yet validated)
};

struct ExternalCallback {
    std::string code;
    std::string state;
    std::string error;               // the provider's `error` parameter, "" when absent
    std::optional<std::string> iss;  // RFC 9207 `iss`, when present
};

// The port to the OIDC client. Errors carry the stable "oidc.*" codes (adapters/oidc/errors.hpp).
// Thread-safety: implementations must allow concurrent calls.
class ExternalLogin {
public:
    virtual ~ExternalLogin() = default;
    virtual core::Result<ExternalLoginStart> Begin(std::string_view ui_locale) = 0;
    virtual core::Result<ExternalIdentity> Complete(const ExternalCallback& callback,
                                                    std::string_view pending) = 0;
};

// GET /auth/vneid, GET /auth/vneid/callback. Needs services.web, sessions, accounts, sealer, audit;
// services.vneid may be null (disabled).
void RegisterVneidPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
