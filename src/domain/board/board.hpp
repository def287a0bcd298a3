#pragma once
// The public statistics board (issue 8): the figures officials are judged by, per unit (its subtree)
// and period, shown to citizens at /board and on the hall's screen at /board/wall.
//
// The figures follow Decision 766/QĐ-TTg indicator 2.1 (vietnam-rules.md §3) for what counts as on
// time: a dossier's end time (the first terminal state, `resolved_at`) minus the time it waited for the
// applicant's supplements must not pass its appointment (`appointment_at`, NgayHenTra); an open
// supplement request stops the clock at the request; more than one supplement request makes it late.
// A dossier still open is judged the same way at the end of the period (or now, if sooner).
//
// `BoardFigures` is the port; persistence/board_figures.* answers it with SQL over the dossiers of this
// system. Only dossiers received here count for now (imported ones carry no pauses); the Decision 766
// engine (domain/kpi/) can answer the same port later. `Compute` is the pure rule, tested directly.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace mocua::domain::board {

// [start, end): instants. A period of calendar days in Vietnam is PeriodWindow(from, to).
struct Window {
    core::TimePoint start;
    core::TimePoint end;
};

struct Figures {
    std::int64_t received = 0;             // received in the period (all channels)
    std::int64_t received_online = 0;      // of which submitted online (channel 2)
    std::int64_t resolved_on_time = 0;     // resolved in the period, on or before the appointment
    std::int64_t resolved_late = 0;        // resolved in the period, after it
    std::int64_t in_progress_late = 0;     // open at the end of the period (or now), past the appointment
    std::int64_t in_progress_not_due = 0;  // open then, not yet due

    std::int64_t resolved() const { return resolved_on_time + resolved_late; }
    std::int64_t in_progress() const { return in_progress_late + in_progress_not_due; }
    // Shares in hundredths of a percent, rounded half up (2 decimals, as Decision 766 shows them);
    // nullopt when the denominator is 0 ("—" on the page, not 0 %).
    std::optional<std::int64_t> OnlineShareBasisPoints() const;
    std::optional<std::int64_t> OnTimeShareBasisPoints() const;
    bool operator==(const Figures&) const = default;
};

struct Pause {
    core::TimePoint requested_at;
    std::optional<core::TimePoint> completed_at;
};

// What the rule needs to know of one dossier.
struct DossierFacts {
    int channel = 1;  // 1 counter, 2 online, 3 postal
    std::optional<core::TimePoint> received_at;
    std::optional<core::TimePoint> appointment_at;
    std::optional<core::TimePoint> resolved_at;
    std::vector<Pause> pauses;  // supplement requests
};

// The figures over `dossiers` for `window`, judged at `now`. Dossiers outside the window are ignored,
// so callers may pass a superset.
Figures Compute(const std::vector<DossierFacts>& dossiers, const Window& window, core::TimePoint now);

// True when a dossier that ended (or is judged) at `end` is on time under indicator 2.1.
bool OnTime(const DossierFacts& dossier, core::TimePoint end);

// Calendar days "YYYY-MM-DD" in Vietnam, both included → the window from 00:00 of `from` to 00:00 of
// the day after `to`, Vietnam time. Error (code board.period_invalid / board.period_order /
// board.period_too_long beyond 5 years) for input a citizen typed.
core::Result<Window> PeriodWindow(const std::string& from, const std::string& to);

// The preset periods, as (from, to) dates, around Vietnam's `today` ("YYYY-MM-DD").
enum class Preset { kMonth, kQuarter, kYear };
std::pair<std::string, std::string> PresetPeriod(Preset preset, core::TimePoint now);

class BoardFigures {
public:
    virtual ~BoardFigures() = default;
    // The figures of unit `unit_id` and every unit below it, for `window`, judged at `now`.
    // Throws only when the database fails.
    virtual Figures ForUnit(std::int64_t unit_id, const Window& window, core::TimePoint now) = 0;
    // The ids of `unit_id` and every unit below it (which dossier events concern a board).
    virtual std::vector<std::int64_t> Subtree(std::int64_t unit_id) = 0;
};

}  // namespace mocua::domain::board
