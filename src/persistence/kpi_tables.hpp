#pragma once
// What the Decision 766 projector (kpi_projector.cpp) and the report queries (kpi_repository.cpp) share:
// the counter columns of kpi_daily and kpi_monthly, the day strings the tables are keyed by, and the
// open/late/due-soon changes of migration 0018 (docs/adr/0093-kpi-balances.md). Internal to
// mocua_persistence_kpi.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/clock.hpp"
#include "domain/kpi/kpi766.hpp"

namespace mocua::persistence::kpi_tables {

using domain::kpi::Counters;

// end_day of a dossier still open.
inline constexpr const char* kOpenEnd = "9999-12-31";

struct Column {
    const char* name;
    std::int64_t Counters::*member;
};
inline constexpr Column kColumns[] = {
    {"received", &Counters::received},
    {"synced", &Counters::synced},
    {"online", &Counters::online},
    {"direct", &Counters::direct},
    {"postal", &Counters::postal},
    {"fee_bearing", &Counters::fee_bearing},
    {"paid_online", &Counters::paid_online},
    {"paper_result", &Counters::paper_result},
    {"e_result", &Counters::e_result},
    {"digitised", &Counters::digitised},
    {"reused", &Counters::reused},
    {"from_store", &Counters::from_store},
    {"vneid", &Counters::vneid},
    {"final_on_time", &Counters::final_on_time},
    {"final_late", &Counters::final_late},
    {"resolved_early", &Counters::resolved_early},
    {"resolved_on_time", &Counters::resolved_on_time},
    {"resolved_late", &Counters::resolved_late},
    {"completed", &Counters::completed},
    {"completed_seconds", &Counters::completed_seconds},
    {"not_collected", &Counters::not_collected},
};

// The Vietnam day of an instant, "YYYY-MM-DD".
inline std::string Day(core::TimePoint t) {
    const auto local = std::chrono::floor<std::chrono::seconds>(t) + std::chrono::hours(7);
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(local)};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

inline std::string PlusDays(const std::string& day, int n) {
    int y = 0;
    unsigned m = 0, d = 0;
    std::sscanf(day.c_str(), "%4d-%2u-%2u", &y, &m, &d);
    const std::chrono::year_month_day ymd{
        std::chrono::sys_days{std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d)} +
        std::chrono::days(n)};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

// The open, late and due-soon counts kept as changes per unit and day (migration 0018): the dossier
// counts on each day of an interval [first, stop) — +1 on `first`, -1 on `stop` (none while open) — so
// the count at the end of day D is the sum of the changes up to D. Open on [received, end); late on
// [received, end) when forced, else on [max(received, due), end); due soon on
// [max(received, due - kDueSoonDays), min(due, end)) when not forced. These are the conditions of
// OpenCountsByScan, which a test holds them to.
struct OpenChange {
    long long open = 0, late = 0, soon = 0;
    bool operator==(const OpenChange&) const = default;
};

}  // namespace mocua::persistence::kpi_tables
