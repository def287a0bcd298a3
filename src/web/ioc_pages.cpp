#include "web/ioc_pages.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <tuple>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "core/strings.hpp"
#include "core/text/text.hpp"
#include "domain/board/board.hpp"
#include "domain/board/board_feed.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "domain/events/event_hub.hpp"
#include "domain/identity/accounts.hpp"
#include "domain/kpi/kpi_service.hpp"
#include "domain/kpi/table_export.hpp"
#include "domain/org/units.hpp"
#include "http/event_stream.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/format.hpp"
#include "web/forms.hpp"
#include "web/ioc_breakdown.hpp"
#include "web/ioc_trends.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace kpi = domain::kpi;
namespace org = domain::org;
using nlohmann::json;

constexpr int kListPage = 100;

std::vector<std::string> IocRoles() {
    return {std::string(domain::identity::kRoleIocViewer), std::string(domain::identity::kRoleLeader)};
}

// Dates are shown and accepted as Vietnamese write them (dd/mm/yyyy); links carry yyyy-mm-dd. Anything
// else is passed on for the service to refuse.
std::string IsoDate(const std::string& text) {
    int d = 0, m = 0, y = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%2d/%2d/%4d%c", &d, &m, &y, &tail) != 3 || y < 1000) return text;
    char out[48];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    return out;
}

