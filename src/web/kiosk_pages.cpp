#include "web/kiosk_pages.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "core/text/text.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/lookup/lookup_service.hpp"
#include "domain/org/units.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/catalog_view.hpp"
#include "web/lookup_pages.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace cat = domain::catalog;
using nlohmann::json;

constexpr std::string_view kKioskUnitCookie = "mocua_kiosk_unit";

const InputSpec kCode{
    .id = "code", .label_key = "kiosk.code_label", .hint_key = "kiosk.code_hint", .autocomplete = "off"};
const ChoiceSpec kThreeLevel{.id = "three-level",
                             .name = "three_level",
                             .legend_key = "kiosk.rate_legend",
                             .options = {{"very_satisfied", "rating.very_satisfied"},
                                         {"satisfied", "rating.satisfied"},
                                         {"dissatisfied", "rating.dissatisfied"}}};

// A unit code as configured in a kiosk URL: letters, digits, "." "-" "_", at most 32 characters.
bool PlainCode(std::string_view code) {
    return !code.empty() && code.size() <= 32 && std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '-' || c == '_';
    });
}

// The kiosk page: the template inside the kiosk frame (kiosk_mode hides the site's header and footer),
// with the unit's name, the idle time and the language switch of this path.
http::Response KioskPage(const app::Services& s, const http::Request& request, std::string_view page,
                         std::string_view title_key, json data, int status = 200,
                         std::optional<std::string> set_unit = std::nullopt) {
    const Language language = s.web->LanguageOf(request);
    std::string unit_code = set_unit ? *set_unit : CookieValue(request, kKioskUnitCookie).value_or("");
    std::string unit_name;
    if (PlainCode(unit_code)) {
        if (auto unit = s.units->FindByCode(unit_code, s.catalog->Today())) {
            unit_name = Pick(language, unit->name_vi, unit->name_en);
        }
    }
    data["kiosk_mode"] = true;
    data["kiosk"] = {{"idle", s.kiosk_idle_seconds},
                     {"unit", unit_name.empty() ? json(false) : json(unit_name)},
                     {"path", request.path}};
    http::Response r = s.web->Page(request, page, title_key, std::move(data), status);
    r.SetHeader("Cache-Control", "no-store");
    if (set_unit) {
        r.headers.emplace_back("Set-Cookie", std::string(kKioskUnitCookie) + "=" + *set_unit +
                                                 "; Max-Age=31536000" + s.web->CookieAttributes());
    }
    return r;
}

http::Response Start(const app::Services& s, http::Request& request) {
    std::optional<std::string> unit;
    if (auto u = request.QueryParam("unit"); u && PlainCode(*u)) unit = *u;
    return KioskPage(s, request, "kiosk/start", "kiosk.title", json::object(), 200, unit);
}

http::Response Lookup(const app::Services& s, http::Request& request) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const std::string code = TrimCode(request.QueryParam("code").value_or(""));
    json data;
    int status = 200;
    if (!code.empty()) {
        // The kiosk never asks for the phone factor: a shared screen shows only what anyone may see.
        auto found = s.lookup->Find(request.remote_address, code, "");
        if (found.ok()) {
            data["status"] = StatusData(*found, c, language);
        } else if (found.error().code == core::ErrorCode::kRateLimited) {
            data["throttled"] = true;
            status = 429;
        } else if (found.error().code == core::ErrorCode::kNotFound) {
            data["not_found"] = true;
            status = 404;
        } else {
            log::Get("web")->error("request_id={} kiosk lookup: {}", request.request_id,
                                   found.error().message);
            return http::Response::Empty(500);
        }
    }
    data["code_field"] = InputField(kCode, code, {}, c, language);
    http::Response r = KioskPage(s, request, "kiosk/lookup", "kiosk.lookup_title", std::move(data), status);
    if (status == 429) {
        r.SetHeader("Retry-After", std::to_string(std::max(
                                       1, s.lookup->limiter().RetryAfterSeconds(request.remote_address))));
    }
    return r;
}

// Not the site's error page: that one has the site's header, and its links lead out of the kiosk.
http::Response GuideNotFound(const app::Services& s, const http::Request& request) {
    return KioskPage(s, request, "kiosk/guide", "kiosk.guide_title", {{"not_found", true}, {"list", false}},
                     404);
}

