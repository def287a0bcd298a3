#include "api/lookup_routes.hpp"

#include <algorithm>
#include <string>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "domain/dossier/dossier_service.hpp"
#include "domain/lookup/lookup_service.hpp"
#include "http/router.hpp"
#include "log/log.hpp"

namespace mocua::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;
namespace lookup = domain::lookup;

// ?lang= first (a kiosk or app states it), then the first of vi/en in Accept-Language; Vietnamese by default.
std::string LanguageOf(const Request& req) {
    if (auto lang = req.QueryParam("lang"); lang && (*lang == "vi" || *lang == "en")) return *lang;
    const auto header = req.Header("Accept-Language");
    if (!header) return "vi";
    const auto vi = header->find("vi");
    const auto en = header->find("en");
    if (en != std::string_view::npos && (vi == std::string_view::npos || en < vi)) return "en";
    return "vi";
}

std::string Text(const app::Services& s, std::string_view language, std::string_view key) {
    const auto& messages = s.dossiers->options().messages;
    if (messages) {
        if (const std::string* found = messages(language, key)) return *found;
    }
    return std::string(key);
}

json OrNull(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

Response NoStore(Response r, std::string_view language) {
    r.SetHeader("Cache-Control", "no-store");
    r.SetHeader("Content-Language", std::string(language));
    return r;
}

// The same bytes for every miss, whatever the code looked like.
Response Miss(const app::Services& s, std::string_view language, int status, std::string_view rule) {
    const json body = {{"error",
                        {{"code", status == 429 ? "rate_limited" : "not_found"},
                         {"rule", rule},
                         {"message", Text(s, language, "lookup.error." + std::string(rule.substr(7)))}}}};
    return NoStore(Response::Json(status, body.dump()), language);
}

Response Lookup(const app::Services& s, Request& req) {
    const std::string language = LanguageOf(req);
    const std::string phone = req.QueryParam("phone_last4").value_or("");
    auto found = s.lookup->Find(req.remote_address, req.Param("code"), phone);
    if (!found.ok()) {
        if (found.error().code == core::ErrorCode::kRateLimited) {
            Response r = Miss(s, language, 429, "lookup.throttled");
            r.SetHeader("Retry-After", std::to_string(std::max(
                                           1, s.lookup->limiter().RetryAfterSeconds(req.remote_address))));
            return r;
        }
        if (found.error().code == core::ErrorCode::kNotFound)
            return Miss(s, language, 404, "lookup.not_found");
        log::Get("api")->error("request_id={} lookup: {}", req.request_id, found.error().message);
        return Response::Empty(500);
    }
    const lookup::DossierStatus& d = *found;
    const bool en = language == "en";
    json timeline = json::array();
    for (const auto& t : d.timeline)
        timeline.push_back({{"state", domain::dossier::Code(t.state)}, {"at", t.at}});
    json body = {
        {"code", d.code},
        {"procedure", {{"code", d.procedure_code}, {"name", en ? d.procedure_name_en : d.procedure_name_vi}}},
        {"state",
         {{"code", domain::dossier::Code(d.state)},
          {"name", Text(s, language, "dossier.state." + std::to_string(domain::dossier::Code(d.state)))}}},
        {"received_at", OrNull(d.received_at)},
        {"due_at", OrNull(d.due_at)},
        {"returned_at", OrNull(d.returned_at)},
        {"on_time", d.on_time ? json(*d.on_time) : json(nullptr)},
        {"timeline", std::move(timeline)},
        {"applicant", d.masked_name},
        {"second_factor", d.second_factor},
    };
    if (d.second_factor) {
        body["applicant_full"] = OrNull(d.applicant_name);
        body["receiving_unit"] = OrNull(en ? d.receiving_unit_en : d.receiving_unit_vi);
        body["appointment_at"] = OrNull(d.appointment_at);
    }
    return NoStore(Response::Json(200, body.dump()), language);
}

}  // namespace

void RegisterLookupRoutes(http::Router& router, const app::Services& services) {
    router.Get("/api/v1/lookup/{code}", http::Access::Public(),
               [services](Request& req) { return Lookup(services, req); });
}

}  // namespace mocua::api
