#include "web/rating_pages.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "app/services.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/dossier_pages_common.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace dossier = domain::dossier;
using nlohmann::json;

constexpr int kIndices = 9;

const ChoiceSpec kThreeLevel{.id = "three-level",
                             .name = "three_level",
                             .legend_key = "rating.three_level",
                             .options = {{"very_satisfied", "rating.very_satisfied"},
                                         {"satisfied", "rating.satisfied"},
                                         {"dissatisfied", "rating.dissatisfied"}}};

ChoiceSpec IndexSpec(int i) {
    const std::string n = std::to_string(i);
    return {.id = "index-" + n,
            .name = "index_" + n,
            .legend_key = "rating.index." + n,
            .options = {{"2", "rating.points_2"}, {"1", "rating.points_1"}, {"0", "rating.points_0"}}};
}

http::Response RatingPage(const app::Services& s, http::Request& request, const FormErrors& errors, int status) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    auto d = s.dossiers->Get(caller, request.Param("code"));
    if (!d.ok()) return http::Response::Empty(404);
    const bool owner = d->applicant_account_id && *d->applicant_account_id == principal.account_id;
    if (!owner || d->state != dossier::State::kReturned) return http::Response::Empty(404);
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    json data;
    data["code"] = d->code;
    bool three_done = false, nine_done = false;
    for (const auto& r : d->ratings) {
        if (r.channel != "online") continue;
        three_done = three_done || r.kind == "three_level";
        nine_done = nine_done || r.kind == "nine_indices";
    }
    data["kinds"] = {{"three", "three_level"}, {"nine", "nine_indices"}};
    data["three_done"] = three_done;
    data["nine_done"] = nine_done;
    data["three_level"] = ChoiceField(kThreeLevel, {}, errors, c, language);
    json indices = json::array();
    for (int i = 1; i <= kIndices; ++i) indices.push_back(ChoiceField(IndexSpec(i), {}, errors, c, language));
    data["indices"] = std::move(indices);
    data["errors"] = errors.ToJson(c, language);
    return s.web->Page(request, "rating/rating", "rating.title", std::move(data), status);
}

http::Response PostRating(const app::Services& s, http::Request& request, const FormData& form) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    const std::string code = request.Param("code");
    FormErrors errors;
    std::string kind, value;
    if (form.Get("kind") == "nine_indices") {
        kind = "nine_indices";
        for (int i = 1; i <= kIndices; ++i) {
            const std::string v = form.Get("index_" + std::to_string(i));
            if (v != "0" && v != "1" && v != "2") errors.Add("index-" + std::to_string(i), "rating.error_choose");
            value += (i > 1 ? "," : "") + v;
        }
    } else {
        kind = "three_level";
        value = form.Get("three_level");
        if (value.empty()) errors.Add("three-level", "rating.error_choose");
    }
    if (!errors.empty()) return RatingPage(s, request, errors, 422);
    auto rated = s.dossiers->Rate(caller, code, kind, value, "online");
    if (!rated.ok()) {
        const auto& e = rated.error();
        if (e.code == core::ErrorCode::kNotFound || e.code == core::ErrorCode::kForbidden) {
            return http::Response::Empty(404);
        }
        if (e.code == core::ErrorCode::kConflict || e.code == core::ErrorCode::kInvalidArgument) {
            errors.Add(kind == "three_level" ? "three-level" : "index-1", "dossier.error." + e.message);
            return RatingPage(s, request, errors, e.code == core::ErrorCode::kConflict ? 409 : 422);
        }
        log::Get("web")->error("request_id={} rating: {}", request.request_id, e.message);
        return http::Response::Empty(500);
    }
    return s.web->Redirect(request, "/dossiers/" + code + "/rating", "flash.rating_thanks");
}

http::Response PostCounterRating(const app::Services& s, http::Request& request, const FormData& form) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    const std::string code = request.Param("code");
    auto rated = s.dossiers->Rate(caller, code, "three_level", form.Get("three_level"), "counter");
    if (rated.ok()) return s.web->Redirect(request, "/work/dossiers/" + code, "flash.rating_recorded");
    const auto& e = rated.error();
    if (e.code == core::ErrorCode::kNotFound) return http::Response::Empty(404);
    if (e.code == core::ErrorCode::kForbidden) return http::Response::Empty(403);
    if (e.code == core::ErrorCode::kInvalidArgument || e.code == core::ErrorCode::kConflict) {
        return s.web->Redirect(request, "/work/dossiers/" + code,
                               e.code == core::ErrorCode::kConflict ? "flash.rating_already" : "flash.rating_choose");
    }
    log::Get("web")->error("request_id={} counter rating: {}", request.request_id, e.message);
    return http::Response::Empty(500);
}

}  // namespace

void RegisterRatingPages(http::Router& router, const app::Services& services) {
    const Shell* shell = services.web;
    router.Get("/dossiers/{code}/rating", http::Access::SignedIn(),
               [services](http::Request& request) { return RatingPage(services, request, {}, 200); });
    shell->PostForm(router, "/dossiers/{code}/rating", http::Access::SignedIn(),
                    [services](http::Request& request, const FormData& form) {
                        return PostRating(services, request, form);
                    });
    shell->PostForm(router, "/work/dossiers/{code}/rate", http::Access::AnyRole({"onestop_officer"}),
                    [services](http::Request& request, const FormData& form) {
                        return PostCounterRating(services, request, form);
                    });
}

}  // namespace mocua::web
