#include "api/ioc_routes.hpp"

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "domain/board/board.hpp"
#include "domain/identity/accounts.hpp"
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

Response Feed(const app::Services& s, kpi::KpiService& service, Request& req) {
    const std::string lang = req.QueryParam("lang").value_or("vi");
    if (lang != "vi" && lang != "en")
        return Error(req, 400, "invalid_argument", "ioc.lang", "`lang` must be vi or en.");
    kpi::Query query{req.QueryParam("from").value_or(""), req.QueryParam("to").value_or(""),
                     req.QueryParam("unit").value_or("")};
    const auto now = s.clock->Now();
    if (query.from.empty() && query.to.empty())
        std::tie(query.from, query.to) = domain::board::PresetPeriod(domain::board::Preset::kMonth, now);
    auto report = service.Decision766(query);
    if (!report.ok()) {
        if (report.error().code == core::ErrorCode::kNotFound)
            return Error(req, 404, "not_found", "ioc.unit", report.error().message);
        return Error(req, 400, "invalid_argument", "ioc.query", report.error().message);
    }
    json body = {{"feed", "mocua.ioc.v1"}, {"generated_at", core::FormatUtc(now)}};
    body.update(kpi::ReportToJson(*report, service.config(), lang));
    Response r = Response::Json(200, body.dump());
    r.SetHeader("Cache-Control", "no-store");
    return r;
}

}  // namespace

void RegisterIocRoutes(http::Router& router, const app::Services& services,
                       std::shared_ptr<kpi::KpiService> service) {
    namespace id = domain::identity;
    router.Get("/api/v1/ioc/feed",
               http::Access::AnyRole({std::string(id::kRoleIocViewer), std::string(id::kRoleLeader),
                                      std::string(id::kRoleSystemAdmin)}),
               [services, service](Request& req) { return Feed(services, *service, req); });
}

}  // namespace mocua::api
