#include "web/catalog_admin_pages.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "core/clock.hpp"
#include "core/text/text.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/json_codec.hpp"
#include "domain/catalog/validation.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/catalog_view.hpp"
#include "web/format.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace cat = domain::catalog;

constexpr std::size_t kMaxDraft = 512 * 1024;  // a procedure's text; the largest demo one is ~30 KB

const InputSpec kQuery{
    .id = "q", .label_key = "catalog.search_label", .hint_key = "catalog.search_hint", .type = "search"};
const InputSpec kEffective{.id = "effective_from",
                           .label_key = "catalog_admin.effective_from",
                           .hint_key = "catalog_admin.effective_from_hint",
                           .width = "10"};
const InputSpec kContent{
    .id = "content", .label_key = "catalog_admin.content", .hint_key = "catalog_admin.content_hint"};

std::string ShowDate(const std::string& iso) {
    if (iso.empty() || iso == "9999-12-31") return "";
    const auto t = core::ParseUtc(iso + "T00:00:00Z");
    return t ? FormatDate(*t) : iso;
}

// ---- Find ---------------------------------------------------------------------------------------

http::Response ListPage(const app::Services& s, http::Request& request) {
    const Language lang = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const std::string q = core::text::CleanInput(request.QueryParam("q").value_or("")).substr(0, 200);
    cat::SearchQuery query;
    query.q = q;
    query.per_page = 50;
    auto found = s.catalog->Search(query);
    if (!found.ok()) {
        log::Get("web")->error("request_id={} catalogue search failed: {}", request.request_id,
                               found.error().message);
        return http::Response::Empty(500);
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : found->items) items.push_back(SearchItemView(item, c, lang));
    nlohmann::json data;
    data["form"] = {{"q", InputField(kQuery, q, {}, c, lang)}};
    data["items"] = std::move(items);
    data["has_items"] = !found->items.empty();
    data["count"] = c.Format(lang, found->total == 1 ? "catalog.count_one" : "catalog.count",
                             {{"count", std::to_string(found->total)}});
    data["more"] = found->total > static_cast<std::int64_t>(found->items.size());
    return s.web->Page(request, "admin/procedures", "catalog_admin.title", std::move(data));
}

// ---- Edit, preview, publish ---------------------------------------------------------------------

struct Draft {
    std::string effective_from;
    std::string content;
};

nlohmann::json ProblemRows(const std::vector<cat::Problem>& problems, const Catalog& c, Language lang) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& p : problems) {
        nlohmann::json row = {{"message", p.message}, {"rule", p.rule}};
        if (p.line > 0) row["line"] = c.Format(lang, "catalog_admin.line", {{"n", std::to_string(p.line)}});
        if (!p.field.empty()) row["field"] = p.field;
        rows.push_back(std::move(row));
    }
    return rows;
}

http::Response EditPage(const app::Services& s, const http::Request& request,
                        const std::vector<cat::Version>& history, const Draft& draft,
                        const FormErrors& errors, const std::vector<cat::Problem>& problems,
                        const std::optional<cat::Procedure>& preview, int status) {
    const Language lang = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const cat::Version& latest = history.back();
    const std::string today = s.catalog->Today();
    nlohmann::json versions = nlohmann::json::array();
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        const auto& v = *it;
        const bool in_force = v.procedure.effective_from <= today && today < v.valid_until;
        versions.push_back(
            {{"number", v.number},
             {"from", ShowDate(v.procedure.effective_from)},
             {"until", ShowDate(v.valid_until)},
             {"decision", v.procedure.announcement ? v.procedure.announcement->decision : ""},
             {"created",
              [&] {
                  const auto t = core::ParseUtc(v.created_at);
                  return t ? FormatDateTime(*t) : v.created_at;
              }()},
             {"state", c.Get(lang, in_force                             ? "catalog.in_force_now"
                                   : v.procedure.effective_from > today ? "catalog.upcoming"
                                                                        : "catalog_admin.past")},
             {"href", "/procedures/" + v.procedure.code + "?as_of=" + v.procedure.effective_from}});
    }
    nlohmann::json data;
    data["code"] = latest.procedure.code;
    data["name"] = Pick(lang, latest.procedure.name_vi, latest.procedure.name_en);
    data["versions"] = versions;
    data["form"] = {{"effective_from", InputField(kEffective, draft.effective_from, errors, c, lang)},
                    {"content", InputField(kContent, draft.content, errors, c, lang)}};
    data["errors"] = errors.ToJson(c, lang);
    data["problems"] = ProblemRows(problems, c, lang);
    data["has_problems"] = !problems.empty();
    if (preview) {
        cat::Version v;
        v.procedure = *preview;
        v.number = latest.number + 1;
        v.valid_until = "9999-12-31";
        v.field = latest.field.code == preview->field ? latest.field
                                                      : cat::Field{preview->field, preview->field, ""};
        data["preview"] = ProcedureView(v, {}, today, c, lang);
    }
    return s.web->Page(request, "admin/procedure-edit", "catalog_admin.edit_title", std::move(data), status);
}

