#include "web/catalog_pages.hpp"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "core/clock.hpp"
#include "core/strings.hpp"
#include "core/text/text.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/validation.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/catalog_view.hpp"
#include "web/format.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace cat = domain::catalog;

constexpr int kPerPage = 20;
constexpr std::size_t kMaxQuery = 200;

const InputSpec kQuery{
    .id = "q", .label_key = "catalog.search_label", .hint_key = "catalog.search_hint", .type = "search"};

// ---- Search -------------------------------------------------------------------------------------

struct SearchForm {
    std::string q, field, level, mode;
    int page = 1;
};

// Options of a <select> or radios: {value, label, selected}.
nlohmann::json Options(const std::vector<std::pair<std::string, std::string>>& values,
                       const std::string& chosen) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [value, label] : values)
        out.push_back({{"value", value}, {"label", label}, {"selected", value == chosen}});
    return out;
}

std::string PageHref(const SearchForm& f, int page) {
    std::string href = "/procedures?q=" + core::UrlEncode(f.q);
    if (!f.field.empty()) href += "&field=" + core::UrlEncode(f.field);
    if (!f.level.empty()) href += "&level=" + core::UrlEncode(f.level);
    if (!f.mode.empty()) href += "&mode=" + core::UrlEncode(f.mode);
    return href + "&page=" + std::to_string(page);
}

// GOV.UK pagination: previous, numbers around the current page with ellipses, next.
nlohmann::json Pagination(const SearchForm& f, std::int64_t total, const Catalog& c, Language lang) {
    const int pages = static_cast<int>((total + kPerPage - 1) / kPerPage);
    nlohmann::json p = {{"show", pages > 1}};
    if (pages <= 1) return p;
    if (f.page > 1)
        p["previous"] = {{"href", PageHref(f, f.page - 1)}, {"label", c.Get(lang, "catalog.previous")}};
    if (f.page < pages)
        p["next"] = {{"href", PageHref(f, f.page + 1)}, {"label", c.Get(lang, "catalog.next")}};
    nlohmann::json items = nlohmann::json::array();
    int last_shown = 0;
    for (int n = 1; n <= pages; ++n) {
        const bool near = n == 1 || n == pages || std::abs(n - f.page) <= 1;
        if (!near) continue;
        if (last_shown && n > last_shown + 1) items.push_back({{"ellipsis", true}});
        items.push_back({{"number", n},
                         {"href", PageHref(f, n)},
                         {"current", n == f.page},
                         {"label", c.Format(lang, "catalog.page_label", {{"n", std::to_string(n)}})}});
        last_shown = n;
    }
    p["items"] = items;
    return p;
}

http::Response SearchPage(const app::Services& s, http::Request& request) {
    const Shell& shell = *s.web;
    const Language lang = shell.LanguageOf(request);
    const Catalog& c = shell.catalog();
    SearchForm f;
    f.q = core::text::CleanInput(request.QueryParam("q").value_or(""));
    f.field = core::text::CleanInput(request.QueryParam("field").value_or(""));
    f.level = request.QueryParam("level").value_or("");
    f.mode = request.QueryParam("mode").value_or("");
    FormErrors errors;
    if (f.q.size() > kMaxQuery) errors.Add(kQuery.id, "catalog.error_query_long");
    cat::SearchQuery query;
    query.q = f.q.substr(0, kMaxQuery);
    query.per_page = kPerPage;
    const auto fields = s.catalog->Fields();
    if (!f.field.empty() &&
        std::none_of(fields.begin(), fields.end(), [&](const cat::Field& x) { return x.code == f.field; }))
        f.field.clear();  // a stale or foreign link: show everything rather than nothing
    query.field = f.field;
    if (auto level = cat::ParseLevel(f.level))
        query.level = level;
    else
        f.level.clear();
    if (auto mode = cat::ParseServiceMode(f.mode))
        query.mode = mode;
    else
        f.mode.clear();
    if (auto page = request.QueryParam("page")) {
        const int n = std::atoi(page->c_str());
        f.page = n >= 1 && n <= 100'000 ? n : 1;
    }
    query.page = f.page;

    nlohmann::json data;
    auto found = s.catalog->Search(query);
    if (!found.ok() && found.error().message == "catalog.page") {  // past the last page
        f.page = 1;
        query.page = 1;
        found = s.catalog->Search(query);
    }
    if (!found.ok()) {
        log::Get("web")->error("request_id={} catalogue search failed: {}", request.request_id,
                               found.error().message);
        return http::Response::Empty(500);
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : found->items) items.push_back(SearchItemView(item, c, lang));
    std::vector<std::pair<std::string, std::string>> field_options{{"", c.Get(lang, "catalog.all_fields")}};
    for (const auto& x : fields) field_options.emplace_back(x.code, Pick(lang, x.name_vi, x.name_en));
    data["form"] = {{"q", InputField(kQuery, f.q, errors, c, lang)},
                    {"fields", Options(field_options, f.field)},
                    {"levels", Options({{"", c.Get(lang, "catalog.all_levels")},
                                        {"commune", c.Get(lang, "catalog.level_commune")},
                                        {"district", c.Get(lang, "catalog.level_district")},
                                        {"province", c.Get(lang, "catalog.level_province")}},
                                       f.level)},
                    {"modes", Options({{"", c.Get(lang, "catalog.all_modes")},
                                       {"full_online", c.Get(lang, "catalog.mode_full_online")},
                                       {"partial_online", c.Get(lang, "catalog.mode_partial_online")},
                                       {"offline", c.Get(lang, "catalog.mode_offline")}},
                                      f.mode)}};
    data["errors"] = errors.ToJson(c, lang);
    data["items"] = std::move(items);
    data["has_items"] = !found->items.empty();
    data["count"] = c.Format(lang, found->total == 1 ? "catalog.count_one" : "catalog.count",
                             {{"count", std::to_string(found->total)}});
    data["pagination"] = Pagination(f, found->total, c, lang);
    return shell.Page(request, "catalog/search", "catalog.search_title", std::move(data),
                      errors.empty() ? 200 : 422);
}

