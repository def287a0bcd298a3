// The operations centre's video wall: GET /ioc/wall, a few panels of large figures for a projector,
// and GET /ioc/events, the same figures as server-sent events when a dossier of the unit changes.
#include <chrono>
#include <stdexcept>
#include <tuple>

#include "app/services.hpp"
#include "core/strings.hpp"
#include "domain/board/board.hpp"
#include "domain/board/board_feed.hpp"
#include "domain/events/event_hub.hpp"
#include "http/event_stream.hpp"
#include "http/router.hpp"
#include "web/format.hpp"
#include "web/ioc_breakdown.hpp"
#include "web/ioc_common.hpp"
#include "web/ioc_trends.hpp"
#include "web/shell.hpp"

namespace mocua::web::ioc_detail {

namespace kpi = domain::kpi;
using nlohmann::json;

namespace {

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

}  // namespace

http::Response WallPage(const app::Services& s, kpi::KpiService& service, http::Request& request) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const IocRequest r = ReadRequest(s, request);
    FormErrors errors;
    auto report = ReportFor(service, r, errors);
    json data = PeriodForm(s, r, language, errors, "/ioc/wall");
    data["wall"] = true;
    if (!report.ok()) return s.web->Page(request, "ioc/wall", "ioc.wall_title", std::move(data), 422);
    const json j = kpi::ReportToJson(*report, service.config(), LangCode(language));
    const std::string unit_name = ShownUnitName(s, r.query, language);
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

}  // namespace mocua::web::ioc_detail
