#include "web/board_pages.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "app/services.hpp"
#include "core/strings.hpp"
#include "core/text/text.hpp"
#include "domain/board/board.hpp"
#include "domain/board/board_feed.hpp"
#include "domain/calendar/dates.hpp"
#include "domain/events/event_hub.hpp"
#include "domain/org/units.hpp"
#include "http/event_stream.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/format.hpp"
#include "web/forms.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace board = domain::board;
namespace org = domain::org;
using nlohmann::json;

// What the three routes share: the unit and period asked for, checked.
struct BoardRequest {
    std::optional<org::Unit> unit;
    std::string from, to;  // as shown in the form
    bool rolling = false;  // no dates given: "this month", moving with the calendar
    std::string preset;    // "month", "quarter", "year" or ""
    board::Window window{};
    FormErrors errors;
    std::vector<org::Unit> units;  // valid on the period's last day, in tree order, with depth
    std::vector<int> depth;
};

std::string Grouped(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    const std::size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
    out.append(digits, 0, lead);
    for (std::size_t i = lead; i < digits.size(); i += 3) out.append(".").append(digits, i, 3);
    return (n < 0 ? "-" : "") + out;
}

// "75,00 %" (Vietnamese decimal comma in both languages, as every figure on the site), "—" for none.
std::string Percent(std::optional<std::int64_t> basis_points) {
    if (!basis_points) return "\u2014";
    const auto bp = *basis_points;
    const std::string cents = std::to_string(bp % 100);
    return Grouped(bp / 100) + "," + (cents.size() < 2 ? "0" : "") + cents + "\u00A0%";
}

// The form shows and accepts dates as Vietnamese write them, dd/mm/yyyy; links carry yyyy-mm-dd. Anything
// else is passed on unchanged for PeriodWindow to refuse.
std::string IsoDate(const std::string& text) {
    int d = 0, m = 0, y = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%2d/%2d/%4d%c", &d, &m, &y, &tail) != 3 || y < 1000) return text;
    char out[48];  // room for any three ints, so the compiler can see nothing is cut
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    return out;
}