json Tile(std::string href, std::string label) {
    return {{"href", std::move(href)}, {"label", std::move(label)}};
}

// Procedures as guide links, in Vietnamese order of their names in the page's language.
json ProcedureLinks(std::vector<std::pair<std::string, std::string>> items) {
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
        return core::text::CompareVietnamese(a.second, b.second) < 0;
    });
    json out = json::array();
    for (auto& [code, name] : items) out.push_back(Tile("/kiosk/guide/" + code, name));
    return out;
}

// What the guide lists of one procedure in force.
struct GuideEntry {
    std::string code, field, field_vi, field_en, name_vi, name_en;
    std::vector<std::string> life_events;
};

// The guide's view of the catalogue in force. Reading every version in force parses each one's whole
// content (about 200 ms per page for the demo catalogue, measured), so the index is kept for a few
// minutes and for the day it was made: a newly published version shows on the kiosks within that time.
// Owned by the kiosk routes; thread-safe.
class GuideIndex {
public:
    GuideIndex(domain::catalog::CatalogService* catalog, const core::Clock* clock)
        : catalog_(catalog), clock_(clock) {}

    std::shared_ptr<const std::vector<GuideEntry>> Entries() {
        const auto now = clock_->Now();
        const std::string day = catalog_->Today();
        {
            const std::lock_guard lock(mutex_);
            if (entries_ && day_ == day && now - made_ < kKeep) return entries_;
        }
        auto fresh = std::make_shared<std::vector<GuideEntry>>();
        for (auto& v : catalog_->AllInForce(day)) {
            fresh->push_back({v.procedure.code, v.procedure.field, v.field.name_vi, v.field.name_en,
                              v.procedure.name_vi, v.procedure.name_en, v.procedure.life_events});
        }
        const std::lock_guard lock(mutex_);
        entries_ = fresh;
        day_ = day;
        made_ = now;
        return fresh;
    }

private:
    static constexpr std::chrono::minutes kKeep{5};
    domain::catalog::CatalogService* catalog_;
    const core::Clock* clock_;
    std::mutex mutex_;
    std::shared_ptr<const std::vector<GuideEntry>> entries_;
    std::string day_;
    core::TimePoint made_{};
};

http::Response Guide(const app::Services& s, http::Request& request, GuideIndex& index) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const std::string field = request.QueryParam("field").value_or("");
    const std::string event = request.QueryParam("event").value_or("");
    const auto versions = index.Entries();
    json data;
    if (!field.empty() || !event.empty()) {
        std::vector<std::pair<std::string, std::string>> items;
        std::string heading;
        for (const auto& p : *versions) {
            const bool match = field.empty() ? std::find(p.life_events.begin(), p.life_events.end(), event) !=
                                                   p.life_events.end()
                                             : p.field == field;
            if (!match) continue;
            items.emplace_back(p.code, Pick(language, p.name_vi, p.name_en));
            if (!field.empty()) heading = Pick(language, p.field_vi, p.field_en);
        }
        const auto& events = cat::LifeEvents();
        if (!event.empty() && std::find(events.begin(), events.end(), event) != events.end()) {
            heading = c.Get(language, "kiosk.event." + event);
        }
        if (heading.empty()) return GuideNotFound(s, request);
        data["list"] = {{"heading", heading}, {"procedures", ProcedureLinks(std::move(items))}};
        return KioskPage(s, request, "kiosk/guide", "kiosk.guide_title", std::move(data));
    }
    // Only fields and life events that have a procedure in force are offered.
    std::vector<std::pair<std::string, std::string>> fields;
    std::vector<std::string> used_events;
    for (const auto& p : *versions) {
        const std::string name = Pick(language, p.field_vi, p.field_en);
        if (std::none_of(fields.begin(), fields.end(), [&](const auto& f) { return f.first == p.field; })) {
            fields.emplace_back(p.field, name);
        }
        for (const auto& e : p.life_events) {
            if (std::find(used_events.begin(), used_events.end(), e) == used_events.end())
                used_events.push_back(e);
        }
    }
    std::stable_sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) {
        return core::text::CompareVietnamese(a.second, b.second) < 0;
    });
    json field_tiles = json::array();
    for (const auto& [code, name] : fields) field_tiles.push_back(Tile("/kiosk/guide?field=" + code, name));
    json event_tiles = json::array();
    for (const auto& e : cat::LifeEvents()) {  // the vocabulary's own order: birth, marriage, …, other
        if (std::find(used_events.begin(), used_events.end(), e) == used_events.end()) continue;
        event_tiles.push_back(
            Tile("/kiosk/guide?event=" + std::string(e), c.Get(language, "kiosk.event." + std::string(e))));
    }
    data["fields"] = std::move(field_tiles);
    data["events"] = std::move(event_tiles);
    return KioskPage(s, request, "kiosk/guide", "kiosk.guide_title", std::move(data));
}

