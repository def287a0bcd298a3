#include "api/system_routes.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/metrics.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "http/errors.hpp"
#include "http/router.hpp"

namespace mocua::api {

namespace {

using http::Request;
using http::Response;

// Ready means the database answers with the latest schema. The upload scanner is reported but does not
// decide: without it the site works and only uploads are refused (fail closed), so a load balancer must
// not take the node out (docs/operations.md).
Response Readiness(db::Database& database, domain::dossier::DossierService* dossiers) {
    nlohmann::json body;
    body["database"] = database.description();
    bool ready = database.Ping();
    body["database_reachable"] = ready;
    if (ready) {
        auto status = db::ReadSchemaStatus(database);
        if (status.ok()) {
            body["schema_version"] = status->current;
            body["schema_latest"] = status->latest;
            ready = status->up_to_date();
        } else {
            body["schema_error"] = status.error().message;
            ready = false;
        }
    }
    if (dossiers) body["upload_scanning"] = dossiers->ScannerAvailable() ? "available" : "unavailable";
    body["status"] = ready ? "ready" : "not_ready";
    return Response::Json(ready ? 200 : 503, body.dump());
}

// The address in one spelling: "::ffff:127.0.0.1" and "127.0.0.1" are the same client, as are
// "0:0:0:0:0:0:0:1" and "::1". "" when it is not an address.
std::string CanonicalAddress(const std::string& a) {
    unsigned char buf[16];
    char text[INET6_ADDRSTRLEN];
    if (::inet_pton(AF_INET, a.c_str(), buf) == 1)
        return ::inet_ntop(AF_INET, buf, text, sizeof text) ? text : "";
    if (::inet_pton(AF_INET6, a.c_str(), buf) != 1) return "";
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(std::begin(kMapped), std::end(kMapped), buf))
        return ::inet_ntop(AF_INET, buf + 12, text, sizeof text) ? text : "";
    return ::inet_ntop(AF_INET6, buf, text, sizeof text) ? text : "";
}

bool AddressIn(const std::string& address, const std::vector<std::string>& allowed) {
    const std::string a = CanonicalAddress(address);
    if (a.empty()) return false;
    return std::any_of(allowed.begin(), allowed.end(),
                       [&a](const std::string& b) { return CanonicalAddress(b) == a; });
}

}  // namespace

void RegisterSystemRoutes(http::Router& router, const app::Services& services) {
    router.Get("/healthz", http::Access::Public(),
               [](Request&) { return Response::Json(200, R"({"status":"ok"})"); }, {.blocking = false});
    router.Get("/readyz", http::Access::Public(),
               [db = services.database, dossiers = services.dossiers](Request&) {
                   return Readiness(*db, dossiers);
               });
    // Only for the monitoring host: the counters tell an outsider how busy each page is. 404, as if there
    // were no such page, for everyone else (behind nginx the address is the client's, see pipeline.hpp).
    router.Get("/metrics", http::Access::Public(),
               [metrics = services.metrics, allowed = services.metrics_allow](Request& request) {
                   if (!AddressIn(request.remote_address, allowed)) return Response::Empty(404);
                   return Response::Text(200, metrics->RenderPrometheus(),
                                         "text/plain; version=0.0.4; charset=utf-8");
               },
               {.blocking = false});
    router.Get("/api/v1/openapi.json", http::Access::Public(),
               [](Request&) { return Response::Json(200, OpenApiDocument()); }, {.blocking = false});
}

}  // namespace mocua::api
