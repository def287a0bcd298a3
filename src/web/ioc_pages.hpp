#pragma once
// The operations centre (IOC, issue 10 part 2; docs/adr/0091-operations-centre-pages.md): /ioc (a unit and
// period; the Decision 766 tiles, the daily counts, the plan's scorecard and one row per unit below) and
// /ioc/766/{indicator} (the dossiers behind one figure, each with its reason). For the roles ioc_viewer
// and leader. Every figure is read from the same JSON as GET /api/v1/kpi/766 (kpi::ReportToJson), so the
// pages, the API and the CLI cannot disagree.
// The video wall is in ioc_wall.cpp, the CSV/XLSX exports in ioc_exports.cpp, what the pages share in
// ioc_common.hpp; RegisterIocPages (ioc_pages.cpp) registers every route.
#include <memory>

namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}
namespace mocua::domain::kpi {
class KpiService;
}

namespace mocua::web {

// `kpi` is shared with the KPI API routes (app/routes.cpp); the handlers keep it alive.
void RegisterIocPages(http::Router& router, const app::Services& services,
                      std::shared_ptr<domain::kpi::KpiService> kpi);

}  // namespace mocua::web
