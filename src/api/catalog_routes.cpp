#include "api/catalog_routes.hpp"

#include <nlohmann/json.hpp>

#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/json_codec.hpp"
#include "domain/catalog/validation.hpp"
#include "http/errors.hpp"
#include "http/router.hpp"

namespace mocua::api {

namespace {

namespace catalog = domain::catalog;

http::Response BadParameter(const http::Request& req, const std::string& message) {
    return http::JsonError(400, "invalid_argument", message, req.request_id);
}

// A positive whole number from the query, or nullopt when it is not one.
std::optional<int> PositiveInt(const std::string& s) {
    if (s.empty() || s.size() > 6) return std::nullopt;
    for (char c : s)
        if (c < '0' || c > '9') return std::nullopt;
    return std::stoi(s);
}

nlohmann::json Names(const std::string& vi, const std::string& en) { return {{"vi", vi}, {"en", en}}; }

http::Response Search(catalog::CatalogService& service, http::Request& req) {
    catalog::SearchQuery q;
    q.q = req.QueryParam("q").value_or("");
    if (q.q.size() > 200) return BadParameter(req, "q must be at most 200 bytes");
    q.field = req.QueryParam("field").value_or("");
    if (auto level = req.QueryParam("level"); level && !level->empty()) {
        q.level = catalog::ParseLevel(*level);
        if (!q.level) return BadParameter(req, "level must be province, district or commune");
    }
    if (auto mode = req.QueryParam("mode"); mode && !mode->empty()) {
        q.mode = catalog::ParseServiceMode(*mode);
        if (!q.mode) return BadParameter(req, "mode must be full_online, partial_online or offline");
    }
    if (auto as_of = req.QueryParam("as_of"); as_of && !as_of->empty()) {
        if (!catalog::IsValidDate(*as_of)) return BadParameter(req, "as_of must be a date YYYY-MM-DD");
        q.as_of = *as_of;
    }
    if (auto page = req.QueryParam("page"); page && !page->empty()) {
        auto n = PositiveInt(*page);
        if (!n || *n < 1 || *n > 10000)
            return BadParameter(req, "page must be a whole number from 1 to 10000");
        q.page = *n;
    }
    if (auto per_page = req.QueryParam("per_page"); per_page && !per_page->empty()) {
        auto n = PositiveInt(*per_page);
        if (!n || *n < 1 || *n > 100)
            return BadParameter(req, "per_page must be a whole number from 1 to 100");
        q.per_page = *n;
    }
    auto found = service.Search(q);
    if (!found.ok()) return http::JsonError(found.error(), req.request_id);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : found->items) {
        items.push_back(
            {{"code", i.code},
             {"name", Names(i.name_vi, i.name_en)},
             {"field", {{"code", i.field.code}, {"name", Names(i.field.name_vi, i.field.name_en)}}},
             {"level", catalog::LevelName(i.level)},
             {"mode", catalog::ServiceModeName(i.mode)},
             {"time_limit",
              {{"value", i.time_limit.value}, {"unit", catalog::TimeUnitName(i.time_limit.unit)}}}});
    }
    nlohmann::json body = {
        {"items", std::move(items)}, {"total", found->total}, {"page", q.page}, {"per_page", q.per_page}};
    return http::Response::Json(200, body.dump());
}

http::Response Detail(catalog::CatalogService& service, http::Request& req) {
    const std::string& code = req.Param("code");
    std::string day = service.Today();
    if (auto as_of = req.QueryParam("as_of"); as_of && !as_of->empty()) {
        if (!catalog::IsValidDate(*as_of)) return BadParameter(req, "as_of must be a date YYYY-MM-DD");
        day = *as_of;
    }
    auto version = service.VersionInForceOn(code, day);
    if (!version.ok()) {
        if (version.error().code == core::ErrorCode::kNotFound)
            return http::JsonError(404, "not_found", "no procedure " + code + " is in force on " + day,
                                   req.request_id);
        return http::JsonError(version.error(), req.request_id);
    }
    nlohmann::ordered_json body = catalog::ProcedureToJson(version->procedure);
    body["field_name"] = {{"vi", version->field.name_vi}, {"en", version->field.name_en}};
    body["version"] = {
        {"id", version->id},
        {"number", version->number},
        {"effective_from", version->procedure.effective_from},
        {"valid_until", version->valid_until == "9999-12-31" ? nlohmann::ordered_json(nullptr)
                                                             : nlohmann::ordered_json(version->valid_until)}};
    return http::Response::Json(200, body.dump());
}

}  // namespace

void RegisterCatalogRoutes(http::Router& router, const app::Services& services) {
    router.Get("/api/v1/procedures", http::Access::Public(),
               [catalog = services.catalog](http::Request& req) { return Search(*catalog, req); });
    router.Get("/api/v1/procedures/{code}", http::Access::Public(),
               [catalog = services.catalog](http::Request& req) { return Detail(*catalog, req); });
}

}  // namespace mocua::api
