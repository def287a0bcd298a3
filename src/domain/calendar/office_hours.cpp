#include "domain/calendar/office_hours.hpp"

#include <cstdio>

namespace mocua::domain::calendar {

namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "HH:MM" (or "H:MM") → minutes; 24:00 is allowed as an end.
std::optional<int> ParseClock(std::string_view s) {
    s = Trim(s);
    const auto colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || s.size() != colon + 3)
        return std::nullopt;
    int h = 0, m = 0;
    for (std::size_t i = 0; i < colon; ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        h = h * 10 + (s[i] - '0');
    }
    for (std::size_t i = colon + 1; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        m = m * 10 + (s[i] - '0');
    }
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

}  // namespace

bool WeekHours::Closed() const {
    for (const auto& d : days)
        if (!d.empty()) return false;
    return true;
}

std::optional<DayHours> ParseDayHours(std::string_view text) {
    text = Trim(text);
    DayHours out;
    if (text.empty()) return out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t comma = text.find(',', pos);
        if (comma == std::string_view::npos) comma = text.size();
        const std::string_view part = Trim(text.substr(pos, comma - pos));
        const auto dash = part.find('-');
        if (dash == std::string_view::npos) return std::nullopt;
        const auto start = ParseClock(part.substr(0, dash));
        const auto end = ParseClock(part.substr(dash + 1));
        if (!start || !end || *end <= *start || *start >= 24 * 60) return std::nullopt;
        if (!out.empty() && *start < out.back().end) return std::nullopt;
        out.push_back({*start, *end});
        if (out.size() > 6) return std::nullopt;
        pos = comma + 1;
    }
    return out;
}

std::string FormatDayHours(const DayHours& hours) {
    std::string out;
    for (const auto& i : hours) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", (i.start / 60) % 100, i.start % 60,
                      (i.end / 60) % 100, i.end % 60);
        if (!out.empty()) out += ',';
        out += buf;
    }
    return out;
}

int OpenMinutes(const DayHours& hours) {
    int total = 0;
    for (const auto& i : hours) total += i.end - i.start;
    return total;
}

WeekHours DefaultWeekHours() {
    WeekHours w;
    for (int d = 0; d < 5; ++d)
        w.days[static_cast<std::size_t>(d)] = {{7 * 60, 11 * 60 + 30}, {13 * 60 + 30, 17 * 60}};
    return w;
}

std::optional<int> ParseWeekday(std::string_view text) {
    text = Trim(text);
    for (std::size_t i = 0; i < kWeekdays.size(); ++i)
        if (text == kWeekdays[i]) return static_cast<int>(i + 1);
    if (text.size() == 1 && text[0] >= '1' && text[0] <= '7') return text[0] - '0';
    return std::nullopt;
}

std::string_view WeekdayCode(int iso_weekday) {
    if (iso_weekday < 1 || iso_weekday > 7) return "";
    return kWeekdays[static_cast<std::size_t>(iso_weekday - 1)];
}

}  // namespace mocua::domain::calendar