std::string ShownDate(const std::string& iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

board::Preset PresetOf(const std::string& name) {
    if (name == "quarter") return board::Preset::kQuarter;
    if (name == "year") return board::Preset::kYear;
    return board::Preset::kMonth;
}

// Units valid on `date` in tree order (each after its parent, siblings in Vietnamese order).
void TreeOrder(std::vector<org::Unit> all, std::vector<org::Unit>& out, std::vector<int>& depth) {
    std::map<std::int64_t, std::vector<org::Unit>> children;
    std::set<std::int64_t> ids;
    for (const auto& u : all) ids.insert(u.id);
    std::vector<org::Unit> roots;
    for (auto& u : all) {
        if (u.parent_id && ids.contains(*u.parent_id)) {
            children[*u.parent_id].push_back(u);
        } else {
            roots.push_back(u);
        }
    }
    auto by_name = [](const org::Unit& a, const org::Unit& b) {
        return core::text::CompareVietnamese(a.name_vi, b.name_vi) < 0;
    };
    std::function<void(std::vector<org::Unit>&, int)> walk = [&](std::vector<org::Unit>& level, int d) {
        std::stable_sort(level.begin(), level.end(), by_name);
        for (auto& u : level) {
            out.push_back(u);
            depth.push_back(d);
            if (auto it = children.find(u.id); it != children.end()) walk(it->second, d + 1);
        }
    };
    walk(roots, 0);
}

BoardRequest ReadBoardRequest(const app::Services& s, const http::Request& request) {
    BoardRequest b;
    const auto now = s.clock->Now();
    b.preset = request.QueryParam("period").value_or("");
    if (b.preset != "quarter" && b.preset != "year" && b.preset != "month") b.preset.clear();
    b.from = IsoDate(core::text::CleanInput(request.QueryParam("from").value_or("")));
    b.to = IsoDate(core::text::CleanInput(request.QueryParam("to").value_or("")));
    if (!b.preset.empty() || (b.from.empty() && b.to.empty())) {
        b.rolling = true;
        std::tie(b.from, b.to) = board::PresetPeriod(PresetOf(b.preset), now);
        if (b.preset.empty()) b.preset = "month";
    }
    auto window = board::PeriodWindow(b.from, b.to);
    std::string as_of = board::PresetPeriod(board::Preset::kMonth, now).second;
    if (window.ok()) {
        b.window = *window;
        as_of = b.to;
    } else {
        b.errors.Add(window.error().message == "board.period_order" ? "to" : "from", window.error().message);
    }
    TreeOrder(s.units->ValidOn(as_of), b.units, b.depth);
    const std::string code = core::text::CleanInput(request.QueryParam("unit").value_or(""));
    if (code.empty()) {
        if (!b.units.empty()) b.unit = b.units.front();
    } else if (auto found = s.units->FindByCode(code, as_of)) {
        b.unit = std::move(found);
    } else {
        b.errors.Add("unit", "board.unit_unknown");
    }
    if (!b.unit && b.errors.empty()) b.errors.Add("unit", "board.unit_unknown");
    return b;
}

std::string UnitName(const org::Unit& u, Language language) {
    return language == Language::kEn && !u.name_en.empty() ? u.name_en : u.name_vi;
}

// The figures as the page and the stream show them, keyed by the data-figure names of the templates.
json FigureValues(const board::Figures& f) {
    return {{"received", Grouped(f.received)},
            {"received_online", Grouped(f.received_online)},
            {"online_share", Percent(f.OnlineShareBasisPoints())},
            {"resolved", Grouped(f.resolved())},
            {"resolved_on_time", Grouped(f.resolved_on_time)},
            {"resolved_late", Grouped(f.resolved_late)},
            {"on_time_share", Percent(f.OnTimeShareBasisPoints())},
            {"in_progress", Grouped(f.in_progress())},
            {"in_progress_late", Grouped(f.in_progress_late)},
            {"in_progress_not_due", Grouped(f.in_progress_not_due)}};
}

std::string Query(const BoardRequest& b) {
    std::string q = "unit=" + (b.unit ? core::UrlEncode(b.unit->code) : std::string());
    if (b.rolling) return q + "&period=" + b.preset;
    return q + "&from=" + b.from + "&to=" + b.to;
}

json PageData(const app::Services& s, const http::Request& request, const BoardRequest& b,
              Language language) {
    const Catalog& c = s.web->catalog();
    json data;
    data["errors"] = b.errors.ToJson(c, language);
    json units = json::array();
    for (std::size_t i = 0; i < b.units.size(); ++i) {
        const auto& u = b.units[i];
        std::string indent;
        for (int d = 0; d < b.depth[i]; ++d) indent += "\u2014 ";
        units.push_back({{"value", u.code},
                         {"label", indent + UnitName(u, language)},
                         {"selected", b.unit && b.unit->id == u.id}});
    }
    data["form"] = {{"units", units}, {"from", ShownDate(b.from)}, {"to", ShownDate(b.to)}};
    if (!b.errors.empty()) return data;
    const std::string unit_query = "unit=" + core::UrlEncode(b.unit->code);
    json presets = json::array();
    for (const char* p : {"month", "quarter", "year"}) {
        presets.push_back({{"href", "/board?" + unit_query + "&period=" + p},
                           {"label", c.Get(language, std::string("board.preset_") + p)},
                           {"current", b.preset == p}});
    }
    data["presets"] = presets;
    data["has_presets"] = true;
    data["unit_name"] = UnitName(*b.unit, language);
    data["period"] = c.Format(language, "board.period_text",
                              {{"from", FormatDate(b.window.start)},
                               {"to", FormatDate(b.window.end - std::chrono::milliseconds(1))}});
    data["query"] = Query(b);
    data["events_url"] = "/board/events?" + Query(b) + "&lang=" + (language == Language::kEn ? "en" : "vi");
    const auto now = s.clock->Now();
    data["figures"] = FigureValues(s.board->ForUnit(b.unit->id, b.window, now));
    data["updated"] = FormatDateTime(now);
    (void)request;
    return data;
}

http::Response BoardPage(const app::Services& s, http::Request& request, bool wall) {
    const Language language = s.web->LanguageOf(request);
    const BoardRequest b = ReadBoardRequest(s, request);
    json data = PageData(s, request, b, language);
    const int status = b.errors.empty() ? 200 : 422;  // as every form of the site answers bad values
    if (wall) {
        data["wall"] = true;
        return s.web->Page(request, "board/wall", "board.wall_title", std::move(data), status);
    }
    return s.web->Page(request, "board/index", "board.title", std::move(data), status);
}

http::Response BoardEvents(const app::Services& s, http::Request& request) {
    const BoardRequest b = ReadBoardRequest(s, request);
    if (!b.errors.empty()) return http::Response::Empty(400);
    const std::int64_t unit_id = b.unit->id;
    const bool rolling = b.rolling;
    const board::Window fixed = b.window;
    const board::Preset preset = PresetOf(b.preset);
    // A preset period moves with the calendar: a screen left on "this month" shows the next month when
    // it comes.
    board::BoardFeed::WindowFn window = [rolling, fixed, preset](core::TimePoint now) {
        if (!rolling) return fixed;
        const auto [from, to] = board::PresetPeriod(preset, now);
        return *board::PeriodWindow(from, to);
    };
    http::EventStream::Options options;
    options.heartbeat = std::chrono::seconds(s.events_heartbeat_seconds);
    auto stream = std::make_shared<http::EventStream>(options);
    const std::string key = std::to_string(unit_id) + (rolling ? " " + b.preset : " " + b.from + " " + b.to);
    // The stream is captured weakly: the watch lives inside the stream (Hold), not the other way round.
    auto watch = s.board_feed->WatchUnit(
        unit_id, key, window,
        [weak = std::weak_ptr<http::EventStream>(stream)](const board::Figures& f, std::int64_t seq) {
            if (auto st = weak.lock()) {
                st->Send(std::to_string(seq), "figures", FigureValues(f).dump());
            }
        });
    stream->Hold(std::shared_ptr<board::BoardFeed::Watch>(std::move(watch)));
    // A browser that reconnects says which change it saw last; when nothing changed since, it already
    // shows the current figures. Otherwise (first connection, or changes missed) send them now.
    const std::int64_t latest = s.events->latest_seq();
    const auto last_seen = request.Header("Last-Event-ID");
    if (!last_seen || *last_seen != std::to_string(latest)) {
        const auto now = s.clock->Now();
        stream->Send(std::to_string(latest), "figures",
                     FigureValues(s.board->ForUnit(unit_id, window(now), now)).dump());
    }
    return http::Response::EventStreamOf(std::move(stream));
}

}  // namespace

void RegisterBoardPages(http::Router& router, const app::Services& services) {
    router.Get("/board", http::Access::Public(),
               [services](http::Request& request) { return BoardPage(services, request, false); });
    router.Get("/board/wall", http::Access::Public(),
               [services](http::Request& request) { return BoardPage(services, request, true); },
               {.framable_by_self = true});
    router.Get("/board/events", http::Access::Public(),
               [services](http::Request& request) { return BoardEvents(services, request); });
}

}  // namespace mocua::web
