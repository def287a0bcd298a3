#pragma once
// What the operations centre's pages share (internal to src/web/ioc_*.cpp; the public entry point is
// ioc_pages.hpp): the unit and period every /ioc page reads, the period form, figures as the pages show
// them, the per-unit reports of the drill-down, and the handlers that ioc_pages.cpp registers from
// ioc_wall.cpp (the video wall and its live feed) and ioc_exports.cpp (the CSV/XLSX exports).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/kpi/kpi_service.hpp"
#include "domain/org/units.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"

namespace mocua::http {
class Request;
class Response;
}  // namespace mocua::http
namespace mocua::app {
struct Services;
}
namespace mocua::core {
struct Error;
}

namespace mocua::web::ioc_detail {

// "2025-07-15" as Vietnamese write it ("15/07/2025"); anything else unchanged.
std::string ShownDate(const std::string& iso);

// What every /ioc page asks: a unit code ("" = every unit) and a period, defaulting to this month.
struct IocRequest {
    domain::kpi::Query query;
    std::string from_text, to_text;  // as typed, for the form
    bool rolling = false;            // no dates given: this month, moving with the calendar
};

IocRequest ReadRequest(const app::Services& s, const http::Request& request);

// "unit=…&from=…&to=…" and the filters, for the pages' links.
std::string QueryString(const domain::kpi::Query& q);

// The period's errors, each field with its message in the reader's language.
FormErrors CheckPeriod(const domain::kpi::Query& q);

// The service's error on the form's control it concerns.
void AddError(FormErrors& errors, const core::Error& e);

// The request's report, or its problems in `errors` (a bad period, an unknown unit or filter): what the
// dashboard and the wall both start with.
core::Result<domain::kpi::Report> ReportFor(domain::kpi::KpiService& service, const IocRequest& r,
                                            FormErrors& errors);

// The name shown above the figures: the unit's on the period's last day, or "all units".
std::string ShownUnitName(const app::Services& s, const domain::kpi::Query& q, Language language);

// A JSON figure (a number with at most 2 decimals, or null) as pages show it: "66,67", "—" for none.
std::string Decimal(const nlohmann::json& v);

std::string UnitName(const domain::org::Unit& u, Language language);

// Points summed over the groups that apply, exact in hundredths.
std::optional<std::int64_t> TotalX100(const nlohmann::json& report);
std::string TotalText(const nlohmann::json& report);

// The units directly below the chosen one (the top units when none is chosen), each with its report
// JSON: the drill-down.
std::vector<std::pair<domain::org::Unit, nlohmann::json>> ChildReports(const app::Services& s,
                                                                       domain::kpi::KpiService& service,
                                                                       const domain::kpi::Query& q,
                                                                       Language language);

// The page data of the unit and period form (errors, units, dates; the filters when `filters` is given).
nlohmann::json PeriodForm(const app::Services& s, const IocRequest& r, Language language,
                          const FormErrors& errors, const std::string& action,
                          domain::kpi::KpiService* filters = nullptr);

std::string LangCode(Language language);

// ioc_wall.cpp: GET /ioc/wall and its live figures, GET /ioc/events.
http::Response WallPage(const app::Services& s, domain::kpi::KpiService& service, http::Request& request);
http::Response WallEvents(const app::Services& s, std::shared_ptr<domain::kpi::KpiService> service,
                          http::Request& request);

// ioc_exports.cpp: GET /ioc/export and /ioc/766/{indicator}?format=csv|xlsx.
http::Response ExportTable(const app::Services& s, domain::kpi::KpiService& service, http::Request& request);
http::Response ExportDossiers(const app::Services& s, domain::kpi::KpiService& service,
                              http::Request& request, const std::string& format);

}  // namespace mocua::web::ioc_detail
