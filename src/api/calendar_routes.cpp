#include "api/calendar_routes.hpp"

#include <charconv>

#include "api/calendar_json.hpp"
#include "http/errors.hpp"
#include "http/router.hpp"

namespace mocua::api {

namespace {

namespace cal = domain::calendar;
using http::Request;
using http::Response;

Response BadRequest(const Request& request, const std::string& message) {
    return http::JsonError(400, "invalid_argument", message, request.request_id);
}

Response Cached(Response response, int max_age_seconds) {
    response.SetHeader("Cache-Control", "public, max-age=" + std::to_string(max_age_seconds));
    return response;
}

// Every value of a query parameter, percent-decoded, in order (the request keeps only the first).
std::vector<std::string> QueryValues(const Request& request, std::string_view name) {
    std::vector<std::string> out;
    std::string_view q = request.query;
    while (!q.empty()) {
        const auto amp = q.find('&');
        const std::string_view pair = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) != name) continue;
        if (auto value = http::PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true))
            out.push_back(std::move(*value));
    }
    return out;
}

std::optional<int> ParseYear(const std::string& text) {
    int year = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
    if (ec != std::errc() || end != text.data() + text.size() || text.size() != 4) return std::nullopt;
    return year;
}

Response Holidays(cal::CalendarService& calendar, Request& request) {
    const auto text = request.QueryParam("year");
    const auto year = text ? ParseYear(*text) : std::nullopt;
    if (!year || *year < 1900 || *year > 2100)
        return BadRequest(request, "year: must be a whole number from 1900 to 2100, e.g. ?year=2026");
    auto days = calendar.Holidays(*year);
    if (!days.ok()) return BadRequest(request, "year: " + cal::DescribeError(days.error()));
    return Cached(Response::Json(200, HolidaysJson(days.value()).dump()), 3600);
}

Response Lunar(Request& request) {
    const auto text = request.QueryParam("date");
    const auto date = text ? cal::ParseDate(*text) : std::nullopt;
    if (!date || cal::YearOf(*date) < 1900 || cal::YearOf(*date) > 2100)
        return BadRequest(request,
                          "date: must be a date YYYY-MM-DD from 1900 to 2100, e.g. ?date=2026-02-17");
    return Cached(Response::Json(200, LunarJson(*date).dump()), 86400);
}

Response Deadline(cal::CalendarService& calendar, Request& request) {
    const auto from_text = request.QueryParam("from");
    const auto from = from_text ? cal::ParseInstant(*from_text) : std::nullopt;
    if (!from)
        return BadRequest(
            request,
            "from: must be an ISO 8601 time such as 2026-03-02T10:00:00+07:00 (without an offset it "
            "is Vietnam time)");
    std::optional<cal::TimeLimit> limit;
    int given = 0;
    for (const auto unit :
         {cal::LimitUnit::kWorkingDays, cal::LimitUnit::kDays, cal::LimitUnit::kWorkingHours}) {
        const std::string name(cal::LimitUnitName(unit));
        const auto value = request.QueryParam(name);
        if (!value) continue;
        ++given;
        const auto amount = cal::ParseAmount(*value);
        if (!amount || *amount > cal::MaxThousandths(unit) ||
            (unit == cal::LimitUnit::kDays && *amount % 1000))
            return BadRequest(
                request, name + ": " + cal::DescribeError(core::Error::InvalidArgument("calendar.limit")));
        limit = cal::TimeLimit{unit, *amount};
    }
    if (given != 1)
        return BadRequest(request,
                          "give exactly one of working_days, days or working_hours, e.g. &working_days=5");
    cal::DeadlineRequest r{*from, *limit, request.QueryParam("unit").value_or(""), {}};
    for (const auto& text : QueryValues(request, "pause")) {
        const auto pause = cal::ParsePause(text);
        if (!pause) return BadRequest(request, "pause: must be FROM/TO, two ISO 8601 times");
        r.pauses.push_back(*pause);
    }
    auto answer = calendar.ComputeDeadline(r);
    if (!answer.ok()) {
        const std::string& code = answer.error().message;
        const std::string field = code == "calendar.unit"    ? "unit"
                                  : code == "calendar.pause" ? "pause"
                                  : code == "calendar.range" ? "from"
                                                             : std::string(cal::LimitUnitName(limit->unit));
        return BadRequest(request, field + ": " + cal::DescribeError(answer.error()));
    }
    return Cached(Response::Json(200, DeadlineJson(answer.value(), *limit).dump()), 300);
}

}  // namespace

void RegisterCalendarRoutes(http::Router& router, const app::Services& services) {
    cal::CalendarService* calendar = services.calendar;
    router.Get("/api/v1/calendar/holidays", http::Access::Public(),
               [calendar](Request& request) { return Holidays(*calendar, request); });
    router.Get("/api/v1/calendar/lunar", http::Access::Public(),
               [](Request& request) { return Lunar(request); }, {.blocking = false});
    router.Get("/api/v1/calendar/deadline", http::Access::Public(),
               [calendar](Request& request) { return Deadline(*calendar, request); });
}

}  // namespace mocua::api
