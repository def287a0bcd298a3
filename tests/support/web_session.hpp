#pragma once
// Signing in to a running mocua through its real pages, as a browser does: GET /sign-in for the CSRF
// cookie and token, POST the form, and — when the server sends the user to a required step — set up
// two-step verification through GET/POST /account/two-factor with a code computed from the secret
// the page shows (RFC 6238). Failures are recorded as gtest failures.
#include <cstdint>
#include <string>

namespace mocua::testing {

struct WebSession {
    std::string session_cookie;  // "mocua_session=…", "" when signing in failed
    std::string csrf_cookie;     // "mocua_csrf=…"
    bool enrolled_totp = false;  // the server required set-up and it was done
    std::string Cookies() const { return session_cookie + "; " + csrf_cookie; }
};

WebSession SignInThroughPages(std::uint16_t port, const std::string& email, const std::string& password);

// The current RFC 6238 code for a base32 secret.
std::string CurrentTotp(const std::string& base32_secret);

}  // namespace mocua::testing
