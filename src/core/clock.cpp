#include "core/clock.hpp"

#include <cstdio>

namespace mocua::core {

using namespace std::chrono;

TimePoint SystemClock::Now() const { return time_point_cast<milliseconds>(system_clock::now()); }

std::string FormatUtc(TimePoint t) {
    const auto days = floor<std::chrono::days>(t);
    const year_month_day ymd(days);
    const hh_mm_ss hms(t - days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
    return buf;
}

namespace {
bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}
}  // namespace

std::optional<TimePoint> ParseUtc(std::string_view s) {
    int y, mo, d, h, mi, se, ms = 0;
    if (!Digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
        !Digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !Digits(s, 11, 2, h) || s[13] != ':' ||
        !Digits(s, 14, 2, mi) || s[16] != ':' || !Digits(s, 17, 2, se)) {
        return std::nullopt;
    }
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        if (!Digits(s, pos + 1, 3, ms)) return std::nullopt;
        pos += 4;
    }
    if (pos < s.size() && s[pos] == 'Z') ++pos;
    if (pos != s.size()) return std::nullopt;
    const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
    if (!ymd.ok() || h > 23 || mi > 59 || se > 59) return std::nullopt;
    return TimePoint(sys_days(ymd).time_since_epoch() + hours(h) + minutes(mi) + seconds(se) +
                     milliseconds(ms));
}

}  // namespace mocua::core
