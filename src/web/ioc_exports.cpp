// The operations centre's exports: GET /ioc/export (the indicators, counts, scorecard, units, fields,
// procedures and trend tables) and /ioc/766/{indicator}?format= (the dossiers behind a figure), as CSV
// or XLSX attachments with the same figures as the pages.
#include <cctype>
#include <cmath>

#include <spdlog/spdlog.h>

#include "app/services.hpp"
#include "domain/kpi/table_export.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/ioc_breakdown.hpp"
#include "web/ioc_common.hpp"
#include "web/ioc_trends.hpp"
#include "web/shell.hpp"

namespace mocua::web::ioc_detail {

namespace kpi = domain::kpi;
namespace org = domain::org;
using nlohmann::json;

namespace {

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

}  // namespace

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

}  // namespace mocua::web::ioc_detail
