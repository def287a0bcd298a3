#pragma once
// Decision 766 KPIs over the API (issue 10; api/openapi.json, docs/adr/0090-decision-766-kpis.md):
//
//   GET /api/v1/kpi/766?from=YYYY-MM-DD&to=YYYY-MM-DD&unit=CODE&lang=vi|en
//       the report: indicators (value, numerator, denominator, points), groups, daily counts, scorecard —
//       the same JSON as `mocua kpi 766 --format json` (domain::kpi::ReportToJson).
//   GET /api/v1/kpi/766/{indicator}/dossiers?from=&to=&unit=&offset=&limit=
//       the dossiers of one per-dossier indicator with the reason each counts on time/late or not.
//
// Dates inclusive, Vietnam time; `unit` includes its subtree ("" = every unit). Who: staff (any role);
// citizens 403, anonymous 401. 400 for bad dates, a period ending before it starts, a bad offset/limit
// or an indicator without a dossier list; 404 for an unknown unit code.
#include <memory>

#include "app/services.hpp"

namespace mocua::http {
class Router;
}
namespace mocua::domain::kpi {
class KpiService;
}

namespace mocua::api {

// `service` is shared by the handlers (thread-safe: KpiService over persistence::SqlKpiStore).
void RegisterKpiRoutes(http::Router& router, const app::Services& services,
                       std::shared_ptr<domain::kpi::KpiService> service);

}  // namespace mocua::api
