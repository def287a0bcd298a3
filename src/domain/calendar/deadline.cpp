#include "domain/calendar/deadline.hpp"

#include <algorithm>

namespace mocua::domain::calendar {

namespace {

using core::Error;
using core::TimePoint;
using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::minutes;

__extension__ typedef __int128 Int128;

constexpr int kMaxDaysWalked = 25 * 366;

Int128 Gcd(Int128 a, Int128 b) {
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b != 0) {
        const Int128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

// An exact fraction of working days (denominators are day lengths in milliseconds).
struct Rational {
    Int128 num = 0;
    Int128 den = 1;

    static Rational Of(Int128 n, Int128 d) {
        const Int128 g = Gcd(n, d);
        return g > 1 ? Rational{n / g, d / g} : Rational{n, d};
    }
    Rational operator-(const Rational& o) const { return Of(num * o.den - o.num * den, den * o.den); }
    bool operator<=(const Rational& o) const { return num * o.den <= o.num * den; }
    bool IsZero() const { return num == 0; }
    // ceil(this × n) for n ≥ 0.
    std::int64_t CeilTimes(std::int64_t n) const {
        const Int128 p = num * n;
        return static_cast<std::int64_t>((p + den - 1) / den);
    }
};

struct Piece {
    TimePoint from;
    TimePoint to;
    std::int64_t length() const { return (to - from).count(); }
};

std::vector<Pause> Merged(std::vector<Pause> pauses) {
    std::sort(pauses.begin(), pauses.end(), [](const Pause& a, const Pause& b) { return a.from < b.from; });
    std::vector<Pause> out;
    for (const auto& p : pauses) {
        if (!out.empty() && p.from <= out.back().to) {
            out.back().to = std::max(out.back().to, p.to);
        } else {
            out.push_back(p);
        }
    }
    return out;
}

// [from, to) minus the pauses, appended to `out`.
void AddUnpaused(TimePoint from, TimePoint to, const std::vector<Pause>& pauses, std::vector<Piece>& out) {
    for (const auto& p : pauses) {
        if (p.to <= from) continue;
        if (p.from >= to) break;
        if (p.from > from) out.push_back({from, p.from});
        from = std::max(from, p.to);
        if (from >= to) return;
    }
    if (from < to) out.push_back({from, to});
}

// Calls f(pieces, day_length_ms) for each working day from the local date of `cursor` on, with the open
// periods after `cursor` minus the pauses, until f returns true. false when no day made it stop.
template <typename F>
bool WalkOfficeTime(const WorkingCalendar& cal, TimePoint cursor, const std::vector<Pause>& pauses, F&& f) {
    Date d = ToVietnam(cursor).date;
    for (int i = 0; i < kMaxDaysWalked; ++i, d += days{1}) {
        const DayHours open = cal.OpenPeriods(d);
        if (open.empty()) continue;
        std::vector<Piece> pieces;
        for (const auto& period : open) {
            const TimePoint from = std::max(cursor, FromVietnam(d, minutes{period.start}));
            const TimePoint to = FromVietnam(d, minutes{period.end});
            if (from < to) AddUnpaused(from, to, pauses, pieces);
        }
        if (f(pieces, static_cast<std::int64_t>(OpenMinutes(open)) * 60'000)) return true;
    }
    return false;
}

// The instant `amount` milliseconds of office time into `pieces`; amount ≤ their total.
TimePoint Into(const std::vector<Piece>& pieces, std::int64_t amount) {
    for (const auto& p : pieces) {
        if (amount <= p.length()) return p.from + milliseconds{amount};
        amount -= p.length();
    }
    return pieces.back().to;
}

TimePoint RoundUpToSecond(TimePoint t) {
    const auto ms = t.time_since_epoch().count();
    const auto rem = ((ms % 1000) + 1000) % 1000;
    return rem == 0 ? t : t + milliseconds{1000 - rem};
}

// The close of the office on `date` (a working day).
TimePoint CloseOf(const WorkingCalendar& cal, Date date) {
    return FromVietnam(date, minutes{cal.OpenPeriods(date).back().end});
}

}  // namespace

std::string_view LimitUnitName(LimitUnit unit) {
    switch (unit) {
        case LimitUnit::kWorkingDays:
            return "working_days";
        case LimitUnit::kDays:
            return "days";
        case LimitUnit::kWorkingHours:
            return "working_hours";
    }
    return "working_days";
}

std::int64_t MaxThousandths(LimitUnit unit) {
    switch (unit) {
        case LimitUnit::kWorkingDays:
            return 1000 * 1000;
        case LimitUnit::kDays:
            return 3650 * 1000;
        case LimitUnit::kWorkingHours:
            return 8000 * 1000;
    }
    return 0;
}

std::optional<std::int64_t> ParseAmount(std::string_view s) {
    if (s.empty() || s.size() > 13) return std::nullopt;
    std::int64_t whole = 0, fraction = 0;
    std::size_t i = 0, digits = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) whole = whole * 10 + (s[i] - '0');
    if (digits == 0 || digits > 9) return std::nullopt;
    if (i < s.size()) {
        if (s[i] != '.') return std::nullopt;
        ++i;
        std::size_t decimals = 0;
        std::int64_t scale = 100;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++decimals, scale /= 10) {
            if (decimals == 3) return std::nullopt;
            fraction += (s[i] - '0') * scale;
        }
        if (decimals == 0 || i != s.size()) return std::nullopt;
    }
    return whole * 1000 + fraction;
}

std::string FormatAmount(std::int64_t thousandths) {
    std::string out = std::to_string(thousandths / 1000);
    std::int64_t fraction = thousandths % 1000;
    if (fraction == 0) return out;
    std::string f = std::to_string(fraction + 1000).substr(1);
    while (f.back() == '0') f.pop_back();
    return out + "." + f;
}

std::optional<Pause> ParsePause(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto from = ParseInstant(text.substr(0, slash));
    const auto to = ParseInstant(text.substr(slash + 1));
    if (!from || !to) return std::nullopt;
    return Pause{*from, *to};
}

core::Result<Deadline> ComputeDeadline(const WorkingCalendar& cal, TimePoint received, const TimeLimit& limit,
                                       const std::vector<Pause>& raw_pauses) {
    if (limit.thousandths < 0 || limit.thousandths > MaxThousandths(limit.unit) ||
        (limit.unit == LimitUnit::kDays && limit.thousandths % 1000 != 0)) {
        return Error::InvalidArgument("calendar.limit");
    }
    const int year = YearOf(ToVietnam(received).date);
    if (year < 1900 || year > 2099) return Error::InvalidArgument("calendar.range");
    for (const auto& p : raw_pauses)
        if (p.to <= p.from) return Error::InvalidArgument("calendar.pause");
    const std::vector<Pause> pauses = Merged(raw_pauses);

    Deadline out{received, received, received};
    // The start: the first open instant at or after the receipt (pauses do not move it).
    bool found = WalkOfficeTime(cal, received, {}, [&](const std::vector<Piece>& pieces, std::int64_t) {
        if (pieces.empty()) return false;
        out.start = pieces.front().from;
        return true;
    });
    if (!found) return Error::InvalidArgument("calendar.no_working_days");
    const Date start_day = ToVietnam(out.start).date;

    switch (limit.unit) {
        case LimitUnit::kWorkingHours: {
            std::int64_t remaining = limit.thousandths * 3600;  // milliseconds
            if (remaining == 0) {
                out.due = out.start;
                break;
            }
            found =
                WalkOfficeTime(cal, out.start, pauses, [&](const std::vector<Piece>& pieces, std::int64_t) {
                    std::int64_t available = 0;
                    for (const auto& p : pieces) available += p.length();
                    if (remaining <= available) {
                        out.due = Into(pieces, remaining);
                        return true;
                    }
                    remaining -= available;
                    return false;
                });
            break;
        }
        case LimitUnit::kWorkingDays: {
            if (limit.thousandths == 0) {
                out.due = CloseOf(cal, start_day);
                break;
            }
            Rational remaining = Rational::Of(limit.thousandths, 1000);
            found = WalkOfficeTime(cal, out.start, pauses,
                                   [&](const std::vector<Piece>& pieces, std::int64_t length) {
                                       std::int64_t available = 0;
                                       for (const auto& p : pieces) available += p.length();
                                       const Rational share = Rational::Of(available, length);
                                       if (remaining <= share && !pieces.empty()) {
                                           out.due = Into(pieces, remaining.CeilTimes(length));
                                           return true;
                                       }
                                       remaining = remaining - share;
                                       return false;
                                   });
            break;
        }
        case LimitUnit::kDays: {
            // The nominal end is the end of the N-th day after the start day; pauses push it back.
            TimePoint cursor = out.start;
            std::int64_t remaining =
                (FromVietnam(start_day + days{limit.thousandths / 1000 + 1}, milliseconds{0}) - out.start)
                    .count();
            for (const auto& p : pauses) {
                if (p.to <= cursor) continue;
                if (p.from >= cursor + milliseconds{remaining}) break;
                remaining -= std::max<std::int64_t>(0, (p.from - cursor).count());
                cursor = std::max(cursor, p.to);
            }
            const TimePoint end = cursor + milliseconds{remaining};
            Date last = ToVietnam(end - milliseconds{1}).date;
            found = false;
            for (int i = 0; i < kMaxDaysWalked && !found; ++i, last += days{1}) {
                if (cal.IsWorkingDay(last)) {
                    out.due = CloseOf(cal, last);
                    found = true;
                }
            }
            break;
        }
    }
    if (!found) return Error::InvalidArgument("calendar.no_working_days");
    out.due = RoundUpToSecond(out.due);
    return out;
}

std::string DescribeError(const core::Error& error) {
    const std::string& code = error.message;
    if (code == "calendar.limit")
        return "the time limit must be a number from 0 to 1000 working days, 3650 days (whole) or 8000 "
               "working "
               "hours, with at most 3 decimals";
    if (code == "calendar.pause") return "each pause must end after it begins (FROM/TO, ISO 8601 times)";
    if (code == "calendar.range") return "the receipt time must fall in the years 1900 to 2099";
    if (code == "calendar.no_working_days")
        return "the unit has no working day within 25 years: check its office hours";
    if (code == "calendar.year") return "the year must be a whole number from 1900 to 2100";
    if (code == "calendar.date") return "the date must be a real date written YYYY-MM-DD, years 1900 to 2100";
    if (code == "calendar.unit") return "no unit has that code on the receipt date";
    if (code == "calendar.override")
        return "the calendar day is not valid: check date, kind, occasion and names";
    if (code == "calendar.override_not_found") return "there is no decision recorded for that date";
    if (code == "calendar.office_hours")
        return "the office hours are not valid: periods as HH:MM-HH:MM, in order, and at least one open day";
    if (code == "calendar.office_hours_not_found")
        return "the unit has no office hours starting on that date";
    return code;
}

}  // namespace mocua::domain::calendar
