#include "domain/calendar/dates.hpp"

#include <cstdio>

namespace mocua::domain::calendar {

using namespace std::chrono;

namespace {

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

}  // namespace

std::optional<Date> ParseDate(std::string_view s) {
    int y = 0, m = 0, d = 0;
    if (s.size() != 10 || !Digits(s, 0, 4, y) || s[4] != '-' || !Digits(s, 5, 2, m) || s[7] != '-' ||
        !Digits(s, 8, 2, d)) {
        return std::nullopt;
    }
    if (y < 1000 || y > 2999) return std::nullopt;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd};
}

std::string FormatDate(Date date) {
    const year_month_day ymd{date};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()) % 10000,
                  static_cast<unsigned>(ymd.month()) % 100, static_cast<unsigned>(ymd.day()) % 100);
    return buf;
}

Date MakeDate(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / day{d}}; }

int YearOf(Date date) { return static_cast<int>(year_month_day{date}.year()); }
unsigned MonthOf(Date date) { return static_cast<unsigned>(year_month_day{date}.month()); }
unsigned DayOf(Date date) { return static_cast<unsigned>(year_month_day{date}.day()); }

int IsoWeekday(Date date) { return static_cast<int>(weekday{date}.iso_encoding()); }

LocalTime ToVietnam(core::TimePoint instant) {
    const auto local = instant + kVietnamOffset;
    const Date date = floor<days>(local);
    return {date, duration_cast<milliseconds>(local - date)};
}

core::TimePoint FromVietnam(Date date, milliseconds time_of_day) {
    return core::TimePoint(duration_cast<milliseconds>(date.time_since_epoch()) + time_of_day -
                           kVietnamOffset);
}

std::string FormatVietnamTime(core::TimePoint instant) {
    const LocalTime local = ToVietnam(instant);
    const hh_mm_ss hms{local.time_of_day};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+07:00", FormatDate(local.date).c_str(),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

std::optional<core::TimePoint> ParseInstant(std::string_view s) {
    if (s.size() < 16) return std::nullopt;
    const auto date = ParseDate(s.substr(0, 10));
    if (!date || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
    int h = 0, mi = 0, se = 0, ms = 0;
    if (!Digits(s, 11, 2, h) || s[13] != ':' || !Digits(s, 14, 2, mi)) return std::nullopt;
    std::size_t pos = 16;
    if (pos < s.size() && s[pos] == ':') {
        if (!Digits(s, pos + 1, 2, se)) return std::nullopt;
        pos += 3;
        if (pos < s.size() && s[pos] == '.') {
            std::size_t end = pos + 1;
            while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
            if (end == pos + 1) return std::nullopt;
            // Keep milliseconds; finer digits are dropped.
            int scale = 100;
            for (std::size_t i = pos + 1; i < end && scale > 0; ++i, scale /= 10) ms += (s[i] - '0') * scale;
            pos = end;
        }
    }
    if (h > 23 || mi > 59 || se > 59) return std::nullopt;
    minutes offset = kVietnamOffset;
    if (pos < s.size()) {
        if (s[pos] == 'Z' && pos + 1 == s.size()) {
            offset = minutes{0};
        } else if ((s[pos] == '+' || s[pos] == '-' || s[pos] == ' ') && pos + 6 == s.size() &&
                   s[pos + 3] == ':') {
            // ' ' is a '+' that arrived unencoded in a query string ("…T10:00:00+07:00" → "…T10:00:00
            // 07:00").
            int oh = 0, om = 0;
            if (!Digits(s, pos + 1, 2, oh) || !Digits(s, pos + 4, 2, om) || oh > 14 || om > 59)
                return std::nullopt;
            offset = hours{oh} + minutes{om};
            if (s[pos] == '-') offset = -offset;
        } else {
            return std::nullopt;
        }
    }
    const auto local = duration_cast<milliseconds>(date->time_since_epoch()) + hours{h} + minutes{mi} +
                       seconds{se} + milliseconds{ms};
    return core::TimePoint(local - offset);
}

}  // namespace mocua::domain::calendar
