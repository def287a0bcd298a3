#include "domain/calendar/working_calendar.hpp"

namespace mocua::domain::calendar {

WorkingCalendar::WorkingCalendar(std::vector<Override> overrides,
                                 std::vector<std::vector<OfficeHours>> hour_levels)
    : overrides_(std::move(overrides)), levels_(std::move(hour_levels)), default_(DefaultWeekHours()) {}

const std::vector<DayEntry>& WorkingCalendar::Year(int year) const {
    auto it = years_.find(year);
    if (it == years_.end()) {
        it = years_.emplace(year, YearSchedule(year, overrides_)).first;
        auto& index = index_[year];
        for (const auto& e : it->second) index[e.date] = &e;
    }
    return it->second;
}

const DayEntry* WorkingCalendar::Entry(Date date) const {
    const int year = YearOf(date);
    Year(year);
    const auto& index = index_[year];
    const auto it = index.find(date);
    return it == index.end() ? nullptr : it->second;
}

const WeekHours& WorkingCalendar::WeekOn(Date date) const {
    for (const auto& level : levels_) {
        const OfficeHours* best = nullptr;
        for (const auto& schedule : level)
            if (schedule.ValidOn(date) && (!best || schedule.valid_from > best->valid_from)) best = &schedule;
        if (best) return best->week;
    }
    return default_;
}

const DayHours& WorkingCalendar::RegularHours(Date date) const { return WeekOn(date).On(IsoWeekday(date)); }

bool WorkingCalendar::IsWorkingDay(Date date) const { return !OpenPeriods(date).empty(); }

DayHours WorkingCalendar::OpenPeriods(Date date) const {
    const DayEntry* entry = Entry(date);
    if (entry && IsDayOff(entry->kind)) return {};
    const WeekHours& week = WeekOn(date);
    const int weekday = IsoWeekday(date);
    if (!week.On(weekday).empty()) return week.On(weekday);
    if (!entry || entry->kind != DayKind::kSwapWork) return {};
    for (int back = 1; back < 7; ++back) {
        const int earlier = (weekday - back + 6) % 7 + 1;
        if (!week.On(earlier).empty()) return week.On(earlier);
    }
    return {};
}

}  // namespace mocua::domain::calendar
