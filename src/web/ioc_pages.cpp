#include "web/ioc_pages.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "core/strings.hpp"
#include "domain/identity/accounts.hpp"
#include "domain/kpi/kpi_service.hpp"
#include "http/router.hpp"
#include "web/format.hpp"
#include "web/forms.hpp"
#include "web/ioc_breakdown.hpp"
#include "web/ioc_common.hpp"
#include "web/ioc_trends.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace kpi = domain::kpi;
namespace org = domain::org;
using nlohmann::json;
using namespace ioc_detail;

constexpr int kListPage = 100;

std::vector<std::string> IocRoles() {
    return {std::string(domain::identity::kRoleIocViewer), std::string(domain::identity::kRoleLeader)};
}

// The indicators' tiles, group by group, from the report JSON (the API's own shape).
json Groups(const json& report, const kpi::Config& config, const kpi::Query& q, Language language,
            const Catalog& c) {
    json groups = json::array();
    for (const auto& g : config.groups) {
        const json& gj = report["groups"][std::to_string(g.group)];
        json tiles = json::array();
        for (const auto& def : config.indicators) {
            if (def.group != g.group || !report["indicators"].contains(def.code)) continue;
            const json& i = report["indicators"][def.code];
            const bool applicable = i["unit"] != "not_applicable";
            const bool has_value = i["value"].is_number();
            const std::string value = Decimal(i["value"]);
            json tile = {
                {"code", def.code},
                {"id", "i" + std::string(def.code).replace(1, 1, "_")},
                {"name", i["name"]},
                {"applicable", applicable},
                {"has_value", has_value},
                {"value",
                 has_value ? c.Format(language, i["unit"] == "days" ? "ioc.value_days" : "ioc.value_percent",
                                      {{"value", value}})
                           : c.Get(language, "kpi.not_applicable")},
                {"numerator", FormatCount(i["numerator"].get<std::int64_t>())},
                {"denominator", FormatCount(i["denominator"].get<std::int64_t>())},
                {"points", Decimal(i["points"])},
                {"max", Decimal(i["max"])},
                {"scored", i["max"].is_number()},
                {"max_assumed", i["max_assumed"]}};
            if (kpi::IsDossierIndicator(def.code))
                tile["href"] = "/ioc/766/" + def.code + "?" + QueryString(q);
            tiles.push_back(std::move(tile));
        }
        groups.push_back({{"group", g.group},
                          {"name", gj["name"]},
                          {"points", Decimal(gj["points"])},
                          {"max", FormatCount(g.max)},
                          {"tiles", std::move(tiles)}});
    }
    return groups;
}

json Counts(const json& report, Language language, const Catalog& c) {
    const json& k = report["counts"];
    json rows = json::array();
    auto row = [&](const char* id, const char* key, const json& v) {
        rows.push_back({{"id", id},
                        {"label", c.Get(language, std::string("kpi.counts.") + key)},
                        {"value", v.is_number_integer()
                                      ? FormatCount(v.get<std::int64_t>())
                                      : c.Format(language, "ioc.value_percent", {{"value", Decimal(v)}})}});
    };
    row("received", "received", k["received"]);
    row("carried_over", "carried_over", k["carried_over"]);
    row("to_process", "to_process", k["to_process"]);
    row("in_progress_late", "in_progress_late", k["in_progress"]["late"]);
    row("in_progress_due_soon", "in_progress_due_soon", k["in_progress"]["due_soon"]);
    row("in_progress_not_yet_due", "in_progress_not_yet_due", k["in_progress"]["not_yet_due"]);
    row("resolved_early", "resolved_early", k["resolved"]["early"]);
    row("resolved_on_time", "resolved_on_time", k["resolved"]["on_time"]);
    row("resolved_late", "resolved_late", k["resolved"]["late"]);
    row("resolved_not_collected", "resolved_not_collected", k["resolved_not_collected"]);
    row("on_time_rate", "on_time_rate", k["on_time_rate"]);
    row("late_rate", "late_rate", k["late_rate"]);
    return rows;
}

