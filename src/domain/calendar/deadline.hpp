#pragma once
// Deadline arithmetic: the appointment time (thời gian hẹn trả kết quả) printed on a receipt, from the
// time a dossier was received, the procedure's time limit, and the pauses while the applicant supplements
// the dossier. docs/adr/0041-working-day-deadlines.md explains the choices; in short:
//
//   start          the receipt time if the office is open then; otherwise the next opening of the office
//                  on a working day (a receipt after hours, at lunch or on a day off counts from there).
//   working hours  the earliest instant by which that many hours of office time have passed after the
//                  start, pauses not counted. 0 hours: the start itself.
//   working days   each working day counts as one whole day however long its hours are: received when
//                  3/8 of a day's office time had passed, due when 3/8 of the N-th following working day's
//                  office time has passed (same clock time when the days have the same hours). Pauses give
//                  back the office time they cover, in proportion. The earliest such instant is the answer,
//                  so a dossier started at opening time is due at the close of its N-th working day (17:00),
//                  not at 07:00 the day after. 0 working days: the close of the start's working day.
//   days           calendar days, as the Civil Code (Art. 147–148) counts them: the start day is not
//                  counted; the limit ends at the close of the office on the N-th day after it, or, when
//                  that day is not a working day, at the close of the next working day. Pauses add their
//                  length. 0 days: the close of the start's working day.
//
// Working days and hours may have up to three decimals ("0.5" working day). Results are rounded up to
// the whole second. Times are instants (UTC); days and hours are Vietnam's (UTC+7).
//
// Errors (core::Error::InvalidArgument, message = a stable rule code; DescribeError gives English):
//   "calendar.limit" (negative, too large, or fractional days), "calendar.pause" (a pause that does not
//   end after it begins), "calendar.range" (a receipt outside 1900–2099), "calendar.no_working_days" (no
//   working day within 25 years: a unit with no office hours).
// Pure functions; thread-safe given a calendar that is not shared between threads.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/calendar/working_calendar.hpp"

namespace mocua::domain::calendar {

enum class LimitUnit { kWorkingDays, kDays, kWorkingHours };
// "working_days", "days", "working_hours".
std::string_view LimitUnitName(LimitUnit unit);

struct TimeLimit {
    LimitUnit unit = LimitUnit::kWorkingDays;
    std::int64_t thousandths = 0;  // the amount × 1000: 5 working days → 5000
};

// The largest amounts accepted: 1000 working days, 3650 days, 8000 working hours.
std::int64_t MaxThousandths(LimitUnit unit);

// "5", "0.5", "12.25" → thousandths; nullopt for anything else (a sign, more than 3 decimals, over 10^9).
std::optional<std::int64_t> ParseAmount(std::string_view text);
// Thousandths back to the shortest decimal: 5000 → "5", 500 → "0.5".
std::string FormatAmount(std::int64_t thousandths);

// A time when the clock stops: [from, to).
struct Pause {
    core::TimePoint from;
    core::TimePoint to;
};

// "FROM/TO", two ParseInstant times (dates.hpp); nullopt when malformed (an empty or reversed pause is
// refused later, by ComputeDeadline, as "calendar.pause").
std::optional<Pause> ParsePause(std::string_view text);

struct Deadline {
    core::TimePoint received;
    core::TimePoint start;  // when the count begins
    core::TimePoint due;    // the appointment time
};

core::Result<Deadline> ComputeDeadline(const WorkingCalendar& calendar, core::TimePoint received,
                                       const TimeLimit& limit, const std::vector<Pause>& pauses = {});

// An English sentence for the rule codes of this module (deadline, holiday and import errors), for the
// command line and API clients; the code itself for an unknown one.
std::string DescribeError(const core::Error& error);

}  // namespace mocua::domain::calendar
