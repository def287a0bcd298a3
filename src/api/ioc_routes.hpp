#pragma once
// The operations centre's feed for the provincial IOC (issue 10, part 2; api/openapi.json,
// docs/adr/0091-operations-centre-pages.md):
//
//   GET /api/v1/ioc/feed?from=YYYY-MM-DD&to=YYYY-MM-DD&unit=CODE&lang=vi|en
//       {"feed":"mocua.ioc.v1","generated_at":"…Z", …the Decision 766 report: indicators, groups,
//       daily counts, scorecard — domain::kpi::ReportToJson, the JSON of GET /api/v1/kpi/766}.
//
// Without `from`/`to`: this month up to its last day. Who: the roles ioc_viewer, leader and
// system_admin, by API token or session (others 403, anonymous 401). 400 for bad dates or `lang`, 404 for
// an unknown unit code.
#include <memory>

#include "app/services.hpp"

namespace mocua::http {
class Router;
}
namespace mocua::domain::kpi {
class KpiService;
}

namespace mocua::api {

void RegisterIocRoutes(http::Router& router, const app::Services& services,
                       std::shared_ptr<domain::kpi::KpiService> service);

}  // namespace mocua::api
