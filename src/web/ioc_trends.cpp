#include "web/ioc_trends.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "domain/kpi/kpi766.hpp"
#include "web/format.hpp"

namespace mocua::web {

namespace {

namespace kpi = domain::kpi;
using nlohmann::json;

// Colours for the charts, each at least 3:1 against the white page (WCAG 1.4.11) and told apart by the
// legend, the line symbols and the table as well: GOV.UK green, blue, red and black.
constexpr const char* kEarly = "#00703c";
constexpr const char* kOnTime = "#1d70b8";
constexpr const char* kLate = "#d4351c";
constexpr const char* kReceived = "#0b0c0c";

// The JSON figures in hundredths (ratios have at most 2 decimals); nullopt for null.
std::optional<std::int64_t> X100(const json& v) {
    if (!v.is_number()) return std::nullopt;
    return static_cast<std::int64_t>(std::llround(v.get<double>() * 100));
}

// "97,50 %" as the other /ioc figures, or the "none" text.
std::string Percent(const json& v, Language language, const Catalog& c) {
    auto x = X100(v);
    if (!x) return c.Get(language, "ioc_trends.none");
    std::string s = kpi::FormatX100(*x);
    std::replace(s.begin(), s.end(), '.', ',');
    return c.Format(language, "ioc.value_percent", {{"value", s}});
}

std::int64_t Int(const json& v) { return v.get<std::int64_t>(); }
std::int64_t Resolved(const json& p) {
    return Int(p["resolved"]["early"]) + Int(p["resolved"]["on_time"]) + Int(p["resolved"]["late"]);
}

// A bucket as the reader says it: "Tháng 11/2026" / "11/2026", or the day "27/11/2026".
// `in_text`: inside a sentence ("so với tháng 10/2026").
std::string Label(const json& point, bool by_day, Language language, const Catalog& c, bool in_text = false) {
    const std::string p = point["period"];
    if (by_day) return p.substr(8, 2) + "/" + p.substr(5, 2) + "/" + p.substr(0, 4);
    return c.Format(language, in_text ? "ioc_trends.month_in_text" : "ioc_trends.month",
                    {{"month", p.substr(5, 2)}, {"year", p.substr(0, 4)}});
}
// The chart's axis label, shorter: "11/2026", "27/11".
std::string AxisLabel(const json& point, bool by_day) {
    const std::string p = point["period"];
    return by_day ? p.substr(8, 2) + "/" + p.substr(5, 2) : p.substr(5, 2) + "/" + p.substr(0, 4);
}

// "tăng 8 % so với tháng 10/2026": the change of a count from the bucket before, rounded half up to a
// whole percent.
std::string Change(std::int64_t now, std::optional<std::int64_t> before, const std::string& previous,
                   Language language, const Catalog& c) {
    if (!before) return c.Get(language, "ioc_trends.change_none");
    if (*before == 0)
        return now == 0 ? c.Format(language, "ioc_trends.change_same", {{"previous", previous}})
                        : c.Format(language, "ioc_trends.change_from_zero", {{"previous", previous}});
    if (now == *before) return c.Format(language, "ioc_trends.change_same", {{"previous", previous}});
    const std::int64_t diff = std::llabs(now - *before);
    const std::int64_t percent = (diff * 200 + *before) / (2 * *before);
    return c.Format(language, now > *before ? "ioc_trends.change_up" : "ioc_trends.change_down",
                    {{"percent", FormatCount(percent)}, {"previous", previous}});
}

json NumberOrNull(const json& v) { return v.is_number() ? v : json(nullptr); }

struct Column {
    std::string label;
    bool numeric = true;
};

// One chart of the section: its table (rows of formatted cells), summary and chart data.
json Chart(const std::string& id, const std::string& table_key, const std::string& caption,
           const std::string& summary, const std::vector<Column>& columns, const json& rows,
           const json& chart, const std::string& export_link) {
    json cols = json::array();
    for (const auto& col : columns) cols.push_back({{"label", col.label}, {"numeric", col.numeric}});
    return {{"id", id},
            {"caption", caption},
            {"summary", summary},
            {"columns", cols},
            {"rows", rows},
            {"chart", chart.dump()},
            {"export_csv", export_link + "&table=" + table_key + "&format=csv"},
            {"export_xlsx", export_link + "&table=" + table_key + "&format=xlsx"}};
}

json Row(const std::string& label, const std::vector<std::string>& cells) {
    json out = json::array();
    for (const auto& c : cells) out.push_back({{"value", c}});
    return {{"label", label}, {"cells", out}};
}

std::string TargetText(const json& target, Language language, const Catalog& c) {
    std::string value = kpi::FormatX100(*X100(target["target"]));
    std::replace(value.begin(), value.end(), '.', ',');
    return c.Format(language, target["comparison"] == ">" ? "ioc.target_above" : "ioc.target_at_least",
                    {{"value", value}});
}

const json* TargetOf(const json& trends, const char* series) {
    for (const auto& t : trends["targets"])
        if (t["series"] == series) return &t;
    return nullptr;
}

}  // namespace

json IocTrendsSection(const json& trends, Language language, const Catalog& c,
                      const std::string& export_link) {
    auto t = [&](const char* key) { return c.Get(language, key); };
    const bool by_day = trends["bucket"] == "day";
    const json& points = trends["points"];
    json out = {{"by_day", by_day}, {"charts", json::array()}, {"any", !points.empty()}};
    if (points.empty()) return out;
    const json& last = points.back();
    const json* before = points.size() > 1 ? &points[points.size() - 2] : nullptr;
    const std::string last_label = Label(last, by_day, language, c);
    const std::string before_label = before ? Label(*before, by_day, language, c, true) : "";
    const std::string period_column = t(by_day ? "ioc_trends.col_day" : "ioc_trends.col_month");

    json categories = json::array();
    for (const auto& p : points) categories.push_back(AxisLabel(p, by_day));

    // (a) Received and resolved per bucket.
    {
        json rows = json::array(), early = json::array(), on_time = json::array(), late = json::array(),
             received = json::array();
        for (const auto& p : points) {
            rows.push_back(
                Row(Label(p, by_day, language, c),
                    {FormatCount(Int(p["received"])), FormatCount(Int(p["resolved"]["early"])),
                     FormatCount(Int(p["resolved"]["on_time"])), FormatCount(Int(p["resolved"]["late"]))}));
            early.push_back(p["resolved"]["early"]);
            on_time.push_back(p["resolved"]["on_time"]);
            late.push_back(p["resolved"]["late"]);
            received.push_back(p["received"]);
        }
        const std::string summary =
            c.Format(language, "ioc_trends.summary_counts",
                     {{"period", last_label},
                      {"received", FormatCount(Int(last["received"]))},
                      {"change",
                       Change(Int(last["received"]),
                              before ? std::optional<std::int64_t>(Int((*before)["received"])) : std::nullopt,
                              before_label, language, c)},
                      {"resolved", FormatCount(Resolved(last))},
                      {"late", FormatCount(Int(last["resolved"]["late"]))},
                      {"rate", Percent(last["on_time_rate"], language, c)}});
        json chart = {{"percent", false},
                      {"categories", categories},
                      {"series",
                       {{{"name", t("ioc_trends.resolved_early")},
                         {"type", "bar"},
                         {"stack", "resolved"},
                         {"color", kEarly},
                         {"data", early}},
                        {{"name", t("ioc_trends.resolved_on_time")},
                         {"type", "bar"},
                         {"stack", "resolved"},
                         {"color", kOnTime},
                         {"data", on_time}},
                        {{"name", t("ioc_trends.resolved_late")},
                         {"type", "bar"},
                         {"stack", "resolved"},
                         {"color", kLate},
                         {"data", late}},
                        {{"name", t("ioc_trends.received")},
                         {"type", "line"},
                         {"symbol", "circle"},
                         {"color", kReceived},
                         {"data", received}}}},
                      {"targets", json::array()}};
        out["charts"].push_back(Chart("trend-counts", "trend_counts", t("ioc_trends.counts_caption"), summary,
                                      {{period_column, false},
                                       {t("ioc_trends.received")},
                                       {t("ioc_trends.resolved_early")},
                                       {t("ioc_trends.resolved_on_time")},
                                       {t("ioc_trends.resolved_late")}},
                                      rows, chart, export_link));
    }
    // (b) The on-time rate of the dossiers resolved in each bucket.
    {
        json rows = json::array(), rate = json::array();
        for (const auto& p : points) {
            rows.push_back(Row(Label(p, by_day, language, c),
                               {FormatCount(Resolved(p)), Percent(p["on_time_rate"], language, c)}));
            rate.push_back(NumberOrNull(p["on_time_rate"]));
        }
        const std::string summary =
            before ? c.Format(language, "ioc_trends.summary_on_time",
                              {{"period", last_label},
                               {"rate", Percent(last["on_time_rate"], language, c)},
                               {"previous", before_label},
                               {"previous_rate", Percent((*before)["on_time_rate"], language, c)}})
                   : c.Format(language, "ioc_trends.summary_on_time_single",
                              {{"period", last_label}, {"rate", Percent(last["on_time_rate"], language, c)}});
        json chart = {{"percent", true},
                      {"categories", categories},
                      {"series",
                       {{{"name", t("ioc_trends.on_time_rate")},
                         {"type", "line"},
                         {"symbol", "circle"},
                         {"color", kOnTime},
                         {"data", rate}}}},
                      {"targets", json::array()}};
        out["charts"].push_back(
            Chart("trend-on-time", "trend_on_time", t("ioc_trends.on_time_caption"), summary,
                  {{period_column, false}, {t("ioc_trends.resolved")}, {t("ioc_trends.on_time_rate")}}, rows,
                  chart, export_link));
    }
    // (c) The scorecard's shares, each against the plan's target in force.
    {
        json rows = json::array(), online = json::array(), payment = json::array();
        for (const auto& p : points) {
            rows.push_back(
                Row(Label(p, by_day, language, c),
                    {FormatCount(Int(p["received"])), FormatCount(Int(p["online"])),
                     Percent(p["online_share"], language, c), FormatCount(Int(p["fee_bearing"])),
                     FormatCount(Int(p["paid_online"])), Percent(p["e_payment_share"], language, c)}));
            online.push_back(NumberOrNull(p["online_share"]));
            payment.push_back(NumberOrNull(p["e_payment_share"]));
        }
        json targets = json::array();
        std::string targets_text;
        for (const auto& [series, index] : {std::pair{"online_share", 0}, {"e_payment_share", 1}}) {
            const json* target = TargetOf(trends, series);
            if (!target) continue;
            const std::string text = c.Format(language, "ioc_trends.target_line",
                                              {{"name", (*target)["name"].get<std::string>()},
                                               {"target", TargetText(*target, language, c)}});
            targets.push_back({{"series", index}, {"value", (*target)["target"]}, {"label", text}});
            targets_text += (targets_text.empty() ? "" : "; ") + text;
        }
        std::string summary = c.Format(language, "ioc_trends.summary_shares",
                                       {{"period", last_label},
                                        {"online", Percent(last["online_share"], language, c)},
                                        {"payment", Percent(last["e_payment_share"], language, c)}});
        if (!targets_text.empty())
            summary += " " + c.Format(language, "ioc_trends.summary_targets", {{"targets", targets_text}});
        json chart = {{"percent", true},
                      {"categories", categories},
                      {"series",
                       {{{"name", t("ioc_trends.online_share")},
                         {"type", "line"},
                         {"symbol", "circle"},
                         {"color", kOnTime},
                         {"data", online}},
                        {{"name", t("ioc_trends.e_payment_share")},
                         {"type", "line"},
                         {"symbol", "triangle"},
                         {"color", kEarly},
                         {"data", payment}}}},
                      {"targets", targets}};
        out["charts"].push_back(Chart("trend-shares", "trend_shares", t("ioc_trends.shares_caption"), summary,
                                      {{period_column, false},
                                       {t("ioc_trends.received")},
                                       {t("ioc_trends.online")},
                                       {t("ioc_trends.online_share")},
                                       {t("ioc_trends.fee_bearing")},
                                       {t("ioc_trends.paid_online")},
                                       {t("ioc_trends.e_payment_share")}},
                                      rows, chart, export_link));
    }
    return out;
}

json IocWallTrend(const json& trends, Language language, const Catalog& c) {
    json section = IocTrendsSection(trends, language, c, "");
    if (section["charts"].empty()) return nullptr;
    json chart = section["charts"][0];
    json data = json::parse(chart["chart"].get<std::string>());
    data["theme"] = "wall";
    return {{"caption", chart["caption"]}, {"summary", chart["summary"]}, {"chart", data.dump()}};
}

bool IsIocTrendTable(const std::string& table) {
    return table == "trend_counts" || table == "trend_on_time" || table == "trend_shares";
}

std::optional<kpi::Table> IocTrendTable(const std::string& table, const json& trends, Language language,
                                        const Catalog& c) {
    if (!IsIocTrendTable(table)) return std::nullopt;
    auto t = [&](const char* key) { return c.Get(language, key); };
    auto count = [](const json& v) { return kpi::NumberCell(std::to_string(v.get<std::int64_t>())); };
    auto ratio = [](const json& v) {
        auto x = X100(v);
        return x ? kpi::NumberCell(kpi::FormatX100(*x)) : kpi::TextCell("");
    };
    const bool by_day = trends["bucket"] == "day";
    const std::string period = t(by_day ? "ioc_trends.col_day" : "ioc_trends.col_month");
    kpi::Table out;
    if (table == "trend_counts") {
        out = {t("ioc_trends.counts_caption"),
               {period, t("ioc_trends.received"), t("ioc_trends.resolved_early"),
                t("ioc_trends.resolved_on_time"), t("ioc_trends.resolved_late")},
               {}};
        for (const auto& p : trends["points"])
            out.rows.push_back({kpi::TextCell(p["period"]), count(p["received"]),
                                count(p["resolved"]["early"]), count(p["resolved"]["on_time"]),
                                count(p["resolved"]["late"])});
    } else if (table == "trend_on_time") {
        out = {t("ioc_trends.on_time_caption"),
               {period, t("ioc_trends.resolved"), t("ioc_trends.on_time_rate")},
               {}};
        for (const auto& p : trends["points"])
            out.rows.push_back({kpi::TextCell(p["period"]), kpi::NumberCell(std::to_string(Resolved(p))),
                                ratio(p["on_time_rate"])});
    } else {
        out = {t("ioc_trends.shares_caption"),
               {period, t("ioc_trends.received"), t("ioc_trends.online"), t("ioc_trends.online_share"),
                t("ioc_trends.fee_bearing"), t("ioc_trends.paid_online"), t("ioc_trends.e_payment_share")},
               {}};
        for (const auto& p : trends["points"])
            out.rows.push_back({kpi::TextCell(p["period"]), count(p["received"]), count(p["online"]),
                                ratio(p["online_share"]), count(p["fee_bearing"]), count(p["paid_online"]),
                                ratio(p["e_payment_share"])});
    }
    return out;
}

}  // namespace mocua::web
