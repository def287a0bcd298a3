#pragma once
// The operations centre's drill-down unit → field → procedure → dossier (issue 10;
// docs/adr/0091-operations-centre-pages.md): the procedure and field filters every /ioc page takes, the
// per-field and per-procedure tables of /ioc (templates/partials/ioc-breakdown.mustache), their exports,
// and /ioc/dossiers/{code}, the read-only page of one dossier for the IOC viewer (what explains its
// figures, nothing about the applicant). The ioc_*.cpp pages call these; the figures come from
// KpiService::BreakDown, the same sums as the report.
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "domain/kpi/kpi_service.hpp"
#include "domain/kpi/table_export.hpp"
#include "web/i18n.hpp"

namespace mocua::http {
class Request;
class Response;
}  // namespace mocua::http
namespace mocua::app {
struct Services;
}

namespace mocua::web {

class FormErrors;

namespace ioc_drill {

// Whether the viewer may open a dossier's staff page (leaders may; an ioc_viewer gets /ioc/dossiers/{code}).
bool ReadsDossiers(const http::Request& request);
// Sets query.procedure and query.field from the request (?procedure=&field=).
void ReadFilters(const http::Request& request, domain::kpi::Query& query);
// "&procedure=…&field=…" for the filters set ("" for none), for the pages' links.
std::string FilterQuery(const domain::kpi::Query& query);
// A NotFound from the service naming the procedure or the field: records it on the form's control
// and returns true; false for any other error (the caller handles it).
bool AddFilterError(FormErrors& errors, const core::Error& error);
// The form's filter controls: form.fields (options), form.procedure and their errors.
void AddFilterControls(nlohmann::json& form, domain::kpi::KpiService& service,
                       const domain::kpi::Query& query, const FormErrors& errors, Language language,
                       const Catalog& catalog);

// The section of /ioc under the figures: the active filter as a heading with a link removing it, and the
// per-field table (no filter) and per-procedure table (no procedure chosen). Empty object on error.
nlohmann::json BreakdownSection(const app::Services& services, domain::kpi::KpiService& service,
                                const domain::kpi::Query& query, Language language);

// /ioc/export?table=fields|procedures: nullopt when `table` is neither; else the table or the service's
// error.
std::optional<core::Result<domain::kpi::Table>> BreakdownTable(domain::kpi::KpiService& service,
                                                               const domain::kpi::Query& query,
                                                               const std::string& table, Language language,
                                                               const Catalog& catalog);

// GET /ioc/dossiers/{code}?from=&to=: one dossier, read-only, for ioc_viewer and leader.
http::Response DossierPage(const app::Services& services, domain::kpi::KpiService& service,
                           http::Request& request);

}  // namespace ioc_drill
}  // namespace mocua::web
