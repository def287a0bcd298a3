#pragma once
// Builds the calendar module's repository and service for the server (app.cpp), the CLI
// (cli_calendar.cpp) and seed-demo, so all three wire them the same way. Owns what it builds; destroy it
// before the Database, Clock, unit repository and hasher it was given.
#include <memory>

#include "core/clock.hpp"

namespace mocua::db {
class Database;
}
namespace mocua::persistence {
class SqlCalendarRepository;
}
namespace mocua::domain::org {
class UnitRepository;
}
namespace mocua::domain::audit {
class Sha256Hasher;
}
namespace mocua::domain::calendar {
class CalendarService;
}

namespace mocua::app {

class CalendarStack {
public:
    CalendarStack(db::Database& database, const core::Clock& clock, domain::org::UnitRepository& units,
                  const domain::audit::Sha256Hasher& hasher);
    ~CalendarStack();
    domain::calendar::CalendarService& service() { return *service_; }

private:
    std::unique_ptr<persistence::SqlCalendarRepository> repository_;
    std::unique_ptr<domain::calendar::CalendarService> service_;
};

// The yearly holiday decisions shipped with this version (data/calendar/vn-holidays.json, compiled in
// by cmake/embed_text.cmake), in the calendar exchange format (domain/calendar/import.hpp).
const char* BundledCalendarData();

}  // namespace mocua::app
