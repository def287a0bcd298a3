#pragma once
// The calendar module's service: holidays of a year, deadlines for a unit, lunar dates, and the
// administration of yearly decisions (overrides) and office hours, each change audited in the same
// transaction (domain/audit).
//
// Errors (core::Error, message = a stable rule code; DescribeError in deadline.hpp gives English):
//   InvalidArgument "calendar.year", "calendar.date", "calendar.unit", "calendar.override",
//                   "calendar.office_hours", and those of ComputeDeadline;
//   NotFound "calendar.override_not_found", "calendar.office_hours_not_found".
// Thread-safety: CalendarService is safe to share if its repositories are (the SOCI ones are).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/calendar/deadline.hpp"
#include "domain/calendar/import.hpp"
#include "domain/calendar/lunar.hpp"
#include "domain/org/units.hpp"

namespace mocua::domain::calendar {

// Changes inside one database transaction (port). Methods throw on database failure.
class CalendarWriter {
public:
    virtual ~CalendarWriter() = default;
    virtual std::optional<Override> FindOverride(Date date) = 0;
    // Inserts, or replaces the override of the same date.
    virtual void PutOverride(const Override& value) = 0;
    virtual bool DeleteOverride(Date date) = 0;
    // The unit's schedules, ordered by valid_from.
    virtual std::vector<OfficeHours> OfficeHoursOf(std::int64_t unit_id) = 0;
    // Inserts, or replaces the unit's schedule with the same valid_from.
    virtual void PutOfficeHours(const OfficeHours& value) = 0;
    virtual bool DeleteOfficeHours(std::int64_t unit_id, Date valid_from) = 0;
    virtual void Audit(const audit::Event& event) = 0;
};

// Reading, and the write transaction (port; persistence/calendar_repository.hpp). Methods throw on
// database failure.
class CalendarRepository {
public:
    virtual ~CalendarRepository() = default;
    // Overrides dated from `from` to `to` inclusive, ordered by date.
    virtual std::vector<Override> OverridesBetween(Date from, Date to) = 0;
    virtual std::vector<OfficeHours> OfficeHoursOf(std::int64_t unit_id) = 0;
    // Every schedule of every unit, ordered by unit id and valid_from.
    virtual std::vector<OfficeHours> AllOfficeHours() = 0;
    virtual core::Result<void> Write(const std::function<core::Result<void>(CalendarWriter&)>& f) = 0;
};

struct DeadlineRequest {
    core::TimePoint received;
    TimeLimit limit;
    std::string unit_code;  // "" for the default office hours
    std::vector<Pause> pauses;
};

struct DeadlineAnswer {
    Deadline deadline;
    std::optional<org::Unit> unit;  // the unit whose hours applied (as of the receipt date)
};

struct CalendarImportSummary {
    int overrides_created = 0;
    int overrides_updated = 0;
    int overrides_unchanged = 0;
    int office_hours_created = 0;
    int office_hours_updated = 0;
    int office_hours_unchanged = 0;
};

// One unit's schedule with the unit, for listings.
struct UnitOfficeHours {
    org::Unit unit;
    OfficeHours hours;
};

class CalendarService {
public:
    CalendarService(CalendarRepository& repository, org::UnitRepository& units)
        : repository_(repository), units_(units) {}

    // The special days of `year` (1900–2100).
    core::Result<std::vector<DayEntry>> Holidays(int year);
    // The overrides recorded for `year`.
    std::vector<Override> OverridesOf(int year);

    // A working calendar for the unit with `unit_code` on `as_of` ("" for the default hours), with the
    // overrides of the years around `as_of`. Error "calendar.unit" when no unit has the code that day.
    core::Result<WorkingCalendar> CalendarFor(const std::string& unit_code, Date as_of,
                                              std::optional<org::Unit>* unit = nullptr);
    core::Result<DeadlineAnswer> ComputeDeadline(const DeadlineRequest& request);

    // Adds or changes the override of its date (audited "calendar.override.put").
    core::Result<void> PutOverride(Override value, const audit::Actor& actor);
    // Audited "calendar.override.remove".
    core::Result<void> RemoveOverride(Date date, const audit::Actor& actor);

    // Sets a unit's schedule starting valid_from (audited "calendar.office_hours.put").
    core::Result<void> PutOfficeHours(const OfficeHours& value, const audit::Actor& actor);
    // Audited "calendar.office_hours.remove".
    core::Result<void> RemoveOfficeHours(std::int64_t unit_id, Date valid_from, const audit::Actor& actor);
    // Every unit's schedules, units in Vietnamese alphabetical order (core::text::CompareVietnamese).
    std::vector<UnitOfficeHours> OfficeHoursList();

    // Imports a parsed file in one transaction: each override is created, updated or left alone (by
    // date); each schedule likewise (by unit and valid_from; units resolved by code on valid_from).
    // Idempotent: importing the same file twice changes nothing the second time. One audit entry
    // "calendar.import" when anything changed. Error "calendar.unit" (message names the code via
    // `unknown_unit`) when a schedule's unit does not exist.
    core::Result<CalendarImportSummary> Import(const ParsedCalendar& parsed, const audit::Actor& actor,
                                               std::string* unknown_unit = nullptr);

    org::UnitRepository& units() { return units_; }

private:
    CalendarRepository& repository_;
    org::UnitRepository& units_;
};

}  // namespace mocua::domain::calendar
