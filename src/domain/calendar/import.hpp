#pragma once
// The calendar exchange file (`mocua calendar import FILE`, and data/calendar/vn-holidays.json built
// into the binary): yearly decisions (overrides) and office hours, as JSON or CSV.
//
// JSON ("format": "mocua-calendar/1"):
//   { "format": "mocua-calendar/1",
//     "overrides": [ { "date": "2026-02-16", "kind": "holiday", "occasion": "tet",
//                      "name_vi": "…", "name_en": "…", "document": "…", "source": "https://…" }, … ],
//     "office_hours": [ { "unit": "19360-TTPVHCC", "valid_from": "2025-07-01", "valid_to": null,
//                         "week": { "mon": "07:00-11:30,13:30-17:00", …, "sat": "07:30-11:30" } }, … ] }
//   Other top-level keys (a "comment") are ignored. Weekdays missing from "week" are closed.
// CSV (UTF-8, header line, RFC 4180 quoting), one of:
//   date,kind,occasion,name_vi,name_en,document,source     one override a line
//   unit,valid_from,valid_to,weekday,intervals              one weekday of a schedule a line (weekday
//                                                           mon..sun or 1..7); lines with the same unit and
//                                                           valid_from form one schedule
//
// Every problem is reported with its line and field; a file with any problem imports nothing.
// Pure functions; thread-safe.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar/holidays.hpp"
#include "domain/calendar/office_hours.hpp"

namespace mocua::domain::calendar {

inline constexpr std::string_view kCalendarFormat = "mocua-calendar/1";

struct OverrideRow {
    int line = 0;
    Override value;
};

// A schedule named by unit code (resolved to an id on import).
struct OfficeHoursRow {
    int line = 0;
    std::string unit_code;
    Date valid_from{};
    std::optional<Date> valid_to;
    WeekHours week;
};

struct CalendarProblem {
    int line = 0;         // 1-based; 0 for the whole file
    std::string field;    // "date", "kind", …, or ""
    std::string message;  // English, for the operator
};

struct ParsedCalendar {
    std::vector<OverrideRow> overrides;
    std::vector<OfficeHoursRow> office_hours;
    std::vector<CalendarProblem> problems;
};

// Reads JSON when the first non-blank character is '{', CSV otherwise.
ParsedCalendar ParseCalendarFile(std::string_view text);

// Checks one override as the admin page and the import do: date 1900–2100, names cleaned (NFC, one line,
// name_vi required, each ≤ 200 bytes), document and source ≤ 300 bytes, swap-work only on a Saturday or
// Sunday. Returns the problems as (field, message).
std::vector<std::pair<std::string, std::string>> CheckOverride(Override& value);

}  // namespace mocua::domain::calendar
