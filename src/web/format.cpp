#include "web/format.hpp"

#include <chrono>
#include <cstdio>

namespace mocua::web {

namespace {

struct LocalParts {
    int year;
    unsigned month, day, hour, minute;
};

LocalParts ToVietnamTime(core::TimePoint t) {
    using namespace std::chrono;
    const auto local = t + hours(7);
    const auto day = floor<days>(local);
    const year_month_day ymd{sys_days{day}};
    const auto minutes_of_day = duration_cast<minutes>(local - day).count();
    return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
            static_cast<unsigned>(ymd.day()), static_cast<unsigned>(minutes_of_day / 60),
            static_cast<unsigned>(minutes_of_day % 60)};
}

}  // namespace

std::string FormatDate(core::TimePoint t) {
    const LocalParts p = ToVietnamTime(t);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", p.day, p.month, p.year);
    return buf;
}

std::string FormatTime(core::TimePoint t) {
    const LocalParts p = ToVietnamTime(t);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02u:%02u", p.hour, p.minute);
    return buf;
}

std::string FormatDateTime(core::TimePoint t) { return FormatTime(t) + " " + FormatDate(t); }

std::string FormatAmount(std::int64_t dong) {
    // Work on the unsigned magnitude so INT64_MIN does not overflow.
    const bool negative = dong < 0;
    std::uint64_t magnitude =
        negative ? 0 - static_cast<std::uint64_t>(dong) : static_cast<std::uint64_t>(dong);
    std::string digits = std::to_string(magnitude);
    std::string grouped;
    const std::size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
    grouped.append(digits, 0, lead);
    for (std::size_t i = lead; i < digits.size(); i += 3) {
        grouped += '.';
        grouped.append(digits, i, 3);
    }
    return (negative ? "-" : "") + grouped + "\u00A0\u20AB";
}

std::string FormatCount(std::int64_t n) {
    std::string out = FormatAmount(n);
    return out.substr(0, out.size() - std::string_view("\u00A0\u20AB").size());
}

}  // namespace mocua::web
