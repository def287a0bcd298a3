#include "domain/calendar/calendar_service.hpp"

#include <algorithm>
#include <map>

#include "core/text/text.hpp"

namespace mocua::domain::calendar {

namespace {

using core::Error;

std::string Describe(const Override& o) {
    return "date=" + FormatDate(o.date) + " kind=" + std::string(DayKindName(o.kind)) +
           " occasion=" + std::string(OccasionName(o.occasion));
}

std::string Describe(const OfficeHours& h) {
    std::string out =
        "from=" + FormatDate(h.valid_from) + " to=" + (h.valid_to ? FormatDate(*h.valid_to) : "open");
    for (int d = 1; d <= 7; ++d) {
        if (!h.week.On(d).empty())
            out += " " + std::string(WeekdayCode(d)) + "=" + FormatDayHours(h.week.On(d));
    }
    return out;
}

bool ValidYear(int year) { return year >= 1900 && year <= 2100; }

}  // namespace

core::Result<std::vector<DayEntry>> CalendarService::Holidays(int year) {
    if (!ValidYear(year)) return Error::InvalidArgument("calendar.year");
    return YearSchedule(year, OverridesOf(year));
}

std::vector<Override> CalendarService::OverridesOf(int year) {
    return repository_.OverridesBetween(MakeDate(year, 1, 1), MakeDate(year, 12, 31));
}

core::Result<WorkingCalendar> CalendarService::CalendarFor(const std::string& unit_code, Date as_of,
                                                           std::optional<org::Unit>* unit_out) {
    std::vector<std::vector<OfficeHours>> levels;
    if (!unit_code.empty()) {
        const auto unit = units_.FindByCode(unit_code, FormatDate(as_of));
        if (!unit) return Error::InvalidArgument("calendar.unit");
        if (unit_out) *unit_out = unit;
        for (const auto& u : units_.AncestorsOrSelf(unit->id))
            levels.push_back(repository_.OfficeHoursOf(u.id));
    }
    const int year = YearOf(as_of);
    // A deadline walk covers at most 25 years (deadline.cpp).
    auto overrides = repository_.OverridesBetween(MakeDate(year - 1, 1, 1), MakeDate(year + 26, 12, 31));
    return WorkingCalendar(std::move(overrides), std::move(levels));
}

core::Result<DeadlineAnswer> CalendarService::ComputeDeadline(const DeadlineRequest& request) {
    DeadlineAnswer answer;
    auto cal = CalendarFor(request.unit_code, ToVietnam(request.received).date, &answer.unit);
    if (!cal.ok()) return cal.error();
    auto deadline = calendar::ComputeDeadline(cal.value(), request.received, request.limit, request.pauses);
    if (!deadline.ok()) return deadline.error();
    answer.deadline = deadline.value();
    return answer;
}

core::Result<void> CalendarService::PutOverride(Override value, const audit::Actor& actor) {
    if (!CheckOverride(value).empty()) return Error::InvalidArgument("calendar.override");
    return repository_.Write([&](CalendarWriter& w) -> core::Result<void> {
        const auto existing = w.FindOverride(value.date);
        if (existing && *existing == value) return {};
        w.PutOverride(value);
        w.Audit({actor, "calendar.override.put", "calendar_day", FormatDate(value.date),
                 (existing ? "updated " : "created ") + Describe(value)});
        return {};
    });
}

core::Result<void> CalendarService::RemoveOverride(Date date, const audit::Actor& actor) {
    return repository_.Write([&](CalendarWriter& w) -> core::Result<void> {
        const auto existing = w.FindOverride(date);
        if (!existing || !w.DeleteOverride(date)) return Error::NotFound("calendar.override_not_found");
        w.Audit({actor, "calendar.override.remove", "calendar_day", FormatDate(date), Describe(*existing)});
        return {};
    });
}

core::Result<void> CalendarService::PutOfficeHours(const OfficeHours& value, const audit::Actor& actor) {
    if (value.week.Closed() || (value.valid_to && *value.valid_to < value.valid_from) ||
        YearOf(value.valid_from) < 1900 || YearOf(value.valid_from) > 2100) {
        return Error::InvalidArgument("calendar.office_hours");
    }
    for (const auto& day : value.week.days) {
        for (std::size_t i = 0; i < day.size(); ++i) {
            if (day[i].end <= day[i].start || day[i].start < 0 || day[i].end > 24 * 60 ||
                (i > 0 && day[i].start < day[i - 1].end)) {
                return Error::InvalidArgument("calendar.office_hours");
            }
        }
    }
    if (!units_.Find(value.unit_id)) return Error::InvalidArgument("calendar.unit");
    return repository_.Write([&](CalendarWriter& w) -> core::Result<void> {
        for (const auto& existing : w.OfficeHoursOf(value.unit_id)) {
            if (existing.valid_from == value.valid_from && existing == value) return {};
        }
        w.PutOfficeHours(value);
        w.Audit({actor, "calendar.office_hours.put", "unit", std::to_string(value.unit_id), Describe(value)});
        return {};
    });
}

core::Result<void> CalendarService::RemoveOfficeHours(std::int64_t unit_id, Date valid_from,
                                                      const audit::Actor& actor) {
    return repository_.Write([&](CalendarWriter& w) -> core::Result<void> {
        if (!w.DeleteOfficeHours(unit_id, valid_from))
            return Error::NotFound("calendar.office_hours_not_found");
        w.Audit({actor, "calendar.office_hours.remove", "unit", std::to_string(unit_id),
                 "from=" + FormatDate(valid_from)});
        return {};
    });
}

std::vector<UnitOfficeHours> CalendarService::OfficeHoursList() {
    std::vector<UnitOfficeHours> out;
    std::map<std::int64_t, std::optional<org::Unit>> units;
    for (auto& hours : repository_.AllOfficeHours()) {
        auto& unit = units[hours.unit_id];
        if (!unit) unit = units_.Find(hours.unit_id);
        if (unit) out.push_back({*unit, std::move(hours)});
    }
    // Units in Vietnamese alphabetical order, each unit's schedules by start date.
    std::stable_sort(out.begin(), out.end(), [](const UnitOfficeHours& a, const UnitOfficeHours& b) {
        const int c = core::text::CompareVietnamese(a.unit.name_vi, b.unit.name_vi);
        return c != 0 ? c < 0 : a.hours.valid_from < b.hours.valid_from;
    });
    return out;
}

core::Result<CalendarImportSummary> CalendarService::Import(const ParsedCalendar& parsed,
                                                            const audit::Actor& actor,
                                                            std::string* unknown_unit) {
    if (!parsed.problems.empty()) return Error::InvalidArgument("calendar.override");
    // Units first, outside the transaction: they are read-only here.
    std::vector<OfficeHours> schedules;
    for (const auto& row : parsed.office_hours) {
        const auto unit = units_.FindByCode(row.unit_code, FormatDate(row.valid_from));
        if (!unit) {
            if (unknown_unit) *unknown_unit = row.unit_code;
            return Error::InvalidArgument("calendar.unit");
        }
        schedules.push_back({unit->id, row.valid_from, row.valid_to, row.week});
    }
    CalendarImportSummary summary;
    auto written = repository_.Write([&](CalendarWriter& w) -> core::Result<void> {
        summary = {};
        for (const auto& row : parsed.overrides) {
            const auto existing = w.FindOverride(row.value.date);
            if (existing && *existing == row.value) {
                ++summary.overrides_unchanged;
                continue;
            }
            w.PutOverride(row.value);
            ++(existing ? summary.overrides_updated : summary.overrides_created);
        }
        for (const auto& schedule : schedules) {
            const std::optional<OfficeHours> existing = [&]() -> std::optional<OfficeHours> {
                for (auto& h : w.OfficeHoursOf(schedule.unit_id))
                    if (h.valid_from == schedule.valid_from) return h;
                return std::nullopt;
            }();
            if (existing && *existing == schedule) {
                ++summary.office_hours_unchanged;
                continue;
            }
            w.PutOfficeHours(schedule);
            ++(existing ? summary.office_hours_updated : summary.office_hours_created);
        }
        const int changed = summary.overrides_created + summary.overrides_updated +
                            summary.office_hours_created + summary.office_hours_updated;
        if (changed > 0) {
            w.Audit({actor, "calendar.import", "", "",
                     "overrides_created=" + std::to_string(summary.overrides_created) +
                         " overrides_updated=" + std::to_string(summary.overrides_updated) +
                         " office_hours_created=" + std::to_string(summary.office_hours_created) +
                         " office_hours_updated=" + std::to_string(summary.office_hours_updated)});
        }
        return {};
    });
    if (!written.ok()) return written.error();
    return summary;
}

}  // namespace mocua::domain::calendar
