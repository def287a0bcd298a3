#pragma once
// "My account": the account summary, two-step verification (TOTP) set-up, and changing the password
// (issue 4). Two of these are *required steps* (http::Principal::required_step): a one-time password
// given by an administrator or `mocua user add` must be replaced first, and staff must set up
// two-step verification ([auth] require_staff_totp) before any other signed-in page opens.
//
// Set-up writes nothing until it is confirmed: GET /account/two-factor proposes a new secret, sealed
// with the installation key (AccountService::ProposeTotp) and again with the web-state key into the
// form, together with the account id; POST checks the first code against it and stores the credential.
#include <string>

namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

inline constexpr const char* kChangePasswordPath = "/account/password";
inline constexpr const char* kTwoFactorPath = "/account/two-factor";

// The page a signed-in user must complete first, or "" (for http::Principal::required_step).
std::string RequiredStep(bool must_change_password, bool needs_two_factor);

// GET /account, GET/POST /account/two-factor, GET/POST /account/password.
void RegisterAccountPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
