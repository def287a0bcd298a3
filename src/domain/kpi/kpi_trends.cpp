// KpiService::Trends and its JSON (kpi_service.hpp): the store's per-bucket sums, every bucket of the
// period filled in, and the three ratios the operations centre draws.
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "domain/kpi/kpi_service.hpp"

namespace mocua::domain::kpi {

namespace {

using nlohmann::json;

std::chrono::sys_days ParseDay(const std::string& day) {
    int y = 0;
    unsigned m = 0, d = 0;
    std::sscanf(day.c_str(), "%4d-%2u-%2u", &y, &m, &d);
    return std::chrono::sys_days{std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d)};
}

std::string DayText(std::chrono::sys_days day) {
    const std::chrono::year_month_day ymd{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

json X100(const std::optional<std::int64_t>& v) {
    if (!v) return nullptr;
    return json::parse(FormatX100(*v));  // exact: 8750 → 87.5
}

// The scorecard target drawn on a trend: the first one of `figure` whose deadline is on or after the
// period's end, else the one with the last deadline; only targets with a figure to reach.
const Target* TargetInForce(const Config& config, std::string_view figure, const std::string& to) {
    const Target* next = nullptr;
    const Target* last = nullptr;
    for (const auto& t : config.targets) {
        if (t.figure != figure || !t.target) continue;
        if (t.deadline >= to && (!next || t.deadline < next->deadline)) next = &t;
        if (!last || t.deadline > last->deadline) last = &t;
    }
    return next ? next : last;
}

}  // namespace

core::Result<TrendSeries> KpiService::Trends(const Query& query) {
    auto scope = ScopeOf(query);
    if (!scope.ok()) return scope.error();
    store_.Refresh({});
    const auto from = ParseDay(query.from), to = ParseDay(query.to);
    TrendSeries out;
    out.query = query;
    out.bucket = (to - from).count() + 1 <= kTrendDayBucketsUpTo ? TrendBucket::kDay : TrendBucket::kMonth;
    std::map<std::string, TrendSums> found;
    for (auto& s : store_.Series(*scope, out.bucket)) found[s.bucket] = s;
    // Every bucket of the period, in order: a chart's axis must not skip a quiet month.
    for (auto day = from; day <= to;) {
        TrendPoint p;
        std::chrono::sys_days last = day;
        if (out.bucket == TrendBucket::kDay) {
            p.sums.bucket = DayText(day);
        } else {
            const std::chrono::year_month_day ymd{day};
            p.sums.bucket = DayText(day).substr(0, 7);
            last = std::min(to, std::chrono::sys_days{ymd.year() / ymd.month() / std::chrono::last});
        }
        p.from = DayText(day);
        p.to = DayText(last);
        if (auto it = found.find(p.sums.bucket); it != found.end()) p.sums = it->second;
        const auto& s = p.sums;
        p.on_time_rate_x100 = PercentX100(s.resolved_early + s.resolved_on_time,
                                          s.resolved_early + s.resolved_on_time + s.resolved_late);
        p.online_share_x100 = PercentX100(s.online, s.received);
        p.e_payment_share_x100 = PercentX100(s.paid_online, s.fee_bearing);
        out.points.push_back(std::move(p));
        day = last + std::chrono::days(1);
    }
    return out;
}

json TrendsToJson(const TrendSeries& trends, const Config& config, std::string_view lang) {
    const bool vi = lang != "en";
    json points = json::array();
    for (const auto& p : trends.points) {
        const auto& s = p.sums;
        points.push_back(
            {{"period", s.bucket},
             {"from", p.from},
             {"to", p.to},
             {"received", s.received},
             {"online", s.online},
             {"fee_bearing", s.fee_bearing},
             {"paid_online", s.paid_online},
             {"resolved",
              {{"early", s.resolved_early}, {"on_time", s.resolved_on_time}, {"late", s.resolved_late}}},
             {"on_time_rate", X100(p.on_time_rate_x100)},
             {"online_share", X100(p.online_share_x100)},
             {"e_payment_share", X100(p.e_payment_share_x100)}});
    }
    json targets = json::array();
    for (const auto& [figure, series] : {std::pair{"3.3", "online_share"}, {"3.6", "e_payment_share"}}) {
        const Target* t = TargetInForce(config, figure, trends.query.to);
        if (!t) continue;
        targets.push_back({{"id", t->id},
                           {"name", vi ? t->name_vi : t->name_en},
                           {"series", series},
                           {"target", *t->target},
                           {"comparison", t->comparison},
                           {"deadline", t->deadline}});
    }
    return json{
        {"unit", trends.query.unit},   {"from", trends.query.from},
        {"to", trends.query.to},       {"bucket", trends.bucket == TrendBucket::kDay ? "day" : "month"},
        {"points", std::move(points)}, {"targets", std::move(targets)}};
}

}  // namespace mocua::domain::kpi
