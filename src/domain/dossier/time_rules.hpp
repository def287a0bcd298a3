#pragma once
// Time rules shared by reception and processing: catalogue time limits and step quotas as the calendar
// counts them, Vietnam wall-clock times for forms, and the mark Mẫu 06 prints for a step or a dossier
// (trước hạn / đúng hạn / quá hạn; vietnam-rules.md §1.4: "kết quả (Trước hạn / Đúng hạn / Quá hạn per
// step)", and Decision 766 indicator 2.1: on time when the end time ≤ the due time).
//
// Thread-safety: pure functions.
#include <cstdint>
#include <string_view>

#include "core/clock.hpp"
#include "domain/calendar/deadline.hpp"
#include "domain/catalog/model.hpp"
#include "domain/forms/form_common.hpp"
#include "domain/forms/receipt.hpp"

namespace mocua::domain::dossier {

// A catalogue amount as the calendar counts it; calendar hours become days (24 h = 1 day).
calendar::TimeLimit ToCalendarLimit(std::int64_t value, catalog::TimeUnit unit);

// A time point as Vietnam's wall clock (UTC+7), for printed forms.
forms::LocalDateTime VietnamWallClock(core::TimePoint t);

using forms::Timeliness;  // kEarly, kOnTime, kLate (kNone: not finished)

// Early: finished on a calendar day (Vietnam) before the due day; on time: by the due time on the due
// day; late: after the due time.
Timeliness MarkOf(core::TimePoint finished, core::TimePoint due);
std::string_view TimelinessName(Timeliness t);  // "early", "on_time", "late"

}  // namespace mocua::domain::dossier
