#pragma once
// Personal API tokens, self-service (issue 4): GET /account/tokens lists the account's tokens and
// offers a form; POST /account/tokens creates one and shows it once (it is stored hashed, so it can
// never be shown again); POST /account/tokens/{id}/revoke revokes one of the caller's own tokens (a
// token of another account is "not found"). A token acts with the account's roles. Administrators
// create tokens for others with `mocua token create`.
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterTokenPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
