#pragma once
// Calendar dates and Vietnam time for the working-day calendar.
//
// A Date is a day of the proleptic Gregorian calendar (std::chrono::sys_days), written "YYYY-MM-DD" at
// every boundary. Instants are core::TimePoint (UTC, milliseconds). Vietnam keeps UTC+7 all year (no
// daylight saving), so the local date and time of an instant is a fixed shift; the lunar calendar uses
// the same offset (see lunar.hpp).
//
// Pure functions; thread-safe.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace mocua::domain::calendar {

using Date = std::chrono::sys_days;

// Vietnam's civil time offset from UTC.
inline constexpr std::chrono::hours kVietnamOffset{7};

// The day written "YYYY-MM-DD" (years 1000–2999, a real date); nullopt otherwise.
std::optional<Date> ParseDate(std::string_view text);
// "YYYY-MM-DD".
std::string FormatDate(Date date);
Date MakeDate(int year, unsigned month, unsigned day);
int YearOf(Date date);
unsigned MonthOf(Date date);
unsigned DayOf(Date date);
// 1 = Monday … 7 = Sunday (ISO 8601).
int IsoWeekday(Date date);

// An instant as Vietnam sees it: the local date and the time since local midnight.
struct LocalTime {
    Date date;
    std::chrono::milliseconds time_of_day{0};
};
LocalTime ToVietnam(core::TimePoint instant);
// The instant at `time_of_day` after local midnight of `date` in Vietnam.
core::TimePoint FromVietnam(Date date, std::chrono::milliseconds time_of_day);
// "YYYY-MM-DDTHH:MM:SS+07:00" (milliseconds are dropped).
std::string FormatVietnamTime(core::TimePoint instant);

// An ISO 8601 date-time: "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z", "+HH:MM" or "-HH:MM", or by
// nothing (then it is Vietnam time). A space may replace the 'T', and the '+' of an offset (a '+' sent
// unencoded in a URL query arrives as a space). nullopt when malformed.
std::optional<core::TimePoint> ParseInstant(std::string_view text);

}  // namespace mocua::domain::calendar
