#include "api/system_routes.hpp"

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

}  // namespace

void RegisterSystemRoutes(http::Router& router, const app::Services& services) {
    router.Get("/healthz", http::Access::Public(),
               [](Request&) { return Response::Json(200, R"({"status":"ok"})"); }, {.blocking = false});
    router.Get("/readyz", http::Access::Public(),
               [db = services.database, dossiers = services.dossiers](Request&) { return Readiness(*db, dossiers); });
    router.Get("/metrics", http::Access::Public(),
               [metrics = services.metrics](Request&) {
                   return Response::Text(200, metrics->RenderPrometheus(),
                                         "text/plain; version=0.0.4; charset=utf-8");
               },
               {.blocking = false});
    router.Get("/api/v1/openapi.json", http::Access::Public(),
               [](Request&) { return Response::Json(200, OpenApiDocument()); }, {.blocking = false});
}

}  // namespace mocua::api