std::string ShownDate(const std::string& iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// What every /ioc page asks: a unit code ("" = every unit) and a period, defaulting to this month.
struct IocRequest {
    kpi::Query query;
    std::string from_text, to_text;  // as typed, for the form
    bool rolling = false;            // no dates given: this month, moving with the calendar
};

IocRequest ReadRequest(const app::Services& s, const http::Request& request) {
    IocRequest r;
    r.query.unit = core::text::CleanInput(request.QueryParam("unit").value_or(""));
    r.from_text = core::text::CleanInput(request.QueryParam("from").value_or(""));
    r.to_text = core::text::CleanInput(request.QueryParam("to").value_or(""));
    if (r.from_text.empty() && r.to_text.empty()) {
        r.rolling = true;
        auto [from, to] = domain::board::PresetPeriod(domain::board::Preset::kMonth, s.clock->Now());
        r.from_text = ShownDate(from);
        r.to_text = ShownDate(to);
    }
    r.query.from = IsoDate(r.from_text);
    r.query.to = IsoDate(r.to_text);
    ioc_drill::ReadFilters(request, r.query);
    return r;
}

std::string QueryString(const kpi::Query& q) {
    return "unit=" + core::UrlEncode(q.unit) + "&from=" + q.from + "&to=" + q.to + ioc_drill::FilterQuery(q);
}

// The period checked here, so each field gets its message in the reader's language (the service's
// messages are for API clients); an unknown unit is what the service then refuses.
FormErrors CheckPeriod(const kpi::Query& q) {
    FormErrors errors;
    if (!domain::org::IsValidDate(q.from)) errors.Add("from", "ioc.error_date");
    if (!domain::org::IsValidDate(q.to)) {
        errors.Add("to", "ioc.error_date");
    } else if (errors.empty() && q.to < q.from) {
        errors.Add("to", "ioc.error_order");
    }
    return errors;
}

void AddError(FormErrors& errors, const core::Error& e) {
    if (ioc_drill::AddFilterError(errors, e)) return;
    errors.Add(e.code == core::ErrorCode::kNotFound ? "unit" : "from",
               e.code == core::ErrorCode::kNotFound ? "ioc.error_unit" : "ioc.error_date");
}

// A JSON figure (a number with at most 2 decimals, or null) as pages show it: "66,67", "—" for none.
std::string Decimal(const json& v) {
    if (!v.is_number()) return "\u2014";
    const auto x100 = static_cast<std::int64_t>(std::llround(v.get<double>() * 100));
    std::string s = kpi::FormatX100(x100);
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

std::string UnitName(const org::Unit& u, Language language) {
    return language == Language::kEn && !u.name_en.empty() ? u.name_en : u.name_vi;
}

// The form's units: every unit valid on the period's last day, in Vietnamese order.
json UnitOptions(const app::Services& s, const std::string& day, const std::string& selected,
                 Language language, const Catalog& c) {
    auto units = s.units->ValidOn(day);
    std::stable_sort(units.begin(), units.end(), [](const org::Unit& a, const org::Unit& b) {
        return core::text::CompareVietnamese(a.name_vi, b.name_vi) < 0;
    });
    json out = json::array();
    out.push_back(
        {{"value", ""}, {"label", c.Get(language, "ioc.all_units")}, {"selected", selected.empty()}});
    for (const auto& u : units)
        out.push_back(
            {{"value", u.code}, {"label", UnitName(u, language)}, {"selected", u.code == selected}});
    return out;
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

// Points summed over the groups that apply, exact in hundredths.
std::optional<std::int64_t> TotalX100(const json& report) {
    std::optional<std::int64_t> total;
    for (const auto& [id, g] : report["groups"].items()) {
        if (!g["points"].is_number()) continue;
        total = total.value_or(0) + static_cast<std::int64_t>(std::llround(g["points"].get<double>() * 100));
    }
    return total;
}

std::string TotalText(const json& report) {
    auto t = TotalX100(report);
    return t ? Decimal(json::parse(kpi::FormatX100(*t))) : "\u2014";
}

// The units directly below the chosen one (the top units when none is chosen), each with its report
// JSON: the drill-down.
std::vector<std::pair<org::Unit, json>> ChildReports(const app::Services& s, kpi::KpiService& service,
                                                     const kpi::Query& q, Language language) {
    std::optional<std::int64_t> parent;
    if (!q.unit.empty()) {
        auto u = s.units->FindByCode(q.unit, q.to);
        if (!u) return {};
        parent = u->id;
    }
    auto all = s.units->ValidOn(q.to);
    std::vector<org::Unit> children;
    for (const auto& u : all) {
        const bool top = !u.parent_id || std::none_of(all.begin(), all.end(), [&](const org::Unit& o) {
            return o.id == *u.parent_id;
        });
        if (parent ? (u.parent_id && *u.parent_id == *parent) : top) children.push_back(u);
    }
    std::stable_sort(children.begin(), children.end(), [](const org::Unit& a, const org::Unit& b) {
        return core::text::CompareVietnamese(a.name_vi, b.name_vi) < 0;
    });
    std::vector<std::pair<org::Unit, json>> out;
    for (auto& u : children) {
        auto report = service.Decision766(kpi::Query{q.from, q.to, u.code, q.procedure, q.field});
        if (!report.ok()) continue;
        json r = kpi::ReportToJson(*report, service.config(), language == Language::kEn ? "en" : "vi");
        out.emplace_back(std::move(u), std::move(r));
    }
    return out;
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

json PeriodForm(const app::Services& s, const IocRequest& r, Language language, const FormErrors& errors,
                const std::string& action, kpi::KpiService* filters = nullptr) {
    const Catalog& c = s.web->catalog();
    // The unit list needs a valid day; with a bad one, today's units.
    const std::string day =
        r.query.to.size() == 10 && r.query.to[4] == '-'
            ? r.query.to
            : domain::board::PresetPeriod(domain::board::Preset::kMonth, s.clock->Now()).second;
    json data;
    data["errors"] = errors.ToJson(c, language);
    data["form"] = {
        {"action", action},
        {"units", UnitOptions(s, day, r.query.unit, language, c)},
        {"from", r.from_text},
        {"to", r.to_text},
    };
    // Only fields with an error get the key: the template's sections treat an empty text as true.
    for (const char* field : {"from", "to", "unit"})
        if (const std::string* key = errors.For(field))
            data["form"][std::string(field) + "_error"] = c.Get(language, *key);
    if (filters) ioc_drill::AddFilterControls(data["form"], *filters, r.query, errors, language, c);
    return data;
}

http::Response DashboardPage(const app::Services& s, kpi::KpiService& service, http::Request& request) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const IocRequest r = ReadRequest(s, request);
    FormErrors errors = CheckPeriod(r.query);
    auto report = errors.empty() ? service.Decision766(r.query)
                                 : core::Result<kpi::Report>(core::Error::InvalidArgument("period"));
    if (!report.ok() && errors.empty()) AddError(errors, report.error());
    json data = PeriodForm(s, r, language, errors, "/ioc", &service);
    if (!report.ok()) return s.web->Page(request, "ioc/index", "ioc.title", std::move(data), 422);
    const json j = kpi::ReportToJson(*report, service.config(), language == Language::kEn ? "en" : "vi");
    std::string unit_name = c.Get(language, "ioc.all_units");
    if (!r.query.unit.empty())
        if (auto u = s.units->FindByCode(r.query.unit, r.query.to)) unit_name = UnitName(*u, language);
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
        data["report"]["trends"] = IocTrendsSection(
            kpi::TrendsToJson(*trends, service.config(), language == Language::kEn ? "en" : "vi"), language,
            c, data["report"]["export"].get<std::string>());
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

http::Response ExportDossiers(const app::Services& s, kpi::KpiService& service, http::Request& request,
                              const std::string& format);

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

// ---- The video wall ------------------------------------------------------------------------------------

// The wall's panels, each a few large figures; `name` is the data-figure the live updates write to.
struct WallFigure {
    std::string name, label, value;
    bool alert = false;
};
struct WallPanel {
    std::string title;
    std::vector<WallFigure> figures;
};

std::vector<WallPanel> WallPanels(const json& report, Language language, const Catalog& c) {
    auto t = [&](const std::string& key) { return c.Get(language, key); };
    auto count = [&](const json& v) { return FormatCount(v.get<std::int64_t>()); };
    auto percent = [&](const json& v) {
        return v.is_number() ? c.Format(language, "ioc.value_percent", {{"value", Decimal(v)}})
                             : t("kpi.not_applicable");
    };
    const json& i = report["indicators"];
    const json& k = report["counts"];
    std::vector<WallPanel> panels;
    panels.push_back(
        {t("ioc.wall_panel_progress"),
         {{"i2_1-value", i["2.1"]["name"].get<std::string>(), percent(i["2.1"]["value"])},
          {"count-received", t("kpi.counts.received"), count(k["received"])},
          {"count-resolved_on_time", t("kpi.counts.resolved_on_time"), count(k["resolved"]["on_time"])},
          {"count-resolved_late", t("kpi.counts.resolved_late"), count(k["resolved"]["late"]), true},
          {"count-in_progress_due_soon", t("kpi.counts.in_progress_due_soon"),
           count(k["in_progress"]["due_soon"])},
          {"count-in_progress_late", t("kpi.counts.in_progress_late"), count(k["in_progress"]["late"]),
           true}}});
    WallPanel index{t("ioc.wall_panel_index"), {{"total", t("ioc.wall_total"), TotalText(report)}}};
    for (const auto& [id, g] : report["groups"].items())
        index.figures.push_back({"group-" + id, g["name"].get<std::string>(),
                                 g["points"].is_number() ? Decimal(g["points"]) : t("kpi.not_applicable")});
    panels.push_back(std::move(index));
    WallPanel digital{t("ioc.wall_panel_digital"), {}};
    for (const char* code : {"3.3", "3.6", "4.1", "4.2", "4.5"}) {
        std::string id = std::string("i") + code;
        id[2] = '_';
        if (i.contains(code))
            digital.figures.push_back(
                {id + "-value", i[code]["name"].get<std::string>(), percent(i[code]["value"])});
    }
    panels.push_back(std::move(digital));
    WallPanel targets{t("ioc.scorecard_caption"), {}};
    for (const auto& target : report["scorecard"])
        targets.figures.push_back({"target-" + target["id"].get<std::string>(),
                                   target["name"].get<std::string>(), percent(target["live"]),
                                   target["met"] == false});
    panels.push_back(std::move(targets));
    return panels;
}

// What the live updates send: every figure of the wall by its data-figure name.
json WallValues(const std::vector<WallPanel>& panels) {
    json out = json::object();
    for (const auto& p : panels)
        for (const auto& f : p.figures) out[f.name] = f.value;
    return out;
}

std::string LangCode(Language language) { return language == Language::kEn ? "en" : "vi"; }

http::Response WallPage(const app::Services& s, kpi::KpiService& service, http::Request& request) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const IocRequest r = ReadRequest(s, request);
    FormErrors errors = CheckPeriod(r.query);
    auto report = errors.empty() ? service.Decision766(r.query)
                                 : core::Result<kpi::Report>(core::Error::InvalidArgument("period"));
    if (!report.ok() && errors.empty()) AddError(errors, report.error());
    json data = PeriodForm(s, r, language, errors, "/ioc/wall");
    data["wall"] = true;
    if (!report.ok()) return s.web->Page(request, "ioc/wall", "ioc.wall_title", std::move(data), 422);
    const json j = kpi::ReportToJson(*report, service.config(), LangCode(language));
    std::string unit_name = c.Get(language, "ioc.all_units");
    if (!r.query.unit.empty())
        if (auto u = s.units->FindByCode(r.query.unit, r.query.to)) unit_name = UnitName(*u, language);
    json panels = json::array();
    int n = 0;
    for (const auto& p : WallPanels(j, language, c)) {
        json figures = json::array();
        for (const auto& f : p.figures)
            figures.push_back({{"name", f.name}, {"label", f.label}, {"value", f.value}, {"alert", f.alert}});
        panels.push_back({{"id", "panel-" + std::to_string(++n)}, {"title", p.title}, {"figures", figures}});
    }
    std::string events = "/ioc/events?unit=" + core::UrlEncode(r.query.unit);
    if (!r.rolling) events += "&from=" + r.query.from + "&to=" + r.query.to;
    data["report"] = {
        {"unit_name", unit_name},
        {"period", c.Format(language, "ioc.period_text",
                            {{"from", ShownDate(r.query.from)}, {"to", ShownDate(r.query.to)}})},
        {"panels", panels},
        {"events_url", events + "&lang=" + LangCode(language)},
        {"updated", FormatDateTime(s.clock->Now())}};
    if (auto trends = service.Trends(r.query); trends.ok())
        data["report"]["trend"] =
            IocWallTrend(kpi::TrendsToJson(*trends, service.config(), LangCode(language)), language, c);
    data["uses_ioc_charts"] = true;
    return s.web->Page(request, "ioc/wall", "ioc.wall_title", std::move(data));
}

// /ioc/events: the wall's figures as server-sent events, computed again (the projector first, inside
// Decision766) when a dossier of the unit's subtree changes; a burst of changes costs one computation
// per distinct wall (BoardFeed coalesces).
http::Response WallEvents(const app::Services& s, std::shared_ptr<kpi::KpiService> service,
                          http::Request& request) {
    const Language language = s.web->LanguageOf(request);
    const IocRequest r = ReadRequest(s, request);
    auto first = service->Decision766(r.query);
    if (!first.ok()) return http::Response::Empty(400);
    std::optional<std::int64_t> unit_id;
    if (!r.query.unit.empty()) {
        auto u = s.units->FindByCode(r.query.unit, r.query.to);
        if (!u) return http::Response::Empty(400);
        unit_id = u->id;
    }
    const Catalog* catalog = &s.web->catalog();
    const kpi::Query fixed = r.query;
    const bool rolling = r.rolling;
    // A wall left on "this month" moves into the next month by itself.
    auto compute = [service, catalog, language, fixed, rolling](core::TimePoint now) {
        kpi::Query q = fixed;
        if (rolling) std::tie(q.from, q.to) = domain::board::PresetPeriod(domain::board::Preset::kMonth, now);
        auto report = service->Decision766(q);
        if (!report.ok()) throw std::runtime_error("ioc wall: " + report.error().message);
        return WallValues(WallPanels(kpi::ReportToJson(*report, service->config(), LangCode(language)),
                                     language, *catalog))
            .dump();
    };
    http::EventStream::Options options;
    options.heartbeat = std::chrono::seconds(s.events_heartbeat_seconds);
    auto stream = std::make_shared<http::EventStream>(options);
    const std::string key = "ioc " + r.query.unit + ioc_drill::FilterQuery(r.query) +
                            (rolling ? " month" : " " + fixed.from + " " + fixed.to) + " " +
                            LangCode(language);
    auto watch = s.board_feed->WatchUnitText(
        unit_id, key, compute,
        [weak = std::weak_ptr<http::EventStream>(stream)](const std::string& figures, std::int64_t seq) {
            if (auto st = weak.lock()) st->Send(std::to_string(seq), "figures", figures);
        });
    stream->Hold(std::shared_ptr<domain::board::BoardFeed::Watch>(std::move(watch)));
    // As /board/events: a browser that reconnects without having missed a change already shows the
    // current figures.
    const std::int64_t latest = s.events->latest_seq();
    const auto last_seen = request.Header("Last-Event-ID");
    if (!last_seen || *last_seen != std::to_string(latest)) {
        stream->Send(std::to_string(latest), "figures",
                     WallValues(WallPanels(kpi::ReportToJson(*first, service->config(), LangCode(language)),
                                           language, *catalog))
                         .dump());
    }
    return http::Response::EventStreamOf(std::move(stream));
}

// ---- Exports -------------------------------------------------------------------------------------------

// A JSON figure unformatted for a spreadsheet ("66.67"), empty when there is none.
kpi::Cell Number(const json& v) {
    if (v.is_number_integer()) return kpi::NumberCell(std::to_string(v.get<std::int64_t>()));
    if (!v.is_number()) return kpi::TextCell("");
    return kpi::NumberCell(kpi::FormatX100(static_cast<std::int64_t>(std::llround(v.get<double>() * 100))));
}

kpi::Table IndicatorsTable(const json& report, const kpi::Config& config, Language language,
                           const Catalog& c) {
    auto t = [&](const char* key) { return c.Get(language, key); };
    kpi::Table table{
        t("ioc.indicators_caption"),
        {t("ioc.col_indicator"), t("ioc.col_name"), t("ioc.col_value"), t("ioc.col_measure"),
         t("ioc.numerator"), t("ioc.denominator"), t("ioc.points"), t("ioc.col_max"), t("ioc.col_assumed")},
        {}};
    for (const auto& def : config.indicators) {
        if (!report["indicators"].contains(def.code)) continue;
        const json& i = report["indicators"][def.code];
        table.rows.push_back({kpi::TextCell(def.code), kpi::TextCell(i["name"]), Number(i["value"]),
                              kpi::TextCell(i["unit"]), Number(i["numerator"]), Number(i["denominator"]),
                              Number(i["points"]), Number(i["max"]),
                              kpi::TextCell(t(i["max_assumed"].get<bool>() ? "ioc.yes" : "ioc.no"))});
    }
    return table;
}

kpi::Table CountsTable(const json& report, Language language, const Catalog& c) {
    kpi::Table table{c.Get(language, "ioc.counts_caption"),
                     {c.Get(language, "ioc.col_figure"), c.Get(language, "ioc.col_value")},
                     {}};
    const json& k = report["counts"];
    auto row = [&](const char* key, const json& v) {
        table.rows.push_back({kpi::TextCell(c.Get(language, std::string("kpi.counts.") + key)), Number(v)});
    };
    row("received", k["received"]);
    row("carried_over", k["carried_over"]);
    row("to_process", k["to_process"]);
    row("in_progress_late", k["in_progress"]["late"]);
    row("in_progress_due_soon", k["in_progress"]["due_soon"]);
    row("in_progress_not_yet_due", k["in_progress"]["not_yet_due"]);
    row("resolved_early", k["resolved"]["early"]);
    row("resolved_on_time", k["resolved"]["on_time"]);
    row("resolved_late", k["resolved"]["late"]);
    row("resolved_not_collected", k["resolved_not_collected"]);
    row("on_time_rate", k["on_time_rate"]);
    row("late_rate", k["late_rate"]);
    return table;
}

kpi::Table ScorecardTable(const json& report, Language language, const Catalog& c) {
    auto t = [&](const char* key) { return c.Get(language, key); };
    kpi::Table table{t("ioc.scorecard_caption"),
                     {t("ioc.col_target"), t("ioc.col_comparison"), t("ioc.col_goal"), t("ioc.col_deadline"),
                      t("ioc.col_baseline"), t("ioc.col_baseline_year"), t("ioc.col_live"), t("ioc.col_met")},
                     {}};
    for (const auto& s : report["scorecard"]) {
        const char* met =
            s["met"].is_boolean() ? (s["met"].get<bool>() ? "ioc.met_yes" : "ioc.met_no") : "ioc.met_none";
        table.rows.push_back({kpi::TextCell(s["name"]), kpi::TextCell(s["comparison"]), Number(s["target"]),
                              kpi::TextCell(s["deadline"]), Number(s["baseline"]),
                              kpi::TextCell(s["baseline_year"]), Number(s["live"]), kpi::TextCell(t(met))});
    }
    return table;
}

kpi::Table UnitsTable(const std::vector<std::pair<org::Unit, json>>& reports, Language language,
                      const Catalog& c) {
    auto t = [&](const char* key) { return c.Get(language, key); };
    kpi::Table table{t("ioc.units_caption"),
                     {t("ioc.col_unit_code"), t("ioc.col_unit"), t("ioc.col_received"), t("ioc.col_on_time"),
                      t("ioc.col_resolved_late"), t("ioc.col_in_progress_late"), t("ioc.col_points")},
                     {}};
    for (const auto& [u, r] : reports) {
        auto total = TotalX100(r);
        table.rows.push_back({kpi::TextCell(u.code), kpi::TextCell(UnitName(u, language)),
                              Number(r["counts"]["received"]), Number(r["indicators"]["2.1"]["value"]),
                              Number(r["counts"]["resolved"]["late"]),
                              Number(r["counts"]["in_progress"]["late"]),
                              total ? kpi::NumberCell(kpi::FormatX100(*total)) : kpi::TextCell("")});
    }
    return table;
}

// The table as the asked format, as an attachment named after the table and the query.
http::Response Download(const app::Services& s, const http::Request& request, const kpi::Table& table,
                        const std::string& format, const std::string& name) {
    std::string bytes, type;
    if (format == "csv") {
        bytes = kpi::TableToCsv(table);
        type = "text/csv; charset=utf-8";
    } else {
        auto xlsx = s.spreadsheets->Xlsx(table);
        if (!xlsx.ok()) {
            log::Get("web")->error("request_id={} ioc export: {}", request.request_id, xlsx.error().message);
            return s.web->ErrorPage(request, 500, "internal");
        }
        bytes = std::move(*xlsx);
        type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    http::Response r = http::Response::Text(200, std::move(bytes), type);
    r.SetHeader("Content-Disposition", "attachment; filename=\"" + name + "." + format + "\"");
    r.SetHeader("Cache-Control", "private, no-store");
    return r;
}

// A safe file-name part: letters, digits, '.', '-' kept, anything else '-'.
std::string FilePart(const std::string& s) {
    std::string out;
    for (char ch : s)
        out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' ? ch : '-';
    return out;
}

std::string FileName(const std::string& table, const kpi::Query& q) {
    return "ioc-" + table + (q.unit.empty() ? "" : "-" + FilePart(q.unit)) +
           (q.field.empty() ? "" : "-" + FilePart(q.field)) +
           (q.procedure.empty() ? "" : "-" + FilePart(q.procedure)) + "-" + q.from + "-" + q.to;
}

// GET /ioc/export?table=indicators|counts|scorecard|units&format=csv|xlsx&unit=&from=&to=
http::Response ExportTable(const app::Services& s, kpi::KpiService& service, http::Request& request) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const std::string table = request.QueryParam("table").value_or("");
    const std::string format = request.QueryParam("format").value_or("");
    const IocRequest r = ReadRequest(s, request);
    const bool trend = IsIocTrendTable(table);
    if ((format != "csv" && format != "xlsx") ||
        (!trend && table != "indicators" && table != "counts" && table != "scorecard" && table != "units" &&
         table != "fields" && table != "procedures") ||
        !CheckPeriod(r.query).empty())
        return s.web->ErrorPage(request, 400, "invalid");
    if (trend) {
        auto trends = service.Trends(r.query);
        if (!trends.ok())
            return s.web->ErrorPage(
                request, trends.error().code == core::ErrorCode::kNotFound ? 404 : 400,
                trends.error().code == core::ErrorCode::kNotFound ? "not_found" : "invalid");
        return Download(
            s, request,
            *IocTrendTable(table, kpi::TrendsToJson(*trends, service.config(), LangCode(language)), language,
                           c),
            format, FileName(table, r.query));
    }
    if (auto b = ioc_drill::BreakdownTable(service, r.query, table, language, c)) {
        if (!b->ok()) return s.web->ErrorPage(request, 404, "not_found");
        return Download(s, request, b->value(), format, FileName(table, r.query));
    }
    auto report = service.Decision766(r.query);
    if (!report.ok())
        return s.web->ErrorPage(request, report.error().code == core::ErrorCode::kNotFound ? 404 : 400,
                                report.error().code == core::ErrorCode::kNotFound ? "not_found" : "invalid");
    const json j = kpi::ReportToJson(*report, service.config(), LangCode(language));
    kpi::Table t = table == "indicators" ? IndicatorsTable(j, service.config(), language, c)
                   : table == "counts"   ? CountsTable(j, language, c)
                   : table == "scorecard"
                       ? ScorecardTable(j, language, c)
                       : UnitsTable(ChildReports(s, service, r.query, language), language, c);
    return Download(s, request, t, format, FileName(table, r.query));
}

// /ioc/766/{indicator}?format=csv|xlsx: every dossier of the list (pages of the engine's maximum).
http::Response ExportDossiers(const app::Services& s, kpi::KpiService& service, http::Request& request,
                              const std::string& format) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const IocRequest r = ReadRequest(s, request);
    const std::string indicator = request.Param("indicator");
    if ((format != "csv" && format != "xlsx") || !CheckPeriod(r.query).empty())
        return s.web->ErrorPage(request, 400, "invalid");
    auto t = [&](const char* key) { return c.Get(language, key); };
    kpi::Table table{
        c.Format(language, "ioc.list_heading", {{"code", indicator}, {"name", ""}}),
        {t("ioc.col_code"), t("ioc.col_in_numerator"), t("ioc.col_in_denominator"), t("ioc.col_reason")},
        {}};
    for (int offset = 0;; offset += kpi::kMaxExplainLimit) {
        auto e = service.Explain(r.query, indicator, offset, kpi::kMaxExplainLimit);
        if (!e.ok())
            return s.web->ErrorPage(request, e.error().code == core::ErrorCode::kNotFound ? 404 : 400,
                                    e.error().code == core::ErrorCode::kNotFound ? "not_found" : "invalid");
        for (const auto& d : e->dossiers) {
            const std::string key = "kpi.reason." + d.reason;
            table.rows.push_back({kpi::TextCell(d.code),
                                  kpi::TextCell(t(d.in_numerator ? "ioc.yes" : "ioc.no")),
                                  kpi::TextCell(t(d.in_denominator ? "ioc.yes" : "ioc.no")),
                                  kpi::TextCell(c.Find(language, key) ? c.Get(language, key) : d.reason)});
        }
        if (!e->more) break;
    }
    return Download(s, request, table, format, FileName("766-" + FilePart(indicator), r.query));
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
