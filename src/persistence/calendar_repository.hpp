#pragma once
// SOCI implementation of domain::calendar::CalendarRepository (tables calendar_overrides and
// calendar_office_hours, migration 0008), for SQLite and PostgreSQL. Writes append their audit entries in
// the same transaction (persistence/audit_repository.hpp).
#include "core/clock.hpp"
#include "domain/calendar/calendar_service.hpp"

namespace mocua::db {
class Database;
}

namespace mocua::persistence {

class SqlCalendarRepository final : public domain::calendar::CalendarRepository {
public:
    SqlCalendarRepository(db::Database& db, const domain::audit::Sha256Hasher& hasher,
                          const core::Clock& clock)
        : db_(db), hasher_(hasher), clock_(clock) {}

    std::vector<domain::calendar::Override> OverridesBetween(domain::calendar::Date from,
                                                             domain::calendar::Date to) override;
    std::vector<domain::calendar::OfficeHours> OfficeHoursOf(std::int64_t unit_id) override;
    std::vector<domain::calendar::OfficeHours> AllOfficeHours() override;
    core::Result<void> Write(
        const std::function<core::Result<void>(domain::calendar::CalendarWriter&)>& f) override;

private:
    db::Database& db_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
};

}  // namespace mocua::persistence