json Scorecard(const json& report, Language language, const Catalog& c) {
    json rows = json::array();
    for (const auto& t : report["scorecard"]) {
        const std::string id = t["id"];
        std::string target = "\u2014";
        if (t["target"].is_number())
            target = c.Format(language, t["comparison"] == ">" ? "ioc.target_above" : "ioc.target_at_least",
                              {{"value", Decimal(t["target"])}});
        std::string baseline = "\u2014";
        if (t["baseline"].is_number())
            baseline = c.Format(
                language, "ioc.baseline_value",
                {{"value", Decimal(t["baseline"])}, {"year", t["baseline_year"].get<std::string>()}});
        const char* met =
            t["met"].is_boolean() ? (t["met"].get<bool>() ? "ioc.met_yes" : "ioc.met_no") : "ioc.met_none";
        rows.push_back(
            {{"id", id},
             {"name", t["name"]},
             {"target", target},
             {"deadline", ShownDate(t["deadline"].get<std::string>())},
             {"baseline", baseline},
             {"live", t["live"].is_number()
                          ? c.Format(language, "ioc.value_percent", {{"value", Decimal(t["live"])}})
                          : std::string("\u2014")},
             {"met", c.Get(language, met)},
             {"met_class", t["met"].is_boolean() ? (t["met"].get<bool>() ? "met" : "not-met") : "none"}});
    }
    return rows;
}

json UnitRows(const std::vector<std::pair<org::Unit, json>>& reports, const kpi::Query& q,
              Language language) {
    json rows = json::array();
    for (const auto& [u, r] : reports) {
        const kpi::Query child{q.from, q.to, u.code, q.procedure, q.field};
        rows.push_back(
            {{"code", u.code},
             {"name", UnitName(u, language)},
             {"href", "/ioc?" + QueryString(child)},
             {"received", FormatCount(r["counts"]["received"].get<std::int64_t>())},
             {"on_time", Decimal(r["indicators"]["2.1"]["value"])},
             {"on_time_href", "/ioc/766/2.1?" + QueryString(child)},
             {"resolved_late", FormatCount(r["counts"]["resolved"]["late"].get<std::int64_t>())},
             {"in_progress_late", FormatCount(r["counts"]["in_progress"]["late"].get<std::int64_t>())},
             {"points", TotalText(r)}});
    }
    return rows;
}

http::Response DashboardPage(const app::Services& s, kpi::KpiService& service, http::Request& request) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const IocRequest r = ReadRequest(s, request);
    FormErrors errors;
    auto report = ReportFor(service, r, errors);
    json data = PeriodForm(s, r, language, errors, "/ioc", &service);
    if (!report.ok()) return s.web->Page(request, "ioc/index", "ioc.title", std::move(data), 422);
    const json j = kpi::ReportToJson(*report, service.config(), LangCode(language));
    const std::string unit_name = ShownUnitName(s, r.query, language);
    data["report"] = {
        {"unit_name", unit_name},
        {"period", c.Format(language, "ioc.period_text",
                            {{"from", ShownDate(r.query.from)}, {"to", ShownDate(r.query.to)}})},
        {"total", TotalText(j)},
        {"groups", Groups(j, service.config(), r.query, language, c)},
        {"counts", Counts(j, language, c)},
        {"scorecard", Scorecard(j, language, c)},
        {"full_online", j["full_online"].is_number()
                            ? c.Format(language, "ioc.value_percent", {{"value", Decimal(j["full_online"])}})
                            : std::string("\u2014")},
        {"units", UnitRows(ChildReports(s, service, r.query, language), r.query, language)},
        {"query", QueryString(r.query)},
        {"export", "/ioc/export?" + QueryString(r.query)},
    };
    data["report"]["has_units"] = !data["report"]["units"].empty();
    if (auto trends = service.Trends(r.query); trends.ok())
        data["report"]["trends"] =
            IocTrendsSection(kpi::TrendsToJson(*trends, service.config(), LangCode(language)), language, c,
                             data["report"]["export"].get<std::string>());
    data["uses_ioc_charts"] = true;
    data["report"]["breakdown"] = ioc_drill::BreakdownSection(s, service, r.query, language);
    return s.web->Page(request, "ioc/index", "ioc.title", std::move(data));
}

