#pragma once
// Operational routes: GET /healthz (the process answers), GET /readyz (database reachable and
// migrated: 200, else 503), GET /metrics (Prometheus text), GET /api/v1/openapi.json.
#include "app/services.hpp"

namespace mocua::http {
class Router;
}

namespace mocua::api {

void RegisterSystemRoutes(http::Router& router, const app::Services& services);

// The OpenAPI 3.1 document describing /api/v1 (src/api/openapi.json, compiled in).
const char* OpenApiDocument();

}  // namespace mocua::api
