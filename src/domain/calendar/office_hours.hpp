#pragma once
// Office hours (giờ làm việc) of a unit: for each weekday, the periods the office is open, e.g.
// Monday–Friday 07:00–11:30 and 13:30–17:00 (the default when a unit has none; a one-stop centre that
// opens on Saturday morning records its own). Hours change over time, so each schedule has a validity
// period of calendar dates.
//
// Text form of one day: "07:00-11:30,13:30-17:00" (24-hour, periods in order, not overlapping); "" is
// closed. Pure functions; thread-safe.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar/dates.hpp"

namespace mocua::domain::calendar {

// One open period, minutes after local midnight: [start, end).
struct Interval {
    int start = 0;
    int end = 0;
    bool operator==(const Interval&) const = default;
};
using DayHours = std::vector<Interval>;

// Index 0 = Monday … 6 = Sunday.
struct WeekHours {
    std::array<DayHours, 7> days;
    bool operator==(const WeekHours&) const = default;
    const DayHours& On(int iso_weekday) const { return days[static_cast<std::size_t>(iso_weekday - 1)]; }
    bool Closed() const;  // no open period on any day
};

// Parses a day's periods. nullopt when malformed: not HH:MM-HH:MM, an end not after its start, periods
// out of order or overlapping, or more than 6 periods.
std::optional<DayHours> ParseDayHours(std::string_view text);
std::string FormatDayHours(const DayHours& hours);
// Open minutes in a day.
int OpenMinutes(const DayHours& hours);

// Monday–Friday 07:00–11:30 and 13:30–17:00.
WeekHours DefaultWeekHours();

// "mon".."sun" → 1..7 (also "1".."7"); nullopt otherwise.
std::optional<int> ParseWeekday(std::string_view text);
std::string_view WeekdayCode(int iso_weekday);

// A unit's schedule from `valid_from` (inclusive) to `valid_to` (inclusive; nullopt: open-ended).
struct OfficeHours {
    std::int64_t unit_id = 0;
    Date valid_from{};
    std::optional<Date> valid_to;
    WeekHours week;
    bool ValidOn(Date date) const { return valid_from <= date && (!valid_to || date <= *valid_to); }
    bool operator==(const OfficeHours&) const = default;
};

}  // namespace mocua::domain::calendar
