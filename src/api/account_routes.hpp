#pragma once
// GET /api/v1/me: who the caller is (signed in with the session cookie or a personal API token):
// account id, kind, e-mail, display name and role names. Lets a script check its token.
#include "app/services.hpp"

namespace mocua::http {
class Router;
}

namespace mocua::api {

void RegisterAccountRoutes(http::Router& router, const app::Services& services);

}  // namespace mocua::api
