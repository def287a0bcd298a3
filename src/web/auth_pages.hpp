#pragma once
// Sign-in, second factor and sign-out pages (issue 4, the web half of identity). Handlers are thin: they read
// the form, call SessionService / AccountService and render through web::Shell. Error codes of the services
// map to catalogue keys under `auth.`.
//
// Decisions (docs/web-shell.md, "Signing in"):
// - The session token travels only in the `mocua_session` cookie: HttpOnly, SameSite=Lax, Path=/,
//   Secure when the shell sets secure cookies (server.behind_tls_proxy), Max-Age = the absolute
//   session timeout. The server enforces idle and absolute timeouts itself.
// - The second step (TOTP or recovery code) re-runs SignIn with the password, so throttling and
//   auditing apply to every try. Between the two steps the e-mail, password, `next` and the time are
//   sealed (XChaCha20-Poly1305, `Services::sealer`) into a hidden field; the browser holds only
//   ciphertext, and the server accepts it for 10 minutes.
// - `next` is followed only when it is a local path ("/…", not "//…", no backslash or control
//   characters); otherwise the user lands on /account.
#include <string>
#include <string_view>
#include <vector>

namespace mocua::http {
class Router;
struct Request;
}  // namespace mocua::http
namespace mocua::app {
struct Services;
}

namespace mocua::web {

// The cookie holding the session token (read by the authenticator in app/app.cpp).
inline constexpr std::string_view kSessionCookie = "mocua_session";

// Pseudo-roles for templates/navigation.json: "anonymous" for a viewer without a principal,
// "signed_in" for every signed-in viewer (besides their real roles).
inline constexpr std::string_view kAnonymousRole = "anonymous";
inline constexpr std::string_view kSignedInRole = "signed_in";

// The viewer's roles for the navigation (Shell::SetRoleResolver): the principal's roles plus
// "signed_in", or just "anonymous". Reads only request.principal; safe on any thread.
std::vector<std::string> ViewerRoles(const http::Request& request);

// A local path to go to after signing in: `next` when it is safe, else "/account".
std::string SafeNext(std::string_view next);

// GET/POST /sign-in, POST /sign-in/code, GET /sign-out, POST /sign-out, POST /sign-out-everywhere.
// Needs services.web, sessions, accounts and sealer. (My account pages: web/account_pages.hpp.)
void RegisterAuthPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
