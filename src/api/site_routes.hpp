#pragma once
// GET /api/v1/site: the authority's public profile (name, address, phone, e-mail).
#include "app/services.hpp"

namespace mocua::http {
class Router;
}

namespace mocua::api {

void RegisterSiteRoutes(http::Router& router, const app::Services& services);

}  // namespace mocua::api
