#pragma once
// How pages show dates, times and amounts, the same in both languages (Vietnamese conventions):
//   date      dd/MM/yyyy        "01/07/2025"
//   time      HH:mm, 24-hour    "08:30"
//   datetime  HH:mm dd/MM/yyyy  "08:30 01/07/2025"
//   amount    1.234.567 ₫       dots between thousands, a no-break space (U+00A0), then the đồng sign
// Times are stored in UTC and shown in Vietnam time, UTC+7 all year (Vietnam has no daylight saving).
// Pure functions; thread-safe.
#include <cstdint>
#include <string>

#include "core/clock.hpp"

namespace mocua::web {

std::string FormatDate(core::TimePoint t);
std::string FormatTime(core::TimePoint t);
std::string FormatDateTime(core::TimePoint t);

// Whole đồng (the currency has no minor unit in use). Negative amounts get a leading '-'.
std::string FormatAmount(std::int64_t dong);

// A count with dots between thousands and no sign of a unit: "1.234".
std::string FormatCount(std::int64_t n);

}  // namespace mocua::web
