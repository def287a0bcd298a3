#pragma once
// Public holidays and the yearly decisions about them.
//
// The law (Labour Code 2019, Art. 112(1)) fixes 11 paid holidays: 1 January; Tết Âm lịch, 5 days whose
// dates are decided each year; the Hùng Kings' Commemoration (10th day of the 3rd lunar month); 30 April;
// 1 May; and National Day, 2 September plus one adjacent day decided each year. Art. 111(3): a holiday
// that falls on the weekly rest day gives a compensatory day off on the next working day. For state
// agencies the weekly rest days are Saturday and Sunday.
//
// Each year the Government (through the Ministry of Labour until 2025, the Ministry of Home Affairs since)
// announces the exact Tết days, the adjacent National Day, and often swaps a working day with a Saturday
// so that holidays join up. Those announcements are data (Override), loaded per year; this file turns
// law + data into the list of a year's special days (YearSchedule):
//
//   * the fixed days of the law are always listed (basis "law");
//   * for each occasion (Tết, National Day, …) of a year that has data, the data is the whole answer
//     for that occasion: the law's estimate of its variable days and of its compensatory days is left out;
//   * for occasions without data the law is applied: Tết = the last day of the old lunar year and the
//     first four days of the new one, the National Day adjacent day by the weekday table below, and
//     compensatory days for those that fall on Saturday or Sunday (basis "estimate" where the law leaves
//     the choice to the yearly decision, "law" for compensatory days of fixed holidays);
//   * data entries win over rule entries on the same date.
//
// Pure functions; thread-safe.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar/dates.hpp"

namespace mocua::domain::calendar {

// What a special day is. A day off is kHoliday, kCompensatory or kSwapOff; kSwapWork is a weekly rest
// day (a Saturday) worked instead of a swapped-off day.
enum class DayKind { kHoliday, kCompensatory, kSwapOff, kSwapWork };
// "holiday", "compensatory", "swap-off", "swap-work".
std::string_view DayKindName(DayKind kind);
std::optional<DayKind> ParseDayKind(std::string_view name);
bool IsDayOff(DayKind kind);

// Which holiday a special day belongs to; yearly decisions are made per occasion.
enum class Occasion { kNewYear, kTet, kHungKings, kReunificationLabour, kNationalDay, kOther };
// "new_year", "tet", "hung_kings", "reunification_labour", "national_day", "other".
std::string_view OccasionName(Occasion occasion);
std::optional<Occasion> ParseOccasion(std::string_view name);

// Where a listed day comes from.
enum class Basis { kLaw, kDecision, kEstimate };
// "law", "decision", "estimate".
std::string_view BasisName(Basis basis);

// One day of a yearly decision, as stored (one per date).
struct Override {
    Date date{};
    DayKind kind = DayKind::kHoliday;
    Occasion occasion = Occasion::kOther;
    std::string name_vi;
    std::string name_en;
    std::string document;  // the deciding document, e.g. "Văn bản 8726/VPCP-KGVX ngày 26/11/2024"
    std::string source;    // where it was read (an address), for whoever checks the data

    bool operator==(const Override&) const = default;
};

// One special day of a year.
struct DayEntry {
    Date date{};
    DayKind kind = DayKind::kHoliday;
    Occasion occasion = Occasion::kOther;
    std::string name_vi;
    std::string name_en;
    Basis basis = Basis::kLaw;
    std::string document;
    std::string source;
};

// The law every rule entry cites.
inline constexpr std::string_view kLabourCode = "Bộ luật Lao động 2019, Điều 111, 112";

// The special days of Gregorian `year` (1900–2100), sorted by date, one entry per date. `overrides` may
// hold any years; only those dated in `year` are used.
std::vector<DayEntry> YearSchedule(int year, const std::vector<Override>& overrides);

// The day the law's estimate adds to 2 September when no decision names it: the day that makes the
// longest break with the weekend (Monday → Tuesday 3/9, Tuesday → Monday 1/9, Wednesday → Tuesday 1/9,
// Thursday → Friday 3/9, Friday → Thursday 1/9, Saturday → Friday 1/9, Sunday → Monday 3/9), as the
// decisions of 2021–2025 did.
Date NationalDayAdjacent(int year);

}  // namespace mocua::domain::calendar