http::Response GuideProcedure(const app::Services& s, http::Request& request) {
    const Language language = s.web->LanguageOf(request);
    auto version = s.catalog->Current(request.Param("code"));
    if (!version.ok()) return GuideNotFound(s, request);
    json data = ProcedureView(*version, {}, s.catalog->Today(), s.web->catalog(), language);
    // The kiosk offers no downloads: a form link would leave the kiosk pages.
    for (auto& row : data["components"]) row.erase("form_href");
    return KioskPage(s, request, "kiosk/procedure", "kiosk.guide_title", std::move(data));
}

http::Response RatePage(const app::Services& s, http::Request& request, const std::string& code,
                        const FormErrors& errors, int status) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    json data;
    data["code_field"] = InputField(kCode, code, errors, c, language);
    data["three_level"] = ChoiceField(kThreeLevel, {}, errors, c, language);
    data["errors"] = errors.ToJson(c, language);
    return KioskPage(s, request, "kiosk/rate", "kiosk.rate_title", std::move(data), status);
}

http::Response PostRate(const app::Services& s, http::Request& request, const FormData& form) {
    const std::string code = TrimCode(form.Get("code"));
    const std::string value = form.Get("three_level");
    FormErrors errors;
    if (code.empty()) errors.Add("code", "kiosk.error.code_required");
    if (value.empty()) errors.Add("three-level", "rating.error_choose");
    if (!errors.empty()) return RatePage(s, request, code, errors, 422);
    auto rated = s.lookup->RateAtKiosk(request.remote_address, code, value, ActorOf(request));
    if (rated.ok()) {
        return KioskPage(s, request, "kiosk/rated", "kiosk.rate_title", json::object());
    }
    const auto& e = rated.error();
    if (e.code == core::ErrorCode::kRateLimited) {
        errors.Add("code", "lookup.error.throttled");
        return RatePage(s, request, code, errors, 429);
    }
    if (e.code == core::ErrorCode::kNotFound) {
        errors.Add("code", "lookup.error.not_found");
        return RatePage(s, request, code, errors, 404);
    }
    if (e.code == core::ErrorCode::kConflict || e.code == core::ErrorCode::kInvalidArgument) {
        errors.Add(e.message == "dossier.rating" ? "three-level" : "code",
                   "kiosk.error." + e.message.substr(8));
        return RatePage(s, request, code, errors, e.code == core::ErrorCode::kConflict ? 409 : 422);
    }
    log::Get("web")->error("request_id={} kiosk rating: {}", request.request_id, e.message);
    return http::Response::Empty(500);
}

}  // namespace

void RegisterKioskPages(http::Router& router, const app::Services& services) {
    router.Get("/kiosk", http::Access::Public(), [services](http::Request& r) { return Start(services, r); },
               {.framable_by_self = true});
    router.Get("/kiosk/lookup", http::Access::Public(),
               [services](http::Request& r) { return Lookup(services, r); }, {.framable_by_self = true});
    router.Get("/kiosk/guide", http::Access::Public(),
               [services, guide = std::make_shared<GuideIndex>(services.catalog, services.clock)](
                   http::Request& r) { return Guide(services, r, *guide); },
               {.framable_by_self = true});
    router.Get("/kiosk/guide/{code}", http::Access::Public(),
               [services](http::Request& r) { return GuideProcedure(services, r); },
               {.framable_by_self = true});
    router.Get("/kiosk/rate", http::Access::Public(),
               [services](http::Request& r) {
                   return RatePage(services, r, TrimCode(r.QueryParam("code").value_or("")), {}, 200);
               },
               {.framable_by_self = true});
    services.web->PostForm(
        router, "/kiosk/rate", http::Access::Public(),
        [services](http::Request& r, const FormData& form) { return PostRate(services, r, form); },
        {.framable_by_self = true});
}

}  // namespace mocua::web