std::optional<std::vector<cat::Version>> HistoryOf(const app::Services& s, const std::string& code,
                                                   int& status) {
    auto history = s.catalog->History(code);
    if (!history.ok() || history->empty()) {
        status = history.ok() || history.error().code == core::ErrorCode::kNotFound ||
                         history.error().code == core::ErrorCode::kInvalidArgument
                     ? 404
                     : 500;
        return std::nullopt;
    }
    return std::move(history.value());
}

http::Response GetEdit(const app::Services& s, http::Request& request) {
    int status = 0;
    auto history = HistoryOf(s, request.Param("code"), status);
    if (!history) return http::Response::Empty(status);
    cat::Procedure latest = history->back().procedure;
    const std::string today = s.catalog->Today();
    Draft draft{latest.effective_from > today ? latest.effective_from : today,
                cat::ProcedureToJson(latest).dump(2)};
    return EditPage(s, request, *history, draft, {}, {}, std::nullopt, 200);
}

http::Response PostEdit(const app::Services& s, http::Request& request, const FormData& form) {
    int status = 0;
    auto history = HistoryOf(s, request.Param("code"), status);
    if (!history) return http::Response::Empty(status);
    const std::string code = history->back().procedure.code;
    Draft draft{form.Get("effective_from"), form.GetText("content")};
    const bool publish = !form.Get("publish").empty();
    FormErrors errors;
    if (!cat::IsValidDate(draft.effective_from))
        errors.Add(kEffective.id, "catalog_admin.error_date");
    else if (draft.effective_from < s.catalog->Today())
        errors.Add(kEffective.id, "catalog_admin.error_past");
    if (draft.content.size() > kMaxDraft) errors.Add(kContent.id, "catalog_admin.error_too_long");
    if (!errors.empty()) return EditPage(s, request, *history, draft, errors, {}, std::nullopt, 422);

    auto parsed = cat::ParseProcedureJson(draft.content, "");
    std::vector<cat::Problem> problems = parsed.problems;
    std::optional<cat::Procedure> procedure;
    if (problems.empty() && parsed.catalogue.procedures.size() == 1) {
        procedure = parsed.catalogue.procedures.front();
        procedure->effective_from = draft.effective_from;
        if (procedure->code != code) errors.Add(kContent.id, "catalog_admin.error_code");
        auto checked = cat::ValidateProcedure(*procedure, parsed.sources);
        problems.insert(problems.end(), checked.begin(), checked.end());
    } else if (problems.empty()) {
        errors.Add(kContent.id, "catalog_admin.error_one_procedure");
    }
    if (!problems.empty() && errors.empty()) errors.Add(kContent.id, "catalog_admin.error_problems");
    if (!errors.empty() || !publish)
        return EditPage(s, request, *history, draft, errors, problems,
                        errors.empty() ? procedure : std::nullopt, errors.empty() ? 200 : 422);

    auto published = s.catalog->Publish(*procedure, ActorOf(request), &problems);
    if (published.ok()) {
        return s.web->Redirect(request, "/admin/procedures/" + code, "flash.procedure_published");
    }
    const std::string& failure = published.error().message;
    if (failure == "catalog.unchanged") {
        errors.Add(kContent.id, "catalog_admin.error_unchanged");
    } else if (failure == "catalog.invalid" || failure == "catalog.version.date_order") {
        errors.Add(kContent.id, "catalog_admin.error_problems");
    } else {
        log::Get("web")->error("request_id={} publish {} failed: {}", request.request_id, code, failure);
        return http::Response::Empty(500);
    }
    return EditPage(s, request, *history, draft, errors, problems, std::nullopt, 422);
}

}  // namespace

void RegisterCatalogAdminPages(http::Router& router, const app::Services& services) {
    const auto editors = http::Access::AnyRole({"unit_admin", "system_admin"});
    router.Get("/admin/procedures", editors,
               [services](http::Request& request) { return ListPage(services, request); });
    router.Get("/admin/procedures/{code}", editors,
               [services](http::Request& request) { return GetEdit(services, request); });
    services.web->PostForm(router, "/admin/procedures/{code}", editors,
                           [services](http::Request& request, const FormData& form) {
                               return PostEdit(services, request, form);
                           });
}

}  // namespace mocua::web
