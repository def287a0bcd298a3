#include "app/kpi_stack.hpp"

#include <map>
#include <mutex>

#include "domain/calendar/calendar_service.hpp"
#include "domain/calendar/dates.hpp"
#include "persistence/kpi_repository.hpp"
#include "persistence/portal_import.hpp"

namespace mocua::app {

namespace {

namespace calendar = domain::calendar;

// Working days by the default office hours and the recorded holidays, one calendar per year, built on
// first use. Locked: WorkingCalendar caches inside and several requests may ask at once.
std::function<bool(std::string_view)> WorkingDays(calendar::CalendarService& service) {
    struct Cache {
        std::mutex mutex;
        std::map<int, std::optional<calendar::WorkingCalendar>> years;
    };
    auto cache = std::make_shared<Cache>();
    return [&service, cache](std::string_view day) {
        auto date = calendar::ParseDate(day);
        if (!date) return false;
        const int year = static_cast<int>(std::chrono::year_month_day{*date}.year());
        std::lock_guard lock(cache->mutex);
        auto it = cache->years.find(year);
        if (it == cache->years.end()) {
            auto built = service.CalendarFor("", calendar::MakeDate(year, 7, 1));
            it = cache->years
                     .emplace(year, built.ok() ? std::optional(std::move(built.value())) : std::nullopt)
                     .first;
        }
        if (!it->second) {  // no calendar: Monday to Friday
            const std::chrono::weekday wd{*date};
            return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
        }
        return it->second->IsWorkingDay(*date);
    };
}

}  // namespace

KpiStack::KpiStack(db::Database& database, const domain::audit::Sha256Hasher& hasher,
                   const core::Clock& clock, calendar::CalendarService& calendar_service,
                   domain::kpi::Config config)
    : portal_(std::make_unique<persistence::SqlPortalRepository>(database, hasher, clock)),
      store_(std::make_unique<persistence::SqlKpiStore>(database, *portal_)),
      service_(std::make_unique<domain::kpi::KpiService>(*store_, std::move(config),
                                                         WorkingDays(calendar_service))) {}

KpiStack::~KpiStack() = default;

}  // namespace mocua::app
