#pragma once
// A working calendar: which days are working days for one unit, and when its office is open on them.
//
//   day off       a holiday, compensatory or swapped-off day of the year's schedule (holidays.hpp)
//   working day   not a day off, and either the unit's office hours open that weekday, or a swapped
//                 working Saturday (swap-work)
//   open periods  the unit's office hours for that weekday; on a swapped working day whose weekday has
//                 none (a Saturday), the hours of the nearest earlier weekday that has some
//
// Office hours come as levels, nearest unit first (the unit, then its parent, …): on each date the first
// level with a schedule valid that day applies; with none, DefaultWeekHours().
//
// Not thread-safe: year schedules are computed on first use and cached. Build one per computation.
#include <map>
#include <vector>

#include "domain/calendar/holidays.hpp"
#include "domain/calendar/office_hours.hpp"

namespace mocua::domain::calendar {

class WorkingCalendar {
public:
    WorkingCalendar(std::vector<Override> overrides, std::vector<std::vector<OfficeHours>> hour_levels = {});

    // The special days of `year` (YearSchedule with this calendar's overrides).
    const std::vector<DayEntry>& Year(int year) const;
    // The special day on `date`, or nullptr.
    const DayEntry* Entry(Date date) const;

    // The unit's regular hours for the weekday of `date`, ignoring holidays.
    const DayHours& RegularHours(Date date) const;
    bool IsWorkingDay(Date date) const;
    // The open periods of `date`; empty when it is not a working day.
    DayHours OpenPeriods(Date date) const;

private:
    const WeekHours& WeekOn(Date date) const;

    std::vector<Override> overrides_;
    std::vector<std::vector<OfficeHours>> levels_;
    WeekHours default_;
    mutable std::map<int, std::vector<DayEntry>> years_;
    mutable std::map<int, std::map<Date, const DayEntry*>> index_;
};

}  // namespace mocua::domain::calendar