std::optional<int> Offset(const http::Request& request) {
    auto v = request.QueryParam("offset");
    if (!v || v->empty()) return 0;
    if (v->size() > 8 || v->find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoi(*v);
}

http::Response DossierListPage(const app::Services& s, kpi::KpiService& service, http::Request& request) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const IocRequest r = ReadRequest(s, request);
    const std::string indicator = request.Param("indicator");
    if (!kpi::IsDossierIndicator(indicator)) return http::Response::Empty(404);
    if (auto format = request.QueryParam("format"); format && !format->empty())
        return ExportDossiers(s, service, request, *format);
    const auto offset = Offset(request);
    if (!offset) return s.web->ErrorPage(request, 400, "invalid");
    FormErrors errors = CheckPeriod(r.query);
    auto e = errors.empty() ? service.Explain(r.query, indicator, *offset, kListPage)
                            : core::Result<kpi::Explanation>(core::Error::InvalidArgument("period"));
    if (!e.ok() && errors.empty()) AddError(errors, e.error());
    json data = PeriodForm(s, r, language, errors, "/ioc/766/" + indicator, &service);
    data["indicator"] = indicator;
    std::string name = indicator;
    for (const auto& def : service.config().indicators)
        if (def.code == indicator) name = language == Language::kEn ? def.name_en : def.name_vi;
    data["indicator_name"] = name;
    data["heading"] = c.Format(language, "ioc.list_heading", {{"code", indicator}, {"name", name}});
    data["back"] = "/ioc?" + QueryString(r.query);
    if (!e.ok()) return s.web->Page(request, "ioc/dossiers", "ioc.list_title", std::move(data), 422);
    const bool links = ioc_drill::ReadsDossiers(request);
    json rows = json::array();
    int in_numerator = 0;
    for (const auto& d : e->dossiers) {
        const std::string key = "kpi.reason." + d.reason;
        in_numerator += d.in_numerator;
        json row = {{"code", d.code},
                    {"in_numerator", c.Get(language, d.in_numerator ? "ioc.yes" : "ioc.no")},
                    {"in_denominator", c.Get(language, d.in_denominator ? "ioc.yes" : "ioc.no")},
                    {"reason", c.Find(language, key) ? c.Get(language, key) : d.reason}};
        row["href"] = links ? "/work/dossiers/" + core::UrlEncode(d.code)
                            : "/ioc/dossiers/" + core::UrlEncode(d.code) + "?" + QueryString(r.query);
        rows.push_back(std::move(row));
    }
    data["list"] = {{"rows", rows},
                    {"export", "/ioc/766/" + indicator + "?" + QueryString(r.query)},
                    {"any", !rows.empty()},
                    {"period", c.Format(language, "ioc.period_text",
                                        {{"from", ShownDate(r.query.from)}, {"to", ShownDate(r.query.to)}})}};
    if (e->more)
        data["list"]["next"] = "/ioc/766/" + indicator + "?" + QueryString(r.query) +
                               "&offset=" + std::to_string(*offset + kListPage);
    if (*offset > 0)
        data["list"]["previous"] = "/ioc/766/" + indicator + "?" + QueryString(r.query) +
                                   "&offset=" + std::to_string(std::max(0, *offset - kListPage));
    return s.web->Page(request, "ioc/dossiers", "ioc.list_title", std::move(data));
}

}  // namespace

void RegisterIocPages(http::Router& router, const app::Services& services,
                      std::shared_ptr<kpi::KpiService> kpi) {
    const auto access = http::Access::AnyRole(IocRoles());
    router.Get("/ioc", access,
               [services, kpi](http::Request& request) { return DashboardPage(services, *kpi, request); });
    router.Get("/ioc/766/{indicator}", access,
               [services, kpi](http::Request& request) { return DossierListPage(services, *kpi, request); });
    router.Get("/ioc/dossiers/{code}", access, [services, kpi](http::Request& request) {
        return ioc_drill::DossierPage(services, *kpi, request);
    });
    router.Get("/ioc/export", access,
               [services, kpi](http::Request& request) { return ExportTable(services, *kpi, request); });
    router.Get("/ioc/wall", access,
               [services, kpi](http::Request& request) { return WallPage(services, *kpi, request); },
               {.framable_by_self = true});
    router.Get("/ioc/events", access,
               [services, kpi](http::Request& request) { return WallEvents(services, kpi, request); });
}

}  // namespace mocua::web
