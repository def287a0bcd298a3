#pragma once
// Page routes of the web shell itself. Each function registers one feature's pages on the router; the
// whole route table is listed in app/routes.cpp. Handlers are thin: read input, call a service,
// render through web::Shell (services.web, which must be set).
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

// GET /  — the authority's landing page.
void RegisterHomeRoutes(http::Router& router, const app::Services& services);

// GET /style-guide, POST /style-guide (the sample form), GET /style-guide/errors/{status:int} —
// every component in the page's language, for developers and for the accessibility checks.
void RegisterStyleGuideRoutes(http::Router& router, const app::Services& services);

}  // namespace mocua::web
