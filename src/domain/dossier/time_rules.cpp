#include "domain/dossier/time_rules.hpp"

#include <chrono>

#include "domain/calendar/dates.hpp"

namespace mocua::domain::dossier {

calendar::TimeLimit ToCalendarLimit(std::int64_t value, catalog::TimeUnit unit) {
    switch (unit) {
        case catalog::TimeUnit::kWorkingDays: return {calendar::LimitUnit::kWorkingDays, value * 1000};
        case catalog::TimeUnit::kDays: return {calendar::LimitUnit::kDays, value * 1000};
        case catalog::TimeUnit::kWorkingHours: return {calendar::LimitUnit::kWorkingHours, value * 1000};
        case catalog::TimeUnit::kHours: return {calendar::LimitUnit::kDays, (value * 1000 + 23) / 24};
    }
    return {calendar::LimitUnit::kWorkingDays, value * 1000};
}

forms::LocalDateTime VietnamWallClock(core::TimePoint t) {
    const auto local = calendar::ToVietnam(t);
    const std::chrono::year_month_day ymd{local.date};
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local.time_of_day).count();
    return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(minutes / 60),
            static_cast<int>(minutes % 60), 7 * 60};
}

Timeliness MarkOf(core::TimePoint finished, core::TimePoint due) {
    if (finished > due) return Timeliness::kLate;
    if (calendar::ToVietnam(finished).date < calendar::ToVietnam(due).date) return Timeliness::kEarly;
    return Timeliness::kOnTime;
}

std::string_view TimelinessName(Timeliness t) {
    switch (t) {
        case Timeliness::kEarly: return "early";
        case Timeliness::kOnTime: return "on_time";
        case Timeliness::kLate: return "late";
        case Timeliness::kNone: return "";
    }
    return "on_time";
}

}  // namespace mocua::domain::dossier