// ---- Detail -------------------------------------------------------------------------------------

http::Response DetailPage(const app::Services& s, http::Request& request) {
    const Shell& shell = *s.web;
    const Language lang = shell.LanguageOf(request);
    const std::string& code = request.Param("code");
    const auto as_of = request.QueryParam("as_of");
    if (as_of && !as_of->empty() && !cat::IsValidDate(*as_of)) return http::Response::Empty(400);
    auto version =
        as_of && !as_of->empty() ? s.catalog->VersionInForceOn(code, *as_of) : s.catalog->Current(code);
    if (!version.ok()) {
        if (version.error().code == core::ErrorCode::kNotFound ||
            version.error().code == core::ErrorCode::kInvalidArgument)
            return http::Response::Empty(404);
        log::Get("web")->error("request_id={} procedure {} failed: {}", request.request_id, code,
                               version.error().message);
        return http::Response::Empty(500);
    }
    auto history = s.catalog->History(code);
    nlohmann::json data = ProcedureView(*version, history.ok() ? *history : std::vector<cat::Version>{},
                                        s.catalog->Today(), shell.catalog(), lang);
    data["as_of"] = as_of.value_or("");
    // Online procedures (current version) offer the online application: a start button for citizens and
    // businesses, a way to sign in for visitors; staff apply for others at the counter.
    const bool online = version->procedure.mode != cat::ServiceMode::kOffline;
    const bool current = !as_of || as_of->empty() || [&] {
        auto now = s.catalog->Current(code);
        return now.ok() && now->id == version->id;
    }();
    const std::string kind = request.principal ? request.principal->kind : "";
    if (online && current && kind != "staff") data["apply"] = {{"signed_in", !kind.empty()}};
    auto r = shell.Page(request, "catalog/procedure", "catalog.procedure_title", std::move(data));
    return r;
}

// ---- Forms --------------------------------------------------------------------------------------

http::Response FormDownload(const app::Services& s, http::Request& request) {
    const std::string& code = request.Param("code");
    const std::string& key = request.Param("key");
    auto version = s.catalog->Current(code);
    if (!version.ok())
        return http::Response::Empty(version.error().code == core::ErrorCode::kNotFound ||
                                             version.error().code == core::ErrorCode::kInvalidArgument
                                         ? 404
                                         : 500);
    const auto& components = version->procedure.components;
    if (std::none_of(components.begin(), components.end(),
                     [&](const cat::Component& x) { return x.form == key; }))
        return http::Response::Empty(404);  // only the forms this procedure asks for
    auto form = s.catalog->FormByKey(key);
    if (!form.ok()) return http::Response::Empty(404);
    if (form->form.content && !form->form.content->bytes.empty()) {
        const auto& file = *form->form.content;
        http::Response r = http::Response::Text(200, file.bytes, file.media_type);
        std::string name = file.name.empty() ? key : file.name;
        r.SetHeader("Content-Disposition", "attachment; filename=\"" + core::UrlEncode(name) +
                                               "\"; filename*=UTF-8''" + core::UrlEncode(name));
        r.SetHeader("X-Content-Type-Options", "nosniff");
        return r;
    }
    const Language lang = s.web->LanguageOf(request);
    nlohmann::json data = BlankFormView(version->procedure, form->form, s.web->catalog(), lang);
    return s.web->Page(request, "catalog/blank-form", "catalog.blank_form_title", std::move(data));
}

}  // namespace

void RegisterCatalogPages(http::Router& router, const app::Services& services) {
    router.Get("/procedures", http::Access::Public(),
               [services](http::Request& request) { return SearchPage(services, request); });
    router.Get("/procedures/{code}", http::Access::Public(),
               [services](http::Request& request) { return DetailPage(services, request); });
    router.Get("/procedures/{code}/forms/{key}", http::Access::Public(),
               [services](http::Request& request) { return FormDownload(services, request); });
}

}  // namespace mocua::web
