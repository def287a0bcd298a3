#include "api/kpi_routes.hpp"

#include <nlohmann/json.hpp>

#include "domain/kpi/kpi_service.hpp"
#include "http/errors.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace mocua::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;
namespace kpi = domain::kpi;

Response Error(const Request& req, int status, std::string_view code, std::string_view rule,
               std::string_view message) {
    return http::JsonError(status, code, rule, message, req.request_id);
}

Response FromError(const Request& req, const core::Error& e) {
    if (e.code == core::ErrorCode::kNotFound)
        return Error(req, 404, "not_found", kpi::NotFoundRule(e), e.message);
    return Error(req, 400, "invalid_argument", "kpi.query", e.message);
}

kpi::Query QueryOf(const Request& req) {
    return {req.QueryParam("from").value_or(""), req.QueryParam("to").value_or(""),
            req.QueryParam("unit").value_or(""), req.QueryParam("procedure").value_or(""),
            req.QueryParam("field").value_or("")};
}

// A whole number from `lo` to `hi`, or `fallback` when absent; nullopt when malformed.
std::optional<int> IntParam(const Request& req, std::string_view name, int fallback, int lo, int hi) {
    auto v = req.QueryParam(name);
    if (!v || v->empty()) return fallback;
    if (v->size() > 9 || v->find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const int n = std::stoi(*v);
    if (n < lo || n > hi) return std::nullopt;
    return n;
}

Response Report(kpi::KpiService& service, Request& req) {
    if (req.principal->kind != "staff")
        return Error(req, 403, "permission_denied", "kpi.forbidden", "The KPI reports are for staff.");
    const std::string lang = req.QueryParam("lang").value_or("vi");
    if (lang != "vi" && lang != "en")
        return Error(req, 400, "invalid_argument", "kpi.lang", "`lang` must be vi or en.");
    auto report = service.Decision766(QueryOf(req));
    if (!report.ok()) return FromError(req, report.error());
    Response r = Response::Json(200, kpi::ReportToJson(*report, service.config(), lang).dump());
    r.SetHeader("Cache-Control", "no-store");
    return r;
}

Response Trends(kpi::KpiService& service, Request& req) {
    if (req.principal->kind != "staff")
        return Error(req, 403, "permission_denied", "kpi.forbidden", "The KPI reports are for staff.");
    const std::string lang = req.QueryParam("lang").value_or("vi");
    if (lang != "vi" && lang != "en")
        return Error(req, 400, "invalid_argument", "kpi.lang", "`lang` must be vi or en.");
    auto trends = service.Trends(QueryOf(req));
    if (!trends.ok()) return FromError(req, trends.error());
    Response r = Response::Json(200, kpi::TrendsToJson(*trends, service.config(), lang).dump());
    r.SetHeader("Cache-Control", "no-store");
    return r;
}

Response Dossiers(kpi::KpiService& service, Request& req) {
    if (req.principal->kind != "staff")
        return Error(req, 403, "permission_denied", "kpi.forbidden", "The KPI reports are for staff.");
    auto offset = IntParam(req, "offset", 0, 0, 100000000);
    auto limit = IntParam(req, "limit", 100, 1, kpi::kMaxExplainLimit);
    if (!offset || !limit)
        return Error(req, 400, "invalid_argument", "kpi.page",
                     "`offset` must be a whole number ≥ 0 and `limit` one from 1 to 1000.");
    auto e = service.Explain(QueryOf(req), req.Param("indicator"), *offset, *limit);
    if (!e.ok()) return FromError(req, e.error());
    Response r = Response::Json(200, kpi::ExplanationToJson(*e).dump());
    r.SetHeader("Cache-Control", "no-store");
    return r;
}

}  // namespace

void RegisterKpiRoutes(http::Router& router, const app::Services&, std::shared_ptr<kpi::KpiService> service) {
    router.Get("/api/v1/kpi/766", http::Access::SignedIn(),
               [service](Request& req) { return Report(*service, req); });
    router.Get("/api/v1/kpi/766/trends", http::Access::SignedIn(),
               [service](Request& req) { return Trends(*service, req); });
    router.Get("/api/v1/kpi/766/{indicator}/dossiers", http::Access::SignedIn(),
               [service](Request& req) { return Dossiers(*service, req); });
}

}  // namespace mocua::api
