#include "app/calendar_stack.hpp"

#include "domain/calendar/calendar_service.hpp"
#include "persistence/calendar_repository.hpp"

namespace mocua::app {

CalendarStack::CalendarStack(db::Database& database, const core::Clock& clock,
                             domain::org::UnitRepository& units, const domain::audit::Sha256Hasher& hasher)
    : repository_(std::make_unique<persistence::SqlCalendarRepository>(database, hasher, clock)),
      service_(std::make_unique<domain::calendar::CalendarService>(*repository_, units)) {}

CalendarStack::~CalendarStack() = default;

}  // namespace mocua::app
