#include "api/sync_routes.hpp"

#include <nlohmann/json.hpp>

#include "domain/org/units.hpp"
#include "domain/portal/portal_import.hpp"
#include "http/errors.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace mocua::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;
namespace portal = domain::portal;

constexpr int kDefaultLimit = 100;

Response Error(const Request& req, int status, std::string_view code, std::string_view rule,
               std::string_view message) {
    return http::JsonError(status, code, rule, message, req.request_id);
}

// The provincial system's account: a role at a province, or the system administrator.
bool MaySync(const app::Services& services, const http::Principal& principal) {
    if (principal.kind != "staff") return false;
    for (const auto& [role, unit_id] : principal.grants) {
        if (role == "system_admin") return true;
        auto unit = services.units->Find(unit_id);
        if (unit && unit->type == domain::org::UnitType::kProvince) return true;
    }
    return false;
}

Response Changes(const app::Services& services, portal::PortalStore& store, Request& req) {
    if (!MaySync(services, *req.principal))
        return Error(req, 403, "permission_denied", "sync.forbidden",
                     "The sync API is for staff with a role at the province.");
    auto since = portal::ParseCursor(req.QueryParam("since").value_or(""));
    if (!since)
        return Error(req, 400, "invalid_argument", "sync.cursor",
                     "`since` must be a cursor returned by this API (digits only), or empty to start over.");
    int limit = kDefaultLimit;
    if (auto l = req.QueryParam("limit"); l && !l->empty()) {
        auto parsed = portal::ParseCursor(*l);
        if (!parsed || *parsed < 1 || *parsed > portal::kMaxSyncLimit)
            return Error(req, 400, "invalid_argument", "sync.limit",
                         "`limit` must be a whole number from 1 to 1000.");
        limit = static_cast<int>(*parsed);
    }
    auto page = portal::ChangesSince(store, *since, limit);
    // Each object is the export's line byte for byte (its keys in the format's order), so the body is
    // put together from the lines rather than through a JSON value, which would sort the keys.
    std::string body = "{\"dossiers\":[";
    for (std::size_t i = 0; i < page.dossiers.size(); ++i) {
        if (i > 0) body += ',';
        body += portal::ToJsonLine(page.dossiers[i]);
    }
    const bool more = static_cast<int>(page.dossiers.size()) == limit;
    body += "],\"next_cursor\":\"" + std::to_string(page.next_cursor) +
            "\",\"more\":" + (more ? "true" : "false") + "}";
    Response r = Response::Json(200, std::move(body));
    r.SetHeader("Cache-Control", "no-store");
    return r;
}

}  // namespace

void RegisterSyncRoutes(http::Router& router, const app::Services& services,
                        std::shared_ptr<domain::portal::PortalStore> store) {
    router.Get("/api/v1/sync/dossiers", http::Access::SignedIn(),
               [services, store](Request& req) { return Changes(services, *store, req); });
}

}  // namespace mocua::api
