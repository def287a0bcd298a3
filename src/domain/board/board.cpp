#include "domain/board/board.hpp"

#include <algorithm>

#include "domain/calendar/dates.hpp"

namespace mocua::domain::board {

namespace {

std::optional<std::int64_t> BasisPoints(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return std::nullopt;
    return (part * 10'000 * 2 + whole) / (2 * whole);  // rounded half up
}

}  // namespace

std::optional<std::int64_t> Figures::OnlineShareBasisPoints() const {
    return BasisPoints(received_online, received);
}
std::optional<std::int64_t> Figures::OnTimeShareBasisPoints() const {
    return BasisPoints(resolved_on_time, resolved());
}

bool OnTime(const DossierFacts& d, core::TimePoint end) {
    std::vector<const Pause*> pauses;
    for (const auto& p : d.pauses)
        if (p.requested_at <= end) pauses.push_back(&p);
    if (pauses.size() > 1) return false;  // more than one supplement request counts as late
    core::TimePoint effective = end;
    if (pauses.size() == 1) {
        const Pause& p = *pauses.front();
        if (p.completed_at && *p.completed_at <= end) {
            effective = end - (*p.completed_at - p.requested_at);  // the applicant's time is not ours
        } else {
            effective = p.requested_at;  // still waiting for the applicant: the clock stopped there
        }
    }
    // A received dossier always has an appointment here; one without (no time limit) cannot be late.
    return !d.appointment_at || effective <= *d.appointment_at;
}

Figures Compute(const std::vector<DossierFacts>& dossiers, const Window& window, core::TimePoint now) {
    Figures f;
    const core::TimePoint judged_at = std::min(now, window.end);
    for (const auto& d : dossiers) {
        if (!d.received_at) continue;  // submitted online but not (yet) received, or refused
        const auto received = *d.received_at;
        if (received >= window.start && received < window.end) {
            ++f.received;
            if (d.channel == 2) ++f.received_online;
        }
        if (d.resolved_at && *d.resolved_at >= window.start && *d.resolved_at < window.end) {
            ++(OnTime(d, *d.resolved_at) ? f.resolved_on_time : f.resolved_late);
        }
        const bool open_then = received < judged_at && (!d.resolved_at || *d.resolved_at >= judged_at);
        if (open_then) ++(OnTime(d, judged_at) ? f.in_progress_not_due : f.in_progress_late);
    }
    return f;
}

core::Result<Window> PeriodWindow(const std::string& from, const std::string& to) {
    const auto a = calendar::ParseDate(from);
    const auto b = calendar::ParseDate(to);
    if (!a || !b) return core::Error::InvalidArgument("board.period_invalid");
    if (*b < *a) return core::Error::InvalidArgument("board.period_order");
    if (*b - *a > std::chrono::days(5 * 366)) return core::Error::InvalidArgument("board.period_too_long");
    return Window{calendar::FromVietnam(*a, std::chrono::milliseconds(0)),
                  calendar::FromVietnam(*b + std::chrono::days(1), std::chrono::milliseconds(0))};
}

std::pair<std::string, std::string> PresetPeriod(Preset preset, core::TimePoint now) {
    using namespace std::chrono;
    const auto today = year_month_day{calendar::ToVietnam(now).date};
    year_month first = today.year() / today.month();
    int months = 1;
    if (preset == Preset::kQuarter) {
        const unsigned m = static_cast<unsigned>(today.month());
        first = today.year() / month((m - 1) / 3 * 3 + 1);
        months = 3;
    } else if (preset == Preset::kYear) {
        first = today.year() / January;
        months = 12;
    }
    const year_month last = first + std::chrono::months(months - 1);
    return {calendar::FormatDate(sys_days(first / 1)),
            calendar::FormatDate(sys_days(last / std::chrono::last))};
}

}  // namespace mocua::domain::board
