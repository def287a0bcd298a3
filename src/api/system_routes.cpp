#include "api/system_routes.hpp"

#include <nlohmann/json.hpp>

#include "core/metrics.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "http/errors.hpp"
#include "http/router.hpp"

namespace mocua::api {

namespace {

using http::Request;
using http::Response;

Response Readiness(db::Database& database) {
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
    body["status"] = ready ? "ready" : "not_ready";
    return Response::Json(ready ? 200 : 503, body.dump());
}

}  // namespace

void RegisterSystemRoutes(http::Router& router, const app::Services& services) {
    router.Get("/healthz", http::Access::Public(),
               [](Request&) { return Response::Json(200, R"({"status":"ok"})"); }, {.blocking = false});
    router.Get("/readyz", http::Access::Public(),
               [db = services.database](Request&) { return Readiness(*db); });
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
