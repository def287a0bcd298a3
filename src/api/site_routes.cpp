#include "api/site_routes.hpp"

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "domain/site/site_profile.hpp"
#include "http/errors.hpp"
#include "http/router.hpp"

namespace mocua::api {

void RegisterSiteRoutes(http::Router& router, const app::Services& services) {
    router.Get("/api/v1/site", http::Access::Public(), [site = services.site](http::Request& req) {
        auto profile = site->Get();
        if (!profile.ok()) return http::JsonError(profile.error(), req.request_id);
        nlohmann::json body = {
            {"name", {{"vi", profile->name_vi}, {"en", profile->name_en}}},
            {"address", {{"vi", profile->address_vi}, {"en", profile->address_en}}},
            {"phone", profile->phone},
            {"email", profile->email},
            {"website", profile->website},
            {"updated_at", core::FormatUtc(profile->updated_at)},
        };
        return http::Response::Json(200, body.dump());
    });
}

}  // namespace mocua::api
