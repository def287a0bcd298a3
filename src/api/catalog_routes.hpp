#pragma once
// The public procedure catalogue API (documented in api/openapi.json):
//   GET /api/v1/procedures?q=&field=&level=&mode=&as_of=&page=&per_page=   search, paginated
//   GET /api/v1/procedures/{code}?as_of=                                    one procedure in full
// Bad parameters answer 400 with the API's JSON error naming the parameter; an unknown code 404.
#include "app/services.hpp"

namespace mocua::http {
class Router;
}

namespace mocua::api {

void RegisterCatalogRoutes(http::Router& router, const app::Services& services);

}  // namespace mocua::api
